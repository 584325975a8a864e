#!/usr/bin/env python3
"""Read a `dilemma export` responses CSV with Python's csv module (a reader
dilemma did not write) and check every text against the mksession script
that recorded the sessions.

usage: check_csv.py SCRIPT IDS CSV safe|raw
SCRIPT is the mksession script, IDS the session ids mksession printed (in
order), CSV the export; `safe` expects formula-like texts to carry a
leading ', `raw` expects texts exactly as typed."""
import csv
import sys

HEADER = ("session_id,session_label,cohort,mode,pack_id,pack_version,scenario_id,"
          "scenario_title,framework,participant,stage,principle,stance,kind,entry_id,"
          "text,revision,created_at,updated_at,position,pack_option,owner").split(",")


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            i += 1
            c = {"n": "\n", "r": "\r", "t": "\t"}.get(s[i], s[i])
        out.append(c)
        i += 1
    return "".join(out)


def expected(script, ids):
    """{(session_id, entry_id): (text, revision, participant name)}"""
    want, sess, people, next_id = {}, -1, [], 0
    for line in open(script, encoding="utf-8"):
        f = [x for x in line.rstrip("\n").split("\t") if x != ""]
        if not f:
            continue
        if f[0] == "session":
            sess += 1
            next_id = 0
            people = [p.split(":")[0] for p in f[5].split(",")] if len(f) > 5 else []
        elif f[0] == "entry":
            next_id += 1
            who = int(f[4])
            want[(ids[sess], next_id)] = [unescape(f[6]), 1, people[who - 1] if who else ""]
        elif f[0] == "revise":
            w = want[(ids[sess], int(f[1]))]
            w[0] = unescape(f[2])
            w[1] += 1
        elif f[0] == "delete":
            del want[(ids[sess], int(f[1]))]
    return want


def neutralised(t):
    s = t.lstrip("'")
    return t != "" and s != "" and s[0] in "=+-@\t\r\n" and (t[0] in "=+-@\t\r\n" or t[0] == "'")


def main():
    script, idfile, path, mode = sys.argv[1:5]
    ids = open(idfile, encoding="utf-8").read().split()
    want = expected(script, ids)
    errors = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, strict=True))
    if rows[0] != HEADER:
        errors.append("header is %r" % rows[0])
    seen = set()
    for row in rows[1:]:
        r = dict(zip(HEADER, row))
        key = (r["session_id"], int(r["entry_id"]))
        if key not in want:
            errors.append("unexpected row %r" % (key,))
            continue
        seen.add(key)
        text, rev, who = want[key]
        if mode == "safe" and neutralised(text):
            text = "'" + text
        if r["text"] != text:
            errors.append("entry %r: text %r, wanted %r" % (key, r["text"], text))
        if int(r["revision"]) != rev:
            errors.append("entry %r: revision %s, wanted %d" % (key, r["revision"], rev))
        if r["participant"] != who:
            errors.append("entry %r: participant %r, wanted %r" % (key, r["participant"], who))
    for key in set(want) - seen:
        errors.append("missing row %r" % (key,))
    for e in errors:
        print("check_csv: " + e, file=sys.stderr)
    print("%d rows checked, %d problems" % (len(rows) - 1, len(errors)))
    return 1 if errors else 0


sys.exit(main())
