#!/usr/bin/env bash
# End-to-end throughput and peak memory on PolNeAR dev (a benchmark, not a test).
# Usage: scripts/bench-polnear.sh [THREADS]   (needs ../shared/eval-data/polnear and python3)
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
dev=../shared/eval-data/polnear/dev
[ -d "$dev" ] || { echo "skipped: $dev is absent"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 ../shared/tools/polnear_gold.py "$dev" "$tmp/gold.jsonl" "$tmp/in.jsonl"
cargo build --release --quiet
/usr/bin/time -v ./target/release/whosaid extract "$tmp/in.jsonl" -o "$tmp/pred.jsonl" --threads "$threads" 2> "$tmp/time.txt"
grep -E "^whosaid:" "$tmp/time.txt"
grep -E "Elapsed|Maximum resident" "$tmp/time.txt"
python3 ../shared/tools/score.py "$tmp/gold.jsonl" "$tmp/pred.jsonl"
