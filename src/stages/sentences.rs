//! Paragraphs and sentences, as spans of the document text.
//!
//! A paragraph is a run of non-blank lines separated by a line break: news feeds use both single
//! and blank-line breaks, and hard-wrapped text is rare in them.

use crate::document::text::{is_capitalized, tokenize, Token, TokenKind};
use crate::document::{Document, Sentence, Span};

/// Titles that open a sentence after a lower-case `no.` (`voted no. Sen. Murkowski said`).
const TITLED: &[&str] = &[
    "Sen.", "Rep.", "Gov.", "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Pres.",
];

/// Words that commonly start a sentence: after `U.S.` or `D.C.` they mark a sentence end.
const STARTERS: &[&str] = &[
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "There",
    "If",
    "When",
    "While",
    "As",
    "After",
    "On",
    "At",
    "For",
    "Some",
    "Many",
    "Most",
    "According",
    "Yet",
    "So",
    "Still",
    "Meanwhile",
];

const CLOSERS: &[char] = &['”', '"', '’', '\'', ')', ']', '»', '›', '」'];

/// Spans of the paragraphs of `text`, trimmed, non-empty, in order.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    // Line breaks: `\n` (and so `\r\n`), a lone `\r` (old Mac files) and Unicode's line and
    // paragraph separators.
    for line in text.split_inclusive(['\n', '\r', '\u{2028}', '\u{2029}']) {
        let start = pos;
        pos += line.len();
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        if !body.is_empty() {
            let s = start + lead;
            out.push(Span::new(s, s + body.len()));
        }
    }
    out
}

fn is_terminator(t: &Token) -> bool {
    matches!(t.punct(), Some('.' | '!' | '?' | '…'))
}

/// Sentence spans inside one paragraph.
pub fn split_sentences(text: &str, para: Span) -> Vec<Span> {
    sentences_of(text, &tokenize(text, para), para)
}

/// Sentence spans inside one paragraph, from its tokens.
fn sentences_of(text: &str, toks: &[Token], para: Span) -> Vec<Span> {
    // `''` is one quote mark in newspaper archives: `schools. ''Throughout` opens a sentence.
    let toks = &crate::stages::quotes::merge_doubled(toks);
    let mut out = Vec::new();
    let mut start = para.start;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let word = &text[t.span.start..t.span.end];
        let dotted_word = t.is_word() && word.ends_with('.') && word.len() > 2;
        if is_terminator(&t) || dotted_word {
            let mut j = i + 1;
            // Closing marks hug the terminator (`end.”`); a straight quote after a space opens
            // the next sentence (`noon. "People`).
            while j < toks.len()
                && (is_terminator(&toks[j])
                    || (toks[j].punct().is_some_and(|c| CLOSERS.contains(&c))
                        && (toks[j].span.start == toks[j - 1].span.end
                            || !matches!(toks[j].punct(), Some('"' | '\'')))))
            {
                j += 1;
            }
            if j >= toks.len() {
                break;
            }
            let next = toks[j];
            let next_text = &text[next.span.start..next.span.end];
            let next_opens = match next.kind {
                TokenKind::Word => {
                    is_capitalized(next_text) || next_text.starts_with(|c: char| c.is_ascii_digit())
                }
                TokenKind::Punct(c) => matches!(c, '“' | '"' | '‘' | '«' | '„' | '(' | '['),
            };
            let ok = if dotted_word {
                // `Mr.` never ends a sentence; `U.S.` does before a typical sentence opener, and
                // so do a company's suffix and `no.` (`... Acme Inc. The firm`, `voted no. Sen.
                // Murkowski`; `No. 5` has a number after it).
                let bare = word.trim_end_matches('.');
                let lower = bare.to_lowercase();
                let closes = matches!(
                    lower.as_str(),
                    "inc" | "corp" | "co" | "ltd" | "jr" | "sr" | "etc" | "bros"
                ) && STARTERS.contains(&next_text)
                    || bare == "no"
                        && (STARTERS.contains(&next_text) || TITLED.contains(&next_text));
                ![
                    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen",
                ]
                .contains(&lower.as_str())
                    && (bare.contains('.') && STARTERS.contains(&next_text) || closes)
            } else {
                next_opens
            };
            if ok {
                let end = toks[j - 1].span.end;
                out.push(Span::new(start, end));
                start = next.span.start;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < para.end {
        out.push(Span::new(start, para.end));
    }
    out
}

/// Fills `doc.paragraphs` and `doc.sentences`.
pub fn annotate(doc: &mut Document) {
    doc.tokens = tokenize(&doc.text, Span::new(0, doc.text.len()));
    doc.paragraphs = paragraphs(&doc.text);
    let sentences = doc
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(p, &span)| {
            sentences_of(&doc.text, &doc.tokens_in(span), span)
                .into_iter()
                .map(move |s| Sentence {
                    span: s,
                    paragraph: p,
                })
        })
        .collect();
    doc.sentences = sentences;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<String> {
        let mut d = Document::new("t", t);
        annotate(&mut d);
        d.sentences
            .iter()
            .map(|s| d.slice(s.span).to_string())
            .collect()
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        assert_eq!(
            sents("Mr. Sato met Dr. J. Smith in St. Petersburg on Jan. 5. Growth was 3.5 percent."),
            [
                "Mr. Sato met Dr. J. Smith in St. Petersburg on Jan. 5.",
                "Growth was 3.5 percent."
            ]
        );
    }

    #[test]
    fn us_ends_a_sentence_only_before_an_opener() {
        assert_eq!(
            sents("He moved to the U.S. The move was quick. The U.S. Army agreed."),
            [
                "He moved to the U.S.",
                "The move was quick.",
                "The U.S. Army agreed."
            ]
        );
    }

    #[test]
    fn a_company_suffix_and_no_end_a_sentence_before_an_opener() {
        assert_eq!(
            sents(
                "Profits fell at Acme Inc. The firm cut jobs. Acme Inc. Chief Executive Jo Lin \
                 agreed. She voted no. Sen. Ruiz voted yes. It ranked No. 5 in March."
            ),
            [
                "Profits fell at Acme Inc.",
                "The firm cut jobs.",
                "Acme Inc. Chief Executive Jo Lin agreed.",
                "She voted no.",
                "Sen. Ruiz voted yes.",
                "It ranked No. 5 in March."
            ]
        );
    }

    #[test]
    fn straight_quote_after_a_space_opens_the_next_sentence() {
        assert_eq!(
            sents("He said they filled 400 bags. \"People came.\" Then rain."),
            [
                "He said they filled 400 bags.",
                "\"People came.\"",
                "Then rain."
            ]
        );
    }

    #[test]
    fn doubled_apostrophes_open_and_close_sentences() {
        assert_eq!(
            sents("It was taught in schools. ''We made contributions,'' he said. ''We're part of it.''"),
            [
                "It was taught in schools.",
                "''We made contributions,'' he said.",
                "''We're part of it.''"
            ]
        );
    }

    #[test]
    fn quotes_that_end_a_sentence() {
        assert_eq!(
            sents("“It is dying,” she said. “Stop!” he shouted. “We won.” Then they left."),
            [
                "“It is dying,” she said.",
                "“Stop!” he shouted.",
                "“We won.”",
                "Then they left."
            ]
        );
    }

    #[test]
    fn single_and_blank_line_paragraph_breaks() {
        let mut d = Document::new("t", "One.\nTwo.\n\n  Three.  \n");
        annotate(&mut d);
        assert_eq!(d.paragraphs.len(), 3);
        assert_eq!(d.slice(d.paragraphs[2]), "Three.");
        assert_eq!(d.sentences[2].paragraph, 2);
    }
}
