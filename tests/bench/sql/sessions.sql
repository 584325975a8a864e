-- sessions.sql - the sessions table of `dilemma export` as one query for
-- `sqlite3 -csv` (bench_trainer.py): each session with its times, time per
-- stage (from entering it to the next event), participants, entries not
-- deleted, the decision saved last and the principles considered.
WITH ev AS (SELECT session_id, kind, stage, created_at,
                   lead(created_at) OVER (PARTITION BY session_id ORDER BY event_no) AS next_at
            FROM events),
     st AS (SELECT session_id, stage,
                   sum((julianday(next_at) - julianday(created_at)) * 86400) AS s
            FROM ev WHERE kind = 'stage-entered' AND next_at IS NOT NULL
            GROUP BY session_id, stage),
     cur AS (SELECT r.session_id, r.entry_id, r.kind, r.principle, r.deleted, r.pack_option,
                    r.created_at, CASE WHEN r.kind = 'decision' THEN r.text END AS text,
                    (trim(r.text, ' ' || char(9, 10, 11, 12, 13)) <> ''
                     OR (r.kind = 'principle' AND r.stance <> '')) AS counts
             FROM revisions r
             WHERE NOT EXISTS (SELECT 1 FROM revisions n WHERE n.session_id = r.session_id
                               AND n.entry_id = r.entry_id AND n.revision > r.revision)),
     agg AS (SELECT session_id, sum(deleted = 0) AS entries,
                    count(DISTINCT CASE WHEN kind = 'principle' AND deleted = 0 AND counts
                                   THEN principle END) AS reasoned
             FROM cur GROUP BY session_id),
     dec AS (SELECT session_id, text, pack_option,
                    row_number() OVER (PARTITION BY session_id
                                       ORDER BY created_at DESC, entry_id DESC) AS k
             FROM cur WHERE kind = 'decision' AND deleted = 0 AND counts)
SELECT s.id, s.label, s.cohort, s.mode, a.status, s.pack_id, s.pack_version, s.pack_hash,
       s.scenario_id, s.scenario_title, s.framework_id, a.started_at, a.finished_at,
       CAST((julianday(CASE a.status WHEN 'finished' THEN a.finished_at ELSE a.updated_at END)
             - julianday(a.started_at)) * 86400 AS INTEGER),
       (SELECT s FROM st WHERE st.session_id = s.id AND st.stage = 'ethics'),
       (SELECT s FROM st WHERE st.session_id = s.id AND st.stage = 'information'),
       (SELECT s FROM st WHERE st.session_id = s.id AND st.stage = 'assessment'),
       (SELECT s FROM st WHERE st.session_id = s.id AND st.stage = 'powers'),
       (SELECT s FROM st WHERE st.session_id = s.id AND st.stage = 'options'),
       (SELECT s FROM st WHERE st.session_id = s.id AND st.stage = 'action'),
       (SELECT count(*) FROM participants p WHERE p.session_id = s.id),
       agg.entries, dec.text, s.principle_count, agg.reasoned, dec.pack_option
FROM sessions s JOIN session_activity a ON a.session_id = s.id
LEFT JOIN agg ON agg.session_id = s.id
LEFT JOIN dec ON dec.session_id = s.id AND dec.k = 1
ORDER BY a.started_at, s.id;
