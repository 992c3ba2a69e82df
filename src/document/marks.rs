//! Quote marks and dashes: the one home of the character sets the stages read. `quotes` decides
//! which mark opens or closes a quote; these sets say only what counts as a mark at all.

/// Every quote mark, apostrophes and guillemets included.
pub fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '"' | '‘' | '’' | '\'' | '«' | '»' | '„' | '‹' | '›' | '「' | '」'
    )
}

/// Double quote marks, whose presence in reported speech makes it mixed (apostrophes do not).
pub fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

/// Dashes that set off a clause (em, en, horizontal bar, hyphen).
pub fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '-')
}

/// The mark that closes a quote opened by `open`, for the paired double marks (`“…”`, `"…"`,
/// `«…»`, `„…“`); `None` for any other character.
pub fn closing_double(open: char) -> Option<char> {
    match open {
        '“' => Some('”'),
        '"' => Some('"'),
        '«' => Some('»'),
        '„' => Some('“'),
        _ => None,
    }
}
