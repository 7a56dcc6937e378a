#!/usr/bin/env python3
"""Can a second-stage rerank of faqmine's top-50 hits lift MRR@10 on the retrieval sets?

A study, not part of the product: it takes the real system's first 50 hits per query
(`faqmine index` + `faqmine search --limit 50`), the analyzer's own tokens
(`examples/dump_tokens.rs`), and rescores the candidates as `faqmine score + w * feature`
for the features a question-to-passage rerank would use. It prints MRR@10 per set for each
variant, then an upper bound: the best linear mix of *all* features fitted by coordinate
ascent on the test queries themselves (so optimistic: it is tuned on what it is scored on).

usage: scripts/rerank-study.py [DATA_DIR] [WORK_DIR]
needs: numpy; target/release/examples/{faqmine,dump_tokens}
  (cargo build --release --example faqmine --example dump_tokens)
"""
import collections, json, math, os, re, subprocess, sys

import numpy as np

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "../shared/data")
work = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "target/rerank-study")
binary = lambda name: os.path.join(root, "target/release/examples", name)
SETS = ["covidfaq", "xquad-r-en"]
K = 50
WH = {"what", "which", "who", "whom", "whose", "when", "where", "why", "how"}
os.makedirs(work, exist_ok=True)


def jsonl(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def idf(df, n):
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


class Field:
    """One text field of every entry: tokens, document frequencies, mean length."""

    def __init__(self, docs):
        self.docs = docs  # id -> (tokens, stopwords)
        self.n = len(docs)
        self.df, self.sdf = collections.Counter(), collections.Counter()
        for toks, stop in docs.values():
            self.df.update({t[1] for t in toks})
            self.sdf.update(set(stop))
        self.avg = sum(len(t) for t, _ in docs.values()) / max(1, self.n)

    def bm25(self, terms, fid, k1, b):
        toks = self.docs[fid][0]
        tf = collections.Counter(t[1] for t in toks)
        norm = k1 * (1 - b + b * len(toks) / self.avg)
        return sum(idf(self.df[t], self.n) * tf[t] * (k1 + 1) / (tf[t] + norm) for t in terms if tf[t])

    def coverage(self, terms, fid):
        have = {t[1] for t in self.docs[fid][0]}
        total = sum(idf(self.df[t], self.n) for t in terms) or 1
        return sum(idf(self.df[t], self.n) for t in terms if t in have) / total

    def proximity(self, terms, fid, k1=1.2):
        """Büttcher et al.'s term-proximity accumulator (BM25TP)."""
        occ = sorted((t[3], t[1]) for t in self.docs[fid][0] if t[1] in terms)
        acc = collections.Counter()
        for (p1, t1), (p2, t2) in zip(occ, occ[1:]):
            if t1 != t2:
                d = max(1, p2 - p1) ** 2
                acc[t1] += idf(self.df[t2], self.n) / d
                acc[t2] += idf(self.df[t1], self.n) / d
        return sum(min(1, idf(self.df[t], self.n)) * a * (k1 + 1) / (a + k1) for t, a in acc.items())

    def bigrams(self, pairs, fid):
        """Idf of the query's adjacent term pairs found within one extra position, either order."""
        pos = collections.defaultdict(list)
        for t in self.docs[fid][0]:
            pos[t[1]].append(t[3])
        s = 0.0
        for a, b, gap in pairs:
            if any(0 < abs(pb - pa) <= gap + 1 for pa in pos[a] for pb in pos[b]):
                s += (idf(self.df[a], self.n) + idf(self.df[b], self.n)) / 2
        return s

    def stop(self, words, fid):
        have = set(self.docs[fid][1])
        return sum(idf(self.sdf[w], self.n) for w in words if w in have)


def answer_type(query, text):
    """1 when the text holds what a how-many / when / who question asks for (and the query lacks)."""
    q = query.lower()
    qwords = set(re.findall(r"\w+", q))
    new = [w for w in re.findall(r"\w+", text) if w.lower() not in qwords]
    if re.search(r"\bhow (many|much)\b", q):
        return float(any(re.fullmatch(r"\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion", w.lower()) for w in new))
    if re.search(r"\b(when|what year|which year|what century)\b", q):
        return float(any(re.fullmatch(r"1\d{3}|20\d\d|january|february|march|april|may|june|july|august|september|october|november|december|century", w.lower()) for w in new))
    if re.search(r"\b(who|whom|whose)\b", q):
        return float(any(w[:1].isupper() for w in new[1:]))
    return 0.0


def prepare(name):
    d = os.path.join(data, name)
    out = os.path.join(work, name)
    os.makedirs(out, exist_ok=True)
    subprocess.run(["rm", "-rf", f"{out}/index"], check=True)
    subprocess.run([binary("faqmine"), "index", f"{d}/faq.jsonl", "--out", f"{out}/index"], check=True, stdout=subprocess.DEVNULL)
    with open(f"{out}/hits.jsonl", "w") as f:
        subprocess.run([binary("faqmine"), "search", "--index", f"{out}/index", "--queries", f"{d}/queries.jsonl", "--json", "--limit", str(K)], check=True, stdout=f)
    faqs, queries = jsonl(f"{d}/faq.jsonl"), jsonl(f"{d}/queries.jsonl")
    texts = [{"id": "q:" + f["id"], "text": f["question"]} for f in faqs]
    texts += [{"id": "a:" + f["id"], "text": f.get("answer") or ""} for f in faqs]
    texts += [{"id": "Q:" + str(q["id"]), "text": q["query"]} for q in queries]
    dump = subprocess.run([binary("dump_tokens")], input="\n".join(map(json.dumps, texts)), capture_output=True, text=True, check=True)
    toks = {r["id"]: (r["tokens"], r["stopwords"]) for r in map(json.loads, dump.stdout.splitlines())}
    question = Field({f["id"]: toks["q:" + f["id"]] for f in faqs})
    answer = Field({f["id"]: toks["a:" + f["id"]] for f in faqs})
    text = {f["id"]: f["question"] + " " + (f.get("answer") or "") for f in faqs}
    hits = {str(r["id"]): r["hits"] for r in jsonl(f"{out}/hits.jsonl")}
    rows = []
    for q in queries:
        qt, qstop = toks["Q:" + str(q["id"])]
        terms = {t[1] for t in qt}
        pairs = [(a[1], b[1], b[3] - a[3]) for a, b in zip(qt, qt[1:]) if a[1] != b[1]]
        feats, ids = [], []
        for h in hits[str(q["id"])][:K]:
            fid = h["faq_id"]
            f = {"faqmine": h["score"]}
            for k1, b in [(1.2, 0.75), (0.9, 0.4), (0.5, 0.3), (1.2, 0.0)]:
                f[f"bm25 k1={k1} b={b}"] = 2 * question.bm25(terms, fid, k1, b) + answer.bm25(terms, fid, k1, b)
            f["proximity (BM25TP)"] = 2 * question.proximity(terms, fid) + answer.proximity(terms, fid)
            f["bigrams"] = 2 * question.bigrams(pairs, fid) + answer.bigrams(pairs, fid)
            f["idf coverage"] = question.coverage(terms, fid) + answer.coverage(terms, fid)
            f["stopwords, question field"] = question.stop(set(qstop), fid)
            f["stopwords, answer field"] = answer.stop(set(qstop), fid)
            f["question words (what, who...), question field"] = question.stop(set(qstop) & WH, fid)
            f["question words (what, who...), answer field"] = answer.stop(set(qstop) & WH, fid)
            f["answer type (number, date, name)"] = answer_type(q["query"], text[fid])
            feats.append(f)
            ids.append(fid)
        rows.append((set(q["relevant"]), ids, feats))
    return rows


def matrices(rows, names):
    x = np.zeros((len(rows), K, len(names)))
    pad = np.full((len(rows), K), -1e9)
    rel = np.zeros((len(rows), K), bool)
    for i, (relevant, ids, feats) in enumerate(rows):
        for j, (fid, f) in enumerate(zip(ids, feats)):
            x[i, j] = [f[n] for n in names]
            pad[i, j] = 0
            rel[i, j] = fid in relevant
    return x, pad, rel


def mrr(m, w):
    x, pad, rel = m
    score = x @ w + pad - np.arange(K) * 1e-6  # ties keep the system's order
    top = np.take_along_axis(rel, np.argsort(-score, axis=1)[:, :10], 1)
    return float(np.where(top.any(1), 1 / (top.argmax(1) + 1), 0).mean())


rows = {s: prepare(s) for s in SETS if os.path.isfile(os.path.join(data, s, "queries.jsonl"))}
names = list(next(iter(rows.values()))[0][2][0].keys())
mats = {s: matrices(r, names) for s, r in rows.items()}
base = np.eye(len(names))[0]
print(f"MRR@10 of faqmine's top {K} reranked by faqmine score + w x feature (best w of a small grid; tuned on the test queries)\n")
print("| feature | w | " + " | ".join(mats) + " |")
print("|---|---|" + "---|" * len(mats))
print("| (none: faqmine as is) | | " + " | ".join(f"{mrr(m, base):.4f}" for m in mats.values()) + " |")
scale = {s: np.median([f["faqmine"] for _, _, fs in r for f in fs[:1]]) for s, r in rows.items()}
for k, n in enumerate(names[1:], 1):
    best = None
    for w in [-1, -0.5, -0.25, 0.1, 0.25, 0.5, 1, 2, 4]:
        v = base.copy()
        v[k] = w
        got = [mrr(m, v) for m in mats.values()]
        if best is None or min(g / mrr(m, base) for g, m in zip(got, mats.values())) > best[0]:
            best = (min(g / mrr(m, base) for g, m in zip(got, mats.values())), w, got)
    print(f"| {n} | {best[1]} | " + " | ".join(f"{g:.4f}" for g in best[2]) + " |")

# The best pair found by hand: BM25 without length normalization and bigrams, 0.25 each,
# with the paired difference per query (mean and standard error).
def per_query(m, w):
    x, pad, rel = m
    score = x @ w + pad - np.arange(K) * 1e-6
    top = np.take_along_axis(rel, np.argsort(-score, axis=1)[:, :10], 1)
    return np.where(top.any(1), 1 / (top.argmax(1) + 1), 0)
pair = base.copy()
pair[names.index("bm25 k1=1.2 b=0.0")] = 0.25
pair[names.index("bigrams")] = 0.25
cells = []
for s, m in mats.items():
    d = per_query(m, pair) - per_query(m, base)
    cells.append(f"{s} {mrr(m, pair):.4f} ({d.mean():+.4f} ± {d.std() / len(d) ** 0.5:.4f}; {(d > 0).sum()} queries up, {(d < 0).sum()} down)")
print("\nb = 0 BM25 and bigrams, 0.25 each: " + ", ".join(cells))

# Upper bound: every feature at once, weights fitted on the test queries, maximizing the
# last set while the others keep their MRR.
target = list(mats)[-1]
floor = {s: mrr(m, base) for s, m in mats.items()}
def objective(w):
    got = {s: mrr(m, w) for s, m in mats.items()}
    return got[target] - 10 * sum(max(0, floor[s] - got[s]) for s in got if s != target), got
w, (best, got) = base.copy(), objective(base)
for _ in range(3):
    for k in range(1, len(names)):
        for step in [-1, -0.5, -0.2, -0.1, -0.05, 0.05, 0.1, 0.2, 0.5, 1, 2]:
            v = w.copy()
            v[k] += step
            o, g = objective(v)
            if o > best + 1e-4:
                w, best, got = v, o, g
print(f"\nAll {len(names) - 1} features, linear weights fitted on the test queries to lift {target} "
      "without lowering the others: " + ", ".join(f"{s} {g:.4f}" for s, g in got.items()))
