//! A fast, non-cryptographic hasher for the graph's name tables (rustc's FxHash). The keys are
//! names from the user's own schema, so SipHash's protection against crafted collisions buys
//! nothing here, while it cost a tenth of the validation time of a 1000-entity schema.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` hashed with [`FxHasher`]. Its iteration order is fixed but meaningless: callers
/// only look names up.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A [`FastMap`] with room for `capacity` entries, so that filling it never rehashes.
pub fn map_with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

/// rustc's FxHash: a multiply and a rotate per word.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_and_tells_close_names_apart() {
        let mut map: FastMap<&str, usize> = map_with_capacity(4);
        for (i, name) in ["user", "users", "user_", "a_very_long_table_name_indeed"]
            .iter()
            .enumerate()
        {
            assert_eq!(map.insert(name, i), None);
        }
        assert_eq!(map.get("users"), Some(&1));
        assert_eq!(map.get("user_"), Some(&2));
        assert_eq!(map.get("a_very_long_table_name_indeed"), Some(&3));
        assert_eq!(map.get("use"), None);
    }
}
