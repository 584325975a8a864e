#!/bin/sh
# bench_tui_live.sh DILEMMA KB CHARS [prose|line] - CPU per character typed
# into the real workbench with a text of KB kilobytes in the field (see
# bench_tui.sh): paragraphs ("prose", the default) or one line without a
# break ("line", the worst case). Uses the end-to-end tests' tmux harness.
set -u
DILEMMA=$1
kb=$2
chars=$3
shape=${4:-prose}
export DILEMMA
. "$(dirname "$0")/../tui/lib.sh"

# CPU ticks (utime + stime) of a process, and the ticks per second.
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

start
need "$FIRST_TITLE"
keys Enter
need "Start a session"
keys Enter
need_gone "Start a session"
pid=$(app_pid)
# KB kilobytes of prose, in paragraphs, ending in a word we can wait for.
python3 - "$kb" "$shape" >"$T/text" <<'PY'
import sys
words = "the officer weighed whether disclosure was necessary proportionate and lawful café naïve 日本語".split()
out, n, i = [], 0, 0
while n < int(sys.argv[1]) * 1024:
    para = " ".join(words[(i + k) % len(words)] for k in range(60)) + "."
    out.append(para); n += len(para.encode()) + 2; i += 7
sys.stdout.write(("\n\n" if sys.argv[2] == "prose" else " ").join(out) + " pastedend")
PY
tm load-buffer -b big "$T/text"
tm paste-buffer -p -d -b big -t "$APP"
need "pastedend" 60
# let the paste's save finish, then measure idle use for a baseline
sleep 3
i0=$(ticks "$pid")
t0=$(date +%s.%N)
sleep 5
i1=$(ticks "$pid")
t1=$(date +%s.%N)
c0=$(ticks "$pid")
w0=$(date +%s.%N)
n=0
while [ "$n" -lt "$chars" ]; do
	if [ $((n % 6)) = 5 ]; then keys Space; else keys -l x; fi
	n=$((n + 1))
done
type_text " typedend"
need "typedend" 60
c1=$(ticks "$pid")
w1=$(date +%s.%N)
keys Escape
keys q
wait_exit 60 || true
awk -v c="$((c1 - c0))" -v i="$((i1 - i0))" -v ti="$t1" -v t0="$t0" -v w0="$w0" -v w1="$w1" \
	-v hz="$hz" -v n="$((chars + 9))" -v kb="$kb" -v shape="$shape" 'BEGIN {
	idle = i / (ti - t0) * (w1 - w0)
	ms = (c - idle) / hz * 1000 / n
	printf "workbench: %d characters typed into a %d KB text (%s) in %.1f s; CPU %.0f ms (idle share %.0f ms)\n", n, kb, shape, w1 - w0, c / hz * 1000, idle / hz * 1000
	printf "workbench: %.3f ms CPU per character at %d KB (target <= 2 ms: %s)\n", ms, kb, ms <= 2 ? "met" : "NOT met"
}'
