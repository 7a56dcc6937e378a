#!/usr/bin/env python3
"""Generates `stopwords_data.rs` from vetted stopword lists.

Usage:
    python3 src/analyze/gen_stopwords.py SOURCE_DIR > src/analyze/stopwords_data.rs

SOURCE_DIR holds the upstream files, fetched by hand (the build never downloads):
  english-snowball.txt  https://snowballstem.org/algorithms/english/stop.txt (BSD-3-Clause),
                        one word a line, `|` starts a comment
  french-snowball.txt   https://snowballstem.org/algorithms/french/stop.txt (BSD-3-Clause),
                        same format
  stopwords-vi.json     https://github.com/stopwords-iso/stopwords-vi (MIT)
  stopwords-ur.json     https://github.com/stopwords-iso/stopwords-ur (MIT)

Vetting done here, on purpose and in the open:
  * Vietnamese: the list mixes syllables and multi-syllable phrases. Single syllables become
    unigram stopwords; two-syllable entries become bigram stopwords (the analyzer emits
    adjacent-syllable bigrams). A few entries that carry the topic of a support message
    (receive, person, house, day, month, year, number, ...) are kept as content words.
  * Urdu: the upstream list was extracted from a PDF with a broken font mapping, so most
    entries are mis-encoded (e.g. "ثہت" for "بہت", "ضے" for "سے", "هیں" for "میں"). Entries
    containing a letter that only occurs through that mis-mapping are dropped; the most
    frequent Urdu function words, which the garbled list lost, are added by this project
    (URDU_SUPPLEMENT, same licence as the crate).
  * French: the Snowball list, plus the forms of "être" that some copies of it lose.
  * Vietnamese typed without diacritics: VIETNAMESE_FOLDED and VIETNAMESE_FOLDED_BIGRAMS hold
    the accent-folded forms (đ → d) of the Vietnamese stopwords, so "co", "la", "cua",
    "bao gio" are dropped like "có", "là", "của", "bao giờ". Rule: a folded form is a
    stopword unless it is also the folded form of a content word, where a content word is
    (1) an entry of the list kept as content (VI_KEEP_AS_CONTENT: "ban" is bản as well as
    bạn), (2) a syllable (pair) that is not a stopword and makes up at least 20% of the
    occurrences of everything that folds to that form in FLORES-200 vie_Latn (the SIB-200
    train and dev sentences; counts in VI_FOLDED_CONTENT: "the" is thể 203 times of 280,
    "dang" is đáng, dạng, đảng ... 45 times of 77), or (3) a support-domain word
    (VI_FOLDED_SUPPORT: tài khoản, tải, nợ, nhận tiền). Forms that are themselves stopwords
    stay stopwords. These lists are used only when tokenizing Vietnamese, not as evidence
    for language detection.
"""

import json
import sys
import unicodedata
from pathlib import Path

VI_KEEP_AS_CONTENT = {
    "nhận", "người", "nhà", "ngày", "tháng", "năm", "số", "cao", "lớn", "ngọt", "bài",
    "việc", "bản", "thời gian",
}

# Folded forms with content readings, measured on FLORES-200 vie_Latn (SIB-200 train + dev):
# form -> (occurrences of non-stopword syllables or pairs folding to it, all occurrences).
VI_FOLDED_CONTENT = {
    "a": (1, 4), "ao": (7, 7), "ba": (20, 22), "bac": (33, 40), "ban": (87, 209),
    "bang": (41, 84), "bay": (51, 51), "ben": (20, 20), "biet": (21, 53), "bo": (45, 95),
    "bong": (22, 22), "ca": (21, 75), "cai": (8, 14), "can": (13, 58), "cang": (4, 18),
    "cau": (56, 56), "chang": (8, 9), "chi": (26, 81), "chin": (9, 9), "chu": (27, 34),
    "chua": (8, 18), "chuyen": (73, 74), "cu": (56, 66), "cung": (32, 136), "dang": (45, 77),
    "dao": (50, 50), "dau": (115, 115), "day": (24, 60), "de": (47, 163), "di": (33, 105),
    "du": (133, 135), "ho": (38, 89), "hoi": (52, 62), "lan": (15, 42), "luc": (34, 43),
    "ma": (13, 59), "minh": (23, 44), "mo": (24, 24), "moi": (45, 88), "ngoai": (7, 32),
    "ngoi": (6, 20), "ngon": (12, 12), "nguoi": (143, 143), "nhe": (4, 4), "nhi": (16, 16),
    "noi": (32, 101), "nua": (3, 11), "ong": (14, 61), "phat": (60, 60), "phe": (7, 7),
    "phong": (31, 34), "phot": (1, 1), "phut": (10, 10), "quyen": (22, 26), "rao": (1, 1),
    "ray": (2, 2), "roi": (14, 17), "rua": (1, 1), "sach": (16, 17), "sap": (1, 3),
    "sat": (23, 23), "si": (19, 19), "su": (52, 151), "tam": (35, 35), "tan": (11, 16),
    "tap": (21, 21), "tha": (1, 1), "tham": (40, 47), "thay": (12, 38), "the": (210, 280),
    "thi": (35, 58), "thoat": (2, 2), "thoi": (49, 49), "thot": (1, 1), "thua": (12, 12),
    "thuan": (8, 8), "thuong": (31, 101), "to": (64, 64), "toa": (6, 7), "toi": (21, 61),
    "tot": (22, 22), "tu": (73, 181), "u": (2, 2), "ua": (1, 1), "van": (82, 105),
    "vang": (6, 6), "ve": (35, 122), "vi": (61, 103), "vo": (24, 26), "vua": (7, 12),
    "xep": (5, 5), "y": (14, 48),
}
VI_FOLDED_CONTENT_BIGRAMS = {
    "bang_khong": (1, 2), "biet_may": (1, 1), "boi_nhung": (4, 4), "bong_dau": (1, 1),
    "ca_the": (3, 3), "cho_nen": (1, 1), "cho_toi": (1, 3), "chung_minh": (5, 5),
    "co_chung": (1, 1), "co_de": (1, 1), "co_ve": (1, 4), "dan_da": (1, 1),
    "de_thuong": (4, 4), "den_noi": (1, 1), "do_chung": (1, 1), "do_vi": (2, 2),
    "nhu_the": (3, 3), "nhung_nhu": (1, 1), "phan_phat": (2, 2), "qua_doi": (2, 2),
    "qua_xa": (1, 1), "rang_la": (2, 3), "tai_vi": (1, 1), "the_la": (10, 10),
    "the_ma": (1, 1), "the_nao": (2, 7), "the_thi": (1, 1), "vi_chung": (1, 1),
    "vi_du": (8, 8),
}
# Folded forms of support vocabulary: tài khoản (account), tải (download), nợ (debt), nhận tiền
# (receive money).
VI_FOLDED_SUPPORT = {"tai", "no", "nhan_tien"}

# Letters that in the stopwords-iso Urdu list only appear through the broken font mapping.
UR_GARBLED = set("ًٌٍثضذزطظخهيىةػ")
UR_SUPPLEMENT = [
    "سے", "میں", "نہیں", "کا", "کی", "کے", "ہے", "ہیں", "اور", "کو", "نے", "بھی", "تھا",
    "تھی", "تھے", "یہ", "وہ", "اس", "ان", "پر", "تک", "ہی", "جو", "کہ", "گا", "گی", "گے",
    "ہو", "ہوا", "ہوں", "تو", "اب", "جب", "یا", "لیے", "لئے", "والا", "والی", "والے",
    "بہت", "ایسے", "جیسے", "مگر", "لیکن", "اگر", "جی", "آپ", "ہم", "مجھے", "میرا", "میری",
    "میرے", "آپکا", "رہا", "رہی", "رہے", "کیا", "کر", "کرنا", "سکتا", "سکتی", "سکتے", "ساتھ",
]
FR_SUPPLEMENT = ["est", "sommes", "été", "étés"]


def nfc(s):
    return unicodedata.normalize("NFC", s).strip().lower()


def snowball(path):
    words = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("|", 1)[0]
        words.extend(line.split())
    return words


def fold(s):
    """Accent folding as the analyzer does it: marks removed after NFD, đ → d."""
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def vi_folded(words, content_counts):
    """The folded forms of `words` that are stopwords by the rule in the module docs."""
    stop = set(words)
    content = {fold(w.replace(" ", "_")) for w in VI_KEEP_AS_CONTENT}
    content |= set(content_counts) | VI_FOLDED_SUPPORT
    return sorted({fold(w) for w in words} - stop - content)


def rust_list(name, doc, words):
    words = sorted(set(words))
    out = [f"/// {doc}", f"pub(crate) const {name}: &[&str] = &["]
    out += [f'    "{w}",' for w in words]
    out.append("];\n")
    return "\n".join(out)


def main():
    src = Path(sys.argv[1])
    en = [nfc(w) for w in snowball(src / "english-snowball.txt")]
    fr = [nfc(w) for w in snowball(src / "french-snowball.txt")] + FR_SUPPLEMENT
    vi_raw = [nfc(w) for w in json.loads((src / "stopwords-vi.json").read_text("utf-8"))]
    vi_raw = [w for w in vi_raw if w not in VI_KEEP_AS_CONTENT]
    vi1 = [w for w in vi_raw if len(w.split()) == 1 and "-" not in w]
    vi2 = ["_".join(w.split()) for w in vi_raw if len(w.split()) == 2]
    ur_raw = [nfc(w) for w in json.loads((src / "stopwords-ur.json").read_text("utf-8"))]
    # "ب" stands for a final "ا" in the mis-encoded entries ("رہب" for "رہا"); real function
    # words ending in ب are short (اب، کب، جب، تب).
    ur = [
        w
        for w in ur_raw
        if len(w.split()) == 1
        and not (set(w) & UR_GARBLED)
        and not (w.endswith("ب") and len(w) > 2)
        and "ب" not in w[1:-1] or w in ("اب", "کب", "جب", "تب")
    ]
    ur += [w for w in UR_SUPPLEMENT if " " not in w]

    print("// @generated by src/analyze/gen_stopwords.py; do not edit by hand.")
    print("//")
    print("// Sources and licences:")
    print("// - ENGLISH, FRENCH: Snowball stop word lists (https://snowballstem.org/),")
    print("//   BSD-3-Clause, Copyright (c) 2001 Dr Martin Porter, (c) 2004-2019 Richard Boulton,")
    print("//   Yoshiki Shibukawa, Olly Betts; all rights reserved. Redistribution and use in source")
    print("//   and binary forms, with or without modification, are permitted under the conditions")
    print("//   of the BSD-3-Clause licence (retain this notice; do not use the Snowball name to")
    print("//   endorse derived products; provided AS IS without warranty).")
    print("// - VIETNAMESE, VIETNAMESE_BIGRAMS: stopwords-iso/stopwords-vi, MIT licence,")
    print("//   Copyright (c) 2016 Gene Diaz. VIETNAMESE_FOLDED, VIETNAMESE_FOLDED_BIGRAMS: their")
    print("//   accent-folded forms, minus those that also fold content words (see the script).")
    print("// - URDU: stopwords-iso/stopwords-ur, MIT licence, Copyright (c) 2016 Gene Diaz,")
    print("//   filtered of its mis-encoded entries, plus a project supplement (see the script).")
    print("//")
    print("// Entries are NFC, lowercase; Vietnamese bigrams join their syllables with `_`.")
    print()
    print(rust_list("ENGLISH", "English stopwords (Snowball).", en))
    print(rust_list("FRENCH", "French stopwords (Snowball).", fr))
    print(rust_list("VIETNAMESE", "Vietnamese single-syllable stopwords (stopwords-iso).", vi1))
    print(rust_list("VIETNAMESE_BIGRAMS", "Vietnamese two-syllable stopwords (stopwords-iso).", vi2))
    print(rust_list("URDU", "Urdu stopwords (stopwords-iso, filtered, plus supplement).", ur))
    print(rust_list(
        "VIETNAMESE_FOLDED",
        "Vietnamese stopwords typed without diacritics (folded forms; see the script).",
        vi_folded(vi1, VI_FOLDED_CONTENT),
    ))
    print(rust_list(
        "VIETNAMESE_FOLDED_BIGRAMS",
        "Vietnamese two-syllable stopwords typed without diacritics (see the script).",
        vi_folded(vi2, VI_FOLDED_CONTENT_BIGRAMS),
    ))


if __name__ == "__main__":
    main()
