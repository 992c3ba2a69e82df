#!/usr/bin/env bash
# The HTML report in a real headless browser: Debian's chromium (installed here when absent) driven
# by playwright-core from npm (no browser download). Builds three reports — the sample corpus, the
# seed article of ../shared (when present) and a 10,000-quote one from `--pred` — and checks what a
# reader sees (scripts/report/check_report.cjs). Screenshots go to target/report-test/.
# Usage: scripts/report/test_report.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/report-test
rm -rf "$out" && mkdir -p "$out"

chromium=${CHROMIUM:-$(command -v chromium || true)}
if [ -z "$chromium" ]; then
  echo "installing Debian's chromium for the report test"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  chromium=$(command -v chromium)
fi
node_dir=target/report-node
if [ ! -d "$node_dir/node_modules/playwright-core" ]; then
  npm install --prefix "$node_dir" --no-audit --no-fund --silent playwright-core@1.65.1
fi

cargo build --release --quiet
bin=target/release/whosaid
"$bin" extract corpus -o "$out/corpus.jsonl" --quiet
"$bin" report corpus -o "$out/corpus.html"
seed=../shared/samples/seed-article.txt
if [ -f "$seed" ]; then
  "$bin" extract "$seed" -o "$out/seed.jsonl" --quiet
  "$bin" report "$seed" -o "$out/seed.html"
else
  echo "../shared is absent: no seed-article report"
fi
# 10,000 quotes: the corpus's articles and records copied under new ids, shown through --pred.
python3 - "$out" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
recs = [json.loads(l) for l in open(out / "corpus.jsonl")]
texts = {p.stem: p.read_text(encoding="utf-8") for p in pathlib.Path("corpus").glob("*.txt")}
copies = -(-10000 // len(recs))
with open(out / "big-articles.jsonl", "w") as a, open(out / "big.jsonl", "w") as p:
    n = 0
    for c in range(copies):
        for doc, text in sorted(texts.items()):
            a.write(json.dumps({"id": f"{doc}-{c}", "text": text, "title": f"{doc} (copy {c})"}) + "\n")
        for r in recs:
            if n == 10000:
                break
            r = dict(r, doc_id=f"{r['doc_id']}-{c}", quote_id=f"{r['doc_id']}-{c}:{r['quote_id'].split(':')[-1]}")
            p.write(json.dumps(r) + "\n")
            n += 1
PY
"$bin" report "$out/big-articles.jsonl" --pred "$out/big.jsonl" -o "$out/big.html"

CHROMIUM="$chromium" PLAYWRIGHT_CORE="$PWD/$node_dir/node_modules/playwright-core" \
  node scripts/report/check_report.cjs "$out"
