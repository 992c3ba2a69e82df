#!/usr/bin/env python3
"""Soak benchmark: stream many articles through one `whosaid extract` process and watch it.

    python3 scripts/soak.py [--articles 100000] [--threads 2] [--bin target/release/whosaid]

Articles are generated (news-like, each with quotes, a named speaker, pronouns and an indirect
quote, names and lengths varying) and written to whosaid's stdin as JSONL while its stdout is read,
so nothing is held on disk. At each tenth of the articles it prints the articles/s over that tenth
and the process's resident memory (VmRSS) and peak (VmHWM) from /proc. At the end: total wall
time, articles/s in the first and last tenth, peak RSS, records and skipped articles. Throughput
should be steady and memory flat from the first tenth to the last.
"""
import argparse
import json
import resource
import subprocess
import sys
import threading
import time

FIRST = ["Maria", "John", "Aisha", "Kenji", "Olga", "Pedro", "Fatima", "Liam", "Chen", "Ngozi",
         "Sofia", "David", "Amara", "Lars", "Priya", "Tomasz", "Elena", "Omar", "Grace", "Hiro"]
LAST = ["Lopez", "Smith", "Khan", "Sato", "Petrova", "Alves", "Haddad", "Murphy", "Wei", "Okafor",
        "Rossi", "Cohen", "Diallo", "Berg", "Nair", "Nowak", "Ionescu", "Farouk", "Mensah", "Tanaka"]
TITLES = [("Senator", "she"), ("Mayor", "he"), ("Minister", "she"), ("Governor", "he"),
          ("Chief Executive", "she"), ("Professor", "he")]
TOPICS = ["the budget", "the new bridge", "the strike", "the election", "the vaccine plan",
          "the trade deal", "the flood defences", "the school reform", "the tax cut", "the merger"]
FILLER = ("The committee met again on Tuesday to discuss {t} and the many items that remain open. "
          "Officials expect a decision before the end of the month, although talks could drag on. ")


def article(i):
    first, last = FIRST[i % 20], LAST[(i * 7) % 20]
    title, pron = TITLES[i % 6]
    topic = TOPICS[(i * 3) % 10]
    paras = [
        f"{title} {first} {last} spoke about {topic} on Monday.",
        f"“We will not back down on {topic},” {last} said. "
        f"{pron.capitalize()} added that the vote would come soon.",
    ]
    paras += [FILLER.format(t=topic)] * (i % 5)
    paras.append(f"“It is a matter of trust,” {pron} told reporters, “and we have earned it.”")
    return {"id": f"soak-{i:07d}", "text": "\n\n".join(paras), "source": "soak"}


def mem(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS", "VmHWM")):
                    k, v = line.split(":")
                    out[k] = int(v.split()[0]) // 1024
    except OSError:
        pass
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bin", default="target/release/whosaid")
    a = ap.parse_args()
    n = a.articles
    cmd = [a.bin, "extract", "-", "--format", "jsonl", "--threads", str(a.threads), "--quiet"]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, bufsize=1 << 20)

    def feed():
        for i in range(n):
            p.stdin.write((json.dumps(article(i)) + "\n").encode())
        p.stdin.close()

    threading.Thread(target=feed, daemon=True).start()
    err = []
    threading.Thread(target=lambda: err.append(p.stderr.read()), daemon=True).start()
    tenth = max(1, n // 10)
    start = last_t = time.time()
    seen, last_doc, records, rates = 0, None, 0, []
    print(f"soak: {n} articles, {a.threads} threads, {' '.join(cmd)}", flush=True)
    for line in p.stdout:
        records += 1
        doc = json.loads(line)["doc_id"]
        if doc != last_doc:
            last_doc = doc
            seen = int(doc.split("-")[1]) + 1
            if seen % tenth == 0:
                now = time.time()
                rate = tenth / (now - last_t)
                rates.append(rate)
                m = mem(p.pid)
                print(f"{seen:>9} articles  {now - start:8.1f} s  {rate:7.1f} articles/s  "
                      f"RSS {m.get('VmRSS', 0)} MB  peak {m.get('VmHWM', 0)} MB", flush=True)
                last_t = now
    code = p.wait()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    wall = time.time() - start
    stderr = b"".join(err).decode(errors="replace")
    print(f"done: {seen} articles, {records} records, {wall:.1f} s, {seen / wall:.1f} articles/s; "
          f"first tenth {rates[0] if rates else 0:.1f}/s, last tenth {rates[-1] if rates else 0:.1f}/s; "
          f"peak RSS {peak} MB; exit code {code}")
    if stderr.strip():
        print("stderr:", stderr.strip()[:2000])
    sys.exit(0 if code == 0 and seen == n else 1)


if __name__ == "__main__":
    main()
