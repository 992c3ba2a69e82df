#!/usr/bin/env bash
# The Python path against the CLI on PolNeAR dev (a benchmark, not a test): whole processes
# taking turns (A B A B), same input and threads. A: `whosaid extract IN -o OUT`; B: python3
# reading the same JSONL with json.loads and iterating `Pipeline.extract_many` over it. Prints
# each run's wall time and peak RSS, and the ratio of the medians' articles/s (B / A).
# Usage: scripts/bench-python.sh [THREADS] [PAIRS]   (needs ../shared/eval-data/polnear)
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
pairs=${2:-3}
dev=../shared/eval-data/polnear/dev
[ -d "$dev" ] || { echo "skipped: $dev is absent"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 ../shared/tools/polnear_gold.py "$dev" "$tmp/gold.jsonl" "$tmp/in.jsonl" >/dev/null
cargo build --release --quiet
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.5,<2"
"$tmp/venv/bin/maturin" build --release --quiet -m python/Cargo.toml -o "$tmp/dist"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check "$tmp"/dist/whosaid-*.whl
cat > "$tmp/run.py" <<'PY'
import json, sys, whosaid
nlp = whosaid.Pipeline(threads=int(sys.argv[2]))
with open(sys.argv[1], encoding="utf-8") as f:
    n = sum(1 for _ in nlp.extract_many(json.loads(line) for line in f))
print(f"python: {n} records", file=sys.stderr)
PY
articles=$(wc -l < "$tmp/in.jsonl")
echo "PolNeAR dev: $articles articles, $threads threads, $(lscpu | sed -n 's/^Model name: *//p')"
run() { # NAME COMMAND... -> "seconds peak_kb" appended to $tmp/NAME
    /usr/bin/time -f "%e %M" -o "$tmp/t" "${@:2}" >/dev/null 2>"$tmp/err" \
        || { cat "$tmp/err"; exit 1; }
    cat "$tmp/t" >> "$tmp/$1"
    echo "$1: $(cat "$tmp/t" | awk '{printf "%.2f s, %.0f MB", $1, $2/1024}')"
}
for _ in $(seq "$pairs"); do
    run cli ./target/release/whosaid extract "$tmp/in.jsonl" -o "$tmp/out.jsonl" \
        --threads "$threads" --quiet
    run python "$tmp/venv/bin/python" "$tmp/run.py" "$tmp/in.jsonl" "$threads"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
a=$(cut -d' ' -f1 "$tmp/cli" | median)
b=$(cut -d' ' -f1 "$tmp/python" | median)
awk -v a="$a" -v b="$b" -v n="$articles" 'BEGIN {
    printf "median: cli %.2f s (%.1f articles/s), python %.2f s (%.1f articles/s): python/cli %.3f\n",
        a, n / a, b, n / b, a / b }'
