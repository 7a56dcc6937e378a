//! The registry: the languages with their own rules, looked up by code, and the Snowball
//! stemmer of every language that has one.

use rust_stemmers::Algorithm;

use super::language::Language;
use super::{english, french, urdu, vietnamese};

/// The languages with their own rules. Other languages get the generic pipeline (Unicode
/// words, lowercase, folding, and a Snowball stemmer when rust-stemmers has one).
pub(crate) static LANGUAGES: [&Language; 4] =
    [&english::ENGLISH, &french::FRENCH, &vietnamese::VIETNAMESE, &urdu::URDU];

/// The registry row for `code`.
pub(crate) fn language(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().copied().find(|l| l.code == code)
}

/// The Snowball algorithm for a language code, ours or not.
pub(crate) fn stemmer_for(code: &str) -> Option<Algorithm> {
    if let Some(lang) = language(code) {
        return lang.stemmer;
    }
    Some(match code {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "fi" => Algorithm::Finnish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nb" | "no" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}
