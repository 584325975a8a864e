#!/usr/bin/env python3
"""Write a `responses` CSV of N rows (default 200,000) for the store
benchmarks: SESSIONS sessions (default 1,000) of N/SESSIONS entries, texts
of realistic length with commas, quotes and line breaks, a few
participants per session.

usage: gen_responses.py FILE [N [SESSIONS]]"""
import random
import sys

HEADER = ("session_id,session_label,cohort,mode,pack_id,pack_version,scenario_id,"
          "scenario_title,framework,participant,stage,principle,stance,kind,entry_id,"
          "text,revision,created_at,updated_at")
STAGES = ["ethics", "information", "assessment", "powers", "options", "action"]
PRINCIPLES = ["accountability", "fairness", "honesty", "integrity", "leadership",
              "objectivity", "openness", "respect", "selflessness"]
WORDS = ("the officer should consider whether the mother would expect this and if "
         "the message could be read aloud later, in public, without embarrassment "
         "\"fair\" risk, harm; public trust").split(" ")


def q(s):
    return '"' + s.replace('"', '""') + '"'


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    rnd = random.Random(42)
    sessions = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    per = max(1, n // sessions)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\r\n")
        done = 0
        for s in range(sessions):
            sid = "%08x-0000-4000-8000-%012x" % (rnd.getrandbits(32), s)
            people = ["Officer %d" % k for k in range(1, 4)]
            for e in range(1, per + 1):
                if done == n:
                    break
                stage = STAGES[e % 6]
                principle = PRINCIPLES[e % 9] if e % 2 else ""
                kind = "principle" if principle else "note"
                stance = ["upholds", "tension", "neutral", ""][e % 4] if principle else ""
                text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 30)))
                if e % 7 == 0:
                    text += "\nA second line."
                t = "2026-%02d-%02dT%02d:%02d:00Z" % (1 + s % 12, 1 + s % 28, 9 + e % 8, e % 60)
                row = [q(sid), q("Intake week %d" % (s % 10)), q("cohort %d" % (s % 5)),
                       q("panel"), q("social-media"), q("3"), q("missing-teenager-whatsapp"),
                       q("A missing teenager on WhatsApp"), q("coe-2014"),
                       q(people[e % 3] if e % 4 else ""), q(stage), q(principle), q(stance),
                       q(kind), q(str(e)), q(text), q("1"), q(t), q(t)]
                f.write(",".join(row) + "\r\n")
                done += 1


main()
