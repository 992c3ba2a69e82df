#!/usr/bin/env python3
"""What each hostile input gives, as a Markdown table: exit code, first stderr line, records,
wall time and peak RSS. Inputs are made in a temp dir; outputs go there too.

    python3 scripts/hostile-table.py [--bin target/release/whosaid]
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

QUOTE = "“We will not back down,” said Senator Maria Lopez. She added that the vote would come soon. "
FILLER = "The committee met again on Tuesday to discuss the budget for the coming year. "


def texts():
    unit = FILLER * 49 + QUOTE
    return [
        ("5 MB article, one paragraph", unit * (5_000_000 // len(unit.encode()))),
        ("100,000 straight quote marks", '"' * 100_000),
        ("50,000 curly pairs “”", "“”" * 50_000),
        ("2,000 unclosed “", "“He said it was fine. " * 2_000),
        ("1,000-deep nested quotes", "Mayor Ana Ruiz said: " + "“‘" * 500 + "deep" + "’”" * 500 + " she said."),
        ("NUL bytes", "Mayor Ana Ruiz said \0 “We will\0 win,” she said.\0\0"),
        ("CRLF", "Mayor Ana Ruiz spoke.\r\n\r\n“We will win,” she said.\r\nOfficials said that it was over.\r\n"),
        ("lone CR", "Mayor Ana Ruiz spoke.\r\r“We will win,” she said.\rOfficials said that it was over.\r"),
        ("Arabic + English", "قال الرئيس محمد علي: «سنواصل العمل». “We will win,” said Mayor Ana Ruiz."),
        ("Hebrew + English", "אמר ראש העיר „אנחנו ננצח“. “We will win,” said Mayor Ana Ruiz."),
        ("Chinese + English", "市长李明说：“我们会赢。” “We will win,” said Mayor Ana Ruiz."),
        ("combining marks", "Mayor Zoe\u0301 Ruiz said: “We will win cafe\u0301s,” and Jose\u0301 Marti\u0301 said that it was over."),
        ("emoji ZWJ sequences", "“We 👩‍👩‍👧‍👦 will win 🏳️‍🌈,” said Mayor Ana Ruiz 👍🏽. She said that 🇺🇦 would win."),
        ("empty text", ""),
    ]


def run(bin_, args, cwd):
    # GNU time's %M: this process's peak (getrusage of children would also count pages a child
    # shares with this Python process between fork and exec).
    timer = ["/usr/bin/time", "-f", "MAXRSS %M"] if os.path.exists("/usr/bin/time") else []
    t = time.time()
    try:
        p = subprocess.run(timer + [bin_] + args, cwd=cwd, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "hang", "still running after 60 s (killed)", 0, time.time() - t, ""
    wall = time.time() - t
    out = p.stdout.decode(errors="replace")
    recs = sum(1 for l in out.splitlines() if l.startswith("{"))
    err = p.stderr.decode(errors="replace").strip().splitlines()
    rss = next((f"{int(l.split()[1]) // 1024} MB" for l in err if l.startswith("MAXRSS")), "")
    err = [l for l in err if not l.startswith(("MAXRSS", "Command exited"))]
    msg = err[0][:110] if err else ""
    return p.returncode, msg, recs, wall, rss


def issue25_rows(bin_, d, corpus):
    """The inputs of #25: data loss, hangs, and what real corpora hold."""
    rows = []
    w = os.path.join(d, "i25")
    os.makedirs(w)
    def jl(name, arts):
        with open(os.path.join(w, name), "w") as f:
            for i, t in arts:
                f.write(json.dumps({"id": i, "text": t}) + "\n")
    def r(label, args, note=None):
        code, msg, recs, wall, rss = run(bin_, args, w)
        rows.append((label + (f" ({note()})" if note else ""), code, msg, recs, wall, rss))
    jl("v.jsonl", [("a", QUOTE)])
    same = lambda: "input kept" if open(os.path.join(w, "v.jsonl")).read().startswith('{"id"') else "INPUT DESTROYED"
    r("extract v.jsonl -o v.jsonl", ["extract", "v.jsonl", "-o", "v.jsonl"], same)
    jl("v.jsonl", [("a", QUOTE)])
    r("report v.jsonl --pred v.jsonl -o v.jsonl", ["report", "v.jsonl", "--pred", "v.jsonl", "-o", "v.jsonl"], same)
    jl("v.jsonl", [("a", QUOTE)])
    subprocess.run([bin_, "extract", "v.jsonl", "-o", "j.jsonl", "--quiet"], cwd=w)
    r("cluster j.jsonl -o j.jsonl", ["cluster", "j.jsonl", "-o", "j.jsonl"],
      lambda: f"{os.path.getsize(os.path.join(w, 'j.jsonl'))} bytes left")
    # A stale progress file, then a plain run, then a resume.
    jl("big.jsonl", [(f"b{i}", QUOTE) for i in range(50)])
    jl("other.jsonl", [(f"o{i}", QUOTE * 3) for i in range(200)])
    subprocess.run([bin_, "extract", "big.jsonl", "-o", "st.jsonl", "--resume", "--quiet"], cwd=w)
    with open(os.path.join(w, "st.jsonl.whosaid-resume"), "w") as f:
        f.write(json.dumps({"run": {"inputs": ["big.jsonl"], "format": "jsonl", "shard": None,
                "max_article_bytes": 16777216, "entities": None, "attribution": "both (built-in model)"},
                "items": 10, "records": 10, "bytes": 3000, "skipped": 0}))
    subprocess.run([bin_, "extract", "other.jsonl", "-o", "st.jsonl", "--quiet"], cwd=w)
    def foreign():
        n = sum(1 for l in open(os.path.join(w, "st.jsonl")) if '"doc_id":"o' in l)
        return f"{n} records of the other run"
    r("stale progress file, plain run, then --resume", ["extract", "big.jsonl", "-o", "st.jsonl", "--resume"], foreign)
    tree = os.path.join(w, "tree")
    os.makedirs(os.path.join(tree, "a"))
    for n in ("a/one", "two", "three"):
        open(os.path.join(tree, n + ".txt"), "w").write(QUOTE)
    os.symlink("../", os.path.join(tree, "a", "loop"))
    r("folder with a symlink loop (3 articles)", ["extract", "tree"])
    os.remove(os.path.join(tree, "a", "loop"))
    os.mkfifo(os.path.join(tree, "fifo.txt"))
    r("folder with a FIFO named .txt", ["extract", "tree"])
    open(os.path.join(w, "ro.jsonl"), "w").write("kept\n")
    os.chmod(os.path.join(w, "ro.jsonl"), 0o444)
    r("-o over a read-only file", ["extract", "v.jsonl", "-o", "ro.jsonl"],
      lambda: "kept" if open(os.path.join(w, "ro.jsonl")).read() == "kept\n" else "REPLACED")
    open(os.path.join(w, "m.jsonl"), "w").write("x\n")
    os.chmod(os.path.join(w, "m.jsonl"), 0o600)
    r("-o over a mode-600 file", ["extract", "v.jsonl", "-o", "m.jsonl"],
      lambda: f"mode {oct(os.stat(os.path.join(w, 'm.jsonl')).st_mode & 0o777)}")
    r("--threads 100000", ["extract", "v.jsonl", "--threads", "100000"])
    cases = [
        ("nested marks", "“The sign said \"closed\" all week,” said shop owner Carla Gomez."),
        ("nested marks after a colon", "Carla Gomez said: “The sign said \"closed\" all week and nobody came.”"),
        ("quote, frame, according to", "“We will not raise taxes,” said Jane Hollis, according to an old report."),
        ("promise, according to", "Hollis promised she would “not raise taxes this year”, according to the Daily Post."),
        ("Q:/A: interview", "Jane Hollis, the mayor, spoke to us.\n\nQ: Will you run again?\n\nA: I will not run again, and I have told my party so."),
        ("HTML entities and tags", "<p>&quot;We will win,&#8221; said Mayor Ana Ruiz.</p>"),
        ("cp1252 mojibake", "â€œWe will win,â€ said Mayor Ana Ruiz."),
    ]
    for label, text in cases:
        jl("c.jsonl", [("c", text)])
        code, msg, recs, wall, rss = run(bin_, ["extract", "c.jsonl"], w)
        p = subprocess.run([bin_, "extract", "c.jsonl", "--quiet"], cwd=w, capture_output=True, text=True)
        got = "; ".join(f"{json.loads(l)['kind']} {json.loads(l)['text'][:40]!r} by {json.loads(l)['speaker']}"
                        for l in p.stdout.splitlines())
        rows.append((f"{label}: {got or 'nothing'}", code, msg, recs, wall, rss))
    with open(os.path.join(w, "junk.txt"), "wb") as f:
        f.write(bytes((i * 2654435761 >> 13) & 255 for i in range(8000)))
    r("binary garbage .txt", ["extract", "junk.txt"])
    with open(os.path.join(w, "ids.jsonl"), "w") as f:
        for i in ["x", "x", "", 4.5, "4.5"]:
            f.write(json.dumps({"id": i, "text": QUOTE}) + "\n")
    def uniq():
        out = subprocess.run([bin_, "extract", "ids.jsonl", "--quiet"], cwd=w, capture_output=True, text=True).stdout
        q = [json.loads(l)["quote_id"] for l in out.splitlines()]
        return f"{len(q)} records, {len(set(q))} distinct quote_ids"
    r("ids x, x, \"\", 4.5, \"4.5\"", ["extract", "ids.jsonl"], uniq)
    open(os.path.join(w, "crlf.csv"), "w", newline="").write("id,text\r\na,\"x\r\ny\"\r\nb\r\n")
    r("CRLF CSV, bad row on line 4", ["extract", "crlf.csv"])
    os.makedirs(os.path.join(w, "empty"))
    r("empty folder", ["extract", "empty"])
    r("-o out.tsv", ["extract", "v.jsonl", "-o", "out.tsv"])
    r("report -o x.jsonl", ["report", "v.jsonl", "-o", "x.jsonl"])
    r("eval-ner on README.md", ["eval-ner", os.path.join(corpus, "..", "README.md")])
    r("--stdin-format txt without -", ["extract", "v.jsonl", "--stdin-format", "txt"])
    subprocess.run([bin_, "extract", "v.jsonl", "-o", "v.parquet", "--quiet"], cwd=w)
    r("cluster of a Parquet output", ["cluster", "v.parquet", "--min-size", "1"])
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.abspath("target/release/whosaid"))
    ap.add_argument("--issue25", action="store_true", help="only the rows of issue #25")
    a = ap.parse_args()
    d = tempfile.mkdtemp(prefix="whosaid-hostile-")
    rows = []
    corpus = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")
    for name, text in [] if a.issue25 else texts():
        path = os.path.join(d, "in.jsonl")
        with open(path, "w") as f:
            f.write(json.dumps({"id": "a", "text": text}) + "\n")
        rows.append((name, *run(a.bin, ["extract", path], d)))
    if a.issue25:
        return table(issue25_rows(a.bin, d, corpus), d)
    with open(os.path.join(d, "huge.jsonl"), "w") as f:
        f.write('{"id": "huge", "text": "')
        chunk = json.dumps(QUOTE)[1:-1] * 1000
        for _ in range(200_000_000 // len(chunk)):
            f.write(chunk)
        f.write('"}\n' + json.dumps({"id": "ok", "text": QUOTE}) + "\n")
    rows.append(("200 MB JSONL line + a normal one", *run(a.bin, ["extract", "huge.jsonl"], d)))
    with open(os.path.join(d, "bom.jsonl"), "w") as f:
        f.write("\ufeff" + json.dumps({"id": "b", "text": QUOTE}) + "\n")
    rows.append(("byte-order mark before JSONL", *run(a.bin, ["extract", "bom.jsonl"], d)))
    with open(os.path.join(d, "bad.jsonl"), "wb") as f:
        f.write(b'{"id": "u", "text": "\xff\xfe ' + QUOTE.encode() + b'"}\n{not json\n')
    rows.append(("invalid UTF-8 line + malformed line", *run(a.bin, ["extract", "bad.jsonl"], d)))
    os.symlink("/dev/null", os.path.join(d, "null"))
    os.symlink("/dev/full", os.path.join(d, "full"))
    rows.append(("-o link to /dev/null", *run(a.bin, ["extract", corpus, "-o", "null"], d)))
    rows.append(("-o link to /dev/full (full disk)", *run(a.bin, ["extract", corpus, "-o", "full"], d)))
    p = subprocess.run(f"'{a.bin}' extract '{corpus}' | head -1 >/dev/null", shell=True, cwd=d,
                       capture_output=True, executable="/bin/bash")
    rows.append(("stdout closed early (| head -1)", p.returncode, p.stderr.decode().strip()[:110], 1, 0, ""))
    rows += issue25_rows(a.bin, d, corpus)
    table(rows, d)


def table(rows, d):
    print("| input | exit | stderr (first line) | records | wall s | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, code, msg, recs, wall, rss in rows:
        print(f"| {name} | {code} | {msg.replace('|', '/')} | {recs} | {wall:.1f} | {rss} |")
    print(f"(files in {d}; /dev/null is still a {'device' if os.path.exists('/dev/null') and not os.path.isfile('/dev/null') else 'FILE!'})")


if __name__ == "__main__":
    main()
