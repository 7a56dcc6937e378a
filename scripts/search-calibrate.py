#!/usr/bin/env python3
"""Fits the no-answer rule of search (src/search/confidence.rs) on labelled queries.

usage: scripts/search-calibrate.py QUERIES.jsonl RESULTS.jsonl [MAX_LOSS]

QUERIES: {id, query, relevant} lines, `relevant` empty for a query out of scope (the
clinc150-calibration set of scripts/search-sets.py); RESULTS: `faqmine search --queries
QUERIES --json` on an index of its FAQ (each hit carries its `evidence`), built with the
sentence model. Standard library
only.

Procedure: every query's first hit gives one example, its evidence (margin, coverage) the
features (cosine, margin, gap, coverage); the label is 1 when the query is in scope and the hit is relevant, 0 when the
query is out of scope (in-scope queries whose first hit is wrong are left out: no
threshold makes them right). A logistic regression is fitted (gradient descent on the
log-loss, features standardised, L2 1e-3). The threshold is then the highest probability
at which at most MAX_LOSS (default 0.01) of the label-1 examples fall below it, and the
bias is shifted so that this threshold is 0.5 (ANSWER_CONFIDENCE). Prints the constants
for confidence.rs and the shares of each kind of query that keep an answer.
"""
import json, math, sys

q_path, r_path = sys.argv[1:3]
max_loss = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
relevant = {}
for line in open(q_path, encoding="utf-8"):
    if line.strip():
        q = json.loads(line)
        relevant[json.dumps(q["id"])] = set(q["relevant"])

rows = []  # (features, label)
for line in open(r_path, encoding="utf-8"):
    r = json.loads(line)
    rel = relevant[json.dumps(r["id"])]
    if not r["hits"] or r["hits"][0].get("evidence") is None:
        continue
    hit = r["hits"][0]
    e = hit["evidence"]
    x = [e["cosine"], e["margin"], e["gap"], e["coverage"]]
    if not rel:
        rows.append((x, 0))
    elif hit["faq_id"] in rel:
        rows.append((x, 1))
if not rows:
    sys.exit("no first hit with evidence")
dim = len(rows[0][0])
mean = [sum(x[i] for x, _ in rows) / len(rows) for i in range(dim)]
sd = [math.sqrt(sum((x[i] - mean[i]) ** 2 for x, _ in rows) / len(rows)) or 1.0 for i in range(dim)]
z = [([(x[i] - mean[i]) / sd[i] for i in range(dim)], y) for x, y in rows]

w, b = [0.0] * dim, 0.0
for _ in range(3000):
    gw, gb = [0.0] * dim, 0.0
    for x, y in z:
        p = 1 / (1 + math.exp(-(b + sum(wi * xi for wi, xi in zip(w, x)))))
        for i in range(dim):
            gw[i] += (p - y) * x[i]
        gb += p - y
    n = len(z)
    w = [wi - 0.5 * (g / n + 1e-3 * wi) for wi, g in zip(w, gw)]
    b -= 0.5 * gb / n

# Back to the raw features.
raw_w = [w[i] / sd[i] for i in range(dim)]
raw_b = b - sum(w[i] * mean[i] / sd[i] for i in range(dim))
logit = lambda x: raw_b + sum(wi * xi for wi, xi in zip(raw_w, x))
pos = sorted(logit(x) for x, y in rows if y == 1)
cut = pos[int(math.floor(max_loss * len(pos)))]
bias = raw_b - cut
kept = lambda y: sum(1 for x, l in rows if l == y and logit(x) >= cut) / max(1, sum(1 for _, l in rows if l == y))
print(f"examples: {sum(1 for _, y in rows if y)} right first hits, {sum(1 for _, y in rows if not y)} out of scope")
print(f"const FITTED: [f32; 5] = [{bias:.3f}, " + ", ".join(f"{w:.3f}" for w in raw_w) + "];")
print(f"answered: right first hits {kept(1):.3f}, out of scope {kept(0):.3f}")
