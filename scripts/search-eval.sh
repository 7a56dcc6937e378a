#!/bin/sh
# Search quality of faqmine beside the peers, in one run, on retrieval sets (a directory with
# faq.jsonl and queries.jsonl each): MRR@10 and recall@1 of faqmine (with the sentence model
# when installed), SQLite FTS5 (peer_search.py), e5 dense and FTS5+e5 reciprocal-rank hybrid
# (peer_dense.py), all scored by `faqmine eval`. Queries with no relevant entry (out of
# scope) are left out of the retrieval scores and counted instead: the share of them that
# faqmine answers with "no answer" (`answered: false`), beside in-scope deflection@1 (the
# first hit answers, and is relevant) with and without the no-answer rule.
#
# usage: scripts/search-eval.sh SET_DIR[:--porter] ...
#   sets built by scripts/search-sets.py, or ../shared/data's covidfaq, xquad-r-en (with
#   :--porter, as eval-all.sh runs FTS5 on it) and sib200-xling-dev.
# env: FAQMINE_BIN, PEERS_VENV, PEERS_DIR as in eval-all.sh; WORK_DIR (default
#   target/search-eval); PEERS=0 skips the peers.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK_DIR:-$root/target/search-eval}
venv=${PEERS_VENV:-$root/target/peers-venv}
peers=${PEERS_DIR:-$root/../shared/peers}
if [ -n "${FAQMINE_BIN:-}" ]; then
    bin=$FAQMINE_BIN
else
    (cd "$root" && cargo build --quiet --release --example faqmine) >&2
    bin=$root/target/release/examples/faqmine
fi
have_peers=0
if [ "${PEERS:-1}" = 1 ] && [ -x "$venv/bin/python" ] && [ -d "$peers" ]; then
    have_peers=1
fi
export PEER_CACHE=${PEER_CACHE:-$root/target/peer-cache}
mkdir -p "$work"

echo "| set | faqmine | FTS5 | e5 dense | FTS5+e5 hybrid | faqmine / best peer | out of scope without answer | deflection@1 (without the rule) |"
echo "|---|---|---|---|---|---|---|---|"
for spec in "$@"; do
    dir=${spec%%:*}
    porter=${spec#*:}
    [ "$porter" = "$spec" ] && porter=""
    name=$(basename "$dir")
    out=$work/$name
    rm -rf "$out"
    mkdir -p "$out"
    echo "search-eval: $name" >&2
    # Retrieval is scored on the in-scope queries only.
    python3 - "$dir/queries.jsonl" "$out/inscope.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows if r["relevant"])
PY
    # A set that has a faq.json (entries with their customers' phrasings) is indexed from it.
    faq=$dir/faq.jsonl
    [ -f "$dir/faq.json" ] && faq=$dir/faq.json
    "$bin" index "$faq" --out "$out/index" >/dev/null 2>"$out/index.log"
    "$bin" search --index "$out/index" --queries "$dir/queries.jsonl" --json >"$out/faqmine.all.jsonl" 2>"$out/search.log"
    systems="faqmine"
    if [ "$have_peers" = 1 ]; then
        # shellcheck disable=SC2086
        "$venv/bin/python" "$peers/peer_search.py" "$dir/faq.jsonl" "$out/inscope.jsonl" "$out/fts5.all.jsonl" $porter 2>"$out/peer.log"
        "$venv/bin/python" "$peers/peer_dense.py" "$dir/faq.jsonl" "$out/inscope.jsonl" "$out/e5" 2>>"$out/peer.log"
        mv "$out/e5.dense.jsonl" "$out/dense.all.jsonl"
        mv "$out/e5.hybrid.jsonl" "$out/hybrid.all.jsonl"
        systems="faqmine fts5 dense hybrid"
    fi
    for s in $systems; do
        "$bin" eval --queries "$out/inscope.jsonl" --results "$out/$s.all.jsonl" --json >"$out/$s.eval.json"
    done
    python3 - "$out" "$name" "$dir/queries.jsonl" <<'PY'
import json, os, sys
out, name, qpath = sys.argv[1:4]
mrr = {}
for s in ("faqmine", "fts5", "dense", "hybrid"):
    p = os.path.join(out, f"{s}.eval.json")
    mrr[s] = json.load(open(p))["retrieval"]["mrr_at_10"] if os.path.exists(p) else None
rel = {q["id"]: q["relevant"] for q in map(json.loads, open(qpath, encoding="utf-8")) if True}
oos = answered_oos = inscope = deflected = deflected_rule = 0
for r in map(json.loads, open(os.path.join(out, "faqmine.all.jsonl"), encoding="utf-8")):
    relevant = rel[r["id"]]
    answered = r.get("answered", bool(r["hits"]))
    if not relevant:
        oos += 1
        answered_oos += answered
        continue
    inscope += 1
    first = r["hits"][0]["faq_id"] if r["hits"] else None
    deflected += first in relevant
    deflected_rule += answered and first in relevant
f = lambda x: "–" if x is None else f"{x:.3f}"
peers = [m for s, m in mrr.items() if s != "faqmine" and m is not None]
ratio = f"{mrr['faqmine'] / max(peers):.2f}x" if peers else "–"
no_answer = f"{1 - answered_oos / oos:.3f} of {oos}" if oos else "–"
defl = f"{deflected_rule / inscope:.3f} ({deflected / inscope:.3f})" if inscope else "–"
print(f"| {name} | {f(mrr['faqmine'])} | {f(mrr['fts5'])} | {f(mrr['dense'])} | {f(mrr['hybrid'])} | {ratio} | {no_answer} | {defl} |")
PY
done
