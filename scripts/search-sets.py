#!/usr/bin/env python3
"""Builds the search sets that ../shared/data does not hold as such, from its files
(standard library only; nothing is downloaded). Each set is a directory with faq.jsonl
({id, question, answer}) and queries.jsonl ({id, query, relevant}); a query with no relevant
entry is out of scope (the FAQ has no answer for it).

usage: scripts/search-sets.py DATA_DIR OUT_DIR

  xling-vi / xling-vi-unaccented
      sib200-xling-dev's 99 Vietnamese queries over its English entries, as written and
      with every tone mark and diacritic removed (NFD, combining marks dropped, đ → d).
  vie-vie / vie-vie-unaccented
      Vietnamese to Vietnamese: the entries are the second halves (by words) of the 800
      sentences of sib200-vie_Latn train and dev, a query is the first half of one of the 99
      dev sentences, its relevant entry the second half of the same sentence; as written and
      without marks.
  vie-mid / vie-mid-unaccented
      Vietnamese to Vietnamese with the query's words in its entry, as a question's words
      are in the sentence that answers it: the entries are the 800 whole sentences of
      sib200-vie_Latn train and dev, a query is the middle third (at least 4 words) of one
      of the 99 dev sentences; as written and without marks.
  clinc150-calibration
      For fitting the no-answer threshold, from clinc150-train alone: 100 of its 150 intents
      (those whose name's SHA-256 starts with a byte below 171) are the FAQ, an entry per
      intent (question: its first training example; answer: the intent's name, for want of
      an agent's; faq.json also gives it its first 20 training examples as customers'
      phrasings, as a mined entry has them); the queries are the intent's 20 next examples
      (in scope) and 10 examples of each of the other 50 intents (out of scope: no entry
      answers them).
  clinc150-oos
      For judging it: the FAQ of all 150 intents built from clinc150-train the same way; the
      queries are clinc150-test's 4,500 in-scope and 1,000 `oos` messages.
Where faq.json is written, scripts/search-eval.sh indexes it rather than faq.jsonl.
"""
import hashlib, json, os, sys, unicodedata

data, out = sys.argv[1:3]
# faq.json's schema version (src/faq/entry.rs), and how many training examples an entry of
# the clinc150 sets is given as its customers' phrasings.
SCHEMA_VERSION = 1
PHRASINGS = 20


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def write(name, faq, queries):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    for file, rows in (("faq.jsonl", faq), ("queries.jsonl", queries)):
        with open(os.path.join(d, file), "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    print(f"{name}: {len(faq)} entries, {len(queries)} queries", file=sys.stderr)


def unaccented(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    )


def stripped(queries):
    return [dict(q, query=unaccented(q["query"])) for q in queries]


# Vietnamese queries over English entries.
xling = os.path.join(data, "sib200-xling-dev")
faq = read(os.path.join(xling, "faq.jsonl"))
vi = [q for q in read(os.path.join(xling, "queries.jsonl")) if q["id"].startswith("vie-")]
write("xling-vi", faq, vi)
write("xling-vi-unaccented", faq, stripped(vi))

# Vietnamese to Vietnamese.
def halves(set_name):
    rows = []
    for c in read(os.path.join(data, set_name, "conversations.jsonl")):
        words = c["messages"][0]["text"].split()
        cut = len(words) // 2
        rows.append((c["id"], " ".join(words[:cut]), " ".join(words[cut:])))
    return rows

train, dev = halves("sib200-vie_Latn-train"), halves("sib200-vie_Latn-dev")
faq = [{"id": i, "question": second, "answer": ""} for i, _, second in train + dev]
queries = [{"id": f"q-{i}", "query": first, "relevant": [i]} for i, first, _ in dev]
write("vie-vie", faq, queries)
write("vie-vie-unaccented", faq, stripped(queries))

# Vietnamese to Vietnamese, the query's words in its entry (as a question's words are in
# the sentence that answers it): the entries are the 800 whole sentences, a query is the
# middle of a dev sentence (from a third of its words on, a third of them and at least 4).
def sentences(set_name):
    for c in read(os.path.join(data, set_name, "conversations.jsonl")):
        yield c["id"], c["messages"][0]["text"]

train, dev = list(sentences("sib200-vie_Latn-train")), list(sentences("sib200-vie_Latn-dev"))
faq = [{"id": i, "question": text, "answer": ""} for i, text in train + dev]
queries = []
for i, text in dev:
    words = text.split()
    start = len(words) // 3
    queries.append({"id": f"q-{i}", "query": " ".join(words[start:start + max(4, len(words) // 3)]), "relevant": [i]})
write("vie-mid", faq, queries)
write("vie-mid-unaccented", faq, stripped(queries))

# clinc150: examples per intent, in file order.
def by_intent(set_name):
    labels = {l["conversation_id"]: l["label"] for l in read(os.path.join(data, set_name, "labels.jsonl"))}
    out = {}
    for c in read(os.path.join(data, set_name, "conversations.jsonl")):
        out.setdefault(labels[c["id"]], []).append(c["messages"][0]["text"])
    return out


def entry(intent, texts):
    return {"id": intent, "question": texts[0], "answer": intent.replace("_", " ")}


def write_faq_json(name, faq, phrasings):
    """The FAQ as a faq.json too, each entry with its customers' phrasings (variants), as
    `mine` writes them: what `index` embeds besides the question."""
    entries = [
        dict(e, language="en", variants=[{"text": t, "count": 1} for t in phrasings[e["id"]]], message_count=len(phrasings[e["id"]]))
        for e in faq
    ]
    with open(os.path.join(out, name, "faq.json"), "w", encoding="utf-8") as f:
        json.dump({"schema_version": SCHEMA_VERSION, "entries": entries}, f, ensure_ascii=False)


train = by_intent("clinc150-train")
known = sorted(i for i in train if hashlib.sha256(i.encode()).digest()[0] < 171)
held_out = sorted(i for i in train if i not in known)
faq = [entry(i, train[i]) for i in known]
queries = [{"id": f"{i}-{n}", "query": t, "relevant": [i]} for i in known for n, t in enumerate(train[i][PHRASINGS:PHRASINGS + 20])]
queries += [{"id": f"{i}-{n}", "query": t, "relevant": []} for i in held_out for n, t in enumerate(train[i][:10])]
write("clinc150-calibration", faq, queries)
write_faq_json("clinc150-calibration", faq, {i: train[i][:PHRASINGS] for i in known})

test = by_intent("clinc150-test")
faq = [entry(i, train[i]) for i in sorted(train)]
queries = [
    {"id": f"{i}-{n}", "query": t, "relevant": [] if i == "oos" else [i]}
    for i in sorted(test)
    for n, t in enumerate(test[i])
]
write("clinc150-oos", faq, queries)
write_faq_json("clinc150-oos", faq, {i: train[i][:PHRASINGS] for i in train})
