//! The model's SentencePiece unigram tokenizer: normalise, mark spaces, best path.
//!
//! 1. Each code point goes through the file's normalisation map (replaced by zero or more
//!    code points, or kept).
//! 2. Runs of spaces (U+0020) collapse to one.
//! 3. A space is prepended unless the text starts with one, and every space becomes the
//!    metaspace U+2581.
//! 4. The best segmentation (highest sum of piece scores) is found by dynamic programming
//!    over code points; a code point that no piece covers becomes `<unk>` with the score of
//!    the worst piece minus 10.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::file::TokenizerData;

const META: char = '\u{2581}';

/// FNV-1a: a fast hash for the short piece strings (not exposed to untrusted keys at scale).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A unigram tokenizer built from the model file's pieces.
pub(crate) struct Tokenizer {
    ids: HashMap<Box<[u8]>, u32, BuildHasherDefault<Fnv>>,
    scores: Vec<f32>,
    norm: HashMap<u32, Box<[u32]>>,
    unk: u32,
    unk_score: f32,
    max_piece_bytes: usize,
    pub(crate) bos: u32,
    pub(crate) eos: u32,
}

impl Tokenizer {
    pub(crate) fn new(d: TokenizerData) -> Self {
        let mut ids = HashMap::with_capacity_and_hasher(d.pieces.len(), BuildHasherDefault::<Fnv>::default());
        let mut max_piece_bytes = 1;
        for (i, p) in d.pieces.into_iter().enumerate() {
            if p.is_empty() || i as u32 == d.unk {
                continue;
            }
            max_piece_bytes = max_piece_bytes.max(p.len());
            // the first of duplicate pieces wins, as a lookup from the start would find it
            ids.entry(p.into_boxed_slice()).or_insert(i as u32);
        }
        let min = d.scores.iter().copied().fold(f32::INFINITY, f32::min);
        let unk_score = if min.is_finite() { min - 10.0 } else { -10.0 };
        let norm = d.norm.into_iter().map(|(cp, out)| (cp, out.into_boxed_slice())).collect();
        Tokenizer {
            ids,
            scores: d.scores,
            norm,
            unk: d.unk,
            unk_score,
            max_piece_bytes,
            bos: d.bos,
            eos: d.eos,
        }
    }

    /// The normalised text with metaspaces, as the pieces spell it.
    pub(crate) fn normalize(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 3);
        let push = |c: char, out: &mut String| {
            if !(c == ' ' && out.ends_with(' ')) {
                out.push(c);
            }
        };
        for c in text.chars() {
            match self.norm.get(&(c as u32)) {
                None => push(c, &mut out),
                Some(rep) => {
                    for &r in rep.iter() {
                        if let Some(rc) = char::from_u32(r) {
                            push(rc, &mut out);
                        }
                    }
                }
            }
        }
        let mut s = String::with_capacity(out.len() * 2 + 3);
        if !out.starts_with(' ') {
            s.push(META);
        }
        s.extend(out.chars().map(|c| if c == ' ' { META } else { c }));
        s
    }

    /// The content tokens of `text` (no `<s>`/`</s>`), best path first to last.
    pub(crate) fn encode(&self, text: &str) -> Vec<u32> {
        let s = self.normalize(text);
        let bytes = s.as_bytes();
        // byte offset of each code point, and the end
        let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len())).collect();
        let n = starts.len() - 1;
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        // (piece id or u32::MAX for unknown, previous code point index)
        let mut back = vec![(u32::MAX, 0usize); n + 1];
        best[0] = 0.0;
        for i in 0..n {
            let here = best[i];
            if here == f32::NEG_INFINITY {
                continue;
            }
            let b0 = starts[i];
            for e in i + 1..=n {
                let len = starts[e] - b0;
                if len > self.max_piece_bytes {
                    break;
                }
                if let Some(&id) = self.ids.get(&bytes[b0..starts[e]]) {
                    let sc = here + self.scores[id as usize];
                    if sc > best[e] {
                        best[e] = sc;
                        back[e] = (id, i);
                    }
                }
            }
            let us = here + self.unk_score;
            if us > best[i + 1] {
                best[i + 1] = us;
                back[i + 1] = (u32::MAX, i);
            }
        }
        let mut out = Vec::with_capacity(n);
        let mut i = n;
        while i > 0 {
            let (id, from) = back[i];
            out.push(if id == u32::MAX { self.unk } else { id });
            i = from;
        }
        out.reverse();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(pieces: &[(&str, f32)], norm: Vec<(u32, Vec<u32>)>) -> Tokenizer {
        let mut all = vec![("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)];
        all.extend_from_slice(pieces);
        Tokenizer::new(TokenizerData {
            pieces: all.iter().map(|p| p.0.as_bytes().to_vec()).collect(),
            scores: all.iter().map(|p| p.1).collect(),
            bos: 0,
            eos: 2,
            unk: 3,
            norm,
        })
    }

    #[test]
    fn normalisation_spaces_and_metaspace() {
        let t = tok(&[], vec![(0xa0, vec![0x20]), (0x1, vec![]), (0xfb01, vec!['f' as u32, 'i' as u32])]);
        assert_eq!(t.normalize("a  b"), "▁a▁b");
        assert_eq!(t.normalize(" a"), "▁a");
        assert_eq!(t.normalize("a\u{a0} b"), "▁a▁b");
        assert_eq!(t.normalize("\u{1}x\u{fb01}"), "▁xfi");
        assert_eq!(t.normalize(""), "▁");
        assert_eq!(t.normalize("   "), "▁");
        assert_eq!(t.normalize("a "), "▁a▁");
    }

    #[test]
    fn best_path_prefers_higher_total_score() {
        // "▁ab" as one piece (-5) loses to "▁a" (-1) + "b" (-1)
        let t = tok(&[("▁ab", -5.0), ("▁a", -1.0), ("b", -1.0), ("▁", -2.0), ("a", -3.0)], vec![]);
        assert_eq!(t.encode("ab"), vec![5, 6]);
        let t = tok(&[("▁ab", -1.5), ("▁a", -1.0), ("b", -1.0)], vec![]);
        assert_eq!(t.encode("ab"), vec![4]);
    }

    #[test]
    fn unknown_code_points_are_unk_one_each() {
        let t = tok(&[("▁", -1.0), ("a", -1.0)], vec![]);
        // "▁" "a" then two unknown code points, each its own <unk>
        assert_eq!(t.encode("aé😀"), vec![4, 5, 3, 3]);
        // the <unk> piece's own spelling is never matched as a piece
        assert_eq!(t.encode("<unk>").iter().filter(|&&i| i == 3).count(), 5);
    }

    #[test]
    fn empty_text_is_one_metaspace() {
        let t = tok(&[("▁", -1.0)], vec![]);
        assert_eq!(t.encode(""), vec![4]);
        assert_eq!(t.encode("  "), vec![4]);
    }
}
