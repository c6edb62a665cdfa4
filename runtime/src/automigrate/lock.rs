//! The migration lock's key: two runs with the same lock name on the same database wait for
//! each other. PostgreSQL takes the transaction-scoped advisory lock
//! `pg_advisory_xact_lock(key)` (released by the commit or rollback); SQLite takes the database's
//! write lock with `BEGIN IMMEDIATE` and needs no key.

/// The PostgreSQL advisory-lock key for a lock name: FNV-1 (32-bit) of its bytes, as Atlas
/// derives its `migrate apply` key, so that the key is fixed across processes and versions.
pub fn lock_key(name: &str) -> i64 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        hash = hash.wrapping_mul(0x0100_0193);
        hash ^= u32::from(b);
    }
    i64::from(hash)
}

#[cfg(test)]
mod tests {
    use super::lock_key;

    #[test]
    fn key_is_fnv1_32() {
        // FNV-1 32 of the empty string is the offset basis; of "a" a known value.
        assert_eq!(lock_key(""), 0x811c_9dc5);
        assert_eq!(lock_key("a"), 0x050c_5d7e);
        assert_ne!(lock_key("entgen_automigrate"), lock_key("other"));
    }
}
