#!/usr/bin/env bash
# whosaid against the spaCy dependency baseline on PolNeAR dev, whole processes taking turns
# (A B A B, three pairs by default), each under /usr/bin/time -v: prints every run's wall time and
# peak memory, the medians, and whosaid's speed as a multiple of the baseline's articles/s.
# A benchmark, not a test; needs ../shared (PolNeAR dev, the baseline) and python3.
#
# Usage: scripts/bench-vs-baseline.sh [THREADS] [PAIRS]
#   THREADS=1 (default): whosaid --threads 1 against one baseline process (per core).
#   THREADS=2: whosaid --threads 2 against two baseline processes on halves of the input.
# Extra whosaid flags go in $WHOSAID_FLAGS (e.g. WHOSAID_FLAGS="--precision f32").
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-1}
pairs=${2:-3}
shared=../shared
dev=$shared/eval-data/polnear/dev
[ -d "$dev" ] || { echo "skipped: $dev is absent"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

venv=${BASELINE_VENV:-/tmp/whosaid-baseline-venv}
[ -x "$venv/bin/python" ] || "$shared/baseline/setup.sh" "$venv" >/dev/null
python3 "$shared/tools/polnear_gold.py" "$dev" "$tmp/gold.jsonl" "$tmp/in.jsonl" >/dev/null
articles=$(wc -l < "$tmp/in.jsonl")
half=$(( (articles + 1) / 2 ))
head -n "$half" "$tmp/in.jsonl" > "$tmp/in1.jsonl"
tail -n +"$((half + 1))" "$tmp/in.jsonl" > "$tmp/in2.jsonl"
cargo build --release --quiet
bin=./target/release/whosaid

# Seconds and peak KB of one timed command, from time -v's report.
timed() {
    local report=$1; shift
    /usr/bin/time -v "$@" 2> "$report" > /dev/null
    local wall kb
    wall=$(grep "Elapsed (wall clock)" "$report" | awk '{print $NF}' | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    kb=$(grep "Maximum resident" "$report" | awk '{print $NF}')
    echo "$wall $kb"
}

run_whosaid() {
    # shellcheck disable=SC2086
    timed "$tmp/w.time" "$bin" extract "$tmp/in.jsonl" -o "$tmp/pred-w.jsonl" --threads "$threads" --quiet ${WHOSAID_FLAGS:-}
}

run_baseline() {
    local py="$venv/bin/python" script="$shared/baseline/run_depbaseline.py"
    if [ "$threads" -ge 2 ]; then
        # Two processes on halves: the wall time of the pair, the larger peak.
        local start end
        start=$(date +%s.%N)
        /usr/bin/time -v "$py" "$script" sm "$tmp/in1.jsonl" "$tmp/pred-b1.jsonl" 2> "$tmp/b1.time" > /dev/null &
        /usr/bin/time -v "$py" "$script" sm "$tmp/in2.jsonl" "$tmp/pred-b2.jsonl" 2> "$tmp/b2.time" > /dev/null
        wait
        end=$(date +%s.%N)
        local kb
        kb=$(grep -h "Maximum resident" "$tmp/b1.time" "$tmp/b2.time" | awk '{print $NF}' | sort -n | tail -1)
        echo "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }') $kb"
    else
        timed "$tmp/b.time" "$py" "$script" sm "$tmp/in.jsonl" "$tmp/pred-b1.jsonl"
    fi
}

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'); $articles articles; whosaid --threads $threads ${WHOSAID_FLAGS:-}; baseline: $threads process(es)"
ws=(); bs=()
for i in $(seq 1 "$pairs"); do
    read -r w wkb < <(run_whosaid)
    read -r b bkb < <(run_baseline)
    ws+=("$w"); bs+=("$b")
    printf 'pair %d: whosaid %6.2f s (%d MB peak)   baseline %6.2f s (%d MB peak)\n' \
        "$i" "$w" "$((wkb / 1024))" "$b" "$((bkb / 1024))"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
mw=$(median "${ws[@]}"); mb=$(median "${bs[@]}")
awk -v w="$mw" -v b="$mb" -v n="$articles" 'BEGIN {
    printf "median: whosaid %.2f s (%.1f articles/s), baseline %.2f s (%.1f articles/s): whosaid is %.2fx the baseline\n", w, n / w, b, n / b, b / w
}'
echo "accuracy (score.py):"
printf '  whosaid:  '; python3 "$shared/tools/score.py" "$tmp/gold.jsonl" "$tmp/pred-w.jsonl" | head -1
if [ "$threads" -ge 2 ]; then cat "$tmp/pred-b1.jsonl" "$tmp/pred-b2.jsonl" > "$tmp/pred-b.jsonl"; else cp "$tmp/pred-b1.jsonl" "$tmp/pred-b.jsonl"; fi
printf '  baseline: '; python3 "$shared/tools/score.py" "$tmp/gold.jsonl" "$tmp/pred-b.jsonl" | head -1
