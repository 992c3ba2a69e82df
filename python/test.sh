#!/usr/bin/env bash
# The Python package's tests (CI runs this): builds the abi3 wheel with maturin, installs it with
# its test extras into a fresh venv, and runs pytest from outside the source tree (so the
# installed package is the one imported). Needs only the Rust toolchain, python3 and PyPI.
# Usage: python/test.sh [PYTEST ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cargo build --release --quiet # the CLI the records are compared with
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
py="$tmp/venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check "maturin>=1.5,<2"
"$tmp/venv/bin/maturin" build --release --quiet -m python/Cargo.toml -o "$tmp/dist"
wheel=$(ls "$tmp"/dist/whosaid-*.whl)
echo "wheel: $(basename "$wheel") ($(du -m "$wheel" | cut -f1) MB)"
"$py" -m pip install --quiet --disable-pip-version-check "$wheel[test]"
cd "$tmp"
WHOSAID_BIN="$root/target/release/whosaid" "$py" -m pytest -p no:cacheprovider -q \
    "$root/python/tests" "$@"
