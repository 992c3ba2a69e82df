#!/usr/bin/env python3
"""Run whosaid over a corpus with Spark: each partition's articles go through the whosaid binary
(JSONL on stdin, records on stdout), and the records come back as one dataset.

Local run (pyspark from PyPI, Java 17):

    python3 scripts/spark/whosaid_spark.py --input corpus.jsonl --output quotes.parquet

Cluster (the binary ships to every executor with --files; the model is built into it):

    spark-submit --master yarn --files target/release/whosaid \\
        scripts/spark/whosaid_spark.py --input hdfs:///news/*.parquet --output hdfs:///quotes \\
        --partitions 2000 --threads 4

Input: JSONL (`id`, `text`, other fields kept as `meta`), Parquet with the same columns, or a
folder of `.txt` files (id: the path below the folder, without `.txt`, as `whosaid extract DIR`).
Output: Parquet (default) or JSONL (`--output-format jsonl`), the columns of the README's schema,
`meta` as a JSON string. Records of one article stay together, in text order.
"""
import argparse
import json
import os
import stat
import subprocess
import threading

from pyspark import SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql import types as T

SCHEMA = T.StructType(
    [T.StructField(n, T.StringType(), n in ("cue", "speaker", "speaker_type", "speaker_mention"))
     for n in ("doc_id", "quote_id", "kind", "text")]
    + [T.StructField(n, T.LongType(), False) for n in ("start", "end")]
    + [T.StructField("cue", T.StringType(), True)]
    + [T.StructField(n, T.LongType(), True) for n in ("cue_start", "cue_end")]
    + [T.StructField(n, T.StringType(), True) for n in ("speaker", "speaker_type", "speaker_mention")]
    + [T.StructField(n, T.LongType(), True) for n in ("speaker_start", "speaker_end")]
    + [T.StructField("confidence", T.DoubleType(), False)]
    + [T.StructField(n, T.LongType(), False) for n in ("sentence", "paragraph")]
    + [T.StructField(n, T.StringType(), True) for n in ("speaker_gender", "speaker_id")]
    + [T.StructField("meta", T.StringType(), True)]
)


def binary(name):
    """The whosaid shipped with --files (or SparkContext.addFile), made executable."""
    path = SparkFiles.get(name)
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def extract_partition(lines, name, threads):
    """Feeds a partition's JSONL articles to one whosaid process and yields its records."""
    cmd = [binary(name), "extract", "-", "--format", "jsonl", "--quiet", "--threads", str(threads)]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def feed():
        try:
            for line in lines:
                p.stdin.write(line.encode("utf-8") + b"\n")
        finally:
            p.stdin.close()

    errors = []
    writer = threading.Thread(target=feed)
    writer.start()
    threading.Thread(target=lambda: errors.append(p.stderr.read()), daemon=True).start()
    for out in p.stdout:
        rec = json.loads(out)
        meta = rec.pop("meta", None)
        rec["meta"] = json.dumps(meta, ensure_ascii=False, sort_keys=True) if meta is not None else None
        yield rec
    writer.join()
    code = p.wait()
    # 0: all done; 2: some records skipped (reported on stderr, kept in the executor's log).
    if code not in (0, 2):
        raise RuntimeError(f"whosaid exited {code}: {b''.join(errors).decode(errors='replace')[:2000]}")


def articles(spark, path, input_format):
    """Articles as JSONL strings: id, text and the other fields."""
    fmt = input_format or ("parquet" if path.rstrip("/").endswith(".parquet") else
                           "txt" if os.path.isdir(path) else "jsonl")
    if fmt == "txt":
        root = os.path.abspath(path)
        conf = spark.sparkContext._jsc.hadoopConfiguration()
        conf.set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
        files = spark.sparkContext.wholeTextFiles(root)

        def to_json(kv):
            full, text = kv
            rel = full.split(root, 1)[-1].lstrip("/")
            ident = rel[:-4] if rel.endswith(".txt") else rel
            return json.dumps({"id": ident, "text": text}, ensure_ascii=False)

        return files.filter(lambda kv: kv[0].endswith(".txt")).map(to_json)
    df = spark.read.parquet(path) if fmt == "parquet" else spark.read.json(path)
    return df.toJSON()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True)
    ap.add_argument("--input-format", choices=["jsonl", "parquet", "txt"])
    ap.add_argument("--output", required=True)
    ap.add_argument("--output-format", choices=["parquet", "jsonl"], default="parquet")
    ap.add_argument("--binary", default="target/release/whosaid",
                    help="local whosaid to ship when not given with spark-submit --files")
    ap.add_argument("--partitions", type=int, default=0, help="repartition the articles first")
    ap.add_argument("--threads", type=int, default=1, help="whosaid threads per partition")
    a = ap.parse_args()
    spark = SparkSession.builder.appName("whosaid").getOrCreate()
    name = "whosaid"
    if os.path.exists(a.binary):
        spark.sparkContext.addFile(os.path.abspath(a.binary))
        name = os.path.basename(a.binary)
    lines = articles(spark, a.input, a.input_format)
    if a.partitions:
        lines = lines.repartition(a.partitions)
    threads = a.threads
    recs = lines.mapPartitions(lambda it: extract_partition(it, name, threads))
    df = spark.createDataFrame(recs, SCHEMA)
    if a.output_format == "parquet":
        df.write.mode("overwrite").parquet(a.output)
    else:
        df.write.mode("overwrite").json(a.output)
    spark.stop()


if __name__ == "__main__":
    main()
