//! The crate's [`Analyzer`] as a tantivy tokenizer, so that documents and queries are
//! analyzed by the same code.

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use crate::analyze::Analyzer;

/// Which form of each term the tokenizer emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermForm {
    /// The term as analyzed.
    Exact,
    /// The accent-folded twin.
    Folded,
}

/// A tantivy tokenizer running [`Analyzer::tokenize`] for one language.
#[derive(Debug, Clone)]
pub struct FaqTokenizer {
    analyzer: Analyzer,
    language: String,
    form: TermForm,
}

impl FaqTokenizer {
    /// A tokenizer for `language` (ISO 639-1 or `und`).
    pub fn new(analyzer: Analyzer, language: &str, form: TermForm) -> Self {
        FaqTokenizer { analyzer, language: language.to_string(), form }
    }
}

/// The tokens of one text.
#[derive(Debug)]
pub struct VecTokenStream {
    tokens: Vec<TantivyToken>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &TantivyToken {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for FaqTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = self
            .analyzer
            .tokenize(text, &self.language)
            .into_iter()
            .map(|t| TantivyToken {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                text: match self.form {
                    TermForm::Exact => t.term,
                    TermForm::Folded => t.folded,
                },
                position_length: 1,
            })
            .collect();
        VecTokenStream { tokens, next: 0 }
    }
}
