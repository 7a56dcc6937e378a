//! A help center's curated FAQ (`{"id", "question", "answer"}` records) as a [`FaqSet`], so
//! that it can be indexed like a mined one.

use crate::analyze::{Analyzer, UNDETERMINED};
use crate::faq::{ExistingFaq, FaqEntry, FaqSet, Status};

/// How much of the collection is read to guess its main language.
const SAMPLE_BYTES: usize = 20_000;

/// The entries of a curated FAQ as a [`FaqSet`]: status `curated`, no counts, each entry's
/// language detected from its question and answer. The language of the whole collection
/// settles the entries too short to tell on their own.
///
/// # Example
/// ```
/// use faqmine::faq::ExistingFaq;
/// use faqmine::search::faq_set_from_existing;
///
/// let set = faq_set_from_existing(&[ExistingFaq {
///     id: "q1".into(),
///     question: "How do I reset my password?".into(),
///     answer: Some("Use the link 'Forgot password' on the sign-in page.".into()),
/// }]);
/// assert_eq!(set.entries[0].id, "q1");
/// assert_eq!(set.entries[0].status, faqmine::faq::Status::Curated);
/// ```
pub fn faq_set_from_existing(records: &[ExistingFaq]) -> FaqSet {
    let analyzer = Analyzer::new();
    let mut sample = String::new();
    for r in records {
        if sample.len() >= SAMPLE_BYTES {
            break;
        }
        sample.push_str(&r.question);
        sample.push('\n');
    }
    let main = analyzer.detect_language(&sample, None);
    let hint = (main != UNDETERMINED).then_some(main.as_str());
    let entries = records
        .iter()
        .map(|r| {
            let text = format!("{}\n{}", r.question, r.answer.as_deref().unwrap_or_default());
            let language = analyzer.detect_language(&text, hint);
            FaqEntry {
                needs_answer: r.answer.is_none(),
                answer: r.answer.clone(),
                languages: [(language.clone(), 0)].into_iter().collect(),
                language,
                status: Status::Curated,
                ..FaqEntry::new(r.id.clone(), r.question.trim())
            }
        })
        .collect();
    FaqSet::new(entries)
}
