//! Vectors remembered between runs: an [`Embedder`] that asks another one only for the texts
//! it has not seen, keeping the vectors in one file.
//!
//! Re-mining a help center's export every week embeds mostly the same texts again; with
//! this cache a second run over the same input asks the model for nothing. A vector is keyed
//! by what it depends on: the model (a key the caller gives, e.g. [`E5Model::cache_key`]:
//! the model file's hash and token budget), the side (query or document), the language and
//! the text. The values are stored as the model gave them (f32 bits), so a cached vector is
//! bit-identical to a fresh one.
//!
//! [`E5Model::cache_key`]: crate::embed::E5Model::cache_key

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::Embedder;
use crate::{Error, Result};

/// The cache file's name in its directory; the number is the format's version.
pub const CACHE_FILE_NAME: &str = "vectors-v1.bin";

/// At most this many vectors are kept by default (about 155 MB of 384-dimension vectors).
pub const DEFAULT_CAPACITY: usize = 100_000;

const MAGIC: &[u8; 4] = b"FQVC";
const VERSION: u32 = 1;

/// A vector's key: two independent 64-bit hashes of (side, language, text).
type Key = [u64; 2];

/// Which method a vector came from.
#[derive(Clone, Copy)]
enum Side {
    Query = 0,
    Document = 1,
}

fn key(side: Side, language: &str, text: &str) -> Key {
    let mut h = [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142u64];
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h[0] = (h[0] ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            h[1] = (h[1] ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
        }
    };
    eat(&[side as u8]);
    eat(language.as_bytes());
    eat(&[0xff]);
    eat(text.as_bytes());
    h
}

/// An [`Embedder`] that remembers the vectors of another one in a file: see the
/// [module](self) documentation.
///
/// # Example
///
/// ```
/// use std::sync::Arc;
/// use faqmine::embed::{Embedder, VectorCache};
///
/// struct Len;
/// impl Embedder for Len {
///     fn embed(&self, text: &str, _: &str) -> Option<Vec<f32>> {
///         Some(vec![text.len() as f32, 1.0])
///     }
/// }
/// # fn main() -> faqmine::Result<()> {
/// let dir = tempfile::tempdir().expect("temporary directory");
/// let cache = VectorCache::open(dir.path(), "len-v1", Arc::new(Len))?;
/// assert_eq!(cache.embed_batch(&[("abc", "en")]), vec![Some(vec![3.0, 1.0])]);
/// cache.save()?;
/// let again = VectorCache::open(dir.path(), "len-v1", Arc::new(Len))?;
/// assert_eq!(again.embed("abc", "en"), Some(vec![3.0, 1.0]));
/// assert_eq!((again.hits(), again.misses()), (1, 0));
/// # Ok(())
/// # }
/// ```
pub struct VectorCache {
    inner: Arc<dyn Embedder>,
    model: String,
    path: PathBuf,
    capacity: usize,
    /// Why the file on disk was not used, if it was not.
    note: Option<String>,
    /// How many vectors were read from the file.
    on_disk: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    vectors: HashMap<Key, Box<[f32]>>,
    /// Keys asked for in this run: kept first when the cache is over its capacity.
    used: std::collections::HashSet<Key>,
    hits: usize,
    misses: usize,
}

impl std::fmt::Debug for VectorCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VectorCache").field("path", &self.path).field("model", &self.model).finish()
    }
}

impl VectorCache {
    /// The cache in `dir` (its file [`CACHE_FILE_NAME`], read now if it is there) in front of
    /// `inner`, whose vectors `model` names: vectors saved under another key are not used. A
    /// file that cannot be parsed (another version, cut short) is left unused and
    /// [`note`](Self::note) says why; only a file that exists but cannot be read is an error.
    pub fn open(dir: &Path, model: &str, inner: Arc<dyn Embedder>) -> Result<VectorCache> {
        let path = dir.join(CACHE_FILE_NAME);
        let mut state = State::default();
        let mut note = None;
        match std::fs::read(&path) {
            Ok(bytes) => match parse(&bytes, model) {
                Ok(v) => state.vectors = v,
                Err(why) => note = Some(format!("{}: {why}; starting empty", path.display())),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
        Ok(VectorCache {
            inner,
            model: model.to_string(),
            path,
            capacity: DEFAULT_CAPACITY,
            note,
            on_disk: state.vectors.len(),
            state: Mutex::new(state),
        })
    }

    /// The same cache keeping at most `capacity` vectors when saved.
    pub fn with_capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity;
        self
    }

    /// Why the file found on disk was not used (another model's, another version, damaged).
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Vectors found in the cache so far.
    pub fn hits(&self) -> usize {
        self.lock().hits
    }

    /// Vectors asked of the model so far.
    pub fn misses(&self) -> usize {
        self.lock().misses
    }

    /// Writes the cache file (atomically: a temporary file renamed over it), creating the
    /// directory. Over the capacity, the vectors used in this run are kept first, then the
    /// others in the order of their keys. A run that asked for no vector the file did not
    /// hold writes nothing: the file already says all the cache knows.
    pub fn save(&self) -> Result<()> {
        let st = self.lock();
        if st.misses == 0
            && self.on_disk > 0
            && st.vectors.len() == self.on_disk
            && self.on_disk <= self.capacity
        {
            return Ok(());
        }
        let mut keys: Vec<(&Key, &Box<[f32]>)> = st.vectors.iter().collect();
        keys.sort_unstable_by_key(|(k, _)| (!st.used.contains(*k), **k));
        keys.truncate(self.capacity);
        let dim = keys.first().map_or(0, |(_, v)| v.len());
        keys.retain(|(_, v)| v.len() == dim);
        let mut out = Vec::with_capacity(32 + self.model.len() + keys.len() * (16 + 4 * dim));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(self.model.len() as u32).to_le_bytes());
        out.extend_from_slice(self.model.as_bytes());
        out.extend_from_slice(&(dim as u32).to_le_bytes());
        out.extend_from_slice(&(keys.len() as u64).to_le_bytes());
        for (k, v) in keys {
            out.extend_from_slice(&k[0].to_le_bytes());
            out.extend_from_slice(&k[1].to_le_bytes());
            for x in v.iter() {
                out.extend_from_slice(&x.to_bits().to_le_bytes());
            }
        }
        drop(st);
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let tmp = self.path.with_extension("tmp");
        let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        f.write_all(&out).and_then(|()| f.sync_all()).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| Error::io(&self.path, e))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The vectors of `texts` on `side`: the known ones from the cache, the others from
    /// `ask` in one call (each distinct text once), remembered.
    fn through(
        &self,
        side: Side,
        texts: &[(&str, &str)],
        ask: impl FnOnce(&[(&str, &str)]) -> Vec<Option<Vec<f32>>>,
    ) -> Vec<Option<Vec<f32>>> {
        let keys: Vec<Key> = texts.iter().map(|(t, l)| key(side, l, t)).collect();
        let mut out: Vec<Option<Vec<f32>>> = vec![None; texts.len()];
        let mut missing: Vec<usize> = Vec::new();
        {
            let mut st = self.lock();
            let mut first: HashMap<Key, usize> = HashMap::new();
            for (i, k) in keys.iter().enumerate() {
                st.used.insert(*k);
                if let Some(v) = st.vectors.get(k) {
                    out[i] = Some(v.to_vec());
                    st.hits += 1;
                } else if first.insert(*k, i).is_none() {
                    missing.push(i);
                }
            }
            st.misses += missing.len();
        }
        if missing.is_empty() {
            return out;
        }
        let ask_for: Vec<(&str, &str)> = missing.iter().map(|&i| texts[i]).collect();
        let mut got = ask(&ask_for);
        got.resize(missing.len(), None);
        let mut st = self.lock();
        for (&i, v) in missing.iter().zip(got) {
            if let Some(v) = &v {
                st.vectors.insert(keys[i], v.clone().into_boxed_slice());
            }
            out[i] = v;
        }
        // repeated texts of this batch take the vector of their first copy
        for (i, k) in keys.iter().enumerate() {
            if out[i].is_none() {
                out[i] = st.vectors.get(k).map(|v| v.to_vec());
            }
        }
        out
    }
}

/// The vectors of a cache file saved under `model`, or why they cannot be used.
fn parse(b: &[u8], model: &str) -> std::result::Result<HashMap<Key, Box<[f32]>>, String> {
    let mut at = 0usize;
    let mut take = |n: usize| -> std::result::Result<&[u8], String> {
        let s = b.get(at..at.checked_add(n).ok_or("too long")?).ok_or("the file is cut short")?;
        at += n;
        Ok(s)
    };
    let u32_of = |s: &[u8]| u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
    if take(4)? != MAGIC {
        return Err("not a vector cache".into());
    }
    let version = u32_of(take(4)?);
    if version != VERSION {
        return Err(format!("format version {version}, this program writes {VERSION}"));
    }
    let n = u32_of(take(4)?) as usize;
    let saved = take(n)?;
    if saved != model.as_bytes() {
        return Err(format!("vectors of another model ({})", String::from_utf8_lossy(saved)));
    }
    let dim = u32_of(take(4)?) as usize;
    let count = u64::from_le_bytes(take(8)?.try_into().map_err(|_| "count")?) as usize;
    let record = 16 + 4 * dim;
    if count.checked_mul(record) != Some(b.len() - at) {
        return Err(format!("{count} vectors announced, {} bytes of them", b.len() - at));
    }
    let mut out = HashMap::with_capacity(count);
    for r in b[at..].chunks_exact(record) {
        let k0 = u64::from_le_bytes(r[..8].try_into().map_err(|_| "key")?);
        let k1 = u64::from_le_bytes(r[8..16].try_into().map_err(|_| "key")?);
        let v: Box<[f32]> = r[16..].chunks_exact(4).map(|c| f32::from_bits(u32_of(c))).collect();
        out.insert([k0, k1], v);
    }
    Ok(out)
}

impl Embedder for VectorCache {
    fn embed(&self, text: &str, language: &str) -> Option<Vec<f32>> {
        self.through(Side::Query, &[(text, language)], |t| vec![self.inner.embed(t[0].0, t[0].1)]).pop()?
    }

    fn embed_batch(&self, texts: &[(&str, &str)]) -> Vec<Option<Vec<f32>>> {
        self.through(Side::Query, texts, |t| self.inner.embed_batch(t))
    }

    fn embed_documents(&self, texts: &[(&str, &str)]) -> Vec<Option<Vec<f32>>> {
        self.through(Side::Document, texts, |t| self.inner.embed_documents(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts the texts it is asked for; documents get another vector than queries.
    #[derive(Default)]
    struct Counting(AtomicUsize);
    impl Embedder for Counting {
        fn embed(&self, text: &str, language: &str) -> Option<Vec<f32>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            (!text.is_empty()).then(|| vec![text.len() as f32 / 7.0, language.len() as f32, 0.1])
        }
        fn embed_documents(&self, texts: &[(&str, &str)]) -> Vec<Option<Vec<f32>>> {
            self.embed_batch(texts).into_iter().map(|v| v.map(|v| v.iter().map(|x| -x).collect())).collect()
        }
    }

    #[test]
    fn a_second_run_asks_only_for_new_texts_and_gets_the_same_bits() {
        let dir = tempfile::tempdir().expect("tempdir");
        let model = Arc::new(Counting::default());
        let texts = [
            ("reset my password", "en"),
            ("où est mon colis", "fr"),
            ("reset my password", "en"),
            ("", "en"),
        ];
        let first = VectorCache::open(dir.path(), "m1", model.clone()).expect("opens");
        let a = first.embed_batch(&texts);
        let d = first.embed_documents(&texts[..1]);
        assert_eq!(model.0.load(Ordering::SeqCst), 4, "each distinct text once per side");
        assert_eq!(a[0], a[2]);
        assert_eq!(a[3], None);
        assert_ne!(d[0], a[0]);
        first.save().expect("saves");

        let second = VectorCache::open(dir.path(), "m1", model.clone()).expect("opens");
        assert!(second.note().is_none());
        let b = second.embed_batch(&[texts[1], texts[0], ("new text", "en")]);
        assert_eq!(model.0.load(Ordering::SeqCst), 5, "only the new text");
        assert_eq!((b[0].as_ref(), b[1].as_ref()), (a[1].as_ref(), a[0].as_ref()));
        assert_eq!(second.embed_documents(&texts[..1]), d);
        assert_eq!(second.embed("où est mon colis", "en"), model.embed("où est mon colis", "en"));
        assert_eq!(second.embed("où est mon colis", "fr"), a[1], "the language is part of the key");
    }

    #[test]
    fn a_run_that_embeds_nothing_new_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let model = Arc::new(Counting::default());
        let c = VectorCache::open(dir.path(), "m", model.clone()).expect("opens");
        c.embed_batch(&[("a", "en"), ("b", "en")]);
        c.save().expect("saves");
        let bytes = std::fs::read(dir.path().join(CACHE_FILE_NAME)).expect("file");
        // A directory where the temporary file goes: any write would fail.
        std::fs::create_dir(dir.path().join(CACHE_FILE_NAME).with_extension("tmp")).expect("dir");
        let again = VectorCache::open(dir.path(), "m", model.clone()).expect("opens");
        again.embed("b", "en");
        again.save().expect("nothing to write");
        assert_eq!(std::fs::read(dir.path().join(CACHE_FILE_NAME)).expect("file"), bytes);
        again.embed("c", "en");
        assert!(again.save().is_err(), "a new vector is written");
    }

    #[test]
    fn another_model_or_a_damaged_file_starts_empty_with_a_note() {
        let dir = tempfile::tempdir().expect("tempdir");
        let model = Arc::new(Counting::default());
        let c = VectorCache::open(dir.path(), "m1", model.clone()).expect("opens");
        c.embed_batch(&[("a", "en"), ("b", "en")]);
        c.save().expect("saves");
        let other = VectorCache::open(dir.path(), "m2", model.clone()).expect("opens");
        assert!(other.note().is_some_and(|n| n.contains("another model")), "{:?}", other.note());
        other.embed("a", "en");
        assert_eq!(other.misses(), 1);
        let bytes = std::fs::read(dir.path().join(CACHE_FILE_NAME)).expect("file");
        for cut in 0..bytes.len() {
            std::fs::write(dir.path().join(CACHE_FILE_NAME), &bytes[..cut]).expect("write");
            let c = VectorCache::open(dir.path(), "m1", model.clone()).expect("opens");
            assert!(c.note().is_some(), "a file cut at {cut} is noted");
        }
    }

    #[test]
    fn over_capacity_the_vectors_of_this_run_are_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let model = Arc::new(Counting::default());
        let c = VectorCache::open(dir.path(), "m", model.clone()).expect("opens");
        let old: Vec<String> = (0..10).map(|i| format!("old {i}")).collect();
        c.embed_batch(&old.iter().map(|t| (t.as_str(), "en")).collect::<Vec<_>>());
        c.save().expect("saves");
        let c = VectorCache::open(dir.path(), "m", model.clone()).expect("opens").with_capacity(3);
        c.embed_batch(&[("new 1", "en"), ("new 2", "en")]);
        c.save().expect("saves");
        let c = VectorCache::open(dir.path(), "m", model.clone()).expect("opens");
        c.embed_batch(&[("new 1", "en"), ("new 2", "en")]);
        assert_eq!((c.hits(), c.misses()), (2, 0));
        assert_eq!(c.lock().vectors.len(), 3);
    }
}
