#!/usr/bin/env bash
# The Spark job in local mode against one `whosaid extract` process over the same input: the
# records must be equal, record for record (JSONL and Parquet outputs, JSONL and .txt inputs).
# Installs pyspark from PyPI into $SPARK_VENV (default: target/spark-venv); needs Java 17.
#   scripts/spark/test_spark.sh [path/to/whosaid]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-target/release/whosaid}
[ -x "$bin" ] || cargo build --release
if ! command -v java >/dev/null; then
  echo "SKIP spark test: no java on PATH (Spark needs Java 17)"; exit 0
fi
venv=${SPARK_VENV:-target/spark-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import pyspark" 2>/dev/null || "$venv/bin/pip" install -q "pyspark==3.5.*"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import json, os, sys
tmp = sys.argv[1]
os.makedirs(f"{tmp}/txt/sub")
with open(f"{tmp}/in.jsonl", "w") as f:
    for i, name in enumerate(sorted(os.listdir("corpus"))):
        if name.endswith(".txt"):
            text = open(f"corpus/{name}", encoding="utf-8").read()
            f.write(json.dumps({"id": name[:-4], "text": text, "source": "corpus", "n": i}) + "\n")
            open(f"{tmp}/txt/{'sub/' if i % 2 else ''}{name}", "w", encoding="utf-8").write(text)
PY
export PYSPARK_PYTHON="$PWD/$venv/bin/python"
"$bin" extract "$tmp/in.jsonl" -o "$tmp/single.jsonl" --quiet || [ $? -eq 2 ]
"$bin" extract "$tmp/txt" -o "$tmp/single-txt.jsonl" --quiet || [ $? -eq 2 ]
run() { "$venv/bin/python" scripts/spark/whosaid_spark.py --binary "$bin" --partitions 3 "$@" 2>"$tmp/spark.log" || { tail -40 "$tmp/spark.log"; exit 1; }; }
run --input "$tmp/in.jsonl" --output "$tmp/out-jsonl" --output-format jsonl
run --input "$tmp/in.jsonl" --output "$tmp/out-parquet"
run --input "$tmp/txt" --output "$tmp/out-txt" --output-format jsonl
"$venv/bin/python" - "$tmp" <<'PY'
import glob, json, sys
from pyspark.sql import SparkSession
tmp = sys.argv[1]

def norm(rec):
    rec = dict(rec)
    meta = rec.get("meta")
    if isinstance(meta, str):
        meta = json.loads(meta)
    rec["meta"] = meta
    return rec

def single(path):
    return sorted((norm(json.loads(l)) for l in open(path)), key=lambda r: r["quote_id"])

def spark_jsonl(folder):
    recs = [json.loads(l) for f in glob.glob(f"{folder}/part-*") for l in open(f)]
    for r in recs:  # Spark's JSON writer leaves nulls out
        for k in ("cue", "cue_start", "cue_end", "speaker", "speaker_type", "speaker_mention",
                  "speaker_start", "speaker_end", "speaker_gender", "speaker_id", "meta"):
            r.setdefault(k, None)
    return sorted((norm(r) for r in recs), key=lambda r: r["quote_id"])

def check(name, got, want):
    assert len(got) == len(want), f"{name}: {len(got)} records, single process {len(want)}"
    for g, w in zip(got, want):
        if w.get("meta") is not None:  # Spark's JSON reader types and orders fields its own way
            g["meta"] = {k: v for k, v in (g["meta"] or {}).items()}
            assert {k: str(v) for k, v in g["meta"].items()} == {k: str(v) for k, v in w["meta"].items()}, (name, g["meta"], w["meta"])
            g["meta"] = w["meta"]
        assert g == w, f"{name}: {g} != {w}"
    print(f"spark {name}: {len(got)} records equal to the single process")

want = single(f"{tmp}/single.jsonl")
check("jsonl -> jsonl", spark_jsonl(f"{tmp}/out-jsonl"), want)
spark = SparkSession.builder.master("local[1]").getOrCreate()
rows = [norm(r.asDict()) for r in spark.read.parquet(f"{tmp}/out-parquet").collect()]
check("jsonl -> parquet", sorted(rows, key=lambda r: r["quote_id"]), want)
spark.stop()
txt = spark_jsonl(f"{tmp}/out-txt")
check("txt folder -> jsonl", txt, single(f"{tmp}/single-txt.jsonl"))
PY
