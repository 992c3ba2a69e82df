#!/usr/bin/env bash
# What the role model costs: PolNeAR dev extracted with `--attribution rules` (no role model
# runs) and with the default (`both`), taking turns (A B A B ...) in one run, with wall time and
# peak RSS of each whole process, and the ratio of the medians (a benchmark, not a test).
# Usage: scripts/bench-roles.sh [ROUNDS] [THREADS]   (needs ../shared/eval-data/polnear, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
threads=${2:-2}
dev=../shared/eval-data/polnear/dev
[ -d "$dev" ] || { echo "skipped: $dev is absent"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 ../shared/tools/polnear_gold.py "$dev" "$tmp/gold.jsonl" "$tmp/in.jsonl" > /dev/null
cargo build --release --quiet
echo "$(lscpu | grep 'Model name' | sed 's/ \+/ /g'), $threads threads, $rounds rounds"
for i in $(seq "$rounds"); do
  for mode in rules both; do
    /usr/bin/time -f "%e %M" -o "$tmp/t" ./target/release/whosaid extract "$tmp/in.jsonl" \
      -o "$tmp/$mode.jsonl" --threads "$threads" --attribution "$mode" --quiet
    read -r secs kb < "$tmp/t"
    echo "$mode $secs $kb" >> "$tmp/all"
    echo "round $i $mode: $secs s, peak RSS $((kb / 1024)) MB"
  done
done
python3 - "$tmp/all" <<'PY'
import statistics, sys
t = {}
for line in open(sys.argv[1]):
    mode, s, kb = line.split()
    t.setdefault(mode, []).append(float(s))
r, b = statistics.median(t["rules"]), statistics.median(t["both"])
print(f"median: rules {r:.2f} s, both {b:.2f} s; speed of both / rules = {r / b:.2f}x")
PY
