#!/usr/bin/env python3
"""WIP ablation: rules alone, role model alone, and merges, scored on PolNeAR dev.

Usage: roles-ablation.py RULES.jsonl MODEL.jsonl OUT_PREFIX
  RULES: `whosaid extract` of PolNeAR dev (polnear_gold.py input); MODEL: `whosaid roles-predict`.
"""
import json, sys, subprocess, collections
rules_f, model_f, out_prefix = sys.argv[1:4]
rules = [json.loads(l) for l in open(rules_f)]
model = [json.loads(l) for l in open(model_f)]
by = collections.defaultdict(list)
for r in rules: by[r['doc_id']].append(r)
mby = collections.defaultdict(list)
for m in model: mby[m['doc_id']].append(m)
def ov(a, b): return max(0, min(a['end'], b['end']) - max(a['start'], b['start']))
variants = {}
# together: rules, plus model contents overlapping no rule quote
tog = []
for d in set(by) | set(mby):
    rs = by[d]; tog += rs
    for m in mby[d]:
        if m['kind'] == 'direct': continue
        if len(m['text'].split()) < 3: continue
        if not any(ov(m, r) > 0 for r in rs): tog.append(m)
variants['together'] = tog
# together + source: rule quotes without a mention take the overlapping model record's source
tog2 = []
for r in tog:
    r = dict(r)
    if r.get('speaker_start') is None:
        best = max((m for m in mby[r['doc_id']] if m.get('speaker_start') is not None and ov(m, r) > 0), key=lambda m: ov(m, r), default=None)
        if best:
            for k in ('speaker_mention', 'speaker_start', 'speaker_end'): r[k] = best[k]
    tog2.append(r)
variants['together_src'] = tog2
variants['model'] = model
variants['rules'] = rules
for name, recs in variants.items():
    p = f"{out_prefix}-{name}.jsonl"
    with open(p, 'w') as f:
        for r in recs: f.write(json.dumps(r) + "\n")
    out = subprocess.run(["/work/main/target/release/whosaid", "eval", "--gold", "/work/shared/eval-data/polnear/dev", "--pred", p, "--json"], capture_output=True, text=True).stdout
    v = json.loads(out)
    print(f"{name:13s} f1 {v['f1']:.4f} P {v['precision']:.4f} R {v['recall']:.4f} attr {v['attribution_accuracy']:.4f} e2e {v['end_to_end_f1']:.4f} rec {v['recall_by_kind']}")

# model_first: rule direct quotes; model indirect/mixed contents (overlapping rule indirect/mixed
# replaced), attributed by the overlapping rule quote's mention when it has one, else the model's.
mf = []
for d in set(by) | set(mby):
    rs = by[d]; ms = [m for m in mby[d] if m['kind'] != 'direct' and len(m['text'].split()) >= 2]
    direct = [r for r in rs if r['kind'] == 'direct']
    mf += direct
    for m in ms:
        if any(ov(m, r) * 2 >= (m['end'] - m['start']) for r in direct):
            continue
        m = dict(m)
        best = max((r for r in rs if r['kind'] != 'direct' and ov(m, r) > 0 and r.get('speaker_start') is not None), key=lambda r: ov(m, r), default=None)
        if best:
            for k in ('speaker', 'speaker_type', 'speaker_mention', 'speaker_start', 'speaker_end', 'cue', 'cue_start', 'cue_end'):
                m[k] = best[k]
        mf.append(m)
    # rule indirect/mixed quotes the model has nothing over: keep
    for r in rs:
        if r['kind'] != 'direct' and not any(ov(m, r) > 0 for m in ms):
            mf.append(r)
p = f"{out_prefix}-model_first.jsonl"
with open(p, 'w') as f:
    for r in mf: f.write(json.dumps(r) + "\n")
v = json.loads(subprocess.run(["/work/main/target/release/whosaid", "eval", "--gold", "/work/shared/eval-data/polnear/dev", "--pred", p, "--json"], capture_output=True, text=True).stdout)
print(f"{'model_first':13s} f1 {v['f1']:.4f} P {v['precision']:.4f} R {v['recall']:.4f} attr {v['attribution_accuracy']:.4f} e2e {v['end_to_end_f1']:.4f} rec {v['recall_by_kind']}")
