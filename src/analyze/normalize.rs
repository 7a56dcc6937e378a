//! Normalization of one word before it becomes a term: the same steps for every language
//! (Unicode composition, quotes, digits, joiners, lowercase), then the language's own.
//!
//! Why per word and not per text: the tokenizer must report byte offsets into the
//! *original* text, so words are found in the original and each word is normalized on
//! its own. UAX #29 keeps combining marks and joiners inside the word they belong to, so
//! nothing is lost by normalizing word by word.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::language::Language;

/// Zero-width non-joiner. Policy: removed inside words. In Urdu (and Persian) it only
/// controls how letters join on screen; "ہم‌سفر" and "ہمسفر" are the same word to a reader,
/// so they must be the same term.
const ZWNJ: char = '\u{200C}';

/// True for characters dropped from every word: joiners, the soft hyphen, the Arabic
/// tatweel (a stretching stroke with no meaning) and variation selectors.
fn is_dropped(c: char) -> bool {
    matches!(c, ZWNJ | '\u{200D}' | '\u{00AD}' | '\u{0640}' | '\u{FE00}'..='\u{FE0F}')
}

/// True for Arabic presentation forms, which only NFKC maps back to letters.
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Maps typographic apostrophes to `'` and Arabic-Indic and Extended Arabic-Indic (Urdu)
/// digits to ASCII digits.
fn map_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}' => '\'',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        c => c,
    }
}

/// Normalizes one word into its term form (before stopwords and
/// stemming): NFC (NFKC for Arabic presentation forms), apostrophes unified, digits made
/// ASCII, joiners dropped, lowercased, then the language's own rule, if `spec` (the row of
/// the word's language) has one ([`Language::normalize_word`]: Vietnamese tone-mark
/// placement, Urdu letter variants and harakat).
pub(crate) fn word<'a>(word: &'a str, spec: Option<&Language>) -> Cow<'a, str> {
    if word.is_ascii() {
        return if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        };
    }
    // Most text arrives composed, lowercase and clean: borrow it then. The table answers for
    // the common letters; any other character takes the full check.
    let table = &*TABLE;
    let clean = word.chars().all(|c| table.is_simple(c))
        || (!word
            .chars()
            .any(|c| is_dropped(c) || is_presentation_form(c) || map_char(c) != c || c.is_uppercase())
            && is_nfc_quick(word.chars()) == IsNormalized::Yes);
    let mut out: Cow<'a, str> = if clean {
        Cow::Borrowed(word)
    } else {
        let composed: String = if word.chars().any(is_presentation_form) {
            word.nfkc().filter(|c| !is_dropped(*c)).map(map_char).collect()
        } else {
            word.nfc().filter(|c| !is_dropped(*c)).map(map_char).collect()
        };
        if composed.chars().any(char::is_uppercase) {
            Cow::Owned(composed.to_lowercase())
        } else {
            Cow::Owned(composed)
        }
    };
    if let Some(changed) = spec.and_then(|s| s.normalize_word).and_then(|rule| rule(&out)) {
        out = Cow::Owned(changed);
    }
    out
}

/// Removes accents (combining marks after NFD) and folds đ/Đ to d.
///
/// Stripping combining marks alone leaves `đ`, which is a letter of its own in Unicode,
/// so it is mapped explicitly. Urdu letters with a madda or hamza fold to their bare
/// letter (آ → ا), which lets a query typed without them match.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends [`fold`]`(s)` to `out`.
pub(crate) fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.push_str(s);
        return;
    }
    let table = &*TABLE;
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            match table.folded(c) {
                Some(f) => out.push(f),
                None => fold_char(c, out),
            }
        }
    }
}

/// The one character `c` folds to (its base letter for a precomposed letter, đ → d), when
/// the tables know it; `None` when `c` folds to several characters or none, or is not in
/// the tables.
pub(crate) fn folded_char(c: char) -> Option<char> {
    if c.is_ascii() {
        Some(c)
    } else {
        TABLE.folded(c)
    }
}

/// The folding of one character: per character, without the reordering NFD does (marks are
/// dropped, so their canonical order does not matter).
fn fold_char(c: char, out: &mut String) {
    match c {
        'đ' => out.push('d'),
        'Đ' => out.push('D'),
        c => unicode_normalization::char::decompose_canonical(c, |d| {
            if !unicode_normalization::char::is_combining_mark(d) {
                out.push(d);
            }
        }),
    }
}

/// The code points the tables cover: Latin, Greek, Cyrillic, Arabic and the Vietnamese
/// letters of Latin Extended Additional. Everything else takes the general path.
const LOW: u32 = 0x800;
const EXTENDED: std::ops::Range<u32> = 0x1E00..0x1F00;

/// Per-character answers of [`fold_char`] and of the "already normalized" test of [`word`],
/// computed once from the general code, so the tables and the general path agree by
/// construction.
struct Table {
    /// The one character a character folds to, 0 when it folds to none or several.
    fold: Vec<u16>,
    /// Bit set: the character is lowercase, composed (NFC quick check Yes, combining class
    /// 0), kept, unmapped and not a presentation form, so a word made of such characters
    /// is already normalized.
    simple: Vec<u64>,
}

impl Table {
    fn index(c: char) -> Option<usize> {
        let c = c as u32;
        if c < LOW {
            Some(c as usize)
        } else if EXTENDED.contains(&c) {
            Some((LOW + c - EXTENDED.start) as usize)
        } else {
            None
        }
    }

    fn folded(&self, c: char) -> Option<char> {
        let f = *self.fold.get(Self::index(c)?)?;
        (f != 0).then(|| char::from_u32(u32::from(f))).flatten()
    }

    fn is_simple(&self, c: char) -> bool {
        Self::index(c).is_some_and(|i| self.simple[i / 64] & (1 << (i % 64)) != 0)
    }
}

static TABLE: std::sync::LazyLock<Table> = std::sync::LazyLock::new(|| {
    let size = (LOW + EXTENDED.len() as u32) as usize;
    let mut table = Table { fold: vec![0; size], simple: vec![0; size.div_ceil(64)] };
    for c in (0..LOW).chain(EXTENDED).filter_map(char::from_u32) {
        let Some(i) = Table::index(c) else { continue };
        let mut folded = String::new();
        fold_char(c, &mut folded);
        let mut chars = folded.chars();
        if let (Some(f), None) = (chars.next(), chars.next()) {
            table.fold[i] = u16::try_from(u32::from(f)).unwrap_or(0);
        }
        let simple = !is_dropped(c)
            && !is_presentation_form(c)
            && map_char(c) == c
            && !c.is_uppercase()
            && unicode_normalization::char::canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
        if simple {
            table.simple[i / 64] |= 1 << (i % 64);
        }
    }
    table
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_composed_lowercased_and_cleaned() {
        let cases = [
            ("Cafe\u{301}", "café"),
            ("PASSWORD", "password"),
            ("aujourd\u{2019}hui", "aujourd'hui"),
            ("\u{06F1}\u{06F2}\u{06F3}", "123"),
            ("\u{0661}\u{0662}", "12"),
            ("ہم\u{200C}سفر", "ہمسفر"),
        ];
        for (input, expected) in cases {
            assert_eq!(word(input, None), expected, "normalize::word({input:?}, None)");
        }
    }

    #[test]
    fn tables_agree_with_the_general_path() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let mut general = String::new();
            fold_char(c, &mut general);
            let mut fast = String::new();
            fold_into(&c.to_string(), &mut fast);
            if !c.is_ascii() {
                assert_eq!(fast, general, "fold table disagrees for U+{:04X}", c as u32);
            }
            if TABLE.is_simple(c) {
                let s = c.to_string();
                assert_eq!(word(&s, None), s, "U+{:04X} is marked simple but normalizes", c as u32);
            }
        }
    }

    #[test]
    fn folding_removes_marks_and_stroke() {
        assert_eq!(fold("Đổi mật khẩu"), "Doi mat khau");
        assert_eq!(fold("élève"), "eleve");
        assert_eq!(fold("ascii"), "ascii");
    }
}
