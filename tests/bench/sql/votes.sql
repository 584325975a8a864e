-- votes.sql - what `dilemma export --table votes` reads, as one query for
-- `sqlite3 -csv` (bench_trainer.py): every vote with its session, its
-- voter's name and its option's latest text, in order of start.
SELECT s.id, s.label, s.cohort, s.pack_id, s.scenario_id,
       coalesce((SELECT name FROM participants p WHERE p.session_id = s.id
                 AND p.number = v.participant), ''),
       v.option_entry,
       coalesce((SELECT text FROM revisions r WHERE r.session_id = s.id
                 AND r.entry_id = v.option_entry ORDER BY r.revision DESC LIMIT 1), ''),
       v.value, v.created_at,
       NOT EXISTS (SELECT 1 FROM votes l WHERE l.session_id = v.session_id
                   AND l.participant = v.participant AND l.option_entry = v.option_entry
                   AND l.ballot = v.ballot AND l.vote_no > v.vote_no),
       v.ballot, v.count, v.vote_no
FROM sessions s JOIN session_activity a ON a.session_id = s.id
JOIN votes v ON v.session_id = s.id
ORDER BY a.started_at, s.id, v.vote_no;
