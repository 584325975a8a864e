#!/usr/bin/env python3
"""bench_trainer.py - the trainer tools at force scale (issues 11 and 14),
each figure a ratio to its baseline measured in the same run, never a
pass/fail test of time:

  stats     `dilemma stats` (plain and --csv) over every session, against
            the hand-written aggregate tests/bench/sql/stats.sql run by the
            sqlite3 shell (target <= 2x), and its peak RSS (< 64 MiB);
  votes     `export --table votes` against `sqlite3 -csv` of
            tests/bench/sql/votes.sql (target <= 2x);
  sessions  `export --table sessions` against `sqlite3 -csv` of
            tests/bench/sql/sessions.sql (target <= 2x);
  merge     `dilemma merge` of a 100,000-row database into a copy of the big
            one, against the sqlite3 shell's INSERT ... SELECT of the same
            rows into another copy (target <= 2x);
  growth    `sessions --cohort`, `export --cohort`, `report ID` and the
            home screen's first frame, in the database of 2,000 sessions and
            in the big one: what each shows is the same cohort of 100
            sessions (or one session), so the ratio says how the cost grows
            with the database (target: close to 1); and `sessions` listing
            everything (which grows with what it shows).

The databases are made by gen_trainer_db.py (deterministic) and built with
`dilemma merge`; BENCH_DIR keeps them between runs. Each timed command runs
REPS times (default 3) taking turns with its baseline; the best wall time of
each counts (of 15 runs for the growth figures, which take milliseconds).
BENCH_ONLY=stats,exports,merge,growth runs only those parts.

usage: bench_trainer.py BUILDDIR [SESSIONS [ROWS]]   (default 30000 2000000)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
SESSIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 30000
ROWS = int(sys.argv[3]) if len(sys.argv) > 3 else SESSIONS * 2000000 // 30000
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
DILEMMA = os.environ.get("DILEMMA", os.path.join(BUILD, "src/cli/dilemma"))
MKSESSION = os.path.join(BUILD, "tests/cli/mksession")
STARTUP = os.path.join(BUILD, "tests/bench/bench_startup")
PACK = os.path.join(SRC, "scenarios/social-media.yaml")
REPS = int(os.environ.get("REPS", "3"))
KEEP = os.environ.get("BENCH_DIR")
DIR = KEEP or tempfile.mkdtemp(prefix="dilemma-bench-")
os.makedirs(DIR, exist_ok=True)
os.environ.update(LC_ALL="C.UTF-8", HOME=os.path.join(DIR, "home"),
                  XDG_DATA_HOME=os.path.join(DIR, "home/.local/share"),
                  XDG_DATA_DIRS=os.path.join(DIR, "none"))
os.environ.pop("DILEMMA_DB", None)
failed = []


def path(name):
    return os.path.join(DIR, name)


def timed(cmd, stdin=None, out=os.devnull):
    """Run @cmd; its wall time in seconds and peak RSS in KiB."""
    with open(out, "wb") as o, open(stdin or os.devnull, "rb") as i:
        t = time.monotonic()
        p = subprocess.Popen(cmd, stdin=i, stdout=o, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - t
        err = p.stderr.read().decode()
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("bench_trainer: %s failed: %s" % (" ".join(cmd), err))
    return wall, usage.ru_maxrss


def pair(a, b, prepare=None, reps=None):
    """Best wall times of a and b (each (cmd, stdin)), run in turn REPS
    times (or @reps); a's peak RSS at its best run."""
    best = [None, None]
    rss = 0
    for _ in range(reps or REPS):
        for k, (cmd, stdin) in enumerate((a, b)):
            if prepare:
                prepare(k)
            t, m = timed(cmd, stdin)
            if best[k] is None or t < best[k]:
                best[k] = t
                if k == 0:
                    rss = m
    return best[0], best[1], rss


def report(what, t, base, target, rss=None, rss_target=None):
    ratio = t / base if base > 0 else float("inf")
    line = "%-34s dilemma %7.3fs  baseline %7.3fs  ratio %5.2f (target <= %.1f)" % (
        what, t, base, ratio, target)
    if rss is not None:
        line += "  peak RSS %d KiB (target < %d)" % (rss, rss_target)
    print(line, flush=True)
    if ratio > target or (rss is not None and rss >= rss_target):
        failed.append(what)


def build_db(name, sessions, rows, seed):
    """A dilemma database built with `dilemma merge` from a generated one."""
    db, src = path(name + ".db"), path(name + "-src.db")
    if os.path.exists(db):
        # kept from an earlier run: brought up to this schema, untimed
        subprocess.run([DILEMMA, "--db", db, "sessions", "--cohort", "-"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return db
    for f in (src, src + ".seed"):
        if os.path.exists(f):
            os.remove(f)
    t = time.monotonic()
    subprocess.run([sys.executable, os.path.join(HERE, "gen_trainer_db.py"), DILEMMA, MKSESSION,
                    PACK, src, str(sessions), str(rows), str(seed)], check=True)
    print("generated %s in %.1fs" % (src, time.monotonic() - t), flush=True)
    t = time.monotonic()
    subprocess.run([DILEMMA, "--db", db, "merge", src], check=True)
    print("merged into %s in %.1fs" % (db, time.monotonic() - t), flush=True)
    return db


def main():
    big = build_db("big-%d" % SESSIONS, SESSIONS, ROWS, 20260101)
    small = build_db("small-2000", 2000, 2000 * ROWS // SESSIONS, 20260101)
    extra = build_db("extra-100k", 1500, 100000, 7)
    print("databases: %s (%d MB), %s, %s" % (big, os.path.getsize(big) >> 20, small, extra))
    sql = os.path.join(HERE, "sql")

    only = os.environ.get("BENCH_ONLY", "stats,exports,merge,growth").split(",")

    if "stats" in only:
        stats_part(big, sql)
    if "exports" in only:
        exports_part(big, sql)
    if "merge" in only:
        merge_part(big, extra)
    if "growth" in only:
        growth_part(big, small)
    if failed:
        print("MISSED: " + ", ".join(failed))
    if not KEEP:
        shutil.rmtree(DIR)
    return 1 if failed else 0


def stats_part(big, sql):
    print("== stats ==", flush=True)
    t, base, rss = pair(([DILEMMA, "--db", big, "stats"], None),
                        (["sqlite3", big], os.path.join(sql, "stats.sql")))
    report("stats (plain report)", t, base, 2.0, rss, 65536)
    t, base, rss = pair(([DILEMMA, "--db", big, "stats", "--csv", "--by", "scenario"], None),
                        (["sqlite3", big], os.path.join(sql, "stats.sql")))
    report("stats --csv --by scenario", t, base, 2.0, rss, 65536)



def exports_part(big, sql):
    print("== whole-table exports (issue 14) ==", flush=True)
    t, base, _ = pair(([DILEMMA, "--db", big, "export", "--table", "votes"], None),
                      (["sqlite3", "-csv", big], os.path.join(sql, "votes.sql")))
    report("export --table votes", t, base, 2.0)
    t, base, _ = pair(([DILEMMA, "--db", big, "export", "--table", "sessions"], None),
                      (["sqlite3", "-csv", big], os.path.join(sql, "sessions.sql")))
    report("export --table sessions", t, base, 2.0)



def merge_part(big, extra):
    print("== merge of 100,000 rows into the big database ==", flush=True)
    copies = [path("merge-a.db"), path("merge-b.db")]
    # The shell's INSERT ... SELECT, with foreign keys checked as dilemma
    # checks them, and without (the shell's default).
    inserts = {}
    for fk in ("ON", "OFF"):
        inserts[fk] = path("insert-%s.sql" % fk)
        with open(inserts[fk], "w") as f:
            f.write("PRAGMA foreign_keys = %s;\nATTACH '%s' AS o;\nBEGIN;\n" % (
                fk, extra.replace("'", "''")))
            for table in ("sessions", "participants", "revisions", "votes", "events"):
                f.write("INSERT INTO main.%s SELECT * FROM o.%s;\n" % (table, table))
            f.write("COMMIT;\n")

    def fresh(k):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(copies[k] + suffix):
                os.remove(copies[k] + suffix)
        shutil.copyfile(big, copies[k])
    t, base, rss = pair(([DILEMMA, "--db", copies[0], "merge", extra], None),
                        (["sqlite3", copies[1]], inserts["ON"]), prepare=fresh)
    report("merge (INSERT ... SELECT, FKs on)", t, base, 2.0)
    t, base, rss = pair(([DILEMMA, "--db", copies[0], "merge", extra], None),
                        (["sqlite3", copies[1]], inserts["OFF"]), prepare=fresh)
    report("merge (INSERT ... SELECT, FKs off)", t, base, 2.0)
    for c in copies:
        os.remove(c)



def growth_part(big, small):
    print("== growth: 2,000 sessions to %d, the same cohort of 100 shown ==" % SESSIONS,
          flush=True)
    cohort = "Cohort 007"

    def one_session(db):
        """The most recent session of the cohort in @db."""
        lines = subprocess.run([DILEMMA, "--db", db, "sessions", "--csv", "--cohort", cohort],
                               check=True, capture_output=True, text=True).stdout.splitlines()
        return lines[1].split(",")[0].strip('"')
    ids = {big: one_session(big), small: one_session(small)}
    for what, args in (("sessions --cohort", lambda db: ["sessions", "--cohort", cohort]),
                       ("export --cohort", lambda db: ["export", "--cohort", cohort]),
                       ("stats --cohort", lambda db: ["stats", "--cohort", cohort]),
                       ("report ID", lambda db: ["report", ids[db]]),
                       ("report PREFIX (8 characters)", lambda db: ["report", ids[db][:8]]),
                       ("sessions (everything)", lambda db: ["sessions"])):
        # a few milliseconds each: more runs, so that the best is not noise
        t, base, _ = pair(([DILEMMA, "--db", big] + args(big), None),
                          ([DILEMMA, "--db", small] + args(small), None), reps=max(REPS, 15))
        print("%-34s %6d sessions %7.3fs  2,000 sessions %7.3fs  growth %5.2f" % (
            what, SESSIONS, t, base, t / base), flush=True)
    if os.path.exists(STARTUP):
        print("home screen, first frame (bench_startup; the first run is %d sessions):" %
              SESSIONS, flush=True)
        env = dict(os.environ, TERM="xterm-256color")
        subprocess.run([STARTUP, "-n", str(max(REPS, 5)), "q quit", DILEMMA, "--db", big, "--",
                        "q quit", DILEMMA, "--db", small], env=env, cwd=BUILD)


sys.exit(main())
