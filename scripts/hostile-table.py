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
    p = subprocess.run(timer + [bin_] + args, cwd=cwd, capture_output=True)
    wall = time.time() - t
    out = p.stdout.decode(errors="replace")
    recs = sum(1 for l in out.splitlines() if l.startswith("{"))
    err = p.stderr.decode(errors="replace").strip().splitlines()
    rss = next((f"{int(l.split()[1]) // 1024} MB" for l in err if l.startswith("MAXRSS")), "")
    err = [l for l in err if not l.startswith(("MAXRSS", "Command exited"))]
    msg = err[0][:110] if err else ""
    return p.returncode, msg, recs, wall, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.abspath("target/release/whosaid"))
    a = ap.parse_args()
    d = tempfile.mkdtemp(prefix="whosaid-hostile-")
    rows = []
    for name, text in texts():
        path = os.path.join(d, "in.jsonl")
        with open(path, "w") as f:
            f.write(json.dumps({"id": "a", "text": text}) + "\n")
        rows.append((name, *run(a.bin, ["extract", path], d)))
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
    corpus = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")
    rows.append(("-o link to /dev/null", *run(a.bin, ["extract", corpus, "-o", "null"], d)))
    rows.append(("-o link to /dev/full (full disk)", *run(a.bin, ["extract", corpus, "-o", "full"], d)))
    p = subprocess.run(f"'{a.bin}' extract '{corpus}' | head -1 >/dev/null", shell=True, cwd=d,
                       capture_output=True, executable="/bin/bash")
    rows.append(("stdout closed early (| head -1)", p.returncode, p.stderr.decode().strip()[:110], 1, 0, ""))
    print("| input | exit | stderr (first line) | records | wall s | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, code, msg, recs, wall, rss in rows:
        print(f"| {name} | {code} | {msg.replace('|', '/')} | {recs} | {wall:.1f} | {rss} |")
    print(f"(files in {d}; /dev/null is still a {'device' if os.path.exists('/dev/null') and not os.path.isfile('/dev/null') else 'FILE!'})")


if __name__ == "__main__":
    main()
