//! The index layout: which fields an FAQ entry is spread over, which tokenizer each uses,
//! and the small meta file that records the layout's version beside tantivy's `meta.json`.
//!
//! Every language group (English, French, Vietnamese, Urdu, and one for all other
//! languages) has its own text fields, analyzed by our [`Analyzer`] for that language, in
//! two forms: the exact terms and their accent-folded twins. An entry's text goes to the
//! fields of its own language group only, so each group's BM25 statistics describe texts
//! of one language.

use std::path::Path;

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::Index;

use super::tokenizer::{FaqTokenizer, TermForm};
use crate::analyze::Analyzer;
use crate::{Error, Result};

/// The version of the index layout this build writes and reads. Bump it whenever a field,
/// a tokenizer or the meaning of a stored value changes.
pub const INDEX_SCHEMA_VERSION: u32 = 5;

/// The file, beside tantivy's `meta.json`, that records [`INDEX_SCHEMA_VERSION`].
pub(crate) const META_FILE: &str = "faqmine-index.json";

/// The language groups that have fields of their own: `(group name, analyzer language)`.
/// Every other language goes to the last group, analyzed without a stemmer.
pub(crate) const GROUPS: [(&str, &str); 5] =
    [("en", "en"), ("fr", "fr"), ("vi", "vi"), ("ur", "ur"), ("other", "und")];

/// The index of the group an entry or query in language `lang` belongs to.
pub(crate) fn group_of(lang: &str) -> usize {
    GROUPS.iter().position(|(g, _)| *g == lang).unwrap_or(GROUPS.len() - 1)
}

/// One kind of text of an entry, each indexed in every group in two forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The canonical question and the keywords.
    Question,
    /// The other phrasings customers used.
    Variants,
    /// The answer.
    Answer,
}

impl Part {
    pub(crate) const ALL: [Part; 3] = [Part::Question, Part::Variants, Part::Answer];

    fn name(self) -> &'static str {
        match self {
            Part::Question => "question",
            Part::Variants => "variants",
            Part::Answer => "answer",
        }
    }

    pub(crate) fn slot(self) -> usize {
        match self {
            Part::Question => 0,
            Part::Variants => 1,
            Part::Answer => 2,
        }
    }
}

/// The exact and folded fields of one part in one group.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextPair {
    pub exact: Field,
    pub folded: Field,
}

/// The fields of one language group.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupFields {
    parts: [TextPair; 3],
}

impl GroupFields {
    pub(crate) fn part(&self, part: Part) -> TextPair {
        self.parts[part.slot()]
    }
}

/// Every field of the index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// The entry id (raw, stored).
    pub id: Field,
    /// The question for display (stored only).
    pub question: Field,
    /// The answer for display (stored only; empty when there is none).
    pub answer: Field,
    /// The entry's language (raw, stored).
    pub language: Field,
    /// The entry's status, as [`Status::as_str`](crate::faq::Status::as_str) (raw, stored).
    pub status: Field,
    /// `message_count` (stored).
    pub popularity: Field,
    /// The entry's language group name (raw): how many entries a group holds.
    pub group: Field,
    /// The popularity prior, `1 + POPULARITY_PRIOR ln(1 + message_count)` (fast).
    pub prior: Field,
    /// 1 when search shows the entry by default, 0 for retired and suppressed ones (fast).
    pub visible: Field,
    /// The text fields of each group, in [`GROUPS`] order.
    pub groups: [GroupFields; 5],
    /// The words the analyzer drops as stopwords, per part (in [`Part::ALL`] order), in
    /// every language: "how do I" and "what is" are noise in an article but tell FAQ
    /// questions apart.
    pub stop: [Field; 3],
    /// The entry's question and answer in its other languages, as JSON
    /// `{"fr": {"question": …, "answer": …}}` (stored; absent for an entry of one language).
    pub localized: Field,
    /// The entry's sentence vector, 8-bit with a scale (stored; absent when the index was
    /// built without an embedder): see `semantic.rs`.
    pub vector: Field,
}

pub(crate) const PRIOR: &str = "prior";
pub(crate) const VISIBLE: &str = "visible";

/// How strongly popularity lifts a hit: the score is multiplied by
/// `1 + POPULARITY_PRIOR * ln(1 + message_count)`, so an entry asked 100 times ranks about
/// 23% higher than an equally relevant one nobody asked, and relevance still dominates.
pub(crate) const POPULARITY_PRIOR: f64 = 0.05;

/// The popularity prior of an entry asked `count` times.
pub(crate) fn prior(count: u32) -> f64 {
    1.0 + POPULARITY_PRIOR * f64::from(count).ln_1p()
}

fn tokenizer_name(group: &str, form: TermForm) -> String {
    match form {
        TermForm::Exact => format!("faqmine_{group}"),
        TermForm::Folded => format!("faqmine_{group}_folded"),
    }
}

/// The schema and its fields.
pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Term frequencies only: no query needs positions, and without them the index is
    // smaller and faster to build.
    let text = |group: &str, form: TermForm| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&tokenizer_name(group, form))
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let id = b.add_text_field("id", STRING | STORED);
    let question = b.add_text_field("question", STORED);
    let answer = b.add_text_field("answer", STORED);
    let language = b.add_text_field("language", STRING | STORED);
    let status = b.add_text_field("status", STRING | STORED);
    let popularity = b.add_u64_field("popularity", STORED);
    let group = b.add_text_field("group", STRING);
    let prior = b.add_f64_field(PRIOR, FAST);
    let visible = b.add_u64_field(VISIBLE, FAST);
    let groups = GROUPS.map(|(g, _)| GroupFields {
        parts: Part::ALL.map(|p| TextPair {
            exact: b.add_text_field(&format!("{}_{g}", p.name()), text(g, TermForm::Exact)),
            folded: b.add_text_field(&format!("{}_{g}_folded", p.name()), text(g, TermForm::Folded)),
        }),
    });
    // Filled with pre-tokenized words only; tantivy's "default" tokenizer (split and
    // lowercase) is the closest stand-in should anything tokenize them.
    let stop_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer("default").set_index_option(IndexRecordOption::WithFreqs),
    );
    let stop = Part::ALL.map(|p| b.add_text_field(&format!("{}_stop", p.name()), stop_options.clone()));
    let vector = b.add_bytes_field("vector", STORED);
    let localized = b.add_text_field("localized", STORED);
    (
        b.build(),
        Fields {
            id,
            question,
            answer,
            language,
            status,
            popularity,
            group,
            prior,
            visible,
            groups,
            stop,
            vector,
            localized,
        },
    )
}

/// Registers our analyzer under every tokenizer name the schema uses.
pub(crate) fn register_tokenizers(index: &Index, analyzer: &Analyzer) {
    for (group, lang) in GROUPS {
        for form in [TermForm::Exact, TermForm::Folded] {
            index
                .tokenizers()
                .register(&tokenizer_name(group, form), FaqTokenizer::new(*analyzer, lang, form));
        }
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    schema_version: u32,
}

/// Writes the meta file into `dir`, atomically (a temporary file renamed into place).
pub(crate) fn write_meta(dir: &Path) -> Result<()> {
    let path = dir.join(META_FILE);
    let tmp = dir.join(format!("{META_FILE}.tmp"));
    let text = serde_json::to_string(&Meta { schema_version: INDEX_SCHEMA_VERSION })?;
    std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}

/// Checks that `dir` holds an index of this build's layout.
///
/// # Errors
/// [`Error::SchemaVersion`] when it was written with another layout version;
/// [`Error::Parse`] when the meta file is missing or unreadable.
pub(crate) fn check_meta(dir: &Path) -> Result<()> {
    let path = dir.join(META_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Parse {
                path: path.clone(),
                line: 0,
                message: "missing: not a faqmine index, or one written before index schema versions \
                          existed; rebuild the index"
                    .to_string(),
            }
        } else {
            Error::io(&path, e)
        }
    })?;
    let meta: Meta = serde_json::from_str(&text).map_err(|e| Error::Parse {
        path: path.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    if meta.schema_version != INDEX_SCHEMA_VERSION {
        return Err(Error::SchemaVersion {
            path: dir.to_path_buf(),
            found: meta.schema_version,
            expected: INDEX_SCHEMA_VERSION,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_group() {
        for (lang, group) in
            [("en", "en"), ("fr", "fr"), ("vi", "vi"), ("ur", "ur"), ("de", "other"), ("und", "other")]
        {
            assert_eq!(GROUPS[group_of(lang)].0, group, "language {lang} should go to group {group}");
        }
    }

    #[test]
    fn field_names_are_unique() {
        let (schema, _) = build_schema();
        let mut names: Vec<&str> = schema.fields().map(|(_, e)| e.name()).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n, "two fields share a name");
    }
}
