//! Shortening of long index names and foreign-key symbols, as ent's
//! `dialect/sql/schema/atlas.go` `(*Atlas).symbol` does before handing a schema to Atlas.

use md5::{Digest, Md5};

/// Bytes the shortened form spends on the hash: `_` and 32 hex digits.
pub const HASH_SUFFIX_LEN: usize = 33;

/// ent's `(*Atlas).symbol`: `name` when it is at most `max_len` bytes, else
/// `name[..max_len - 33] + "_" + hex(md5(name))`, which is exactly `max_len` bytes long.
/// ent passes 63 on PostgreSQL and 64 on every other dialect (see
/// [`NameDialect::symbol_max_len`](super::NameDialect::symbol_max_len)).
///
/// Two differences from Go, neither reachable with ASCII names of a sane length:
/// - ent slices bytes; when the cut falls inside a multi-byte character, this cuts at the
///   nearest character boundary *below* it, so the result is a little shorter than `max_len`
///   (Go would emit invalid UTF-8);
/// - when `max_len < 33` ent panics on the negative slice; this keeps no prefix and returns
///   `_` + md5, which is 33 bytes.
pub fn shorten_symbol(name: &str, max_len: usize) -> String {
    if name.len() <= max_len {
        return name.to_owned();
    }
    let cut = name.floor_char_boundary(max_len.saturating_sub(HASH_SUFFIX_LEN));
    format!("{}_{}", &name[..cut], md5_hex(name))
}

/// Lower-case hex of the MD5 digest of `name` (Go's `fmt.Sprintf("%x", md5.Sum([]byte(name)))`).
fn md5_hex(name: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Md5::digest(name.as_bytes());
    let mut out = String::with_capacity(2 * digest.len());
    for byte in digest.iter() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ent's `dialect/sql/schema/migrate_test.go`: index `"long_" + strings.Repeat("_", 60)` on
    /// SQLite (limit 64).
    #[test]
    fn reproduces_ent_test_vector() {
        let name = format!("long_{}", "_".repeat(60));
        let short = shorten_symbol(&name, 64);
        assert_eq!(
            short,
            "long____________________________1cb2e7e47a309191385af4ad320875b1"
        );
        assert_eq!(short.len(), 64);
    }

    #[test]
    fn postgres_limit_keeps_30_bytes_of_prefix() {
        let name = format!("long_{}", "_".repeat(60));
        let short = shorten_symbol(&name, 63);
        assert_eq!(short.len(), 63);
        assert_eq!(&short[..30], &name[..30]);
        assert_eq!(&short[30..], "_1cb2e7e47a309191385af4ad320875b1");
    }

    #[test]
    fn short_names_are_unchanged() {
        assert_eq!(
            shorten_symbol("users_groups_blocked", 63),
            "users_groups_blocked"
        );
        let exactly_64 = "a".repeat(64);
        assert_eq!(shorten_symbol(&exactly_64, 64), exactly_64);
        assert_ne!(shorten_symbol(&exactly_64, 63), exactly_64);
        assert_eq!(shorten_symbol("", 0), "");
    }

    #[test]
    fn md5_hex_known_vectors() {
        assert_eq!(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
    }

    #[test]
    fn cut_inside_a_character_moves_to_the_boundary_below() {
        // 30 ASCII bytes, then `é` (2 bytes) straddling the 31-byte cut of a 64 limit.
        let name = format!("{}é{}", "a".repeat(30), "b".repeat(40));
        let short = shorten_symbol(&name, 64);
        assert_eq!(short, format!("{}_{}", "a".repeat(30), md5_hex(&name)));
        assert_eq!(short.len(), 63);
    }

    #[test]
    fn tiny_limit_keeps_only_the_hash() {
        let short = shorten_symbol("abcdef", 3);
        assert_eq!(short, format!("_{}", md5_hex("abcdef")));
    }

    #[test]
    fn odd_input_never_panics() {
        for s in crate::naming::ODD_STRINGS {
            for max_len in [0, 1, 2, 3, 33, 34, 35, 63, 64] {
                let _ = shorten_symbol(&s.repeat(20), max_len);
            }
        }
    }
}
