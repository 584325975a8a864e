-- stats.sql - the hand-written SQL aggregate that `dilemma stats` is
-- measured against (bench_trainer.py): the same figures over every session
-- of the database, as one would write them for the sqlite3 shell. The
-- latest revision of each entry that counts (not deleted; text not blank,
-- or a principle with a stance) is read once into a temporary table.
CREATE TEMP TABLE cur AS
SELECT r.session_id, r.entry_id, r.stage, r.kind, r.principle, r.stance, r.pack_option,
       r.created_at
FROM revisions r
WHERE r.kind IN ('principle', 'decision') AND r.deleted = 0
  AND NOT EXISTS (SELECT 1 FROM revisions n WHERE n.session_id = r.session_id
                  AND n.entry_id = r.entry_id AND n.revision > r.revision)
  AND (trim(r.text, ' ' || char(9, 10, 11, 12, 13)) <> ''
       OR (r.kind = 'principle' AND r.stance <> ''));
-- sessions started and finished
SELECT count(*), sum(status = 'finished') FROM session_activity;
-- time in total: nearest-rank median and 90th percentile
WITH t AS (SELECT (julianday(finished_at) - julianday(started_at)) * 86400 AS s
           FROM session_activity WHERE status = 'finished'),
     o AS (SELECT s, row_number() OVER (ORDER BY s) AS k, count(*) OVER () AS n FROM t)
SELECT max(CASE WHEN k = (n + 1) / 2 THEN s END),
       max(CASE WHEN k = (n * 90 + 99) / 100 THEN s END) FROM o;
-- time per stage: from entering it to the next event
WITH e AS (SELECT session_id, kind, stage, created_at,
                  lead(created_at) OVER (PARTITION BY session_id ORDER BY event_no) AS next_at
           FROM events),
     d AS (SELECT e.session_id, e.stage,
                  sum((julianday(e.next_at) - julianday(e.created_at)) * 86400) AS s
           FROM e JOIN session_activity a ON a.session_id = e.session_id
           WHERE a.status = 'finished' AND e.kind = 'stage-entered' AND e.next_at IS NOT NULL
           GROUP BY e.session_id, e.stage),
     o AS (SELECT stage, s, row_number() OVER (PARTITION BY stage ORDER BY s) AS k,
                  count(*) OVER (PARTITION BY stage) AS n FROM d WHERE s > 0)
SELECT stage, max(CASE WHEN k = (n + 1) / 2 THEN s END),
       max(CASE WHEN k = (n * 90 + 99) / 100 THEN s END) FROM o GROUP BY stage;
-- coverage: sessions that considered each principle at each stage, and at any
SELECT principle, stage, count(DISTINCT session_id) FROM cur WHERE kind = 'principle'
GROUP BY principle, stage;
SELECT principle, count(DISTINCT session_id) FROM cur WHERE kind = 'principle'
GROUP BY principle;
-- stances
SELECT principle, stage, stance, count(*) FROM cur WHERE kind = 'principle'
GROUP BY principle, stage, stance;
-- decisions per scenario: the decision saved last, by pack option or own wording
WITH d AS (SELECT session_id, pack_option,
                  row_number() OVER (PARTITION BY session_id
                                     ORDER BY created_at DESC, entry_id DESC) AS k
           FROM cur WHERE kind = 'decision')
SELECT s.pack_id, s.scenario_id, coalesce(max(d.pack_option, 0), -1), count(*)
FROM sessions s LEFT JOIN d ON d.session_id = s.id AND d.k = 1 GROUP BY 1, 2, 3;
-- panels: ballots, revealed, voters, those who could vote
SELECT count(*), sum(EXISTS (SELECT 1 FROM events r WHERE r.session_id = e.session_id
                            AND r.kind = 'vote-revealed' AND r.ballot = e.ballot))
FROM events e WHERE e.kind = 'ballot-opened';
SELECT count(*) FROM (SELECT DISTINCT session_id, ballot, participant FROM votes);
SELECT count(*) FROM participants WHERE role IN ('chair', 'member');
