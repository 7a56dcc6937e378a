#!/bin/sh
# End-to-end deflection on banking77: mine banking77-train into an FAQ (and its search
# index), search every banking77-test message as a query, and count a query deflected when
# one of its first k hits is an FAQ whose messages mostly carry the query's intent label
# (`faqmine eval --deflection-queries`). Prints the eval table (or JSON with --json).
#
# usage: scripts/deflection.sh [--json] [DATA_DIR] [WORK_DIR]
#   DATA_DIR  the shared development data (default: ../shared/data beside the repository)
#   WORK_DIR  where the run is written (default: target/deflection)
# env:
#   FAQMINE_BIN  a faqmine binary to use instead of building the release example
#   TRAIN, TEST  the sets to mine and to query (default: banking77-train, banking77-test)
#   MINE_ARGS    extra options of `faqmine mine`, e.g. "--granularity fine" (default: none)
set -eu

json=""
if [ "${1:-}" = "--json" ]; then
    json="--json"
    shift
fi
root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
work=${2:-$root/target/deflection}
train=$data/${TRAIN:-banking77-train}
test=$data/${TEST:-banking77-test}
for f in "$train/conversations.jsonl" "$train/labels.jsonl" "$test/conversations.jsonl" "$test/labels.jsonl"; do
    if [ ! -f "$f" ]; then
        echo "deflection: $f is absent" >&2
        exit 1
    fi
done
if [ -n "${FAQMINE_BIN:-}" ]; then
    bin=$FAQMINE_BIN
else
    (cd "$root" && cargo build --quiet --release --example faqmine) >&2
    bin=$root/target/release/examples/faqmine
fi
command -v python3 >/dev/null 2>&1 || { echo "deflection: python3 is needed to join the test files" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"

echo "deflection: mining $(basename "$train")" >&2
# shellcheck disable=SC2086
"$bin" mine "$train/conversations.jsonl" ${MINE_ARGS:-} --out "$work/run" 2>"$work/mine.log" >/dev/null

# Every labelled test message as a query {id, query, label}; the id names its message.
python3 - "$test/conversations.jsonl" "$test/labels.jsonl" "$work/queries.jsonl" <<'PY'
import json, sys
convs, labels, out = sys.argv[1:4]
text = {}
for line in open(convs, encoding="utf-8"):
    if line.strip():
        c = json.loads(line)
        for i, m in enumerate(c["messages"]):
            text[(c["id"], i)] = m["text"]
with open(out, "w", encoding="utf-8") as f:
    for line in open(labels, encoding="utf-8"):
        if line.strip():
            l = json.loads(line)
            key = (l["conversation_id"], l["message_index"])
            if key in text:
                f.write(json.dumps({"id": f"{key[0]}#{key[1]}", "query": text[key], "label": l["label"]}) + "\n")
PY

echo "deflection: searching $(grep -c . "$work/queries.jsonl") queries of $(basename "$test")" >&2
"$bin" search --index "$work/run/index" --queries "$work/queries.jsonl" --limit 3 --json >"$work/results.jsonl"
"$bin" eval --labels "$train/labels.jsonl" --assignments "$work/run/assignments.jsonl" \
    --deflection-queries "$work/queries.jsonl" --results "$work/results.jsonl" $json
