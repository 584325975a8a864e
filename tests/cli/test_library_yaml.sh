#!/bin/sh
# Every bundled pack validates with `dilemma validate` and reads cleanly in a
# standard YAML reader (PyYAML's pure-Python safe_load, independent of the
# libyaml the loader uses), with the pack format's top-level keys, the same
# pack id and scenario count as the loader reports, and text where the pack
# format expects text (a bare `yes`, `no`, `on` or `1.5` would be read by
# other YAML 1.1 readers as a boolean or a number). Every pack is also
# listed in scenarios/meson.build, so that it is installed.
. "$(dirname "$0")/lib.sh"

if ! python3 -c 'import yaml' 2>/dev/null; then
	fail "python3 with PyYAML (python3-yaml) is needed to read the packs"
	finish
	exit 1
fi

cat >"$T/read.py" <<'EOF'
import sys, yaml

TOP = {"pack", "title", "version", "language", "framework", "framework-name",
       "principles", "source", "description", "scenarios"}
REQUIRED = {"pack", "title", "version", "scenarios"}
SCENARIO = {"id", "title", "tags", "situation", "question", "prompts",
            "injects", "options", "considerations", "notes"}
SCENARIO_REQUIRED = {"id", "title", "situation", "question"}
problems = []

def text(value, where):
    if not isinstance(value, str):
        problems.append("%s is %s, not text" % (where, type(value).__name__))

def texts(value, where):
    if not isinstance(value, list):
        problems.append("%s is not a list" % where)
        return
    for i, v in enumerate(value):
        text(v, "%s[%d]" % (where, i))

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    doc = yaml.load(f, Loader=yaml.SafeLoader)  # the pure-Python safe_load
if not isinstance(doc, dict):
    sys.exit("%s: not a mapping at the top" % path)
keys = set(doc)
if keys - TOP:
    problems.append("unexpected top-level keys: %s" % sorted(keys - TOP))
if REQUIRED - keys:
    problems.append("missing top-level keys: %s" % sorted(REQUIRED - keys))
for k in ("pack", "title", "language", "framework", "source", "description"):
    if k in doc:
        text(doc[k], k)
if not isinstance(doc.get("version"), int) or isinstance(doc.get("version"), bool):
    problems.append("version is not an integer")
scenarios = doc.get("scenarios") or []
for n, sc in enumerate(scenarios):
    where = "scenarios[%d]" % n
    if not isinstance(sc, dict):
        problems.append("%s is not a mapping" % where)
        continue
    if set(sc) - SCENARIO:
        problems.append("%s: unexpected keys %s" % (where, sorted(set(sc) - SCENARIO)))
    if SCENARIO_REQUIRED - set(sc):
        problems.append("%s: missing keys %s" % (where, sorted(SCENARIO_REQUIRED - set(sc))))
    for k in ("id", "title", "situation", "question", "notes"):
        if k in sc:
            text(sc[k], "%s.%s" % (where, k))
    for k in ("tags", "options"):
        if k in sc:
            texts(sc[k], "%s.%s" % (where, k))
    for stage, prompts in (sc.get("prompts") or {}).items():
        texts(prompts, "%s.prompts.%s" % (where, stage))
    for i, inj in enumerate(sc.get("injects") or []):
        text(inj.get("stage"), "%s.injects[%d].stage" % (where, i))
        text(inj.get("text"), "%s.injects[%d].text" % (where, i))
    for i, c in enumerate(sc.get("considerations") or []):
        texts(c.get("principles"), "%s.considerations[%d].principles" % (where, i))
        text(c.get("text"), "%s.considerations[%d].text" % (where, i))
for p in problems:
    print("%s: %s" % (path, p), file=sys.stderr)
print("%s %d" % (doc.get("pack"), len(scenarios)))
sys.exit(1 if problems else 0)
EOF

packs=0
for f in "$SRCDIR"/scenarios/*.yaml; do
	[ -e "$f" ] || continue
	packs=$((packs + 1))
	name=$(basename "$f")

	run "$DILEMMA" validate "$f"
	expect_rc 0 "validate $name"
	# what the loader saw: "FILE: ok: pack 'ID', N scenarios"
	loader=$(printf '%s\n' "$out" | sed -n "s/.*: ok: pack '\([^']*\)', \([0-9]*\) scenarios\{0,1\}$/\1 \2/p")
	[ -n "$loader" ] && pass || fail "validate $name: no 'ok: pack' line in: $out"

	run python3 "$T/read.py" "$f"
	expect_rc 0 "PyYAML reads $name"
	[ "$out" = "$loader" ] && pass ||
		fail "$name: PyYAML sees '$out' (pack, scenarios), the loader '$loader'"

	grep -q "'$name'" "$SRCDIR/scenarios/meson.build" && pass ||
		fail "$name is not in scenarios/meson.build, so it would not be installed"
done
[ "$packs" -ge 4 ] && pass || fail "only $packs bundled packs found in $SRCDIR/scenarios"

# The reader check itself must catch a pack another reader would misread,
# and one with a key outside the format.
cat >"$T/tricky.yaml" <<'EOF'
pack: tricky
title: Tricky
version: 1
scenarios:
  - id: one
    title: One
    situation: Something happens.
    question: What now?
    options: [yes, no, Other]
    typo: here
EOF
run python3 "$T/read.py" "$T/tricky.yaml"
expect_rc 1 "PyYAML check refuses a misread option"
expect_err "options[0] is bool, not text" "misread option named"
expect_err "unexpected keys ['typo']" "unknown key named"

finish
