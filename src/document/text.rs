//! Word-level tokens with byte offsets, shared by the rule-based stages.
//!
//! Abbreviation periods stay inside their word (`Mr.`, `U.S.`, `J.`), so a lone `.` token is a
//! sentence terminator candidate; apostrophes between letters stay inside words (`don't`,
//! `Ukraine’s`), so a lone quote-mark token is a quote-mark candidate.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::document::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, digits and word-internal `'’-.&`.
    Word,
    /// Any other single non-space character.
    Punct(char),
}

/// A token and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
}

impl Token {
    /// True for a word token.
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
    /// The character of a punctuation token.
    pub fn punct(&self) -> Option<char> {
        match self.kind {
            TokenKind::Punct(c) => Some(c),
            TokenKind::Word => None,
        }
    }
}

/// Day names, lower-cased.
pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Month names, lower-cased.
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words that take a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "gen", "col", "lt",
    "sgt", "capt", "cmdr", "adm", "maj", "rev", "st", "jr", "sr", "inc", "corp", "co", "ltd",
    "bros", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "no", "nos", "vol", "fig", "mt", "ft", "ave", "blvd", "approx", "dept", "univ",
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky",
    "la", "md", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn",
    "tex", "va", "vt", "wash", "wis", "wyo", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n",
    "d.c", "supt", "gens", "messrs", "mme", "mlle", "hon", "pres", "govt",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_abbreviation(word: &str) -> bool {
    let w = word.to_lowercase();
    ABBREVIATIONS.contains(&w.as_str())
        // initials: one letter (J.), or dotted letters (U.S, G.K)
        || (w.chars().count() == 1 && w.chars().all(char::is_alphabetic))
        || (w.contains('.') && w.split('.').all(|p| p.chars().count() <= 2))
}

/// Splits `text[range]` into tokens; offsets are into `text`.
pub fn tokenize(text: &str, range: Span) -> Vec<Token> {
    let s = &text[range.start..range.end];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !is_word_char(c) {
            out.push(Token {
                span: Span::new(range.start + b, range.start + b + c.len_utf8()),
                kind: TokenKind::Punct(c),
            });
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            if is_word_char(c) {
                j += 1;
            } else if matches!(c, '\'' | '’' | '-' | '.' | '&' | '‑')
                && j + 1 < chars.len()
                && is_word_char(chars[j + 1].1)
            {
                j += 2;
            } else {
                break;
            }
        }
        let end_b = chars.get(j).map(|x| x.0).unwrap_or(s.len());
        let mut end = end_b;
        // An abbreviation keeps its period.
        if j < chars.len() && chars[j].1 == '.' && is_abbreviation(&s[b..end_b]) {
            end += 1;
        }
        out.push(Token {
            span: Span::new(range.start + b, range.start + end),
            kind: TokenKind::Word,
        });
        i = if end > end_b { j + 1 } else { j };
    }
    out
}

/// The characters of `s` with accents taken off (canonical decomposition, combining marks
/// dropped: `é` → `e`), for comparing names and quotations; ASCII text passes as it is.
pub fn unaccented(s: &str) -> impl Iterator<Item = char> + '_ {
    let ascii = s.is_ascii();
    let plain = ascii.then(|| s.chars());
    let folded = (!ascii).then(|| s.nfd().filter(|&c| !is_combining_mark(c)));
    plain
        .into_iter()
        .flatten()
        .chain(folded.into_iter().flatten())
}

/// The nearest char boundary of `text` at or below byte `i`.
pub fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The nearest char boundary of `text` at or above byte `i` (at most the text's end).
pub fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// True when the word starts with an upper-case letter.
pub fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<&str> {
        tokenize(t, Span::new(0, t.len()))
            .iter()
            .map(|tok| &t[tok.span.start..tok.span.end])
            .collect()
    }

    #[test]
    fn keeps_abbreviations_apostrophes_and_decimals_in_words() {
        assert_eq!(
            words("Mr. Sato’s U.S. plan costs 3.5 dollars, don't it?"),
            ["Mr.", "Sato’s", "U.S.", "plan", "costs", "3.5", "dollars", ",", "don't", "it", "?"]
        );
    }

    #[test]
    fn splits_quote_marks_and_sentence_periods() {
        assert_eq!(
            words("“Stop,” she said."),
            ["“", "Stop", ",", "”", "she", "said", "."]
        );
    }
}
