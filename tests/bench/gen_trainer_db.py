#!/usr/bin/env python3
"""Write a dilemma database of N sessions (default 30,000) as a force-wide
programme would make them, for the trainer benchmarks (bench_trainer.sh):
about 2,000,000 entry revisions in all (ROWS; the rows are spread evenly
over the sessions), each session with the real snapshot of a bundled
scenario, participants, the five stages entered and left, principles
reasoned with stances (some blank, some stance only), options taken from
the pack and in its own words, a decision, a tenth of the entries revised;
a fifth of the sessions are panels of four with a revealed ballot; nine in
ten are finished. Cohorts hold 100 sessions each ("Cohort 000", ...), so a
cohort is the same size in a database of 2,000 sessions as in one of
30,000. Deterministic: a fixed seed, times from 2026-01-01.

The schema is dilemma's own: `dilemma --db OUT sessions` makes the empty
database and mksession records one real session per scenario, whose
snapshots are copied; the rows are then inserted with SQL. The benchmark
builds its database from this one with `dilemma merge`.

usage: gen_trainer_db.py DILEMMA MKSESSION PACK.yaml OUT.db [SESSIONS [ROWS [SEED]]]
(another SEED makes other sessions: other ids, texts and choices)"""
import datetime
import random
import sqlite3
import subprocess
import sys
import uuid

STAGES = ["information", "assessment", "powers", "options", "action"]
PRINCIPLES = ["accountability", "fairness", "honesty", "integrity", "leadership",
              "objectivity", "openness", "respect", "selflessness"]
# how often each is reasoned about: some are overlooked more than others
WEIGHTS = [9, 8, 7, 9, 2, 6, 4, 8, 1]
WORDS = ("the officer should consider whether the mother would expect this and if "
         "the message could be read aloud later, in public, without embarrassment "
         "\"fair\" risk, harm; public trust").split(" ")


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    dilemma, mksession, pack, out = sys.argv[1:5]
    n = int(sys.argv[5]) if len(sys.argv) > 5 else 30000
    rows = int(sys.argv[6]) if len(sys.argv) > 6 else n * 2000000 // 30000
    rnd = random.Random(int(sys.argv[7]) if len(sys.argv) > 7 else 20260101)
    subprocess.run([dilemma, "--db", out, "sessions"], check=True, stdout=subprocess.DEVNULL)
    listing = subprocess.run([dilemma, "list", "--csv"], check=True, capture_output=True,
                             text=True).stdout.splitlines()[1:]
    pack_id = "social-media"
    scen = [l.split('","')[4] for l in listing if l.startswith('"%s"' % pack_id)]
    script = "".join("session\t%s\tsolo\tseed\n" % s for s in scen)
    seed_db = out + ".seed"
    subprocess.run([mksession, seed_db, pack], input=script, text=True, check=True,
                   stdout=subprocess.DEVNULL)
    seeds = sqlite3.connect(seed_db).execute(
        "SELECT pack_version, pack_hash, scenario_id, scenario_title, snapshot FROM sessions"
        " ORDER BY scenario_id").fetchall()

    db = sqlite3.connect(out)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")
    start = datetime.datetime(2026, 1, 1, 8, 0, 0)
    per = rows / n
    done_rows = 0
    for k in range(n):
        sid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
        version, phash, scenario, title, snapshot = seeds[k % len(seeds)]
        panel = k % 5 == 0
        t = start + datetime.timedelta(minutes=17 * k)
        started = iso(t)
        db.execute("INSERT INTO sessions (id, label, cohort, mode, pack_id, pack_version,"
                   " pack_hash, scenario_id, scenario_title, framework_id, principle_count,"
                   " snapshot, started_at) VALUES (?,?,?,?,?,?,?,?,?,'coe-2014',9,?,?)",
                   (sid, "Training day %d" % (k // 40), "Cohort %03d" % (k // 100),
                    "panel" if panel else "solo", pack_id, version, phash, scenario, title,
                    snapshot, started))
        people = [("Chair %d" % k, "chair"), ("Member A%d" % k, "member"),
                  ("Member B%d" % k, "member"), ("Observer %d" % k, "observer")] \
            if panel else [("Officer %d" % k, "")]
        db.executemany("INSERT INTO participants VALUES (?,?,?,?)",
                       [(sid, i + 1, p[0], p[1]) for i, p in enumerate(people)])
        want = int((k + 1) * per) - done_rows
        revs, events, votes = [], [], []
        entry = 0

        def add(stage, kind, principle, stance, text, position=0, pack_option=0, who=None):
            nonlocal entry, t
            entry += 1
            t += datetime.timedelta(seconds=rnd.randint(5, 40))
            revs.append((sid, entry, 1, stage, kind, principle, who, stance, text, position,
                         0, iso(t), iso(t), pack_option, ""))
            return entry

        def words(lo, hi):
            return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(lo, hi)))

        option_ids = []
        for si, stage in enumerate(STAGES):
            events.append((stage, "stage-entered", iso(t)))
            budget = max(3, (want - 8) // len(STAGES))
            add(stage, "note", "", "", words(8, 30))
            for j in range(budget - 1):
                p = rnd.choices(PRINCIPLES, WEIGHTS)[0]
                r = rnd.random()
                text = "" if r < 0.1 else " " if r < 0.15 else words(5, 25)
                stance = ["upholds", "tension", "neutral", ""][rnd.randint(0, 3)]
                add(stage, "principle", p, stance, text, who=1 + j % len(people) if panel else None)
            if stage == "options":
                for o in range(3):
                    option_ids.append(add(stage, "option", "", "",
                                          "Pack option %d of %s" % (o + 1, scenario) if o < 2
                                          else words(4, 10), position=o + 1,
                                          pack_option=o + 1 if o < 2 else 0))
            if stage == "action":
                pick = rnd.randint(0, 2)
                add(stage, "decision", "", "", revs[option_ids[pick] - 1][8],
                    pack_option=pick + 1 if pick < 2 else 0, who=1 if panel else None)
                add(stage, "rationale", "", "", words(8, 20))
            if rnd.random() < 0.3:
                events.append((stage, "stage-left", iso(t)))
        # a tenth of the entries revised (each revision a row)
        for e in rnd.sample(range(1, entry + 1), max(0, min(entry, want - len(revs)))):
            old = revs[e - 1]
            t += datetime.timedelta(seconds=rnd.randint(5, 40))
            revs.append(old[:2] + (2,) + old[3:8] + (old[8] + " (revised)",) + old[9:11]
                        + (old[11], iso(t)) + old[13:])
        if panel:
            events.append(("", "ballot-opened", iso(t), 1))
            for who in range(1, 5):
                votes.append((sid, len(votes) + 1, who, option_ids[rnd.randint(0, 2)],
                              rnd.choice([1, 1, -1, 0]), iso(t), 1, 1))
            events.append(("", "vote-revealed", iso(t), 1))
        finished = k % 10 != 9
        if finished:
            t += datetime.timedelta(minutes=rnd.randint(1, 30))
            events.append(("", "session-finished", iso(t)))
        db.executemany("INSERT INTO revisions (session_id, entry_id, revision, stage, kind,"
                       " principle, participant, stance, text, position, deleted,"
                       " entry_created_at, created_at, pack_option, owner)"
                       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", revs)
        db.executemany("INSERT INTO events (session_id, event_no, kind, stage, created_at,"
                       " ballot) VALUES (?,?,?,?,?,?)",
                       [(sid, i + 1, e[1], e[0], e[2], e[3] if len(e) > 3 else 0)
                        for i, e in enumerate(events)])
        db.executemany("INSERT INTO votes (session_id, vote_no, participant, option_entry,"
                       " value, created_at, ballot, count) VALUES (?,?,?,?,?,?,?,?)", votes)
        done_rows += len(revs)
    db.execute("COMMIT")
    db.close()
    print("%d sessions, %d revision rows" % (n, done_rows))


main()
