//! A fingerprint of what a file is made from (FNV-1a, 64 bits): stable
//! across runs and platforms, unlike std's hasher, so a build can tell
//! that a page it would render is the page it rendered last time.

/// Accumulates bytes into a fingerprint.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fingerprint(u64);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(0xcbf2_9ce4_8422_2325)
    }
}

impl Fingerprint {
    /// Adds `bytes`, then a separator, so `("ab", "c")` and `("a", "bc")`
    /// differ.
    pub(crate) fn add(mut self, bytes: &[u8]) -> Self {
        for &byte in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}

/// The fingerprint of one run of bytes (a file's, a chunk's).
pub(crate) fn of(bytes: &[u8]) -> u64 {
    Fingerprint::default().add(bytes).finish()
}

/// A fingerprint of any value that derives `Hash`: every field counts,
/// with no text made on the way. Std's `Hash` of its types may change
/// between compilers; the keys also hold advocate's build, so a change
/// only makes pages again.
impl std::hash::Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        *self = self.add(bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_kept_apart_and_the_value_is_stable() {
        let of = |parts: &[&str]| {
            parts
                .iter()
                .fold(Fingerprint::default(), |f, p| f.add(p.as_bytes()))
                .finish()
        };
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
        assert_eq!(of(&["ab", "c"]), of(&["ab", "c"]));
        // The same on every machine and every build of advocate.
        assert_eq!(of(&[]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(of(&["a"]), 0x089b_c907_b544_c769);
    }
}
