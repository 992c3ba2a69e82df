"""The Python API against the CLI: same records, same types, errors and signals as a notebook
user meets them."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import whosaid
from conftest import run_cli

QUOTE = "“We will rebuild the bridge by spring,” Mayor Ana Ruiz said on Tuesday."


def corpus_articles(root: Path):
    """The sample corpus as JSONL-style dicts, with two extra fields carried as meta."""
    out = []
    for n, p in enumerate(sorted((root / "corpus").glob("*.txt"))):
        with open(p, encoding="utf-8", newline="") as f:
            out.append({"id": p.stem, "text": f.read(), "section": "corpus", "n": n})
    return out


def write_jsonl(path: Path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def cli_records(cli, tmp_path, rows, *flags):
    src = tmp_path / "in.jsonl"
    out = tmp_path / "cli.jsonl"
    write_jsonl(src, rows)
    done = run_cli(cli, "extract", str(src), "-o", str(out), "--quiet", *flags)
    assert done.returncode == 0, done.stderr
    with open(out, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_records_equal_the_cli_on_the_corpus(nlp, cli, root, tmp_path):
    rows = corpus_articles(root)
    assert len(rows) >= 20
    expected = cli_records(cli, tmp_path, rows, "--threads", "2")
    got = list(nlp.extract_many(rows))
    assert len(got) == len(expected) > 50
    for g, e in zip(got, expected):
        assert g == e
        assert list(g) == list(e), "fields in the CLI's order"


def test_rules_attribution_equals_the_cli(cli, root, tmp_path):
    rows = corpus_articles(root)[:6]
    expected = cli_records(cli, tmp_path, rows, "--attribution", "rules")
    got = list(whosaid.Pipeline(threads=1, attribution="rules").extract_many(rows))
    assert got == expected
    expected = cli_records(cli, tmp_path, rows, "--attribution", "rules", "--speakers", "rules")
    nlp = whosaid.Pipeline(threads=1, attribution="rules", speakers="rules")
    assert list(nlp.extract_many(rows)) == expected


def test_one_article_and_many_agree(nlp):
    one = nlp.extract(QUOTE, id="a1")
    many = list(nlp.extract_many([{"id": "a1", "text": QUOTE}]))
    assert one == many
    assert one[0]["speaker"] == "Ana Ruiz" and one[0]["kind"] == "direct"
    assert nlp.extract(QUOTE)[0]["doc_id"] == "article"


def test_offsets_are_python_string_indices(nlp):
    text = (
        "🎉🇫🇷 Fête à Zürich. “Ça ira 👍 très bien,” dit-elle.\n\n"
        "Officials said the 𝒮ummit would resume. “Nothing is settled,” said Olaf Weiß, "
        "the mayor."
    )
    recs = nlp.extract(text)
    assert len(recs) >= 2
    for r in recs:
        assert text[r["start"] : r["end"]] == r["text"]
        if r["cue"] is not None:
            assert text[r["cue_start"] : r["cue_end"]] == r["cue"]
        if r["speaker_mention"] is not None:
            assert text[r["speaker_start"] : r["speaker_end"]] == r["speaker_mention"]


def test_output_is_the_same_whatever_the_threads(root):
    rows = corpus_articles(root)
    one = list(whosaid.Pipeline(threads=1).extract_many(rows, batch_size=3))
    two = list(whosaid.Pipeline(threads=2).extract_many(rows, batch_size=64))
    assert one == two


def test_ids_keys_and_positions(nlp):
    rows = [QUOTE, {"doc": 7, "body": QUOTE}]
    recs = list(nlp.extract_many([QUOTE, QUOTE]))
    assert [r["doc_id"] for r in recs] == ["0", "1"]
    recs = list(nlp.extract_many(rows[1:], id_key="doc", text_key="body"))
    assert recs[0]["doc_id"] == "7" and "meta" not in recs[0]
    with pytest.warns(UserWarning, match="appears again"):
        recs = list(nlp.extract_many([{"id": "x", "text": QUOTE}] * 3, positions=True))
    assert [(p, r["doc_id"]) for p, r in recs] == [(0, "x"), (1, "x~2"), (2, "x~3")]


@pytest.mark.parametrize(
    "bad, words",
    [
        ({"id": "b", "text": None}, ['record 1', 'article b', '"text" is None']),
        ({"id": "b"}, ["record 1", "article b", 'missing key "text"']),
        ({"text": QUOTE}, ["record 1", 'missing key "id"']),
        ({"id": "b", "text": 42}, ["record 1", "article b", "must be a str, got int"]),
        (None, ["record 1", "expected a dict", "NoneType"]),
        ({"id": "", "text": QUOTE}, ["record 1", 'empty "id"']),
        ({"id": "b", "text": "\x00\x01\x02\x03" * 40}, ["record 1", "article b", "not text"]),
    ],
)
def test_bad_records_raise_value_error_naming_them(nlp, bad, words):
    rows = [{"id": "a", "text": QUOTE}, bad, {"id": "c", "text": QUOTE}]
    it = nlp.extract_many(rows)
    first = next(it)
    assert first["doc_id"] == "a", "records before the bad one come first"
    with pytest.raises(ValueError) as e:
        next(it)
    for w in words:
        assert w in str(e.value)
    assert list(it) == [], "the run ends at the error"
    with pytest.warns(UserWarning, match="record 1"):
        kept = list(nlp.extract_many(rows, on_error="skip"))
    assert [r["doc_id"] for r in kept] == ["a", "c"]


def test_settings_errors_are_value_errors(tmp_path):
    with pytest.raises(ValueError, match="attribution"):
        whosaid.Pipeline(attribution="magic")
    with pytest.raises(ValueError, match="speakers"):
        whosaid.Pipeline(speakers="magic")
    with pytest.raises(ValueError, match="threads must be at least 1"):
        whosaid.Pipeline(threads=0)
    bad = tmp_path / "people.csv"
    bad.write_text("foo,bar\nQ1,x\n")
    with pytest.raises(ValueError, match="people.csv:1: entity list needs a header"):
        whosaid.Pipeline(entities=bad)
    with pytest.raises(ValueError, match="model"):
        whosaid.Pipeline(model=tmp_path / "no-model")


def test_entities_link_speaker_ids(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("id,name,aliases\nQ1,Ana Ruiz,Mayor Ruiz\n")
    recs = whosaid.Pipeline(threads=1, entities=people).extract(QUOTE)
    assert recs[0]["speaker_id"] == "Q1"


def test_pandas_round_trip(nlp, cli, root, tmp_path):
    pd = pytest.importorskip("pandas")
    rows = corpus_articles(root)
    df = pd.DataFrame(rows)
    df["when"] = pd.to_datetime("2024-03-01") + pd.to_timedelta(df["n"], unit="D")
    df["score"] = [None if i % 3 == 0 else i / 2 for i in range(len(df))]
    df["kind"] = "wire"  # clashes with a record column
    out = nlp.to_pandas(df, text="text", id="id")
    expected = cli_records(cli, tmp_path, corpus_articles(root))
    assert len(out) == len(expected)
    types = {name: (kind, nullable) for name, kind, nullable in whosaid.RECORD_FIELDS}
    for name, (kind, nullable) in types.items():
        dtype = str(out[name].dtype)
        assert dtype == {"int64": "Int64" if nullable else "int64", "double": "float64"}.get(
            kind, "object"
        ), name
        if not nullable:
            assert out[name].notna().all(), name
    for i, e in enumerate(expected):
        row = out.iloc[i]
        for name in types:
            v = row[name]
            assert (None if pd.isna(v) else v) == e[name], (i, name)
    # The row's other columns follow, with their own types.
    assert list(out.columns[len(types) :]) == ["section", "n", "when", "score", "kind_input"]
    assert str(out["when"].dtype).startswith("datetime64")
    assert out["n"].dtype == df["n"].dtype
    first = out.groupby("doc_id", sort=False).first()
    for _, r in df.iterrows():
        if r["id"] in first.index:
            assert first.loc[r["id"], "n"] == r["n"]
    # Through Parquet and back: the types hold.
    path = tmp_path / "out.parquet"
    out.to_parquet(path)
    back = pd.read_parquet(path)
    for name, (kind, _) in types.items():
        assert (back[name].isna() == out[name].isna()).all(), name
        if kind != "string":
            assert str(back[name].dtype) == str(out[name].dtype), name


def test_pandas_with_the_index_as_id_and_no_quotes(nlp):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": [QUOTE, "No quote here."]}, index=["x", "y"])
    out = nlp.to_pandas(df, id=None)
    assert list(out["doc_id"]) == ["x"]
    empty = nlp.to_pandas(df.iloc[1:], id=None)
    assert len(empty) == 0 and str(empty["start"].dtype) == "int64"
    with pytest.raises(ValueError, match="no column 'body'"):
        nlp.to_pandas(df, text="body")


def test_arrow_equals_the_cli_parquet(nlp, cli, root, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = corpus_articles(root)
    src = tmp_path / "in.jsonl"
    write_jsonl(src, rows)
    pq_path = tmp_path / "cli.parquet"
    done = run_cli(cli, "extract", str(src), "-o", str(pq_path), "--quiet")
    assert done.returncode == 0, done.stderr
    expected = pq.read_table(pq_path)
    table = pa.Table.from_pylist(rows)
    got = nlp.to_arrow(table)
    assert got.schema.equals(whosaid.arrow_schema())
    assert got.schema.equals(expected.schema, check_metadata=False)
    assert got.equals(expected)
    # A reader of small batches gives the same table.
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=3))
    assert nlp.to_arrow(reader, batch_size=5).equals(expected)
    assert nlp.to_arrow(iter(table.to_batches(max_chunksize=7))).equals(expected)


def test_evaluate_equals_the_cli_eval(nlp, cli, root, tmp_path):
    rows = corpus_articles(root)[:8]
    recs = list(nlp.extract_many(rows))
    # Gold: the records' own quotes with every second speaker changed, and one quote dropped.
    gold = []
    for r in rows:
        mine = [x for x in recs if x["doc_id"] == r["id"]]
        quotes = [
            {
                "content": x["text"],
                "start": x["start"],
                "kind": x["kind"],
                "speaker": x["speaker"] if i % 2 else "Someone Else",
            }
            for i, x in enumerate(mine[1:])
        ]
        gold.append({"id": r["id"], "text": r["text"], "quotes": quotes})
    gold_path = tmp_path / "gold.jsonl"
    write_jsonl(gold_path, gold)
    pred_path = tmp_path / "pred.jsonl"
    write_jsonl(pred_path, recs)
    for match in ("overlap", "exact"):
        done = run_cli(
            cli, "eval", "--gold", str(gold_path), "--pred", str(pred_path), "--json",
            "--match", match,
        )
        assert done.returncode == 0, done.stderr
        expected = json.loads(done.stdout)
        assert whosaid.evaluate(gold_path, recs, match=match) == expected
    scores = whosaid.evaluate(str(gold_path), recs)
    assert 0 < scores["attribution_accuracy"] < 1 and scores["recall"] == 1.0
    pd = pytest.importorskip("pandas")
    frame = nlp.to_pandas(pd.DataFrame(rows))
    assert whosaid.evaluate(gold_path, frame) == scores


def test_evaluate_on_the_seed_article(nlp, root):
    shared = root.parent / "shared" / "samples"
    if not (shared / "seed-article.txt").exists():
        pytest.skip(f"{shared} is absent: the seed article lives in ../shared beside the repo")
    text = (shared / "seed-article.txt").read_text(encoding="utf-8")
    recs = nlp.extract(text, id="seed-article")
    scores = whosaid.evaluate(shared / "seed-article.gold.json", recs)
    assert scores["f1"] == 1.0 and scores["attribution_accuracy"] == 1.0


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    pytest.skip("no /proc/self/status on this system")


def test_ten_thousand_articles_in_bounded_memory(nlp):
    def articles():
        for i in range(10_000):
            yield {
                "id": f"gen-{i}",
                "text": f"“Item {i} is ready,” said Maria Lopez {i % 7}. " * (1 + i % 3),
                "n": i,
            }

    count, seen, marks = 0, set(), {}
    for r in nlp.extract_many(articles(), batch_size=64):
        count += 1
        seen.add(r["doc_id"])
        if len(seen) in (1_000, 10_000) and len(seen) not in marks:
            marks[len(seen)] = rss_mb()
    assert len(seen) == 10_000 and count >= 10_000
    growth = marks[10_000] - marks[1_000]
    assert growth < 40, f"memory grew {growth:.0f} MB from 1,000 to 10,000 articles"


def test_ctrl_c_stops_extract_many_promptly(root, tmp_path):
    script = tmp_path / "endless.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys, whosaid
            nlp = whosaid.Pipeline(threads=2)
            def endless():
                i = 0
                while True:
                    i += 1
                    yield {"id": str(i), "text": "“We are ready,” said Ana Ruiz. " * 100}
            for n, r in enumerate(nlp.extract_many(endless(), batch_size=64)):
                if n == 0:
                    print("running", flush=True)
            """
        )
    )
    p = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert p.stdout.readline().strip() == "running"
        # Into the middle of a window of 64 long articles (seconds of work): the wait for Rust,
        # not Python code.
        time.sleep(1.0)
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=20)
        took = time.monotonic() - sent
    finally:
        if p.poll() is None:
            p.kill()
    assert "KeyboardInterrupt" in err
    assert p.returncode != 0
    assert took < 3, f"{took:.1f} s from Ctrl-C to exit"


def test_the_gil_is_released_while_rust_works(nlp):
    import threading

    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        long = "“We are ready,” said Ana Ruiz. " * 2000
        before = len(ticks)
        nlp.extract(long)
        during = len(ticks) - before
    finally:
        stop.set()
        t.join()
    assert during > 10, "another Python thread ran while the article was processed"


def test_package_is_typed():
    pkg = Path(whosaid.__file__).parent
    assert (pkg / "py.typed").exists() and (pkg / "_whosaid.pyi").exists()
    assert whosaid.Pipeline.extract.__doc__ and whosaid.Pipeline.to_pandas.__doc__


def test_one_iterator_refuses_a_second_thread(nlp):
    import threading

    reading_done = threading.Event()
    long = "“We are ready,” said Ana Ruiz. " * 600

    def articles():
        yield {"id": "1", "text": long}
        reading_done.set()  # the window is read: Rust runs it next, the GIL released
        yield {"id": "2", "text": long}

    it = nlp.extract_many(articles(), batch_size=2)
    got = []
    t = threading.Thread(target=lambda: got.extend(it))
    t.start()
    assert reading_done.wait(10)
    time.sleep(0.05)
    with pytest.raises(ValueError, match="already executing"):
        next(it)
    t.join()
    assert {r["doc_id"] for r in got} == {"1", "2"}
