//! A linear-chain CRF's weights and its decoder: the learned half of the
//! recognizer ([`super::ner`]).
//!
//! The weights are trained by `engine/examples/train_ner.rs` with the `crfs`
//! crate (a pure-Rust port of CRFsuite, L-BFGS with L1 and L2 penalties),
//! then written in the compact format below. The engine decodes with its own
//! few lines of Viterbi rather than with `crfs` itself: `crfs` depends on
//! `rand` for its trainers, which does not build for `wasm32-unknown-unknown`
//! without a `getrandom` backend flag, and its CRFsuite files keep every
//! feature's name as a string (several times the size of a hash).
//!
//! # Format
//!
//! ```text
//! offset  size  field
//! 0       8     magic, the ASCII bytes "LOUPECRF"
//! 8       2     format version, u16 little-endian (FORMAT_VERSION)
//! 10      4     payload length N, u32 little-endian
//! 14      N     payload
//! 14+N    4     CRC-32 (IEEE) of bytes 0 .. 14+N, u32 little-endian
//! ```
//!
//! Payload: var label count L, then L `str` labels; L×L transition weights
//! (from, to), i16 little-endian each; var feature count, then per feature
//! in increasing hash order: var hash delta from the previous feature's hash,
//! var weight count, then per weight: u8 label, i16 little-endian weight.
//! Weights are fixed-point: the stored i16 is the weight × [`SCALE`].
//! A feature is the 32-bit hash of its name ([`hash`]).

use crate::snapshot::crc32;
use thiserror::Error;

/// The first bytes of a model.
pub const MAGIC: &[u8; 8] = b"LOUPECRF";
/// The model format this engine reads and writes.
pub const FORMAT_VERSION: u16 = 1;
/// Fixed-point scale of stored weights: ±32.767 at most, 0.001 apart.
pub const SCALE: f32 = 1000.0;

/// Why model bytes cannot be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes do not start with [`MAGIC`].
    #[error("not a Loupe CRF model (bad magic bytes)")]
    Magic,
    /// A format this engine does not read.
    #[error("CRF model format {got}, this engine reads {expected}")]
    Version {
        /// [`FORMAT_VERSION`].
        expected: u16,
        /// The version in the bytes.
        got: u16,
    },
    /// The checksum does not match: the bytes were damaged.
    #[error("CRF model checksum mismatch")]
    Checksum,
    /// The payload ends early or holds an impossible value.
    #[error("CRF model payload is malformed: {0}")]
    Malformed(&'static str),
}

/// The 32-bit hash of a feature name given in parts (FNV-1a, parts separated
/// by a zero byte): the same in training and tagging, on every platform.
pub fn hash(parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (h ^ (h >> 32)) as u32
}

/// A trained linear-chain CRF.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    labels: Vec<String>,
    /// transitions[from * L + to].
    transitions: Vec<f32>,
    /// Feature hashes, increasing.
    hashes: Vec<u32>,
    /// Feature i's weights are entries[offsets[i]..offsets[i + 1]].
    offsets: Vec<u32>,
    entries: Vec<(u8, f32)>,
    /// Open addressing over `hashes`: slot → feature index + 1 (0 = empty).
    /// Tagging looks up some fifty features per word; one probe beats a
    /// binary search of ten thousand.
    slots: Vec<u32>,
}

impl Model {
    /// A model from labels, transition weights (from, to) and state
    /// weights (feature hash, label index, weight). Weights are rounded to
    /// the stored precision, so a model equals its decoded bytes.
    pub fn new(labels: Vec<String>, transitions: &[(usize, usize, f32)], states: &[(u32, usize, f32)]) -> Model {
        let n = labels.len();
        let q = |w: f32| f32::from(quantize(w)) / SCALE;
        let mut t = vec![0.0; n * n];
        for &(from, to, w) in transitions {
            if from < n && to < n {
                t[from * n + to] = q(w);
            }
        }
        let mut s: Vec<(u32, u8, f32)> = states
            .iter()
            .filter(|&&(_, l, w)| l < n && quantize(w) != 0)
            .map(|&(h, l, w)| (h, l as u8, q(w)))
            .collect();
        s.sort_by_key(|&(h, l, _)| (h, l));
        s.dedup_by_key(|&mut (h, l, _)| (h, l));
        let mut hashes = Vec::new();
        let mut offsets = vec![0];
        let mut entries = Vec::new();
        for (h, l, w) in s {
            if hashes.last() != Some(&h) {
                if !hashes.is_empty() {
                    offsets.push(entries.len() as u32);
                }
                hashes.push(h);
            }
            entries.push((l, w));
        }
        offsets.push(entries.len() as u32);
        if hashes.is_empty() {
            offsets = vec![0];
        }
        Model::with_slots(labels, t, hashes, offsets, entries)
    }

    fn with_slots(
        labels: Vec<String>,
        transitions: Vec<f32>,
        hashes: Vec<u32>,
        offsets: Vec<u32>,
        entries: Vec<(u8, f32)>,
    ) -> Model {
        let size = (hashes.len() * 2).next_power_of_two().max(2);
        let mut slots = vec![0u32; size];
        for (i, &h) in hashes.iter().enumerate() {
            let mut at = slot_of(h, size);
            while slots[at] != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = i as u32 + 1;
        }
        Model {
            labels,
            transitions,
            hashes,
            offsets,
            entries,
            slots,
        }
    }

    /// The model without its state weights smaller than `min` in magnitude:
    /// they move a score by less than a rounding error of the others, and
    /// dropping them keeps the download small.
    pub fn pruned(&self, min: f32) -> Model {
        let mut states = Vec::new();
        for (i, &h) in self.hashes.iter().enumerate() {
            let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
            for &(l, w) in &self.entries[a..b] {
                if w.abs() >= min {
                    states.push((h, usize::from(l), w));
                }
            }
        }
        let n = self.labels.len();
        let transitions: Vec<(usize, usize, f32)> = (0..n * n).map(|k| (k / n, k % n, self.transitions[k])).collect();
        Model::new(self.labels.clone(), &transitions, &states)
    }

    /// The labels, in index order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// How many features have a weight.
    pub fn feature_count(&self) -> usize {
        self.hashes.len()
    }

    /// Adds feature `h`'s weights to `scores` (one per label).
    pub fn add_state(&self, h: u32, scores: &mut [f32]) {
        let size = self.slots.len();
        let mut at = slot_of(h, size);
        let found = loop {
            match self.slots[at] {
                0 => break None,
                i if self.hashes[i as usize - 1] == h => break Some(i as usize - 1),
                _ => at = (at + 1) & (size - 1),
            }
        };
        if let Some(i) = found {
            let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
            for &(l, w) in &self.entries[a..b] {
                if let Some(s) = scores.get_mut(usize::from(l)) {
                    *s += w;
                }
            }
        }
    }

    /// The best label sequence for per-item feature hashes (Viterbi).
    pub fn tag(&self, items: &[Vec<u32>]) -> Vec<usize> {
        let n = self.labels.len();
        if items.is_empty() || n == 0 {
            return Vec::new();
        }
        let mut score = vec![0.0f32; n];
        let mut back: Vec<usize> = vec![0; items.len() * n];
        let mut prev = vec![0.0f32; n];
        for (t, feats) in items.iter().enumerate() {
            score.iter_mut().for_each(|s| *s = 0.0);
            for &h in feats {
                self.add_state(h, &mut score);
            }
            if t == 0 {
                prev.copy_from_slice(&score);
                continue;
            }
            let mut next = vec![0.0f32; n];
            for to in 0..n {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
                for (from, p) in prev.iter().enumerate() {
                    let v = p + self.transitions[from * n + to];
                    if v > best {
                        best = v;
                        arg = from;
                    }
                }
                next[to] = best + score[to];
                back[t * n + to] = arg;
            }
            prev = next;
        }
        let mut last = (0..n)
            .max_by(|&a, &b| prev[a].total_cmp(&prev[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let mut out = vec![0; items.len()];
        for t in (0..items.len()).rev() {
            out[t] = last;
            last = back[t * n + last];
        }
        out
    }

    /// The model as bytes (see the module's format).
    pub fn encode(&self) -> Vec<u8> {
        let mut p = Vec::new();
        put_var(&mut p, self.labels.len() as u64);
        for l in &self.labels {
            put_var(&mut p, l.len() as u64);
            p.extend_from_slice(l.as_bytes());
        }
        for &w in &self.transitions {
            p.extend_from_slice(&quantize(w).to_le_bytes());
        }
        put_var(&mut p, self.hashes.len() as u64);
        let mut last = 0u32;
        for (i, &h) in self.hashes.iter().enumerate() {
            put_var(&mut p, u64::from(h - last));
            last = h;
            let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
            put_var(&mut p, (b - a) as u64);
            for &(l, w) in &self.entries[a..b] {
                p.push(l);
                p.extend_from_slice(&quantize(w).to_le_bytes());
            }
        }
        let mut out = Vec::with_capacity(p.len() + 18);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(&p);
        let crc = crc32(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// Reads a model written by [`Model::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Model, ModelError> {
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(ModelError::Magic);
        }
        let mut r = Reader { b: bytes, at: 8 };
        let version = u16::from_le_bytes(r.array()?);
        if version != FORMAT_VERSION {
            return Err(ModelError::Version {
                expected: FORMAT_VERSION,
                got: version,
            });
        }
        let len = u32::from_le_bytes(r.array()?) as usize;
        let body_end = 14usize.checked_add(len).ok_or(ModelError::Malformed("length"))?;
        if bytes.len() != body_end + 4 {
            return Err(ModelError::Malformed("length"));
        }
        let stored = u32::from_le_bytes([
            bytes[body_end],
            bytes[body_end + 1],
            bytes[body_end + 2],
            bytes[body_end + 3],
        ]);
        if crc32(&bytes[..body_end]) != stored {
            return Err(ModelError::Checksum);
        }
        r.b = &bytes[..body_end];
        let n = r.var()?;
        if n == 0 || n > 64 {
            return Err(ModelError::Malformed("label count"));
        }
        let mut labels = Vec::new();
        for _ in 0..n {
            let l = r.var()?;
            let s = r.take(l)?;
            labels.push(String::from(
                std::str::from_utf8(s).map_err(|_| ModelError::Malformed("label"))?,
            ));
        }
        let mut transitions = Vec::with_capacity(n * n);
        for _ in 0..n * n {
            transitions.push(f32::from(i16::from_le_bytes(r.array()?)) / SCALE);
        }
        let count = r.var()?;
        let mut hashes = Vec::with_capacity(count.min(bytes.len()));
        let mut offsets = vec![0u32];
        let mut entries = Vec::new();
        let mut h: u64 = 0;
        for i in 0..count {
            let d = r.var()? as u64;
            if i > 0 && d == 0 {
                return Err(ModelError::Malformed("feature order"));
            }
            h += d;
            let h32 = u32::try_from(h).map_err(|_| ModelError::Malformed("feature hash"))?;
            hashes.push(h32);
            let k = r.var()?;
            for _ in 0..k {
                let [l] = r.array()?;
                if usize::from(l) >= n {
                    return Err(ModelError::Malformed("label index"));
                }
                entries.push((l, f32::from(i16::from_le_bytes(r.array()?)) / SCALE));
            }
            offsets.push(entries.len() as u32);
        }
        if r.at != r.b.len() {
            return Err(ModelError::Malformed("trailing bytes"));
        }
        Ok(Model::with_slots(labels, transitions, hashes, offsets, entries))
    }
}

/// Where a feature hash starts probing in a table of `size` slots (a power of two).
fn slot_of(h: u32, size: usize) -> usize {
    (h.wrapping_mul(0x9E37_79B9) >> 7) as usize & (size - 1)
}

fn quantize(w: f32) -> i16 {
    (w * SCALE).round().clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16
}

fn put_var(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).ok_or(ModelError::Malformed("truncated"))?;
        let s = self.b.get(self.at..end).ok_or(ModelError::Malformed("truncated"))?;
        self.at = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let s = self.take(N)?;
        let mut a = [0; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    fn var(&mut self) -> Result<usize, ModelError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let [b] = self.array()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return usize::try_from(v).map_err(|_| ModelError::Malformed("varint"));
            }
        }
        Err(ModelError::Malformed("varint"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Model {
        let labels = vec!["O".into(), "B-PER".into(), "I-PER".into()];
        Model::new(
            labels,
            &[(0, 2, -5.0), (1, 2, 2.0), (2, 2, 0.5)],
            &[
                (hash(&["cap"]), 1, 1.5),
                (hash(&["cap"]), 2, 1.0),
                (hash(&["b"]), 0, 1.0),
            ],
        )
    }

    #[test]
    fn model_round_trips_through_its_bytes() {
        let m = tiny();
        assert_eq!(Model::decode(&m.encode()), Ok(m));
    }

    #[test]
    fn damaged_models_are_refused() {
        let bytes = tiny().encode();
        assert_eq!(Model::decode(b"LOUPESNP"), Err(ModelError::Magic));
        let mut v = bytes.clone();
        v[8] = 9;
        assert_eq!(
            Model::decode(&v),
            Err(ModelError::Version {
                expected: FORMAT_VERSION,
                got: 9
            })
        );
        let mut c = bytes.clone();
        let last = c.len() - 6;
        c[last] ^= 1;
        assert_eq!(Model::decode(&c), Err(ModelError::Checksum));
        for cut in 0..bytes.len() {
            assert!(Model::decode(&bytes[..cut]).is_err());
        }
    }

    #[test]
    fn viterbi_follows_transitions() {
        let m = tiny();
        let cap = hash(&["cap"]);
        let b = hash(&["b"]);
        // Two capitalized words: B-PER then I-PER (O → I-PER is penalized).
        assert_eq!(m.tag(&[vec![b], vec![b, cap], vec![b, cap]]), [0, 1, 2]);
        assert!(m.tag(&[]).is_empty());
    }

    #[test]
    fn hash_separates_parts() {
        assert_ne!(hash(&["ab", "c"]), hash(&["a", "bc"]));
        assert_eq!(hash(&["w", "paris"]), hash(&["w", "paris"]));
    }
}
