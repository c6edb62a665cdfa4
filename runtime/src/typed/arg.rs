//! [`Arg`]: what a setter or predicate of a `T` field accepts. Unlike `Into<T>`, it has one
//! impl per target besides `T` itself, so an integer literal takes the field's type
//! (`set_balance(-100)` on an `i16` field) instead of defaulting to `i32`.

/// A value usable where a `T` is expected: `T` itself, and `&str`/`&String` for `String`,
/// `&[u8]` for `Vec<u8>`.
pub trait Arg<T> {
    /// The value as a `T`.
    fn into_arg(self) -> T;
}

impl<T> Arg<T> for T {
    fn into_arg(self) -> T {
        self
    }
}

impl Arg<String> for &str {
    fn into_arg(self) -> String {
        self.to_owned()
    }
}

impl Arg<String> for &String {
    fn into_arg(self) -> String {
        self.clone()
    }
}

impl Arg<String> for std::borrow::Cow<'_, str> {
    fn into_arg(self) -> String {
        self.into_owned()
    }
}

impl Arg<Vec<u8>> for &[u8] {
    fn into_arg(self) -> Vec<u8> {
        self.to_vec()
    }
}
