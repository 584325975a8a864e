# sessions_fixture.sh - sessions for the database command tests, recorded
# through the store API by mksession (source after lib.sh).
: "${MKSESSION:?run through meson test}"
PACK="$SRCDIR/scenarios/social-media.yaml"

# mksession DB < SCRIPT: record sessions; their ids go to stdout.
mksession() { "$MKSESSION" "$1" "$PACK"; }

# The awkward texts every round trip carries (C escapes, as mksession reads
# them). check_csv.py reads this script itself to know what to expect.
awkward_script() {
	cat <<'SCRIPT'
now	2026-01-31T09:00:00Z
session	missing-teenager-whatsapp	panel	Intake, "week 3"	cohort A	Alice:chair,Bob:member,Chloé Zoë:member
event	stage-entered	information
entry	information	note	-	1	-	commas, here, and "double quotes" too
entry	information	note	-	2	-	line one\nline two
entry	information	note	-	2	-	windows\r\nline ends\r\n
entry	information	note	-	0	-	   leading and trailing spaces   
entry	information	note	-	0	-	tab\there\tand\tend\t
now	2026-01-31T09:04:00Z
event	stage-entered	assessment
entry	assessment	principle	integrity	1	tension	=HYPERLINK("http://example.com","x")
entry	assessment	principle	fairness	3	upholds	+1 more
entry	assessment	principle	honesty	2	neutral	-2 less
entry	assessment	principle	respect	1	-	@SUM(A1:A2)
entry	assessment	note	-	0	-	\tstarts with a tab
entry	assessment	note	-	0	-	'=already quoted once
entry	assessment	note	-	0	-	emoji 🚓👮🏽‍♀️ and combining é and ñ
entry	assessment	note	-	0	-	CJK 警察の倫理 윤리 伦理
entry	assessment	note	-	0	-	\nstarts with a line feed
entry	assessment	note	-	0	-	\rstarts with a carriage return
now	2026-01-31T09:10:00Z
event	stage-entered	options
entry	options	option	-	0	-	Write the message for her
entry	options	option	-	0	-	Decline, and explain why
vote	1	16	1
vote	2	16	-1
vote	2	16	1
vote	3	17	0
entry	action	decision	-	1	-	Decline, and explain why
entry	action	rationale	-	1	-	Her words must be her own.
revise	1	commas, here, and "double quotes" too (revised)
entry	powers	note	-	0	-	to be deleted
delete	20
now	2026-01-31T09:30:00Z
finish
now	2026-02-15T14:00:00Z
session	false-information-critical-incident	solo	Solo practice	cohort B
event	stage-entered	ethics
entry	ethics	note	-	0	-	Is this what the public would expect?
now	2026-02-15T14:02:00Z
SCRIPT
}

# big_csv FILE N: a responses CSV of N sessions of 1,000 notes each, for
# imports and exports that take a while.
big_csv() {
	python3 - "$1" "$2" <<'PY'
import sys
head = ("session_id,session_label,cohort,mode,pack_id,pack_version,scenario_id,scenario_title,"
        "framework,participant,stage,principle,stance,kind,entry_id,text,revision,created_at,updated_at\r\n")
with open(sys.argv[1], "w", newline="") as f:
    f.write(head)
    for s in range(int(sys.argv[2])):
        for e in range(1, 1001):
            f.write('b1900000-0000-4000-8000-%012d,Big,,solo,p,1,s,S,coe-2014,,information,,,note,%d,"text %d of %d, long enough to take a while to write",1,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z\r\n' % (s, e, e, s))
PY
}

# A finished panel of four members (a chair and three members) and an
# observer, with a time-box of 10 minutes, an inject, a paused clock and
# added time, a revision, a secret ballot revealed (a member voting twice)
# and a show of hands that is not, an outcome and recommendations with and
# without an owner. test_report.sh and the tmux test_debrief.sh check what
# the minutes and the debrief make of it.
panel_script() {
	cat <<'SCRIPT'
now	2026-04-01T09:00:00Z
session	missing-teenager-whatsapp	panel	April panel	panel A	T Osei:chair,U Ní Bhriain:member,Jones:member,Pat Kerr:member,Sam Lee:observer	10
event	stage-entered	information
entry	information	note	-	2	-	We do not know what the trouble is.
now	2026-04-01T09:01:00Z
entry	information	note	-	1	-	Nor does the mother.
now	2026-04-01T09:02:00Z
entry	information	principle	openness	3	tension	Whose words are these?
entry	information	principle	openness	2	upholds
now	2026-04-01T09:03:00Z
revise	1	We do not know what the trouble is, yet.
event	inject-released	information	1
event	clock-paused	information
now	2026-04-01T09:05:00Z
event	clock-resumed	information
now	2026-04-01T09:12:00Z
event	time-added	information	120
now	2026-04-01T09:14:00Z
event	stage-entered	options
entry	options	option	-	1	-	Suggest words, and say they are hers
entry	options	option	-	4	-	Decline, and explain why
event	ballot-opened	options	1	secret
vote	1	5	1	1
vote	2	5	1	1
vote	3	5	-1	1
vote	4	6	1	1
vote	4	5	0	1
vote	3	5	1	1
now	2026-04-01T09:16:00Z
event	vote-revealed	options	1
event	ballot-opened	options	2	hands
vote	0	5	1	2	3
vote	0	6	-1	2	1
now	2026-04-01T09:20:00Z
event	stage-entered	action
entry	action	decision	-	1	-	Suggest words, and say they are hers
entry	action	rationale	-	1	-	She asked; the words stay hers.
entry	action	outcome	-	1	-	The panel advises suggesting, never writing.
entry	action	recommendation	-	2	-	Guidance on messages written with officers	Insp Rao
entry	action	recommendation	-	1	-	Share the case at the next briefing
now	2026-04-01T09:25:00Z
finish
SCRIPT
}
