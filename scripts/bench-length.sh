#!/usr/bin/env bash
# Cost against article length: one article of N copies of a two-sentence news paragraph (a
# direct quote and a reported one), for N = 1,000 / 4,000 / 16,000 by default; prints wall time,
# seconds per 1,000 copies and peak RSS of each run. A benchmark, not a test: linear cost means
# equal seconds per 1,000. Writes only in a temp dir. With WHOSAID_ROLE=1 the paragraph's
# speaker is a role never named (`the president said`, with `the president of the council`),
# so every nominal mention looks back for a name and finds none.
#
# Usage: scripts/bench-length.sh [N...]   (extra whosaid flags in $WHOSAID_FLAGS)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/whosaid
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 4000 16000)
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
for n in "${sizes[@]}"; do
  python3 - "$n" "$tmp/a$n.jsonl" <<'PY'
import json, os, sys
n, path = int(sys.argv[1]), sys.argv[2]
s = ("“We will rebuild the bridge by spring,” Mayor Ana Ruiz said on Tuesday. "
     "She added that the city had the money.\n\n")
if os.environ.get("WHOSAID_ROLE"):
    s = ("“We will rebuild the bridge by spring,” the president said on Tuesday. "
         "The president of the council agreed.\n\n")
with open(path, "w") as f:
    f.write(json.dumps({"id": f"copies-{n}", "text": s * n}) + "\n")
PY
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" extract "$tmp/a$n.jsonl" -o "$tmp/o$n.jsonl" \
    ${WHOSAID_FLAGS:-} 2>/dev/null
  read -r secs kb < "$tmp/time"
  awk -v n="$n" -v s="$secs" -v kb="$kb" 'BEGIN { printf "N=%6d: %7.2f s, %.3f s per 1,000 copies, peak RSS %d MB\n", n, s, s * 1000 / n, kb / 1024 }'
done
