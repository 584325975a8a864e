# trainer_fixture.sh - sessions for the trainer views' tmux tests (the
# dashboard and the debrief's comparison), recorded through the store API
# by mksession. Source after lib.sh and tests/cli/sessions_fixture.sh.
#
# Eight solo sessions, one a day from 2026-03-01, each at Information
# (Openness, upholds) from 09:00, Assessment from 09:05 and Action from
# 09:12, finished at 09:20 unless said:
#   Trainee 1-3  Intake A  Fairness (tension) at Assessment  option 3
#   Trainee 4    Intake A  Fairness at Assessment            option 2
#   Trainee 5    Intake A  -                                 own words
#   Trainee 6-7  Intake B  -                                 option 1
#   Trainee 8    Intake B  Fairness at Assessment, on the other scenario, open
# So over all 8: Fairness at Assessment 5 of 8 (62%); in Intake A 4 of 5.
trainer_script() {
	python3 - <<'PY'
lines = []
def add(*f): lines.append("\t".join(f))
day = 1
def session(label, cohort, fair, option, scen="missing-teenager-whatsapp", finish=True):
    global day
    add("now", "2026-03-%02dT09:00:00Z" % day)
    add("session", scen, "solo", label, cohort)
    add("event", "stage-entered", "information")
    add("entry", "information", "principle", "openness", "0", "upholds", "Be open with her.")
    add("now", "2026-03-%02dT09:05:00Z" % day)
    add("event", "stage-entered", "assessment")
    if fair:
        add("entry", "assessment", "principle", "fairness", "0", "tension", "Is it fair to him?")
    add("now", "2026-03-%02dT09:12:00Z" % day)
    add("event", "stage-entered", "action")
    if option is not None:
        add("entry", "action", "decision", "-", "0", "-",
            "Option %d" % option if option else "Our own way", str(option))
    if finish:
        add("now", "2026-03-%02dT09:20:00Z" % day)
        add("finish")
    day += 1
for i in range(1, 6):
    session("Trainee %d" % i, "Intake A", i <= 4, 3 if i <= 3 else 2 if i == 4 else 0)
for i in range(6, 8):
    session("Trainee %d" % i, "Intake B", False, 1)
session("Trainee 8", "Intake B", True, None, scen="false-information-critical-incident",
        finish=False)
print("\n".join(lines))
PY
}
