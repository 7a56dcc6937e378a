//! Sentence vectors: the [`Embedder`] trait, and the built-in offline model [`E5Model`].
//!
//! The lexical features of [`mine`](crate::mine) and [`search`](crate::search) stand on their
//! own; an [`Embedder`] adds meaning to them (paraphrases without a shared word, the same
//! question in two languages). Any model can be plugged in through the trait; this crate
//! ships one: [`E5Model`] runs multilingual-e5-small, quantized to 4 bits, from a single
//! file on disk (see `docs/model.md` for where it comes from and how to fetch it).
//!
//! [`VectorCache`] remembers another embedder's vectors in a file, so that a second run over
//! the same texts does not ask the model again.
//!
//! Architecture invariants: nothing here does IO except [`E5Model::load`] reading the model
//! file and [`VectorCache`] reading and writing its own file, nothing ever touches the
//! network, and a text's vector depends only on the text (not on the batch it came in, the
//! thread count, the CPU's instruction set or whether it came from the cache).

use rayon::prelude::*;

mod cache;
mod e5;
pub(crate) mod vector;

pub use cache::{VectorCache, CACHE_FILE_NAME, DEFAULT_CAPACITY};
pub use e5::{E5Model, Prefix, DEFAULT_MAX_TOKENS, MODEL_FILE_NAME, MODEL_SHA256};

/// Turns a text into a sentence vector. Implementations must be deterministic (the same
/// text always gives the same vector) and cheap to call from several threads.
///
/// # Example
///
/// ```
/// use faqmine::mine::Embedder;
///
/// /// A toy embedder: one dimension per vowel.
/// struct Vowels;
///
/// impl Embedder for Vowels {
///     fn embed(&self, text: &str, _language: &str) -> Option<Vec<f32>> {
///         let v: Vec<f32> = "aeiou".chars().map(|c| text.matches(c).count() as f32).collect();
///         v.iter().any(|&x| x > 0.0).then_some(v)
///     }
/// }
/// assert_eq!(Vowels.embed("banana", "en"), Some(vec![3.0, 0.0, 0.0, 0.0, 0.0]));
/// assert_eq!(Vowels.embed_batch(&[("banana", "en"), ("xyz", "en")]), vec![Some(vec![3.0, 0.0, 0.0, 0.0, 0.0]), None]);
/// ```
pub trait Embedder: Send + Sync {
    /// The vector of `text` (in `language`, an ISO 639-1 code or `und`), or `None` when the
    /// model cannot say anything about it. Vectors of one run must have one length; they
    /// need not be normalized.
    fn embed(&self, text: &str, language: &str) -> Option<Vec<f32>>;

    /// The vectors of many `(text, language)` pairs, in order: one entry per pair, each as
    /// [`embed`](Self::embed) would give it. The default calls `embed` on rayon's threads;
    /// a model that is faster on batches (as [`E5Model`] is) overrides it.
    fn embed_batch(&self, texts: &[(&str, &str)]) -> Vec<Option<Vec<f32>>> {
        texts.par_iter().map(|(t, l)| self.embed(t, l)).collect()
    }

    /// The vectors of texts that are searched *for* (an FAQ entry's question and answer),
    /// in order, one entry per pair. Search compares them with [`embed`](Self::embed)'s
    /// vectors of queries. The default is [`embed_batch`](Self::embed_batch): a symmetric
    /// model embeds both sides alike; a model trained with asymmetric prefixes (as
    /// [`E5Model`], whose documents read `"passage: "`) overrides it.
    fn embed_documents(&self, texts: &[(&str, &str)]) -> Vec<Option<Vec<f32>>> {
        self.embed_batch(texts)
    }
}
