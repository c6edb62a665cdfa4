//! Where a large file can be cut so that its pieces parse on separate threads exactly as the
//! whole file would: at the start of a top-level `entity`, `mixin` or doc comment whose last
//! non-blank line before it is a `}` in the first column, outside any block comment. (Strings
//! are single-line, so a line start is never inside one.)

use super::ast::Comment;

/// Byte offsets to cut at, increasing, about `chunk_bytes` apart; empty for a small file.
pub fn cut_points(text: &str, comments: &[Comment], chunk_bytes: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut from = 0;
    // Cut only when at least half a chunk would remain after the cut.
    while text.len() - from > chunk_bytes.max(1).saturating_add(chunk_bytes / 2) {
        match next_boundary(text, comments, from.saturating_add(chunk_bytes.max(1))) {
            Some(cut) if cut < text.len() => {
                cuts.push(cut);
                from = cut;
            }
            _ => break,
        }
    }
    cuts
}

/// The first safe boundary at or after `from`.
fn next_boundary(text: &str, comments: &[Comment], mut from: usize) -> Option<usize> {
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut position = text.get(from..)?.find('\n').map(|i| from + i + 1)?;
    let mut last_line_closes = false;
    // Look back: does the last non-blank line before `position` close a top-level block?
    if let Some(before) = text[..position].trim_end().rsplit('\n').next() {
        last_line_closes = before == "}" || before == "}\r";
    }
    while position < text.len() {
        let line_end = text[position..]
            .find('\n')
            .map_or(text.len(), |i| position + i + 1);
        let line = &text[position..line_end];
        let starts_item =
            line.starts_with("entity ") || line.starts_with("mixin ") || line.starts_with("///");
        if last_line_closes && starts_item && !inside_comment(comments, position) {
            return Some(position);
        }
        let trimmed = line.trim_end();
        if !trimmed.is_empty() {
            last_line_closes = trimmed == "}";
        }
        position = line_end;
    }
    None
}

fn inside_comment(comments: &[Comment], position: usize) -> bool {
    let index = comments.partition_point(|c| (c.span.start as usize) < position);
    index > 0 && comments[index - 1].span.end as usize > position
}
