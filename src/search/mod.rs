//! Search: a tantivy index over FAQ entries, ranked hits for a query.
//!
//! Architecture invariant: only this module names tantivy types.

mod tokenizer;

pub use tokenizer::{FaqTokenizer, TermForm};

use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, TantivyDocument, Term};

use crate::analyze::Analyzer;
use crate::faq::FaqSet;
use crate::{Error, Result};

const TOKENIZER: &str = "faqmine";

/// A search query with its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The text the user typed.
    pub query: String,
    /// How many hits at most.
    pub limit: usize,
    /// The query's language, when known (ISO 639-1); detected otherwise.
    pub language: Option<String>,
}

impl SearchRequest {
    /// A request for `query` with 10 hits at most.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest { query: query.into(), limit: 10, language: None }
    }

    /// At most `n` hits.
    pub fn limit(mut self, n: usize) -> Self {
        self.limit = n;
        self
    }

    /// The query's language.
    pub fn language(mut self, lang: impl Into<String>) -> Self {
        self.language = Some(lang.into());
        self
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The entry's id.
    pub faq_id: String,
    /// The relevance score; higher is better.
    pub score: f32,
    /// The entry's question.
    pub question: String,
    /// The entry's answer, if it has one.
    pub answer: Option<String>,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    question: Field,
    answer: Field,
    popularity: Field,
}

/// A searchable index of FAQ entries. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct FaqIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: Analyzer,
}

impl std::fmt::Debug for FaqIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaqIndex").finish_non_exhaustive()
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let id = b.add_text_field("id", STRING | STORED);
    let question = b.add_text_field("question", text.clone());
    let answer = b.add_text_field("answer", text);
    let popularity = b.add_u64_field("popularity", FAST | STORED);
    (b.build(), Fields { id, question, answer, popularity })
}

impl FaqIndex {
    /// Builds an index of `faqs` in memory.
    ///
    /// # Errors
    /// When the search engine fails.
    pub fn create_in_ram(faqs: &FaqSet) -> Result<FaqIndex> {
        let (schema, _) = schema();
        Self::fill(Index::create_in_ram(schema), faqs)
    }

    /// Builds an index of `faqs` in the directory `dir`, created if needed.
    ///
    /// # Errors
    /// When `dir` cannot be created or the search engine fails.
    pub fn create_in_dir(dir: impl AsRef<Path>, faqs: &FaqSet) -> Result<FaqIndex> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let (schema, _) = schema();
        let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|e| Error::Index(e.to_string()))?;
        let index = Index::open_or_create(mmap, schema)?;
        Self::fill(index, faqs)
    }

    /// Opens an index written by [`create_in_dir`](Self::create_in_dir).
    ///
    /// # Errors
    /// When `dir` holds no index of this schema.
    pub fn open(dir: impl AsRef<Path>) -> Result<FaqIndex> {
        let dir: PathBuf = dir.as_ref().to_path_buf();
        let index = Index::open_in_dir(&dir)?;
        Self::from_index(index)
    }

    fn from_index(index: Index) -> Result<FaqIndex> {
        let analyzer = Analyzer::new();
        index.tokenizers().register(TOKENIZER, FaqTokenizer::new(analyzer.clone(), "en", TermForm::Exact));
        let (_, fields) = schema();
        let reader = index.reader()?;
        Ok(FaqIndex { index, reader, fields, analyzer })
    }

    fn fill(index: Index, faqs: &FaqSet) -> Result<FaqIndex> {
        let this = Self::from_index(index)?;
        let mut writer = this.index.writer::<TantivyDocument>(50_000_000)?;
        writer.delete_all_documents()?;
        let f = this.fields;
        for e in &faqs.entries {
            writer.add_document(doc!(
                f.id => e.id.clone(),
                f.question => e.question.clone(),
                f.answer => e.answer.clone().unwrap_or_default(),
                f.popularity => u64::from(e.message_count),
            ))?;
        }
        writer.commit()?;
        this.reader.reload()?;
        Ok(this)
    }

    /// Ranked hits for `request`.
    ///
    /// # Errors
    /// When the search engine fails; no query text is an error.
    pub fn search(&self, request: &SearchRequest) -> Result<Vec<Hit>> {
        let f = self.fields;
        let tokens = self.analyzer.tokenize(&request.query, "en");
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in &tokens {
            for (field, boost) in [(f.question, 2.0), (f.answer, 1.0)] {
                let q = TermQuery::new(Term::from_field_text(field, &t.term), IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
            }
        }
        if clauses.is_empty() || request.limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(request.limit).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let text = |field| d.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let answer = text(f.answer);
            hits.push(Hit {
                faq_id: text(f.id),
                score,
                question: text(f.question),
                answer: (!answer.is_empty()).then_some(answer),
            });
        }
        Ok(hits)
    }
}
