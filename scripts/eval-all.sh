#!/bin/sh
# Reproduces faqmine's quality table: clustering scores of `mine` on the labelled sets and
# retrieval scores of `search` over curated FAQs, each next to the peer baselines run on
# the same files and scored by the same `faqmine eval`. Prints a Markdown table.
#
# usage: scripts/eval-all.sh [DATA_DIR] [WORK_DIR]
#   DATA_DIR  the shared development data (default: ../shared/data beside the repository)
#   WORK_DIR  where runs are written (default: target/eval-all)
# env:
#   FAQMINE_BIN  a faqmine binary to use instead of building the release example
#   PEERS_VENV   the peers' Python environment (default: target/peers-venv); peers are
#                skipped when it is absent (create it with
#                `sh ../shared/peers/setup_peers.sh target/peers-venv`)
#   PEERS_DIR    the peer scripts (default: ../shared/peers beside the repository)
#   SETS         space-separated clustering sets to run, each NAME or NAME:IGNORED,LABELS
#                (default: all below, with their usual ignored labels)
#   MINE_ARGS    extra options of `faqmine mine`, e.g. "--granularity fine" (default: none)
# Progress goes to stderr; the table goes to stdout.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
work=${2:-$root/target/eval-all}
venv=${PEERS_VENV:-$root/target/peers-venv}
peers=${PEERS_DIR:-$root/../shared/peers}
nonq=contentonly,openinggreeting,closinggreeting,thankyou,confirmation,rejection,outofdomain

if [ ! -d "$data" ]; then
    echo "eval-all: no data at $data" >&2
    exit 1
fi
if [ -n "${FAQMINE_BIN:-}" ]; then
    bin=$FAQMINE_BIN
else
    (cd "$root" && cargo build --quiet --release --example faqmine) >&2
    bin=$root/target/release/examples/faqmine
fi
if [ -x "$venv/bin/python" ] && [ -d "$peers" ]; then
    have_peers=1
else
    have_peers=0
    echo "eval-all: peers skipped ($venv or $peers is absent)" >&2
fi
if command -v python3 >/dev/null 2>&1; then
    py=python3
else
    echo "eval-all: python3 is needed to read the scores" >&2
    exit 1
fi
mkdir -p "$work"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Row of the clustering table from an `eval --json` output file.
cluster_row() { # set ignored system seconds json
    $py - "$@" <<'PY'
import json, sys
name, ignored, system, seconds, path = sys.argv[1:6]
c = json.load(open(path))["clustering"]
f = lambda x: "–" if x is None else f"{x:.3f}"
print(f"| {name} | {ignored} | {system} | {f(c['nmi'])} ({f(c['nmi_nothing_clustered'])}) | {f(c['ari'])} | {f(c['homogeneity'])} | "
      f"{f(c['completeness'])} | {f(c['purity'])} | {f(c['coverage'])} | {c['faqs']} / {c['labels']} | "
      f"{f(c.get('ignored_in_faq'))} | {seconds} |")
PY
}

retrieval_row() { # set system ms_per_query json
    $py - "$@" <<'PY'
import json, sys
name, system, ms, path = sys.argv[1:5]
r = json.load(open(path))["retrieval"]
print(f"| {name} | {system} | {r['recall_at_1']:.3f} | {r['recall_at_5']:.3f} | {r['mrr_at_10']:.3f} | {ms} |")
PY
}

# set:ignored-labels (empty: none)
default_sets="banking77-test: hwu64: dstc11-development: clinc150-test:oos \
multidogo-airline-dev:$nonq multidogo-insurance-dev:$nonq multidogo-software-dev:$nonq \
multidogo-fastfood-dev:$nonq multidogo-finance-dev:$nonq multidogo-media-dev:$nonq \
sgd-test-subset: risawoz-en-fewshot: risawoz-fr-fewshot: \
sib200-vie_Latn-train: sib200-fra_Latn-train: sib200-urd_Arab-train: \
hint3-curekart-train: hint3-powerplay11-train: hint3-sofmattress-train:"

cluster_rows=""
for spec in ${SETS:-$default_sets}; do
    set_name=${spec%%:*}
    ignore=${spec#*:}
    [ "$ignore" = "$spec" ] && ignore=$(printf '%s\n' $default_sets | grep "^$set_name:" | cut -d: -f2- || true)
    dir=$data/$set_name
    if [ ! -f "$dir/conversations.jsonl" ] || [ ! -f "$dir/labels.jsonl" ]; then
        echo "eval-all: $set_name absent, skipped" >&2
        continue
    fi
    echo "eval-all: $set_name" >&2
    out=$work/$set_name
    rm -rf "$out"
    mkdir -p "$out"
    ignore_args=""
    [ -n "$ignore" ] && ignore_args="--ignore-labels $ignore"
    shown=$( [ -n "$ignore" ] && { [ "$ignore" = "$nonq" ] && echo "non-questions" || echo "$ignore"; } || echo "–")

    t0=$(now)
    # shellcheck disable=SC2086
    "$bin" mine "$dir/conversations.jsonl" ${MINE_ARGS:-} --out "$out/faqmine" 2>"$out/faqmine.log" >/dev/null
    t1=$(now)
    # shellcheck disable=SC2086
    "$bin" eval --labels "$dir/labels.jsonl" --assignments "$out/faqmine/assignments.jsonl" $ignore_args --json >"$out/faqmine.eval.json"
    cluster_rows="$cluster_rows$(cluster_row "$set_name" "$shown" faqmine "$(elapsed "$t0" "$t1")" "$out/faqmine.eval.json")
"
    if [ "$have_peers" = 1 ]; then
        t0=$(now)
        # shellcheck disable=SC2086
        "$venv/bin/python" "$peers/peer_cluster.py" "$dir/conversations.jsonl" "$dir/labels.jsonl" "$out/peer.assignments.jsonl" $ignore_args 2>"$out/peer.log"
        t1=$(now)
        # shellcheck disable=SC2086
        "$bin" eval --labels "$dir/labels.jsonl" --assignments "$out/peer.assignments.jsonl" $ignore_args --json >"$out/peer.eval.json"
        cluster_rows="$cluster_rows$(cluster_row "$set_name" "$shown" "peer: tf-idf+LSA+k-means, true k" "$(elapsed "$t0" "$t1")" "$out/peer.eval.json")
"
    fi
done

# The bundled demo corpus (en, fr, vi, ur; labelled by intended topic). Part of it is in the
# flat CSV format, which the peer script does not read: the peer gets both files joined into
# one conversations JSONL.
demo=$root/examples/data
if [ -f "$demo/labels.jsonl" ] && [ -z "${SETS:-}" ]; then
    echo "eval-all: demo corpus" >&2
    out=$work/demo
    rm -rf "$out"
    mkdir -p "$out"
    t0=$(now)
    # shellcheck disable=SC2086
    "$bin" mine "$demo/conversations.jsonl" "$demo/messages.csv" ${MINE_ARGS:-} --out "$out/faqmine" 2>"$out/faqmine.log" >/dev/null
    t1=$(now)
    "$bin" eval --labels "$demo/labels.jsonl" --assignments "$out/faqmine/assignments.jsonl" --ignore-labels "$nonq" --json >"$out/faqmine.eval.json"
    cluster_rows="$cluster_rows$(cluster_row "demo (examples/data)" "non-questions" faqmine "$(elapsed "$t0" "$t1")" "$out/faqmine.eval.json")
"
    if [ "$have_peers" = 1 ]; then
        $py - "$demo" "$out/joined.jsonl" <<'PY'
import csv, json, sys
demo, out = sys.argv[1:3]
convs = [json.loads(l) for l in open(f"{demo}/conversations.jsonl", encoding="utf-8")]
flat = {}
for r in csv.DictReader(open(f"{demo}/messages.csv", encoding="utf-8", newline="")):
    flat.setdefault(r["conversation_id"], []).append({"role": r["role"], "text": r["text"]})
convs += [{"id": k, "messages": v} for k, v in flat.items()]
with open(out, "w", encoding="utf-8") as f:
    f.writelines(json.dumps(c) + "\n" for c in convs)
PY
        t0=$(now)
        "$venv/bin/python" "$peers/peer_cluster.py" "$out/joined.jsonl" "$demo/labels.jsonl" "$out/peer.assignments.jsonl" --ignore-labels "$nonq" 2>"$out/peer.log"
        t1=$(now)
        "$bin" eval --labels "$demo/labels.jsonl" --assignments "$out/peer.assignments.jsonl" --ignore-labels "$nonq" --json >"$out/peer.eval.json"
        cluster_rows="$cluster_rows$(cluster_row "demo (examples/data)" "non-questions" "peer: tf-idf+LSA+k-means, true k" "$(elapsed "$t0" "$t1")" "$out/peer.eval.json")
"
    fi
fi

retrieval_rows=""
for spec in covidfaq: xquad-r-en:--porter sib200-xling-dev:; do
    set_name=${spec%%:*}
    porter=${spec#*:}
    dir=$data/$set_name
    if [ ! -f "$dir/faq.jsonl" ] || [ ! -f "$dir/queries.jsonl" ]; then
        echo "eval-all: $set_name absent, skipped" >&2
        continue
    fi
    echo "eval-all: $set_name" >&2
    out=$work/$set_name
    rm -rf "$out"
    mkdir -p "$out"
    nq=$(grep -c . "$dir/queries.jsonl")
    "$bin" index "$dir/faq.jsonl" --out "$out/index" >/dev/null
    t0=$(now)
    "$bin" search --index "$out/index" --queries "$dir/queries.jsonl" --json >"$out/faqmine.results.jsonl"
    t1=$(now)
    ms=$(awk -v a="$t0" -v b="$t1" -v n="$nq" 'BEGIN { printf "%.2f", (b - a) * 1000 / n }')
    "$bin" eval --queries "$dir/queries.jsonl" --results "$out/faqmine.results.jsonl" --json >"$out/faqmine.eval.json"
    retrieval_rows="$retrieval_rows$(retrieval_row "$set_name" faqmine "$ms" "$out/faqmine.eval.json")
"
    if [ "$have_peers" = 1 ]; then
        # shellcheck disable=SC2086
        "$venv/bin/python" "$peers/peer_search.py" "$dir/faq.jsonl" "$dir/queries.jsonl" "$out/peer.results.jsonl" $porter 2>"$out/peer.log"
        peer_ms=$(sed -n 's/.*per_query_us=\([0-9]*\).*/\1/p' "$out/peer.log" | awk '{ printf "%.2f", $1 / 1000 }')
        "$bin" eval --queries "$dir/queries.jsonl" --results "$out/peer.results.jsonl" --json >"$out/peer.eval.json"
        variant="peer: sqlite fts5 bm25${porter:+ porter}"
        retrieval_rows="$retrieval_rows$(retrieval_row "$set_name" "$variant" "$peer_ms" "$out/peer.eval.json")
"
    fi
done

echo "### Clustering (\`mine\`, scored by \`eval\`)"
echo
echo "NMI in brackets: the NMI of a run that clusters nothing (all singletons), for reference."
echo
echo "| set | ignored labels | system | NMI | ARI | homogeneity | completeness | purity | coverage | FAQs / true labels | ignored put in an FAQ | seconds |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s' "$cluster_rows"
echo
echo "### Search over the given faq.jsonl (\`index\` + \`search --queries\`, scored by \`eval\`)"
echo
echo "| set | system | recall@1 | recall@5 | MRR@10 | ms / query |"
echo "|---|---|---|---|---|---|"
printf '%s' "$retrieval_rows"
