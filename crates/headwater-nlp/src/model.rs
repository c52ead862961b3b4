//! Averaged perceptron: a sparse trainable form and a frozen, quantized form for inference.
//!
//! Features are 64-bit hashes. Training keeps, per feature, a short sparse list of class weights
//! (most features only ever touch a few classes). Freezing averages, quantizes to `i16` with one
//! global scale, drops weights that round to zero, and stores each feature's surviving weights as
//! one contiguous row found through a single open-addressing probe.

use crate::NlpError;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Mixes two 64-bit values; the building block of every feature hash.
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(23)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let x = (x ^ (x >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 32) ^ b
}

/// FNV-1a over bytes, ASCII-lowercased on the fly (no allocation).
#[inline]
pub(crate) fn hash_lower(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b.to_ascii_lowercase() as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h, 0x51)
}

/// FNV-1a over bytes as given.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h, 0x77)
}

/// Feature keys are already well-mixed hashes, so the map hashes them as they are.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct Slot {
    class: u16,
    w: f32,
    total: f64,
    stamp: u32,
}

/// Trainable averaged perceptron with sparse per-feature rows.
pub(crate) struct Perceptron {
    pub n_classes: usize,
    rows: IdMap<Vec<Slot>>,
    time: u32,
}

impl Perceptron {
    pub fn new(n_classes: usize) -> Self {
        Perceptron {
            n_classes,
            rows: IdMap::default(),
            time: 0,
        }
    }

    /// Adds the current (non-averaged) weights of `feats` into `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for s in row {
                    if let Some(x) = scores.get_mut(s.class as usize) {
                        *x += s.w;
                    }
                }
            }
        }
    }

    /// Counts one training instance (advances the averaging clock).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Adds `delta` to class `class` for every feature.
    pub fn update(&mut self, feats: &[u64], class: usize, delta: f32) {
        let time = self.time;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            let slot = match row.iter_mut().position(|s| s.class as usize == class) {
                Some(i) => &mut row[i],
                None => {
                    row.push(Slot {
                        class: class as u16,
                        w: 0.0,
                        total: 0.0,
                        stamp: time,
                    });
                    let last = row.len() - 1;
                    &mut row[last]
                }
            };
            slot.total += (time - slot.stamp) as f64 * slot.w as f64;
            slot.stamp = time;
            slot.w += delta;
        }
    }

    /// Averages and quantizes into the inference form (largest weight = `QMAX`), dropping
    /// weights whose quantized magnitude is below `min_q`: small averaged weights mostly
    /// belong to rare features, and dropping them is what keeps the model files small.
    pub fn freeze(&self, min_q: i32) -> Frozen {
        let time = self.time.max(1) as f64;
        let avg = |s: &Slot| ((s.total + (self.time - s.stamp) as f64 * s.w as f64) / time) as f32;
        let mut max_abs = 0f32;
        for row in self.rows.values() {
            for s in row {
                max_abs = max_abs.max(avg(s).abs());
            }
        }
        let scale = if max_abs > 0.0 { QMAX / max_abs } else { 1.0 };
        // Folding to 32 bits can merge a few features; their weights are summed.
        let mut rows: BTreeMap<u32, BTreeMap<u16, i32>> = BTreeMap::new();
        for (&k, row) in &self.rows {
            for s in row {
                let q = (avg(s) * scale).round() as i32;
                if q.abs() >= min_q.max(1) {
                    *rows.entry(fold(k)).or_default().entry(s.class).or_default() += q;
                }
            }
        }
        let rows: Vec<(u32, Vec<u32>)> = rows
            .into_iter()
            .map(|(k, m)| {
                (
                    k,
                    m.into_iter()
                        .map(|(c, q)| pack(c, q.clamp(-32767, 32767) as i16))
                        .collect(),
                )
            })
            .collect();
        Frozen::build(self.n_classes, 1.0 / scale, &rows)
    }
}

const QMAX: f32 = 8000.0;

/// The 32-bit key a 64-bit feature hash is stored under (0 is reserved for empty slots).
#[inline]
fn fold(h: u64) -> u32 {
    let k = (h ^ (h >> 32)) as u32;
    if k == 0 {
        1
    } else {
        k
    }
}

#[inline]
fn pack(class: u16, w: i16) -> u32 {
    ((class as u32) << 16) | (w as u16 as u32)
}

/// Home slot of a key: the key scaled onto the table (multiply-shift), so that any table size
/// works (the load factor need not jump to the next power of two) and rows stored in key order
/// load into the table front to back (sequential writes instead of random ones keep loading fast).
#[inline]
fn slot_of(key: u32, cap: usize) -> usize {
    ((key as u64 * cap as u64) >> 32) as usize
}

/// Slots per stored row: at a load factor of 0.5 nearly every probe (a sixth of all look-ups
/// are for absent features, which probe until an empty slot) ends in the home slot's cache
/// line. Measured on the parser, this beat 0.6 and 0.8 despite the larger table: a second
/// line is a second miss, a larger table mostly is not.
fn capacity(n_rows: usize) -> usize {
    (2 * n_rows).max(16)
}

/// Hints the CPU to start loading the cache line at `p`; never faults, whatever `p` is.
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: PREFETCH is a hint that never faults and has no architectural effect.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p as *const i8)
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Moves a large lookup table onto transparent huge pages where the OS offers them on request.
/// Scoring reads the tables at random; with 4 KiB pages nearly every read also misses the TLB,
/// and the page walk costs as much as the cache miss itself. Small tables are returned as they are.
pub(crate) fn on_huge_pages<T: Copy>(v: Vec<T>) -> Vec<T> {
    const HUGE: usize = 2 << 20;
    let bytes = std::mem::size_of_val(v.as_slice());
    if bytes < 2 * HUGE {
        return v;
    }
    #[cfg(target_os = "linux")]
    {
        // One spare huge page lets the aligned region cover the whole table.
        let extra = HUGE / std::mem::size_of::<T>().max(1) + 1;
        let mut out: Vec<T> = Vec::with_capacity(v.len() + extra);
        let start = out.as_ptr() as usize;
        let aligned = start.div_ceil(HUGE) * HUGE;
        let end = start + out.capacity() * std::mem::size_of::<T>();
        let len = (end.saturating_sub(aligned)) / HUGE * HUGE;
        if len > 0 {
            // SAFETY: the range lies inside `out`'s own untouched allocation; MADV_HUGEPAGE only
            // changes how the kernel backs those pages, never their contents or validity.
            unsafe {
                libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
            }
        }
        out.extend_from_slice(&v);
        out
    }
    #[cfg(not(target_os = "linux"))]
    v
}

/// Inference form: open-addressing table of feature keys, each pointing at a contiguous run of
/// packed `(class << 16 | i16 weight)` entries.
///
/// Layouts measured and dropped on the project's 2-core VM (`headwater bench` on BBC tech,
/// six interleaved runs each): rows packed into key-prefix buckets behind a directory, with
/// 3-byte headers and 3-byte weights co-located (the parser's tables shrink from 29 MB to
/// 12.5 MB), scored 5% slower than this table; a second, cache-sized table for the dense rows'
/// keys gained 1–2% (within noise). Dropping every row of one or two weights altogether (not
/// an option, it changes the parses) bounds what any layout of the rare rows could gain: 15%.
#[derive(Clone, Debug)]
pub struct Frozen {
    pub(crate) n_classes: usize,
    /// Multiply integer scores by this to get perceptron units (only relative order matters).
    pub(crate) scale: f32,
    /// Number of slots.
    cap: usize,
    /// `[key, (offset << 8) | len]`: key and row location share a cache line. A long row
    /// has `len == 0` and `offset - 1` indexing `dense` instead.
    slots: Vec<[u32; 2]>,
    entries: Vec<u32>,
    /// Long rows (the frequent features, which carry a weight for most classes) again as
    /// `width` plain `i16`s each: adding those is a vector loop instead of a scatter.
    dense: Vec<i16>,
    width: usize,
    /// The sparse `(offset << 8) | len` of each dense row, for [`Frozen::write`].
    dense_src: Vec<u32>,
}

const EMPTY: u32 = 0;

impl Frozen {
    fn build(n_classes: usize, scale: f32, rows: &[(u32, Vec<u32>)]) -> Frozen {
        let cap = capacity(rows.len());
        let mut slots = vec![[EMPTY, 0u32]; cap];
        let mut entries = Vec::new();
        for (key, row) in rows {
            let mut i = slot_of(*key, cap);
            while slots[i][0] != EMPTY {
                i = if i + 1 == cap { 0 } else { i + 1 };
            }
            let len = row.len().min(255);
            slots[i] = [*key, ((entries.len() as u32) << 8) | len as u32];
            entries.extend_from_slice(&row[..len]);
        }
        Frozen::with_dense_rows(n_classes, scale, cap, slots, entries)
    }

    /// Moves rows at least a quarter as long as the class count into `dense`.
    fn with_dense_rows(
        n_classes: usize,
        scale: f32,
        cap: usize,
        mut slots: Vec<[u32; 2]>,
        entries: Vec<u32>,
    ) -> Frozen {
        let width = n_classes.div_ceil(8) * 8;
        let min_len = (n_classes / 4).max(8);
        let mut dense: Vec<i16> = Vec::new();
        let mut dense_src = Vec::new();
        for slot in slots.iter_mut() {
            let sp = slot[1];
            let (off, len) = ((sp >> 8) as usize, (sp & 0xff) as usize);
            if slot[0] == EMPTY || len < min_len || width > 256 {
                continue;
            }
            let base = dense.len();
            dense.resize(base + width, 0);
            for &e in entries.get(off..off + len).unwrap_or(&[]) {
                if let Some(w) = dense.get_mut(base + (e >> 16) as usize) {
                    *w = w.saturating_add((e & 0xffff) as u16 as i16);
                }
            }
            dense_src.push(sp);
            slot[1] = (dense_src.len() as u32) << 8;
        }
        Frozen {
            n_classes,
            scale,
            cap,
            slots: on_huge_pages(slots),
            entries: on_huge_pages(entries),
            dense: on_huge_pages(dense),
            width,
            dense_src,
        }
    }

    /// The sparse location of the row a slot points at.
    fn sparse_of(&self, sp: u32) -> (usize, usize) {
        let sp = if sp & 0xff == 0 && sp != 0 {
            self.dense_src
                .get((sp >> 8) as usize - 1)
                .copied()
                .unwrap_or(0)
        } else {
            sp
        };
        ((sp >> 8) as usize, (sp & 0xff) as usize)
    }

    /// Number of stored weights.
    pub fn n_weights(&self) -> usize {
        self.entries.len()
    }

    /// The packed location of the row of feature `h` (`0` = no row).
    #[inline]
    fn find(&self, h: u64) -> u32 {
        let key = fold(h);
        let mut i = slot_of(key, self.cap);
        loop {
            let Some(&[k, sp]) = self.slots.get(i) else {
                return 0;
            };
            if k == key {
                return sp;
            }
            if k == EMPTY {
                return 0;
            }
            i = if i + 1 == self.cap { 0 } else { i + 1 };
        }
    }

    /// Sums the rows of `feats` into `scores`. The tables are far larger than the CPU caches,
    /// so the cost is memory latency, not arithmetic: every home slot is prefetched before
    /// any is read, then every found sparse row, so that the misses of one call all overlap instead
    /// of queueing behind each other. The fixed 256-slot array lets every `u8` class index in
    /// without a bounds check.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32; 256]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU was just checked to support AVX2, the only thing the
            // `target_feature` build of the same code assumes.
            unsafe { self.score_avx2(feats, scores) };
            return;
        }
        self.score_generic(feats, scores);
    }

    /// [`Frozen::score`] compiled for AVX2: adding a dense row then takes half the vector
    /// instructions (16 lanes of `i16 -> i32` per step instead of 8). Same results.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_avx2(&self, feats: &[u64], scores: &mut [i32; 256]) {
        self.score_generic(feats, scores);
    }

    #[inline(always)]
    fn score_generic(&self, feats: &[u64], scores: &mut [i32; 256]) {
        scores.iter_mut().take(self.n_classes).for_each(|s| *s = 0);
        let mut found = [0u32; 160];
        let nf = feats.len().min(found.len());
        let feats = &feats[..nf];
        for &f in feats {
            let i = slot_of(fold(f), self.cap);
            prefetch(self.slots.as_ptr().wrapping_add(i));
        }
        for (slot, &f) in found.iter_mut().zip(feats) {
            *slot = self.find(f);
            let off = (*slot >> 8) as usize;
            let len = (*slot & 0xff) as usize;
            if len == 0 {
                continue;
            }
            // Dense rows (`len == 0`) belong to the most frequent features, a few hundred KB
            // that stay cached: prefetching their lines only cost instructions. A sparse row
            // gets every cache line, not just its first: a long one spans several.
            let (start, bytes) = (
                self.entries.as_ptr().wrapping_add(off) as *const u8,
                len * 4,
            );
            let mut line = 0;
            while line < bytes + (start as usize & 63) {
                prefetch(start.wrapping_add(line));
                line += 64;
            }
        }
        for &sp in found.iter().take(nf) {
            let off = (sp >> 8) as usize;
            let len = (sp & 0xff) as usize;
            if len == 0 {
                if off > 0 {
                    let d = (off - 1) * self.width;
                    let row = self.dense.get(d..d + self.width).unwrap_or(&[]);
                    for (s, &w) in scores.iter_mut().zip(row) {
                        *s += w as i32;
                    }
                }
                continue;
            }
            for &e in self.entries.get(off..off + len).unwrap_or(&[]) {
                scores[(e >> 16) as u8 as usize] += (e & 0xffff) as u16 as i16 as i32;
            }
        }
    }

    /// Compact serialization: rows sorted by key, key deltas and zigzag weights as varints.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let mut rows: Vec<(u32, &[u32])> = Vec::new();
        for &[k, sp] in &self.slots {
            if k != EMPTY {
                let (off, len) = self.sparse_of(sp);
                rows.push((k, self.entries.get(off..off + len).unwrap_or(&[])));
            }
        }
        rows.sort_unstable_by_key(|r| r.0);
        put_u32(out, self.n_classes as u32);
        out.extend_from_slice(&self.scale.to_le_bytes());
        put_u32(out, rows.len() as u32);
        put_u32(out, self.entries.len() as u32);
        let mut prev = 0u32;
        for (k, es) in rows {
            put_varint(out, (k - prev) as u64);
            prev = k;
            out.push(es.len() as u8);
            for &e in es {
                out.push((e >> 16) as u8);
                let w = (e & 0xffff) as u16 as i16 as i64;
                put_varint(out, ((w << 1) ^ (w >> 63)) as u64);
            }
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Frozen, NlpError> {
        let n_classes = r.u32()? as usize;
        let scale = f32::from_bits(r.u32()?);
        let n_rows = r.u32()? as usize;
        let n_entries = r.u32()? as usize;
        // Every row takes at least 2 bytes and every entry 2: bounds allocations by file size.
        if n_rows.saturating_mul(2) > r.remaining()
            || n_entries.saturating_mul(2) > r.remaining()
            || n_classes > 255
        {
            return Err(r.err("bad table size"));
        }
        // Decode straight into the final table: no per-row allocation, so loading stays fast.
        let cap = capacity(n_rows);
        let mut slots = vec![[EMPTY, 0u32]; cap];
        let mut entries: Vec<u32> = Vec::with_capacity(n_entries);
        let mut key = 0u32;
        for row in 0..n_rows {
            let d = r.varint()?;
            let next = u32::try_from((key as u64).saturating_add(d))
                .map_err(|_| r.err("bad key delta"))?;
            if next == EMPTY || (row > 0 && next <= key) {
                return Err(r.err("keys not increasing"));
            }
            key = next;
            let len = r.byte()? as usize;
            let off = entries.len();
            if off + len > n_entries {
                return Err(r.err("entry count mismatch"));
            }
            for _ in 0..len {
                let c = r.byte()? as u16;
                if c as usize >= n_classes {
                    return Err(r.err("class out of range"));
                }
                let z = r.varint()?;
                let w = ((z >> 1) as i64) ^ -((z & 1) as i64);
                let w = i16::try_from(w).map_err(|_| r.err("weight out of range"))?;
                entries.push(pack(c, w));
            }
            // An empty row adds nothing, and `len == 0` marks dense rows in the table.
            if len == 0 {
                continue;
            }
            let mut i = slot_of(key, cap);
            while slots.get(i).is_some_and(|s| s[0] != EMPTY) {
                i = if i + 1 == cap { 0 } else { i + 1 };
            }
            if let Some(s) = slots.get_mut(i) {
                *s = [key, ((off as u32) << 8) | len as u32];
            }
        }
        if entries.len() != n_entries {
            return Err(r.err("entry count mismatch"));
        }
        Ok(Frozen::with_dense_rows(
            n_classes, scale, cap, slots, entries,
        ))
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// Bounds-checked little-endian reader over a model file.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    name: &'a str,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8], name: &'a str) -> Self {
        Reader { buf, pos: 0, name }
    }
    #[cold]
    pub fn err(&self, reason: &str) -> NlpError {
        NlpError::Model {
            path: self.name.to_string(),
            reason: format!("{reason} at byte {}", self.pos),
        }
    }
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], NlpError> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or_else(|| self.err("overflow"))?;
        let s = self
            .buf
            .get(self.pos..end)
            .ok_or_else(|| self.err("truncated"))?;
        self.pos = end;
        Ok(s)
    }
    pub fn u32(&mut self) -> Result<u32, NlpError> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn u64(&mut self) -> Result<u64, NlpError> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }
    /// One byte; the loaders' hot path (a model holds millions of them).
    #[inline]
    pub fn byte(&mut self) -> Result<u8, NlpError> {
        match self.buf.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(self.err("truncated")),
        }
    }
    #[inline]
    pub fn varint(&mut self) -> Result<u64, NlpError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(self.err("bad varint"))
    }
    pub fn str(&mut self) -> Result<&'a str, NlpError> {
        let n = self.u32()? as usize;
        let b = self.bytes(n)?;
        std::str::from_utf8(b).map_err(|_| self.err("bad utf-8"))
    }
    pub fn magic(&mut self, m: &[u8]) -> Result<(), NlpError> {
        if self.bytes(m.len())? != m {
            return Err(self.err("bad magic (wrong or outdated model file)"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A perceptron whose rows come both short (sparse) and long (stored dense).
    fn trained() -> Perceptron {
        let mut p = Perceptron::new(40);
        for step in 0..400u64 {
            p.tick();
            let feats = [mix(step % 7, 1), mix(step % 13, 2), 99];
            p.update(&feats, (step % 40) as usize, 1.0);
            p.update(&feats, ((step * 7) % 40) as usize, -0.5);
        }
        p
    }

    #[test]
    fn dense_rows_score_like_sparse_ones_and_files_round_trip() {
        let frozen = trained().freeze(1);
        assert!(!frozen.dense.is_empty(), "the bias feature's row is long");
        let mut bytes = Vec::new();
        frozen.write(&mut bytes);
        let mut r = Reader::new(&bytes, "test");
        let back = Frozen::read(&mut r).expect("reads back");
        let mut again = Vec::new();
        back.write(&mut again);
        assert_eq!(bytes, again, "write → read → write is byte-identical");
        // Scores equal a plain sum over the sparse entries.
        let feats = [mix(3, 1), mix(5, 2), 99, 12345];
        let (mut got, mut want) = ([0i32; 256], [0i32; 256]);
        back.score(&feats, &mut got);
        for &f in &feats {
            let sp = back.find(f);
            if sp == 0 {
                continue;
            }
            let (off, len) = back.sparse_of(sp);
            for &e in &back.entries[off..off + len] {
                want[(e >> 16) as usize] += (e & 0xffff) as u16 as i16 as i32;
            }
        }
        assert_eq!(got[..40], want[..40]);
        // The portable build (what CPUs without AVX2 run) agrees with the dispatched one.
        let mut portable = [0i32; 256];
        back.score_generic(&feats, &mut portable);
        assert_eq!(portable[..40], want[..40]);
    }
}
