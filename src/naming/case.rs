//! Case conversions: ent's `snake` and `pascal` (`entc/gen/func.go`), byte for byte, for
//! storage names; heck for the Rust side (`upper_camel` for enum variants, the names suggested
//! for badly cased schema names); and the case checks of the schema language. The two are not
//! interchangeable: `tests::ent_rules_and_heck_differ` shows where.
//!
//! ent's helpers are Go code with Go's Unicode semantics; where those differ from Rust's
//! (`snake` works on bytes, Go's case mappings are the simple one-rune mappings) this module
//! reproduces Go's result and says so on the function.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// ent's initialisms (`entc/gen/func.go ruleset()`): a word of `pascal` whose upper-case form is
/// in this list is written all upper-case (`user_id` → `UserID`). Kept sorted (byte order) so
/// membership is a binary search.
pub const ACRONYMS: [&str; 45] = [
    "ACL", "API", "ASCII", "AWS", "CPU", "CSS", "DNS", "EOF", "GB", "GUID", "HCL", "HTML", "HTTP",
    "HTTPS", "ID", "IP", "JSON", "KB", "LHS", "MAC", "MB", "QPS", "RAM", "RHS", "RPC", "SLA",
    "SMTP", "SQL", "SSH", "SSO", "TCP", "TLS", "TTL", "UDP", "UI", "UID", "URI", "URL", "UTF8",
    "UUID", "VM", "XML", "XMPP", "XSRF", "XSS",
];

/// Whether `word` is one of ent's [`ACRONYMS`] (exact, case-sensitive match).
pub fn is_acronym(word: &str) -> bool {
    ACRONYMS.binary_search(&word).is_ok()
}

/// ent's `snake` (`entc/gen/func.go`): `Username` → `username`, `FullName` → `full_name`,
/// `HTTPCode` → `http_code`, `IntSIDs` → `int_si_ds`.
///
/// An `_` is written before an upper-case letter at byte `0 < i < len-1` when the previous
/// letter is lower-case, or when the next one is lower-case, the previous one is a letter and
/// the last `_` was not written at `i-1`; then every letter is lower-cased. `-`, digits and
/// existing `_` are kept.
///
/// Like ent, this walks **bytes**, each read as the Latin-1 rune of the same value and written
/// back as UTF-8. ASCII input is unaffected; a non-ASCII name comes out garbled exactly as in ent
/// (`X量` → bytes `78 c3 a9 c2 87 c2 8f`, ent issue #2564), which keeps column names identical.
pub fn snake(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 4);
    // Go's `j`: byte index of the last `_` written (0 before any).
    let mut last_underscore = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if i > 0 && i + 1 < bytes.len() && latin1_is_upper(b) {
            let prev = bytes[i - 1];
            let next = bytes[i + 1];
            if latin1_is_lower(prev)
                || (last_underscore != i - 1 && latin1_is_lower(next) && latin1_is_letter(prev))
            {
                last_underscore = i;
                out.push('_');
            }
        }
        out.push(char::from(latin1_to_lower(b)));
    }
    out
}

/// ent's `pascal` (`entc/gen/func.go`): splits on `_`, `-` and white space (Go's
/// `unicode.IsSpace`), writes a word whose upper-case form is one of [`ACRONYMS`] in upper case
/// and capitalizes the first letter of every other word, keeping the rest as written:
/// `user_info` → `UserInfo`, `user_id` → `UserID`, `full-admin` → `FullAdmin`,
/// `SSOCert` → `SSOCert`.
///
/// ent capitalizes the first *byte* of a word; when a word starts with a non-ASCII character Go
/// produces invalid UTF-8, so there this function upper-cases the first character instead.
pub fn pascal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_pascal_separator).filter(|w| !w.is_empty()) {
        push_pascal_word(&mut out, word);
    }
    out
}

/// ent's `isSeparator`: `_`, `-` or a Unicode white-space character (Go's `unicode.IsSpace` and
/// Rust's `char::is_whitespace` are the same set).
fn is_pascal_separator(c: char) -> bool {
    c == '_' || c == '-' || c.is_whitespace()
}

/// ent's `pascalWords` for one word.
fn push_pascal_word(out: &mut String, word: &str) {
    let upper = go_to_upper(word);
    if is_acronym(&upper) {
        out.push_str(&upper);
    } else {
        push_capitalized(out, word);
    }
}

/// inflect's `Capitalize` (upper-case the first letter, keep the rest), see [`pascal`] for the
/// non-ASCII case.
fn push_capitalized(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.push(go_upper_char(first));
        out.push_str(chars.as_str());
    }
}

/// Rust-style UpperCamelCase (heck's) for enum variants and other generated type names made
/// from schema words (not an ent function; ent's enum names use [`pascal`]): `admin` → `Admin`,
/// `free-user` → `FreeUser`, `Full-Time` → `FullTime`, `test user` → `TestUser`,
/// `user_id` → `UserId`, `IN_PROGRESS` → `InProgress`, `HTTPCode` → `HttpCode`.
///
/// Words are split on every character that is not alphanumeric and where the case changes; an
/// all-caps word (`ADMIN`) is written `Admin`, as Rust style (and clippy's
/// `upper_case_acronyms`) wants. The result may start with a digit (`2fa` → `2fa`) or be empty;
/// callers check it with [`is_upper_camel`] or Rust's identifier rules.
pub fn upper_camel(s: &str) -> String {
    s.to_upper_camel_case()
}

/// The schema language's rule for entity and mixin names: `[A-Z][A-Za-z0-9]*`
/// (`User`, `PC`, `IntSID`, `HTTPCode`).
pub fn is_upper_camel(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_uppercase()) && bytes.all(|b| b.is_ascii_alphanumeric())
}

/// The schema language's rule for field, edge and index-column names: `[a-z][a-z0-9_]*`.
pub fn is_snake(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The entity name to suggest for a name that is not [`is_upper_camel`]:
/// `user_profile` → `UserProfile`, `userName` → `UserName`, `USER_ROLE` → `UserRole`.
///
/// Only ASCII letters and digits are kept (everything else separates words), leading digits are
/// dropped and heck joins the words, so the result always passes [`is_upper_camel`]; `None`
/// when nothing is left.
pub fn to_upper_camel_suggestion(name: &str) -> Option<String> {
    let start = name.find(|c: char| c.is_ascii_alphabetic())?;
    Some(ascii_words(&name[start..]).to_upper_camel_case())
}

/// The field or edge name to suggest for a name that is not [`is_snake`]:
/// `userName` → `user_name`, `HTTPCode` → `http_code`, `user-name` → `user_name`,
/// `User Name` → `user_name`.
///
/// heck's snake case of the ASCII letters and digits of `name` (anything else separates words),
/// trimmed of what cannot start or end a name, so the result always passes [`is_snake`]; `None`
/// when no ASCII letter is left.
pub fn to_snake_suggestion(name: &str) -> Option<String> {
    let snaked = ascii_words(name).to_snake_case();
    let start = snaked.find(|c: char| c.is_ascii_lowercase())?;
    Some(snaked[start..].trim_end_matches('_').to_owned())
}

/// `name` with every character other than an ASCII letter or digit replaced by `_` (a word
/// break to heck).
fn ascii_words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Go's `strings.ToUpper` for valid UTF-8: the simple (one-character) upper-case mapping of
/// every character. Where Unicode has only a multi-character mapping (`ß` → `SS`) Go keeps the
/// character and so does this.
pub(crate) fn go_to_upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    s.chars().map(go_upper_char).collect()
}

/// Go's `strings.ToLower` for valid UTF-8: the simple lower-case mapping of every character
/// (`İ` → `i`, where Rust's full mapping gives `i̇`).
pub(crate) fn go_to_lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(go_lower_char).collect()
}

/// Go's `unicode.ToUpper` approximated by Rust's mapping when it is one character long. The
/// approximation agrees with Go whenever the result is ASCII, which is all ent compares it to.
fn go_upper_char(c: char) -> char {
    single_char(c.to_uppercase()).unwrap_or(c)
}

/// Go's `unicode.ToLower`, see [`go_upper_char`]; `İ` (U+0130) is the one character whose
/// Rust mapping is longer than one character.
fn go_lower_char(c: char) -> char {
    if c == '\u{130}' {
        return 'i';
    }
    single_char(c.to_lowercase()).unwrap_or(c)
}

/// The only item of `chars`, if it has exactly one.
fn single_char(mut chars: impl Iterator<Item = char>) -> Option<char> {
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Go's `unicode.IsUpper(rune(b))`: `A`–`Z`, `À`–`Þ` except `×`.
fn latin1_is_upper(b: u8) -> bool {
    b.is_ascii_uppercase() || ((0xC0..=0xDE).contains(&b) && b != 0xD7)
}

/// Go's `unicode.IsLower(rune(b))`: `a`–`z`, `µ`, `ß`–`ÿ` except `÷` (`ª` and `º` are `Lo` in
/// Go's tables, not lower-case as in Rust's `char::is_lowercase`).
fn latin1_is_lower(b: u8) -> bool {
    b.is_ascii_lowercase() || b == 0xB5 || (b >= 0xDF && b != 0xF7)
}

/// Go's `unicode.IsLetter(rune(b))`: ASCII letters, `ª`, `µ`, `º`, `À`–`ÿ` except `×` and `÷`.
fn latin1_is_letter(b: u8) -> bool {
    b.is_ascii_alphabetic()
        || matches!(b, 0xAA | 0xB5 | 0xBA)
        || (b >= 0xC0 && b != 0xD7 && b != 0xF7)
}

/// Go's `unicode.ToLower(rune(b))` for a Latin-1 rune.
fn latin1_to_lower(b: u8) -> u8 {
    if latin1_is_upper(b) { b + 0x20 } else { b }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_matches_ent_func_test_and_type_label_tables() {
        // entc/gen/func_test.go Test_snake, type_test.go TestType_Label, ent.md §2.1.
        let cases = [
            ("Username", "username"),
            ("FullName", "full_name"),
            ("HTTPCode", "http_code"),
            ("OS", "os"),
            ("User", "user"),
            ("UserInfo", "user_info"),
            ("PHBOrg", "phb_org"),
            ("UserID", "user_id"),
            ("UserIDs", "user_ids"),
            ("CreditCard", "credit_card"),
            ("SSOCert", "sso_cert"),
            ("TotalAmount", "total_amount"),
        ];
        for (input, want) in cases {
            assert_eq!(snake(input), want, "snake({input:?})");
        }
    }

    #[test]
    fn snake_quirks() {
        let cases = [
            ("IntSIDs", "int_si_ds"),
            ("URLs", "ur_ls"),
            ("PCs", "pcs"),
            ("OAuthTokens", "oauth_tokens"),
            ("APIKeys", "api_keys"),
            ("MixinIDs", "mixin_ids"),
            // The first upper-case run never gets `_` at byte 1 (Go's `j` starts at 0).
            ("ABc", "abc"),
            ("ABCd", "ab_cd"),
            // The last byte never gets `_`.
            ("userI", "useri"),
            // `-`, digits and `_` are kept; no `_` right after one.
            ("full-Name", "full-name"),
            ("user_Name", "user_name"),
            ("v2Name", "v2name"),
            ("already_snake", "already_snake"),
            ("", ""),
            ("A", "a"),
        ];
        for (input, want) in cases {
            assert_eq!(snake(input), want, "snake({input:?})");
        }
    }

    #[test]
    fn snake_reads_bytes_as_latin1_like_ent() {
        // ent issue #2564: field "X量" becomes column bytes 78 c3 a9 c2 87 c2 8f.
        assert_eq!(snake("X量").as_bytes(), b"\x78\xc3\xa9\xc2\x87\xc2\x8f");
        // "é" is C3 A9: 0xC3 is Latin-1 upper `Ã` (lower-cased to `ã`), 0xA9 is `©`.
        assert_eq!(snake("é"), "ã©");
    }

    #[test]
    fn pascal_matches_ent() {
        let cases = [
            ("user_info", "UserInfo"),
            ("full_name", "FullName"),
            ("user_id", "UserID"),
            ("full-admin", "FullAdmin"),
            ("api_key", "APIKey"),
            ("utf8_str", "UTF8Str"),
            ("SSOCert", "SSOCert"),
            ("user", "User"),
            ("id", "ID"),
            ("Id", "ID"),
            ("ids", "Ids"),
            ("user_data", "UserData"),
            ("test user", "TestUser"),
            ("unknown", "Unknown"),
            ("GIF", "GIF"),
            ("MP4", "MP4"),
            ("free-user", "FreeUser"),
            ("__a__b__", "AB"),
            ("a\tb\u{3000}c", "ABC"),
            ("http_url_json", "HTTPURLJSON"),
            ("", ""),
            ("___", ""),
        ];
        for (input, want) in cases {
            assert_eq!(pascal(input), want, "pascal({input:?})");
        }
    }

    #[test]
    fn pascal_acronym_check_uses_go_simple_upper_case() {
        // Go: ToUpper("ıd") == "ID" (dotless i), so ent writes the acronym.
        assert_eq!(pascal("ıd"), "ID");
        // Go keeps `ß` (no one-rune upper case), so "ßo" is no acronym.
        assert_eq!(pascal("ßo"), "ßo");
        assert_eq!(pascal("élan"), "Élan");
    }

    #[test]
    fn acronyms_are_sorted_for_binary_search() {
        assert!(ACRONYMS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_acronym("UTF8") && is_acronym("ACL") && is_acronym("XSS"));
        assert!(!is_acronym("Id") && !is_acronym(""));
    }

    #[test]
    fn upper_camel_is_rust_style() {
        let cases = [
            ("admin", "Admin"),
            ("free-user", "FreeUser"),
            ("Full-Time", "FullTime"),
            ("test user", "TestUser"),
            ("user_id", "UserId"),
            ("ADMIN", "Admin"),
            ("IN_PROGRESS", "InProgress"),
            ("HTTPCode", "HttpCode"),
            ("userId", "UserId"),
            ("v1.2", "V12"),
            ("gif", "Gif"),
            ("2fa", "2fa"),
            ("café au lait", "CaféAuLait"),
            ("", ""),
            ("--", ""),
        ];
        for (input, want) in cases {
            assert_eq!(upper_camel(input), want, "upper_camel({input:?})");
        }
    }

    /// Why storage names keep ent's own `snake` and `pascal` rather than heck: for these names
    /// the two give different results, and a table, column or Go-compatible type name must be
    /// ent's byte for byte.
    #[test]
    fn ent_rules_and_heck_differ() {
        // (name, ent's snake: the column or table name, heck's snake)
        let snakes = [
            ("HTTP2Code", "http2code", "http2_code"),
            ("UTF8Text", "utf8text", "utf8_text"),
            ("user__name", "user__name", "user_name"),
            ("a_b_", "a_b_", "a_b"),
            ("v1.2", "v1.2", "v1_2"),
            ("X量", "x\u{e9}\u{87}\u{8f}", "x量"),
        ];
        for (name, ent, heck) in snakes {
            assert_eq!(snake(name), ent, "ent's snake({name:?})");
            assert_eq!(name.to_snake_case(), heck, "heck's snake({name:?})");
        }
        // Where they agree, for contrast: word breaks inside capital runs.
        assert_eq!(snake("IntSIDs"), "IntSIDs".to_snake_case());
        // (name, ent's pascal: ent's initialisms kept, heck's upper camel case)
        let pascals = [
            ("user_id", "UserID", "UserId"),
            ("html_parser", "HTMLParser", "HtmlParser"),
            ("ip_v4", "IPV4", "IpV4"),
            ("SSOCert", "SSOCert", "SsoCert"),
            ("user.name", "User.name", "UserName"),
        ];
        for (name, ent, heck) in pascals {
            assert_eq!(pascal(name), ent, "ent's pascal({name:?})");
            assert_eq!(
                name.to_upper_camel_case(),
                heck,
                "heck's upper camel({name:?})"
            );
        }
    }

    #[test]
    fn case_checks() {
        for ok in ["User", "PC", "IntSID", "HTTPCode", "A", "User2"] {
            assert!(is_upper_camel(ok), "{ok}");
        }
        for bad in ["", "user", "User_Info", "2User", "Usér", "_User"] {
            assert!(!is_upper_camel(bad), "{bad}");
        }
        for ok in ["name", "user_id", "a", "a1_", "data_index"] {
            assert!(is_snake(ok), "{ok}");
        }
        for bad in ["", "Name", "userName", "_id", "1a", "user-id", "é"] {
            assert!(!is_snake(bad), "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        let camel = [
            ("user_profile", Some("UserProfile")),
            ("userName", Some("UserName")),
            ("USER_ROLE", Some("UserRole")),
            ("2fa_code", Some("FaCode")),
            ("user-profile", Some("UserProfile")),
            ("42", None),
            ("", None),
        ];
        for (input, want) in camel {
            let got = to_upper_camel_suggestion(input);
            assert_eq!(got.as_deref(), want, "to_upper_camel_suggestion({input:?})");
            assert!(got.is_none_or(|s| is_upper_camel(&s)));
        }
        let snake_cases = [
            ("userName", Some("user_name")),
            ("UserName", Some("user_name")),
            ("HTTPCode", Some("http_code")),
            ("user-name", Some("user_name")),
            ("User Name", Some("user_name")),
            ("_Id_", Some("id")),
            ("1st_Place", Some("st_place")),
            ("naïve", Some("na_ve")),
            ("__", None),
        ];
        for (input, want) in snake_cases {
            let got = to_snake_suggestion(input);
            assert_eq!(got.as_deref(), want, "to_snake_suggestion({input:?})");
            assert!(got.is_none_or(|s| is_snake(&s)));
        }
    }

    #[test]
    fn go_case_mappings() {
        assert_eq!(go_to_lower("İNFO"), "info");
        assert_eq!(go_to_lower("\u{212A}EY"), "key"); // Kelvin sign
        assert_eq!(go_to_upper("ſsh"), "SSH"); // long s
        assert_eq!(go_to_upper("straße"), "STRAßE");
    }

    #[test]
    fn odd_input_never_panics() {
        for s in crate::naming::ODD_STRINGS {
            let _ = snake(s);
            let _ = pascal(s);
            let _ = upper_camel(s);
            let _ = is_upper_camel(s);
            let _ = is_snake(s);
            if let Some(x) = to_upper_camel_suggestion(s) {
                assert!(is_upper_camel(&x), "{s:?} → {x:?}");
            }
            if let Some(x) = to_snake_suggestion(s) {
                assert!(is_snake(&x), "{s:?} → {x:?}");
            }
        }
    }
}
