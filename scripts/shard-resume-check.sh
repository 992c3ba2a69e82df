#!/usr/bin/env bash
# On a real corpus (default: PolNeAR dev from ../shared, via polnear_gold.py): shards 1/3, 2/3 and
# 3/3 together against the whole run, and runs killed (SIGKILL) early, midway and late, then
# resumed, against the uninterrupted output. Prints what it compares; exit 1 on a difference.
#   scripts/shard-resume-check.sh [INPUT.jsonl] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/whosaid
[ -x "$bin" ] || cargo build --release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
input=${1:-}
threads=${2:-2}
if [ -z "$input" ]; then
  shared=../shared/eval-data/polnear
  [ -d "$shared" ] || { echo "SKIP: no $shared and no INPUT given"; exit 0; }
  python3 ../shared/tools/polnear_gold.py "$shared/dev" "$tmp/gold.jsonl" "$tmp/in.jsonl" >/dev/null
  input=$tmp/in.jsonl
fi
code() { "$@" || { c=$?; [ $c -eq 2 ] || exit $c; }; }
start=$(date +%s.%N)
code "$bin" extract "$input" -o "$tmp/whole.jsonl" --threads "$threads" --quiet
whole_s=$(echo "$(date +%s.%N) - $start" | bc)
echo "whole run: $(wc -l < "$tmp/whole.jsonl") records in ${whole_s} s"
for i in 1 2 3; do
  code "$bin" extract "$input" --shard "$i/3" -o "$tmp/part$i.jsonl" --threads "$threads" --quiet
  echo "shard $i/3: $(wc -l < "$tmp/part$i.jsonl") records, $(cut -d'"' -f4 "$tmp/part$i.jsonl" | sort -u | wc -l) articles"
done
if cmp -s <(sort "$tmp"/part*.jsonl) <(sort "$tmp/whole.jsonl"); then
  echo "shards 1/3 + 2/3 + 3/3 = whole run, record for record"
else
  echo "DIFFER: shards vs whole run"; exit 1
fi
for frac in 0.15 0.5 0.85; do
  out=$tmp/resumed-$frac.jsonl
  delay=$(echo "$whole_s * $frac" | bc)
  "$bin" extract "$input" -o "$out" --resume --threads "$threads" --quiet & pid=$!
  sleep "$delay"; kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  at=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['items'])" "$out.whosaid-resume" 2>/dev/null || echo "none")
  code "$bin" extract "$input" -o "$out" --resume --threads "$threads"
  if cmp -s "$out" "$tmp/whole.jsonl"; then
    echo "killed at ${frac} of the run (progress file: $at input records done), resumed: identical output"
  else
    echo "DIFFER after a kill at ${frac}"; exit 1
  fi
done
