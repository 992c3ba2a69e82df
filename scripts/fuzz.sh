#!/usr/bin/env bash
# Long fuzzing runs: every target of tests/fuzz.rs for SECONDS each (default 3600), JOBS at a
# time (default: the number of cores). Failures are shrunk and saved under fuzz-out/ (ignored by
# git); copy each into tests/fuzz-regressions/ once fixed. WHOSAID_FUZZ_SEED=N replays a run.
#   scripts/fuzz.sh [SECONDS] [JOBS] [TARGET...]   e.g. scripts/fuzz.sh 600 2 fuzz_speakers
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-3600}
jobs=${2:-$(nproc)}
shift $(( $# < 2 ? $# : 2 ))
mkdir -p fuzz-out
WHOSAID_FUZZ_OUT="$PWD/fuzz-out" WHOSAID_FUZZ_SECONDS="$secs" \
  cargo test --release --test fuzz -- --nocapture --test-threads "$jobs" "$@"
