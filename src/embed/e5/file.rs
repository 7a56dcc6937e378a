//! The model file's layout: reading it into typed parts, every read bounds-checked.
//!
//! All integers and floats are little-endian. In order:
//!
//! 1. header: magic `E5S1`, u32 version, i32 hidden size `H`, layers `NL`, heads `NH`,
//!    feed-forward size `FF`, vocabulary size `VOC`, positions `MAXP`, token types `TVS`,
//!    f32 layer-norm epsilon, i32 block size `qk` (32);
//! 2. tokenizer: i32 piece count `P`, i32 ids of `<s>`, `</s>`, `<pad>`, `<unk>`, u64 length
//!    of the piece bytes, `P + 1` u32 offsets into them, `P` f32 scores, the piece bytes
//!    (UTF-8, U+2581 standing for a space);
//! 3. normalisation map: i32 entry count, u32 byte length, then per entry a u32 code point,
//!    a u8 count `k` and `k` u32 code points that replace it (none: it is deleted);
//! 4. tensor directory: i32 count, then per tensor a u16 name length, the name, a u8 type
//!    (0: f32, 1: 4-bit blocks), u32 element count, u64 offset from the start of the
//!    file, u64 byte length.
//!
//! A 4-bit tensor is a row-major `[rows, cols]` matrix stored as blocks of 32 weights along
//! a row: an f16 scale `d` then 16 bytes, byte `j` holding weight `j` in its low nibble and
//! weight `j + 16` in its high nibble; a weight is `(q - 8) * d`.

use std::collections::HashMap;

/// Weights per 4-bit block.
pub(crate) const QK: usize = 32;
/// Bytes per 4-bit block: the f16 scale and 16 bytes of nibbles.
pub(crate) const BLOCK_BYTES: usize = 2 + QK / 2;

/// What is wrong with a model file; the caller adds the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormatError(pub String);

type Res<T> = std::result::Result<T, FormatError>;

fn err<T>(msg: impl Into<String>) -> Res<T> {
    Err(FormatError(msg.into()))
}

/// The header's sizes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Header {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ff: usize,
    pub vocab: usize,
    pub max_positions: usize,
    pub type_vocab: usize,
    pub eps: f32,
}

/// The tokenizer's data as stored.
#[derive(Debug, Clone)]
pub(crate) struct TokenizerData {
    pub pieces: Vec<Vec<u8>>,
    pub scores: Vec<f32>,
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
    /// Code point → its replacement (possibly empty), sorted by code point.
    pub norm: Vec<(u32, Vec<u32>)>,
}

/// One tensor of the directory, its bytes borrowed from the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tensor<'a> {
    pub q4: bool,
    pub n: usize,
    pub bytes: &'a [u8],
}

/// A parsed model file.
pub(crate) struct ModelFile<'a> {
    pub header: Header,
    pub tokenizer: TokenizerData,
    tensors: HashMap<String, Tensor<'a>>,
}

/// A bounds-checked little-endian reader.
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Res<&'a [u8]> {
        match self.pos.checked_add(n) {
            Some(end) if end <= self.data.len() => {
                let s = &self.data[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            _ => err(format!("truncated at byte {} reading {what} ({n} bytes)", self.pos)),
        }
    }
    fn arr<const N: usize>(&mut self, what: &str) -> Res<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N, what)?);
        Ok(a)
    }
    fn u8(&mut self, what: &str) -> Res<u8> {
        Ok(self.arr::<1>(what)?[0])
    }
    fn u16(&mut self, what: &str) -> Res<u16> {
        Ok(u16::from_le_bytes(self.arr(what)?))
    }
    fn u32(&mut self, what: &str) -> Res<u32> {
        Ok(u32::from_le_bytes(self.arr(what)?))
    }
    fn u64(&mut self, what: &str) -> Res<u64> {
        Ok(u64::from_le_bytes(self.arr(what)?))
    }
    fn f32(&mut self, what: &str) -> Res<f32> {
        Ok(f32::from_le_bytes(self.arr(what)?))
    }
    /// An i32 that must lie in `1..=max` (a size or count).
    fn size(&mut self, what: &str, max: usize) -> Res<usize> {
        let v = i32::from_le_bytes(self.arr(what)?);
        if v < 1 || v as usize > max {
            return err(format!("{what} is {v}, expected 1..={max}"));
        }
        Ok(v as usize)
    }
    /// An i32 id that must lie in `0..n`.
    fn id(&mut self, what: &str, n: usize) -> Res<u32> {
        let v = i32::from_le_bytes(self.arr(what)?);
        if v < 0 || v as usize >= n {
            return err(format!("{what} is {v}, expected 0..{n}"));
        }
        Ok(v as u32)
    }
}

/// Converts an IEEE half-precision value to f32 (exact).
pub(crate) fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h as u32) & 0x8000) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let man = (h & 0x3ff) as u32;
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // subnormal: man * 2^-24, exactly representable in f32
            let v = man as f32 * (1.0 / 16_777_216.0);
            return if sign != 0 { -v } else { v };
        }
        (31, _) => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

impl<'a> ModelFile<'a> {
    /// Parses `data`; every size is checked against the bytes present.
    pub(crate) fn parse(data: &'a [u8]) -> Res<Self> {
        let mut c = Cursor { data, pos: 0 };
        if c.take(4, "magic")? != b"E5S1" {
            return err("not a model file (magic is not E5S1)");
        }
        let version = c.u32("version")?;
        if version != 1 {
            return err(format!("format version {version} is not supported (expected 1)"));
        }
        let hidden = c.size("hidden size", 1 << 16)?;
        let layers = c.size("layer count", 1 << 10)?;
        let heads = c.size("head count", 1 << 10)?;
        let ff = c.size("feed-forward size", 1 << 18)?;
        let vocab = c.size("vocabulary size", 1 << 24)?;
        let max_positions = c.size("position count", 1 << 20)?;
        let type_vocab = c.size("token type count", 1 << 10)?;
        let eps = c.f32("epsilon")?;
        let qk = c.size("block size", 1 << 10)?;
        if qk != QK {
            return err(format!("block size {qk} is not supported (expected {QK})"));
        }
        if hidden % heads != 0 || hidden % QK != 0 || ff % QK != 0 || hidden % 16 != 0 || ff % 16 != 0 {
            return err(format!("sizes H={hidden} NH={heads} FF={ff} do not fit blocks of {QK}"));
        }
        if max_positions < 3 || !(eps.is_finite() && eps >= 0.0) {
            return err(format!("position count {max_positions} or epsilon {eps} out of range"));
        }
        let header = Header { hidden, layers, heads, ff, vocab, max_positions, type_vocab, eps };

        let n_pieces = c.size("piece count", 1 << 24)?;
        let bos = c.id("<s> id", n_pieces)?;
        let eos = c.id("</s> id", n_pieces)?;
        let _pad = c.id("<pad> id", n_pieces)?;
        let unk = c.id("<unk> id", n_pieces)?;
        if n_pieces > vocab {
            return err(format!("{n_pieces} pieces for a vocabulary of {vocab}"));
        }
        let blob_len = c.u64("piece bytes length")?;
        let offs_bytes = c.take((n_pieces + 1) * 4, "piece offsets")?;
        let score_bytes = c.take(n_pieces * 4, "piece scores")?;
        let blob_len =
            usize::try_from(blob_len).map_err(|_| FormatError("piece bytes length overflows".into()))?;
        let blob = c.take(blob_len, "piece bytes")?;
        let offs: Vec<usize> = offs_bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap_or([0; 4])) as usize)
            .collect();
        let mut pieces = Vec::with_capacity(n_pieces);
        for i in 0..n_pieces {
            let (a, b) = (offs[i], offs[i + 1]);
            if a > b || b > blob.len() {
                return err(format!("piece {i} spans bytes {a}..{b} of {}", blob.len()));
            }
            pieces.push(blob[a..b].to_vec());
        }
        let scores: Vec<f32> =
            score_bytes.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap_or([0; 4]))).collect();
        if let Some(i) = scores.iter().position(|s| !s.is_finite()) {
            return err(format!("piece {i} has a score that is not finite"));
        }

        let n_norm = i32::from_le_bytes(c.arr("normalisation entry count")?);
        let norm_len = c.u32("normalisation map length")? as usize;
        let mut m = Cursor { data: c.take(norm_len, "normalisation map")?, pos: 0 };
        if n_norm < 0 {
            return err(format!("normalisation entry count is {n_norm}"));
        }
        let mut norm = Vec::with_capacity((n_norm as usize).min(norm_len / 5));
        for _ in 0..n_norm {
            let cp = m.u32("normalised code point")?;
            let k = m.u8("replacement length")? as usize;
            let mut out = Vec::with_capacity(k);
            for _ in 0..k {
                let r = m.u32("replacement code point")?;
                if char::from_u32(r).is_none() {
                    return err(format!("U+{cp:04X} is replaced by an invalid code point {r:#x}"));
                }
                out.push(r);
            }
            norm.push((cp, out));
        }
        norm.sort_by_key(|e| e.0);
        if norm.windows(2).any(|w| w[0].0 == w[1].0) {
            return err("normalisation map lists a code point twice");
        }

        let n_tensors = i32::from_le_bytes(c.arr("tensor count")?);
        if n_tensors < 0 {
            return err(format!("tensor count is {n_tensors}"));
        }
        let mut tensors = HashMap::new();
        for _ in 0..n_tensors {
            let name_len = c.u16("tensor name length")? as usize;
            let name = String::from_utf8_lossy(c.take(name_len, "tensor name")?).into_owned();
            let dtype = c.u8("tensor type")?;
            let n = c.u32("tensor element count")? as usize;
            let off = c.u64("tensor offset")?;
            let nbytes = c.u64("tensor byte length")?;
            let q4 = match dtype {
                0 => false,
                1 => true,
                t => return err(format!("tensor {name}: unknown type {t}")),
            };
            let expect = if q4 { n / QK * BLOCK_BYTES } else { n * 4 };
            if (q4 && !n.is_multiple_of(QK)) || nbytes != expect as u64 {
                return err(format!("tensor {name}: {nbytes} bytes for {n} elements"));
            }
            let bytes = usize::try_from(off)
                .ok()
                .and_then(|o| Some((o, o.checked_add(expect)?)))
                .filter(|&(_, e)| e <= data.len())
                .map(|(o, e)| &data[o..e]);
            let Some(bytes) = bytes else {
                return err(format!(
                    "tensor {name}: bytes {off}+{nbytes} lie outside the file of {}",
                    data.len()
                ));
            };
            tensors.insert(name, Tensor { q4, n, bytes });
        }
        Ok(ModelFile { header, tokenizer: TokenizerData { pieces, scores, bos, eos, unk, norm }, tensors })
    }

    /// The tensor `name`, checked to be of the given kind and element count.
    pub(crate) fn tensor(&self, name: &str, q4: bool, n: usize) -> Res<Tensor<'a>> {
        match self.tensors.get(name) {
            None => err(format!("tensor {name} is missing")),
            Some(t) if t.q4 != q4 || t.n != n => err(format!(
                "tensor {name} holds {} {} values, expected {n} {}",
                t.n,
                if t.q4 { "4-bit" } else { "f32" },
                if q4 { "4-bit" } else { "f32" }
            )),
            Some(t) if t.q4 && t.bytes.chunks_exact(BLOCK_BYTES).any(|b| b[1] & 0x7c == 0x7c) => {
                err(format!("tensor {name} has a block scale that is not finite"))
            }
            Some(t) => Ok(*t),
        }
    }

    /// The f32 tensor `name` of `n` values, all finite.
    pub(crate) fn f32s(&self, name: &str, n: usize) -> Res<Vec<f32>> {
        let t = self.tensor(name, false, n)?;
        let v: Vec<f32> =
            t.bytes.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap_or([0; 4]))).collect();
        if v.iter().any(|x| !x.is_finite()) {
            return err(format!("tensor {name} holds a value that is not finite"));
        }
        Ok(v)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn f16_values() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x0000), 0.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x8001), -(2f32.powi(-24)));
        assert_eq!(f16_to_f32(0x03ff), 1023.0 * 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert!(f16_to_f32(0x7c00).is_infinite());
        assert!(f16_to_f32(0x7e00).is_nan());
    }
}
