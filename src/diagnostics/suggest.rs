//! "Did you mean …?": the closest known name to a misspelt one.

/// The candidate closest to `wrong` by edit distance, if it is close enough to be a likely typo
/// (at most a third of the longer name, and never more than 3 edits). Case differences count as
/// cheap so that `Int` suggests `int`.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|c| *c != wrong)
        .map(|c| (distance(wrong, c), c))
        .filter(|(d, c)| {
            let limit = (wrong.chars().count().max(c.chars().count()) / 3).clamp(1, 3);
            *d <= limit
        })
        .min_by(|(d1, c1), (d2, c2)| d1.cmp(d2).then_with(|| c1.cmp(c2)))
        .map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), where a change
/// of letter case alone costs nothing.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let types = ["string", "text", "int", "uint", "bytes", "bool"];
        assert_eq!(closest("strnig", types), Some("string"));
        assert_eq!(closest("Int", types), Some("int"));
        assert_eq!(closest("byte", types), Some("bytes"));
        assert_eq!(closest("decimal", types), None);
        assert_eq!(closest("pet", ["pets", "owner"]), Some("pets"));
    }
}
