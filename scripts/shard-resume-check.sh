#!/usr/bin/env bash
# On a real corpus (default: PolNeAR dev from ../shared, via polnear_gold.py): shards 1/3, 2/3 and
# 3/3 together against the whole run, and runs killed (SIGKILL) at 10%, 50% and 90% of the input
# (by their progress files), then resumed, against the uninterrupted output. Prints what it compares; exit 1 on a difference.
#   scripts/shard-resume-check.sh [INPUT.jsonl|""] [THREADS]   (THREADS 1: finer progress steps)
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
n=$(grep -c . "$input")
items() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['items'])" "$1" 2>/dev/null || echo 0; }
for frac in 0.1 0.5 0.9; do
  out=$tmp/resumed-$frac.jsonl
  target=$(echo "$n * $frac / 1" | bc)
  "$bin" extract "$input" -o "$out" --resume --threads "$threads" --quiet & pid=$!
  # Kill (SIGKILL) once the progress file says `target` input records are done.
  while kill -0 $pid 2>/dev/null && [ "$(items "$out.whosaid-resume")" -lt "$target" ]; do sleep 0.02; done
  kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  if [ ! -e "$out.whosaid-resume" ]; then
    echo "the run for $frac finished before reaching $target of $n (progress is saved a window of 16 x threads records at a time)"
    continue
  fi
  at=$(items "$out.whosaid-resume")
  code "$bin" extract "$input" -o "$out" --resume --threads "$threads" --quiet
  if cmp -s "$out" "$tmp/whole.jsonl"; then
    echo "killed with $at of $n input records done, resumed: identical output"
  else
    echo "DIFFER after a kill at $at of $n"; exit 1
  fi
done
