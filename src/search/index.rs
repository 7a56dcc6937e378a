//! [`FaqIndex`]: building, opening, replacing and querying the index.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher, SegmentReader,
    TantivyDocument, Term,
};

use super::query::{self, Plan, Scope, Tail};
use super::rerank;
use super::schema::{self, group_of, Fields, Part, GROUPS, PRIOR, VISIBLE};
use super::semantic::{self, Candidate, VectorTable};
use super::snippet::{self, Snippet};
use super::words::WordCache;
use super::{accents, confidence};
use super::{Hit, LastTerm, SearchRequest, Suggestion};
use rayon::prelude::*;
use tantivy::tokenizer::PreTokenizedString;

use crate::analyze::Analyzer;
use crate::embed::Embedder;
use crate::faq::{FaqEntry, FaqSet, Status};
use crate::{Error, Result};

/// Retired and suppressed entries are dropped from the fast path's results after the fact
/// when there are at most this many; with more, the query filters them.
const MAX_POST_FILTERED: u64 = 256;

/// Decompressed document-store blocks kept in memory (16 KB each before compression).
const DOC_STORE_CACHE_BLOCKS: usize = 512;

/// At most this many variants of an entry are indexed (the most frequent come first).
const MAX_VARIANTS: usize = 50;

/// The indexing memory budget, in bytes (tantivy's per-thread minimum is 15 MB).
const WRITER_BUDGET: usize = 64_000_000;

/// A searchable index of FAQ entries.
///
/// Cheap to clone (clones share the index), `Send + Sync`: one instance can serve every
/// thread of a help center. [`replace`](Self::replace) swaps the whole content in one
/// commit: a search runs either on the old entries or on the new ones, never on a mix.
/// Several processes can [`open`](Self::open) the same directory and read it; readers of a
/// directory index pick up a replacement by another process within a second or so.
///
/// # Example
/// ```
/// use faqmine::faq::{FaqEntry, FaqSet};
/// use faqmine::search::{faq_set_from_existing, FaqIndex, LastTerm, SearchRequest};
/// use faqmine::faq::ExistingFaq;
///
/// # fn main() -> faqmine::Result<()> {
/// let faqs = faq_set_from_existing(&[ExistingFaq {
///     id: "pw".into(),
///     question: "Làm sao đổi mật khẩu?".into(),
///     answer: Some("Vào Cài đặt, chọn Bảo mật.".into()),
/// }]);
/// let index = FaqIndex::create_in_ram(&faqs)?;
/// let hits = index.search(&SearchRequest::new("lam sao doi mat khau").language("vi"))?;
/// assert_eq!(hits[0].faq_id, "pw");
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct FaqIndex {
    inner: Arc<Inner>,
}

struct Inner {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: Analyzer,
    /// What query planning reuses between queries (short-prefix completions, automata).
    cache: query::Cache,
    /// The analyzed words of the texts hits showed (second stage, highlights).
    words: WordCache,
    /// Serializes writers of this process (tantivy allows one writer per index).
    write_lock: Mutex<()>,
    /// The sentence model of semantic search, when the index was built or opened with one.
    embedder: Option<Arc<dyn Embedder>>,
    /// The entry vectors of the latest searcher generation a query saw.
    vectors: Mutex<Option<Arc<VectorTable>>>,
}

/// Builds or opens a [`FaqIndex`] with options: today, the sentence model that makes
/// search find meaning as well as words.
///
/// With an [`Embedder`], every entry's vector is computed when the index is built (and
/// stored with it), and every complete query is embedded once and fused with BM25:
/// paraphrases without a shared word and questions in another language than their entry
/// find it. As-you-type queries stay lexical. Open an index with the embedder that built
/// it; without one, or for an index built without one, search is lexical.
///
/// # Example
/// ```
/// use std::sync::Arc;
/// use faqmine::faq::ExistingFaq;
/// use faqmine::mine::Embedder;
/// use faqmine::search::{faq_set_from_existing, FaqIndex, LastTerm, SearchRequest};
///
/// /// A toy model that knows one thing: "password" and "mật khẩu" mean the same.
/// struct Toy;
/// impl Embedder for Toy {
///     fn embed(&self, text: &str, _: &str) -> Option<Vec<f32>> {
///         let pw = text.contains("password") || text.contains("mật khẩu");
///         Some(if pw { vec![1.0, 0.0] } else { vec![0.0, 1.0] })
///     }
/// }
/// # fn main() -> faqmine::Result<()> {
/// let faqs = faq_set_from_existing(&[
///     ExistingFaq { id: "pw".into(), question: "Làm sao đổi mật khẩu?".into(), answer: None },
///     ExistingFaq { id: "ship".into(), question: "Phí giao hàng là bao nhiêu?".into(), answer: None },
/// ]);
/// let index = FaqIndex::builder().embedder(Arc::new(Toy)).create_in_ram(&faqs)?;
/// let hits = index.search(&SearchRequest::new("forgot my password").last_term(LastTerm::Complete))?;
/// assert_eq!(hits[0].faq_id, "pw");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct FaqIndexBuilder {
    embedder: Option<Arc<dyn Embedder>>,
}

impl std::fmt::Debug for FaqIndexBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaqIndexBuilder").field("embedder", &self.embedder.is_some()).finish()
    }
}

impl FaqIndexBuilder {
    /// Search with this sentence model as well as with words.
    pub fn embedder(mut self, embedder: Arc<dyn Embedder>) -> Self {
        self.embedder = Some(embedder);
        self
    }

    /// Builds an index of `faqs` in memory; see [`FaqIndex::create_in_ram`].
    ///
    /// # Errors
    /// When the search engine fails.
    pub fn create_in_ram(self, faqs: &FaqSet) -> Result<FaqIndex> {
        let (schema, _) = schema::build_schema();
        let this = FaqIndex::from_index(Index::create_in_ram(schema), ReloadPolicy::Manual, self.embedder)?;
        this.replace(faqs)?;
        Ok(this)
    }

    /// Builds an index of `faqs` in `dir`; see [`FaqIndex::create_in_dir`].
    ///
    /// # Errors
    /// As [`FaqIndex::create_in_dir`].
    pub fn create_in_dir(self, dir: impl AsRef<Path>, faqs: &FaqSet) -> Result<FaqIndex> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mmap = MmapDirectory::open(dir).map_err(|e| Error::Index(format!("{}: {e}", dir.display())))?;
        let index = if Index::exists(&mmap).map_err(|e| Error::Index(format!("{}: {e}", dir.display())))? {
            schema::check_meta(dir)?;
            Index::open(mmap)?
        } else {
            let (schema, _) = schema::build_schema();
            let index = Index::create(mmap, schema, tantivy::IndexSettings::default())?;
            schema::write_meta(dir)?;
            index
        };
        let this = FaqIndex::from_index(index, ReloadPolicy::OnCommitWithDelay, self.embedder)?;
        this.replace(faqs)?;
        Ok(this)
    }

    /// Opens an index written by [`create_in_dir`](Self::create_in_dir); see
    /// [`FaqIndex::open`].
    ///
    /// # Errors
    /// As [`FaqIndex::open`].
    pub fn open(self, dir: impl AsRef<Path>) -> Result<FaqIndex> {
        let dir: PathBuf = dir.as_ref().to_path_buf();
        if !dir.is_dir() {
            return Err(Error::io(
                &dir,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no index directory"),
            ));
        }
        schema::check_meta(&dir)?;
        let index = Index::open_in_dir(&dir).map_err(|e| Error::Index(format!("{}: {e}", dir.display())))?;
        FaqIndex::from_index(index, ReloadPolicy::OnCommitWithDelay, self.embedder)
    }
}

impl std::fmt::Debug for FaqIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaqIndex").field("entries", &self.num_entries()).finish_non_exhaustive()
    }
}

impl FaqIndex {
    /// Options (a sentence model): see [`FaqIndexBuilder`].
    pub fn builder() -> FaqIndexBuilder {
        FaqIndexBuilder::default()
    }

    /// Builds an index of `faqs` in memory (lexical search: [`builder`](Self::builder) adds a
    /// sentence model).
    ///
    /// # Errors
    /// When the search engine fails.
    pub fn create_in_ram(faqs: &FaqSet) -> Result<FaqIndex> {
        FaqIndexBuilder::default().create_in_ram(faqs)
    }

    /// Builds an index of `faqs` in the directory `dir`, created if needed. An index of this
    /// build's layout already there is replaced in one commit (its readers, in any process,
    /// move from the old entries to the new ones at once).
    ///
    /// # Errors
    /// When `dir` cannot be created or written, when it holds an index of another schema
    /// version ([`Error::SchemaVersion`]: remove the directory to rebuild), or when the
    /// search engine fails.
    pub fn create_in_dir(dir: impl AsRef<Path>, faqs: &FaqSet) -> Result<FaqIndex> {
        FaqIndexBuilder::default().create_in_dir(dir, faqs)
    }

    /// Opens an index written by [`create_in_dir`](Self::create_in_dir), for reading (any
    /// number of processes may do so at once) and for [`replace`](Self::replace).
    ///
    /// # Errors
    /// When `dir` holds no index, when it was written with another schema version
    /// ([`Error::SchemaVersion`]), or when the search engine fails.
    pub fn open(dir: impl AsRef<Path>) -> Result<FaqIndex> {
        FaqIndexBuilder::default().open(dir)
    }

    fn from_index(
        index: Index,
        policy: ReloadPolicy,
        embedder: Option<Arc<dyn Embedder>>,
    ) -> Result<FaqIndex> {
        let analyzer = Analyzer::new();
        schema::register_tokenizers(&index, &analyzer);
        let (_, fields) = schema::build_schema();
        // Hits are read from the document store; caching more of its blocks than tantivy's
        // default keeps the stored text of a typical FAQ in memory.
        let reader = index
            .reader_builder()
            .reload_policy(policy)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        Ok(FaqIndex {
            inner: Arc::new(Inner {
                index,
                reader,
                fields,
                analyzer,
                cache: query::Cache::default(),
                words: WordCache::default(),
                write_lock: Mutex::new(()),
                embedder,
                vectors: Mutex::new(None),
            }),
        })
    }

    /// Replaces every entry by those of `faqs`, in one commit: searches running meanwhile
    /// see either all the old entries or all the new ones.
    ///
    /// # Errors
    /// When another process is writing the same index directory, or the search engine fails.
    pub fn replace(&self, faqs: &FaqSet) -> Result<()> {
        let inner = &*self.inner;
        // The sentence model, the costliest part by far, runs before the write lock is taken.
        let vectors: Vec<Vec<Vec<f32>>> = match &inner.embedder {
            Some(embedder) => {
                let texts: Vec<semantic::EntryTexts<'_>> = faqs
                    .entries
                    .iter()
                    .map(|e| {
                        let lang = e.language.as_str();
                        let mut documents = vec![(e.question.as_str(), lang)];
                        if let Some(a) = e.answer.as_deref().filter(|a| !a.trim().is_empty()) {
                            documents.push((a, lang));
                        }
                        // Distinct phrasings, ignoring case, other than the question. A
                        // phrasing's own language is not kept: the model reads any.
                        let mut seen = vec![e.question.trim().to_lowercase()];
                        let mut phrasings: Vec<(&str, &str)> = Vec::new();
                        for v in &e.variants {
                            let (text, lower) = (v.text.trim(), v.text.trim().to_lowercase());
                            if text.is_empty() || seen.contains(&lower) {
                                continue;
                            }
                            seen.push(lower);
                            phrasings.push((text, lang));
                            if phrasings.len() == semantic::PHRASINGS {
                                break;
                            }
                        }
                        semantic::EntryTexts { documents, phrasings }
                    })
                    .collect();
                semantic::entry_vectors(embedder.as_ref(), &texts)
            }
            None => Vec::new(),
        };
        let _guard = inner.write_lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // One indexing thread keeps documents in entry order, so that ties rank the same on
        // every run.
        let mut writer: IndexWriter = inner.index.writer_with_num_threads(1, WRITER_BUDGET)?;
        writer.delete_all_documents()?;
        // Analysis, the costly part, runs in parallel; documents are added in entry order.
        let docs: Vec<TantivyDocument> = faqs
            .entries
            .par_iter()
            .enumerate()
            .map(|(i, e)| {
                let mut doc = document(&inner.fields, &inner.analyzer, e);
                if let Some(v) = vectors.get(i).filter(|v| !v.is_empty()) {
                    doc.add_bytes(inner.fields.vector, &semantic::encode(v));
                }
                doc
            })
            .collect();
        for doc in docs {
            writer.add_document(doc)?;
        }
        writer.commit()?;
        // One segment answers queries fastest: each term lookup and each expansion scan
        // runs once instead of once a segment.
        let segments = inner.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.wait_merging_threads()?;
        inner.reader.reload()?;
        Ok(())
    }

    /// How many entries the index holds (all statuses).
    pub fn num_entries(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    /// Ranked hits for `request`. A query with nothing searchable in it (empty, only
    /// punctuation or emoji) has no hits; query syntax (quotes, `AND`, colons, parentheses)
    /// has no special meaning, so any text is a valid query.
    ///
    /// # Errors
    /// When the search engine fails (for example, the index files were removed).
    pub fn search(&self, request: &SearchRequest) -> Result<Vec<Hit>> {
        let inner = &*self.inner;
        if request.limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = inner.reader.searcher();
        let tail = match request.last_term {
            LastTerm::Prefix => Tail::Prefix,
            LastTerm::Complete => Tail::Complete,
        };
        let Plan { query, terms, words, complete } =
            self.plan(&searcher, &request.query, request.language.as_deref(), tail, Scope::Everything);
        // A complete query with a sentence model: its vector, and the table it is compared with.
        // The query's language when the model's text needed it (`text_for_model`).
        let mut read_as: Option<String> = None;
        let semantic = match (&inner.embedder, request.last_term) {
            (Some(embedder), LastTerm::Complete) if !request.query.trim().is_empty() => {
                let table = self.vector_table(&searcher)?;
                let lang = request.language.as_deref().unwrap_or("und");
                let (text, language) = self.text_for_model(&table, request);
                read_as = language;
                (table.dim > 0)
                    .then(|| embedder.embed(&text, lang).map(semantic::normalized))
                    .flatten()
                    .filter(|q| q.len() == table.dim)
                    .map(|q| (table, q))
            }
            _ => None,
        };
        // The second stage reorders the first CANDIDATES hits of a complete query: fetch
        // them all whatever the limit, so that a shorter list is a prefix of a longer one.
        let mut fetch = if complete { request.limit.max(rerank::CANDIDATES) } else { request.limit };
        if semantic.is_some() {
            fetch = fetch.max(semantic::CANDIDATES);
        }
        let word_cache = inner.words.for_entries(searcher.num_docs());
        let top = self.run(&searcher, query, fetch, &request.statuses, &request.languages)?;
        let mut found: Vec<(Score, DocAddress, Option<TantivyDocument>)> =
            top.into_iter().map(|(score, addr)| (score, addr, None)).collect();
        if complete && found.len() > 1 {
            let f = inner.fields;
            let mut stage: [Option<rerank::QueryWords>; 5] = Default::default();
            let n = found.len().min(rerank::CANDIDATES);
            for (score, addr, slot) in &mut found[..n] {
                let doc = slot.insert(searcher.doc(*addr)?);
                let group = group_of(&text_of(doc, f.language));
                let words = stage[group]
                    .get_or_insert_with(|| rerank::QueryWords::new(&searcher, &f, group, &words[group]));
                let bonus = words.bonus(
                    &inner.analyzer,
                    word_cache,
                    GROUPS[group].1,
                    &text_of(doc, f.question),
                    &text_of(doc, f.answer),
                );
                let count = doc.get_first(f.popularity).and_then(|v| v.as_u64()).unwrap_or(0);
                *score += bonus * schema::prior(u32::try_from(count).unwrap_or(u32::MAX)) as Score;
            }
            // Stable: equal scores keep the first stage's order.
            found[..n].sort_by(|a, b| b.0.total_cmp(&a.0));
        }
        let mut cosines: Option<(HashMap<DocAddress, f32>, confidence::Cosines)> = None;
        if let Some((table, q)) = semantic {
            let trust = self.lexical_trust(&searcher, word_cache, &words, &mut found)?;
            let (fused, of_hits, summary) = self.fuse(&table, &q, found, request, trust)?;
            found = fused;
            cosines = Some((of_hits, summary));
        }
        found.truncate(request.limit);
        let mut highlighter = snippet::Highlighter::new(&inner.analyzer, word_cache, &terms);
        let mut query_words: [Option<rerank::QueryWords>; 5] = Default::default();
        let mut hits = Vec::with_capacity(found.len());
        // The query's language, detected when the request does not say and an entry is
        // shown in several.
        let mut query_language: Option<String> = request.language.clone().or(read_as);
        for (score, addr, doc) in found {
            let doc = match doc {
                Some(d) => d,
                None => searcher.doc(addr)?,
            };
            let localized = text_of(&doc, inner.fields.localized);
            let mut hit = self.hit(&mut highlighter, score, doc)?;
            let judged = cosines.as_ref().filter(|_| complete);
            if let Some((&cosine, summary)) = judged.and_then(|(c, s)| Some((c.get(&addr)?, s))) {
                let group = group_of(&hit.language);
                let words = query_words[group].get_or_insert_with(|| {
                    rerank::QueryWords::new(&searcher, &inner.fields, group, &words[group])
                });
                let coverage = words.coverage(
                    &inner.analyzer,
                    word_cache,
                    GROUPS[group].1,
                    &hit.question,
                    hit.answer.as_deref().unwrap_or_default(),
                );
                let evidence = summary.evidence(cosine, coverage);
                hit.confidence = Some(evidence.confidence());
                hit.evidence = Some(evidence);
            }
            if !request.keep_unanswered && !hit.answers() {
                continue;
            }
            let lang = query_language
                .get_or_insert_with(|| inner.analyzer.detect_language(&request.query, None))
                .clone();
            // A query whose language cannot be told is in no language the hit lacks.
            hit.in_query_language = hit.language == lang || lang == crate::analyze::UNDETERMINED;
            if !hit.in_query_language && !localized.is_empty() {
                self.localize(&mut highlighter, &mut hit, &localized, &lang);
            }
            hits.push(hit);
        }
        Ok(hits)
    }

    /// How far the lexical side of a fusion is to be trusted for this query, from 0 to 1:
    /// the idf-weighted share of the query's terms that its best lexical hit (first of
    /// `found`) holds. A query whose words its best lexical match barely holds (a question
    /// in another language than the entries, whose only shared words are names and
    /// numbers) leans on the sentence model; one whose words it holds all keeps the full
    /// lexical share.
    fn lexical_trust(
        &self,
        searcher: &Searcher,
        word_cache: Option<&WordCache>,
        words: &[Vec<(String, usize)>; 5],
        found: &mut [(Score, DocAddress, Option<TantivyDocument>)],
    ) -> Result<f32> {
        let inner = &*self.inner;
        let f = inner.fields;
        let Some((_, addr, slot)) = found.first_mut() else { return Ok(0.0) };
        let doc = match slot {
            Some(d) => d,
            None => slot.insert(searcher.doc(*addr)?),
        };
        let group = group_of(&text_of(doc, f.language));
        let query = rerank::QueryWords::new(searcher, &f, group, &words[group]);
        Ok(query.coverage(
            &inner.analyzer,
            word_cache,
            GROUPS[group].1,
            &text_of(doc, f.question),
            &text_of(doc, f.answer),
        ))
    }

    /// The text the sentence model reads for `request`: the query as typed, or, for
    /// Vietnamese typed without marks, with the marks the index's words give it
    /// (`accents.rs`).
    ///
    /// Without a language in the request, a query that detection gives a language no entry
    /// is in, but whose syllables are the index's Vietnamese ones
    /// ([`Restorer::reads_as_vietnamese`](accents::Restorer::reads_as_vietnamese)), is taken
    /// for Vietnamese. The second value is the query's language when it was told here (no
    /// language in the request, no mark in the query), so that it is not detected again.
    fn text_for_model<'a>(
        &self,
        table: &VectorTable,
        request: &'a SearchRequest,
    ) -> (Cow<'a, str>, Option<String>) {
        let query = request.query.as_str();
        if !accents::has_no_marks(query) {
            return (Cow::Borrowed(query), None);
        }
        let language = match request.language.as_deref() {
            Some(l) => l.to_string(),
            None => {
                let detected = self.inner.analyzer.detect_language(query, None);
                let foreign = detected != "vi" && !table.languages.iter().any(|l| **l == *detected);
                if foreign && table.restorer.reads_as_vietnamese(query) {
                    "vi".to_string()
                } else {
                    detected
                }
            }
        };
        let text = match (language == "vi").then(|| table.restorer.restore(query)).flatten() {
            Some(restored) => Cow::Owned(restored),
            None => Cow::Borrowed(query),
        };
        (text, request.language.is_none().then_some(language))
    }

    /// The lexical hits `found` (best first, each with its document when it was read) fused
    /// with the entries nearest to the query vector `q`: see `semantic.rs`.
    fn fuse(
        &self,
        table: &VectorTable,
        q: &[f32],
        found: Vec<(Score, DocAddress, Option<TantivyDocument>)>,
        request: &SearchRequest,
        lexical_trust: f32,
    ) -> Result<Fused> {
        let keep = |r: &semantic::Row| {
            let status_ok = match &request.statuses {
                None => r.status.is_live(),
                Some(list) => list.contains(&r.status),
            };
            status_ok
                && (request.languages.is_empty() || request.languages.iter().any(|l| **l == *r.language))
        };
        let mut cosines = table.cosines(q, keep);
        let summary = confidence::Cosines::of(cosines.iter().map(|c| c.0));
        let mut by_addr: HashMap<DocAddress, f32> =
            cosines.iter().map(|&(c, row)| (table.rows[row].addr, c)).collect();
        cosines.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Each side's spread over the entries: the fusion weighs a score by how far it
        // stands out of its side's (`semantic::fuse`).
        let spread =
            semantic::Spread::of(found.iter().map(|f| f.0), cosines.iter().map(|c| c.0), cosines.len());
        let mut candidates: Vec<Candidate> = Vec::with_capacity(found.len() + semantic::CANDIDATES);
        let mut docs: HashMap<DocAddress, TantivyDocument> = HashMap::new();
        for (score, addr, doc) in found.into_iter().take(semantic::CANDIDATES) {
            // An entry without a vector (built by another embedder) keeps its words' score.
            let cosine = by_addr.remove(&addr).unwrap_or(f32::NEG_INFINITY);
            candidates.push(Candidate { addr, lexical: score.max(f32::MIN_POSITIVE), cosine });
            if let Some(d) = doc {
                docs.insert(addr, d);
            }
        }
        for &(cosine, row) in cosines.iter().take(semantic::CANDIDATES) {
            let addr = table.rows[row].addr;
            if by_addr.remove(&addr).is_some() {
                candidates.push(Candidate { addr, lexical: 0.0, cosine });
            }
        }
        let lowest =
            candidates.iter().map(|c| c.cosine).filter(|c| c.is_finite()).fold(f32::INFINITY, f32::min);
        for c in &mut candidates {
            if !c.cosine.is_finite() {
                c.cosine = if lowest.is_finite() { lowest } else { 0.0 };
            }
        }
        let margins = candidates.iter().map(|c| (c.addr, c.cosine)).collect();
        let fused = semantic::fuse(&candidates, lexical_trust, &spread)
            .into_iter()
            .map(|(score, addr)| (score, addr, docs.remove(&addr)))
            .collect();
        Ok((fused, margins, summary))
    }

    /// The entry vectors of `searcher`'s generation, read once per generation.
    fn vector_table(&self, searcher: &Searcher) -> Result<Arc<VectorTable>> {
        let inner = &*self.inner;
        let generation = searcher.generation().generation_id();
        let mut slot = inner.vectors.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(table) = slot.as_ref().filter(|t| t.generation == generation) {
            return Ok(table.clone());
        }
        let table = Arc::new(VectorTable::read(searcher, &inner.fields, parse_status)?);
        *slot = Some(table.clone());
        Ok(table)
    }

    /// Autocomplete: up to `limit` entries whose question or variants match `prefix`, the
    /// text typed so far (its last word may be unfinished), best first. Retired and
    /// suppressed entries are left out.
    ///
    /// # Errors
    /// When the search engine fails.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>> {
        let inner = &*self.inner;
        if limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = inner.reader.searcher();
        let plan = self.plan(&searcher, prefix, None, Tail::Prefix, Scope::Questions);
        let top = self.run(&searcher, plan.query, limit, &None, &[])?;
        let mut out = Vec::with_capacity(top.len());
        let mut highlighter = snippet::Highlighter::new(
            &inner.analyzer,
            inner.words.for_entries(searcher.num_docs()),
            &plan.terms,
        );
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let f = inner.fields;
            let question = text_of(&doc, f.question);
            let language = text_of(&doc, f.language);
            let group = group_of(&language);
            let highlights = highlighter.highlights(&question, GROUPS[group].1, group);
            out.push(Suggestion { faq_id: text_of(&doc, f.id), score, question, highlights });
        }
        Ok(out)
    }

    fn plan(
        &self,
        searcher: &Searcher,
        text: &str,
        language: Option<&str>,
        tail: Tail,
        scope: Scope,
    ) -> Plan {
        let inner = &*self.inner;
        query::plan(searcher, &inner.cache, &inner.fields, &inner.analyzer, text, language, tail, scope)
    }

    /// The best `limit` documents for `query`, filtered, by BM25 times the popularity prior.
    ///
    /// The fast path lets tantivy's block-WAND find the best documents by BM25 alone (it
    /// skips most documents of common words, which a collector that changes scores cannot),
    /// fetching enough extra ones to drop hidden entries and to reorder by the prior. The
    /// reordering is exact when the last hit's final score is at least the best final score
    /// a document left out could have (the last BM25 score fetched times the highest
    /// prior); otherwise, and when filters are asked for, the general path scores every
    /// matching document.
    fn run(
        &self,
        searcher: &Searcher,
        query: Option<Box<dyn Query>>,
        limit: usize,
        statuses: &Option<Vec<Status>>,
        languages: &[String],
    ) -> Result<Vec<(Score, DocAddress)>> {
        let Some(query) = query else { return Ok(Vec::new()) };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let f = self.inner.fields;
        let hidden: u64 = HIDDEN
            .iter()
            .map(|s| searcher.doc_freq(&Term::from_field_text(f.status, s.as_str())).unwrap_or(0))
            .sum();
        if statuses.is_none() && languages.is_empty() && hidden <= MAX_POST_FILTERED {
            let fetch = limit * 3 + 10 + hidden as usize;
            let top = searcher.search(&query, &TopDocs::with_limit(fetch).order_by_score())?;
            let complete = top.len() < fetch;
            let last_bm25 = top.last().map_or(0.0, |(s, _)| *s);
            let mut max_prior: f64 = 1.0;
            let mut columns = Vec::with_capacity(searcher.segment_readers().len());
            for segment in searcher.segment_readers() {
                let prior = segment.fast_fields().f64(PRIOR)?.first_or_default_col(1.0);
                let visible = segment.fast_fields().u64(VISIBLE)?.first_or_default_col(1);
                max_prior = max_prior.max(prior.max_value());
                columns.push((prior, visible));
            }
            let mut ranked: Vec<(Score, DocAddress)> = top
                .into_iter()
                .filter_map(|(score, addr)| {
                    let (prior, visible) = &columns[addr.segment_ord as usize];
                    (visible.get_val(addr.doc_id) == 1)
                        .then(|| (score * prior.get_val(addr.doc_id) as Score, addr))
                })
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            ranked.truncate(limit);
            let bound = last_bm25 * max_prior as Score;
            if complete || (ranked.len() == limit && ranked[limit - 1].0 >= bound) {
                return Ok(ranked);
            }
        }
        let Some(query) = self.filtered(Some(query), statuses, languages) else { return Ok(Vec::new()) };
        Ok(searcher.search(&query, &top_docs(limit))?)
    }

    /// `query` restricted to the given statuses (by default all but retired and suppressed)
    /// and languages (all when empty).
    fn filtered(
        &self,
        query: Option<Box<dyn Query>>,
        statuses: &Option<Vec<Status>>,
        languages: &[String],
    ) -> Option<Box<dyn Query>> {
        let f = self.inner.fields;
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic))
        };
        // A filter adds nothing to the score.
        let any_of = |field, values: Vec<&str>| -> Box<dyn Query> {
            let should = values.into_iter().map(|v| (Occur::Should, term(field, v))).collect();
            Box::new(BoostQuery::new(Box::new(BooleanQuery::new(should)), 0.0))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query?)];
        match statuses {
            None => {
                for s in HIDDEN {
                    clauses.push((Occur::MustNot, term(f.status, s.as_str())));
                }
            }
            Some(list) => {
                clauses.push((Occur::Must, any_of(f.status, list.iter().map(|s| s.as_str()).collect())))
            }
        }
        if !languages.is_empty() {
            clauses.push((Occur::Must, any_of(f.language, languages.iter().map(String::as_str).collect())));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    fn hit(
        &self,
        highlighter: &mut snippet::Highlighter<'_>,
        score: Score,
        doc: TantivyDocument,
    ) -> Result<Hit> {
        let inner = &*self.inner;
        let f = inner.fields;
        let question = text_of(&doc, f.question);
        let answer = text_of(&doc, f.answer);
        let language = text_of(&doc, f.language);
        let group = group_of(&language);
        let lang = GROUPS[group].1;
        let question_highlights = highlighter.highlights(&question, lang, group);
        let snippet: Option<Snippet> = (!answer.is_empty()).then(|| {
            let marks = highlighter.highlights(&answer, lang, group);
            snippet::snippet(&answer, &marks)
        });
        Ok(Hit {
            faq_id: text_of(&doc, f.id),
            score,
            confidence: None,
            evidence: None,
            question,
            answer: (!answer.is_empty()).then_some(answer),
            status: parse_status(&text_of(&doc, f.status)),
            popularity: doc.get_first(f.popularity).and_then(|v| v.as_u64()).unwrap_or(0),
            shown_language: language.clone(),
            in_query_language: true,
            language,
            question_highlights,
            snippet,
        })
    }
}

impl FaqIndex {
    /// Shows `hit` in language `lang` when its entry's `localized` texts (the stored JSON,
    /// see [`localized_texts`]) hold an answer in it, or a phrasing for an entry without
    /// answer.
    fn localize(
        &self,
        highlighter: &mut snippet::Highlighter<'_>,
        hit: &mut Hit,
        localized: &str,
        lang: &str,
    ) {
        let Ok(mut all) = serde_json::from_str::<BTreeMap<String, Localized>>(localized) else { return };
        let Some(texts) = all.remove(lang) else { return };
        let question = match (texts.answer.is_some(), hit.answer.is_some(), texts.question) {
            (true, _, q) => q.unwrap_or_else(|| hit.question.clone()),
            (false, false, Some(q)) => q,
            _ => return,
        };
        let group = group_of(lang);
        hit.question_highlights = highlighter.highlights(&question, GROUPS[group].1, group);
        hit.question = question;
        if let Some(answer) = texts.answer {
            let marks = highlighter.highlights(&answer, GROUPS[group].1, group);
            hit.snippet = Some(snippet::snippet(&answer, &marks));
            hit.answer = Some(answer);
        }
        hit.shown_language = lang.to_string();
        hit.in_query_language = true;
    }
}

/// An entry's question and answer in one of its other languages.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Localized {
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<String>,
}

/// The texts of `e` in its other languages: for each language of `answers_by_language`
/// or of its messages, the answer agents gave in it and the most frequent phrasing written
/// in it (each phrasing's language detected, the entry's as the hint). Empty for an entry
/// of one language.
fn localized_texts(analyzer: &Analyzer, e: &FaqEntry) -> BTreeMap<String, Localized> {
    let mut out: BTreeMap<String, Localized> = BTreeMap::new();
    let others: Vec<&String> =
        e.languages.keys().chain(e.answers_by_language.keys()).filter(|l| **l != e.language).collect();
    if others.is_empty() {
        return out;
    }
    for (lang, answer) in &e.answers_by_language {
        if *lang != e.language {
            out.entry(lang.clone()).or_default().answer = Some(answer.clone());
        }
    }
    for v in e.variants.iter().take(MAX_VARIANTS) {
        let lang = analyzer.detect_language(&v.text, None);
        if lang != e.language && others.contains(&&lang) {
            let slot = out.entry(lang).or_default();
            if slot.question.is_none() {
                slot.question = Some(v.text.clone());
            }
        }
    }
    out
}

/// The fused hits (best first, each with its document when it was read), each candidate's
/// cosine, and what the query's cosines to every entry say (`confidence.rs`).
type Fused =
    (Vec<(Score, DocAddress, Option<TantivyDocument>)>, HashMap<DocAddress, f32>, confidence::Cosines);

/// The collector of the general path: BM25 times the popularity prior, best first (ties in
/// index order).
fn top_docs(limit: usize) -> impl tantivy::collector::Collector<Fruit = Vec<(Score, DocAddress)>> {
    TopDocs::with_limit(limit).tweak_score(move |segment: &SegmentReader| {
        let prior = segment.fast_fields().f64(PRIOR).ok().map(|c| c.first_or_default_col(1.0));
        move |doc: DocId, score: Score| score * prior.as_ref().map_or(1.0, |c| c.get_val(doc)) as Score
    })
}

/// The tantivy document of one entry: its text in the fields of its language group.
///
/// The analyzer runs once per text and both forms come from its tokens (the same tokens
/// the registered tokenizers would produce, at half the cost). The exact fields get only
/// the tokens that folding changes: a query term without accents is searched in the folded
/// fields alone, so an exact token equal to its folded twin would never be looked up.
fn document(f: &Fields, analyzer: &Analyzer, e: &FaqEntry) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &e.id);
    doc.add_text(f.question, &e.question);
    doc.add_text(f.answer, e.answer.as_deref().unwrap_or_default());
    doc.add_text(f.language, &e.language);
    doc.add_text(f.status, e.status.as_str());
    doc.add_u64(f.popularity, u64::from(e.message_count));
    doc.add_f64(f.prior, schema::prior(e.message_count));
    doc.add_u64(f.visible, u64::from(e.status.is_live()));
    let g = group_of(&e.language);
    doc.add_text(f.group, GROUPS[g].0);
    let localized = localized_texts(analyzer, e);
    if !localized.is_empty() {
        doc.add_text(f.localized, serde_json::to_string(&localized).unwrap_or_default());
    }
    let group = f.groups[g];
    let mut add = |part: Part, text: &str| {
        let pair = group.part(part);
        let tokens = analyzer.tokenize(text, GROUPS[g].1);
        let token = |t: &crate::analyze::Token, text: &str| tantivy::tokenizer::Token {
            offset_from: t.start,
            offset_to: t.end,
            position: t.position,
            text: text.to_string(),
            position_length: 1,
        };
        let exact: Vec<_> = tokens.iter().filter(|t| t.term != t.folded).map(|t| token(t, &t.term)).collect();
        if !exact.is_empty() {
            doc.add_pre_tokenized_text(pair.exact, PreTokenizedString { text: String::new(), tokens: exact });
        }
        let folded = tokens.iter().map(|t| token(t, &t.folded)).collect();
        doc.add_pre_tokenized_text(pair.folded, PreTokenizedString { text: String::new(), tokens: folded });
        let stop: Vec<_> = query::dropped_words(text, &tokens)
            .into_iter()
            .enumerate()
            .map(|(position, (start, end, word))| tantivy::tokenizer::Token {
                offset_from: start,
                offset_to: end,
                position,
                text: word,
                position_length: 1,
            })
            .collect();
        if !stop.is_empty() {
            doc.add_pre_tokenized_text(
                f.stop[part.slot()],
                PreTokenizedString { text: String::new(), tokens: stop },
            );
        }
    };
    add(Part::Question, &e.question);
    for k in &e.keywords {
        add(Part::Question, k);
    }
    for v in e.variants.iter().filter(|v| v.text != e.question).take(MAX_VARIANTS) {
        add(Part::Variants, &v.text);
    }
    if let Some(a) = &e.answer {
        add(Part::Answer, a);
    }
    doc
}

/// The statuses hidden from search unless a request asks for them: every status that is not
/// [live](Status::is_live).
const HIDDEN: [Status; 3] = [Status::Retired, Status::Suppressed, Status::Merged];

fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string()
}

fn parse_status(s: &str) -> Status {
    [Status::Mined, Status::Curated, Status::Covered, Status::Retired, Status::Suppressed, Status::Merged]
        .into_iter()
        .find(|st| st.as_str() == s)
        .unwrap_or_default()
}
