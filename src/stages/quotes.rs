//! Direct quotes: spans between quote marks, found per paragraph.
//!
//! Handles typographic and straight marks of every common style (“” "" ‘’ '' « » „“ ‹ › 「」),
//! tells apostrophes from single quote marks, keeps nested quotes inside their outer quote,
//! continues a quote that a paragraph leaves open into the next paragraph when that paragraph
//! opens with a quote mark (the newswire convention), and drops an unbalanced mark instead of
//! letting it swallow the rest of the article.

use crate::document::text::{Token, TokenKind};
use crate::document::{Document, Span};

/// A quoted span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked {
    /// Including the quote marks (the closing one may be absent for an open segment).
    pub outer: Span,
    /// The content between the marks, trimmed.
    pub inner: Span,
    /// Index of the paragraph.
    pub paragraph: usize,
    /// Index (in the returned list) of the segment this one continues from the paragraph before.
    pub continues: Option<usize>,
    /// Single-quote-marked (British style or scare quotes).
    pub single: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
}

fn classify(text: &str, toks: &[Token], i: usize) -> Option<(Family, Dir)> {
    let c = toks[i].punct()?;
    let before = text[..toks[i].span.start].chars().next_back();
    let after = text[toks[i].span.end..].chars().next();
    let space_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c));
    let space_after = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}—–".contains(c));
    let guess = match (space_before, space_after) {
        (true, false) => Dir::Open,
        (false, true) => Dir::Close,
        _ => Dir::Either,
    };
    Some(match c {
        '“' | '„' | '«' | '‹' | '「' => (Family::Double, Dir::Open),
        // A right mark hugging the next word after a space opens a quote: converters and
        // phone keyboards turn `"Fear` into `”Fear`.
        '”' if guess == Dir::Open => (Family::Double, Dir::Open),
        // Nothing closes at the start of a paragraph (`” … what I learned ...,” he said.`).
        '”' if before.is_none_or(|c| c == '\n' || c == '\r') => (Family::Double, Dir::Open),
        '”' | '»' | '›' | '」' => (Family::Double, Dir::Close),
        '"' => (Family::Double, guess),
        '‘' | '‚' => (Family::Single, Dir::Open),
        '’' | '\'' => {
            // Apostrophes: ’90s, rock 'n' roll, plural possessive (Jones’ car).
            let next_word = toks.get(i + 1).filter(|t| t.span.start == toks[i].span.end);
            if let Some(nw) = next_word {
                let w = &text[nw.span.start..nw.span.end];
                if w.starts_with(|c: char| c.is_ascii_digit()) && space_before {
                    return None;
                }
                if w == "n"
                    && toks
                        .get(i + 2)
                        .and_then(|t| t.punct())
                        .is_some_and(|c| c == '\'' || c == '’')
                {
                    return None;
                }
            }
            if i > 0 {
                let prev = &text[toks[i - 1].span.start..toks[i - 1].span.end];
                if prev == "n" && toks[i - 1].span.end == toks[i].span.start {
                    return None;
                }
            }
            (
                Family::Single,
                if c == '’' && guess == Dir::Either {
                    Dir::Close
                } else {
                    guess
                },
            )
        }
        _ => return None,
    })
}

/// Two adjacent apostrophes (`''`) or backticks (`` `` ``) are one double quote mark, as in
/// typewriter-style and some newspaper archives.
pub(crate) fn merge_doubled(toks: &[Token]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(toks.len());
    for &t in toks {
        if let (Some(prev), Some(c)) = (out.last_mut(), t.punct()) {
            let pc = prev.punct();
            if prev.span.end == t.span.start && pc == Some(c) && (c == '\'' || c == '`') {
                prev.span.end = t.span.end;
                prev.kind = TokenKind::Punct(if c == '`' { '“' } else { '"' });
                continue;
            }
        }
        out.push(t);
    }
    out
}

struct Open {
    tok: usize,
    family: Family,
    /// The opening character: `„` is closed by `“` (German style).
    mark: Option<char>,
}

/// `[s, e)` without leading and trailing whitespace.
pub(crate) fn trim(text: &str, s: usize, e: usize) -> Span {
    let body = &text[s..e];
    let lead = body.len() - body.trim_start().len();
    let trail = body.len() - body.trim_end().len();
    Span::new(s + lead, (e - trail).max(s + lead))
}

/// All direct-quote spans of the document, in text order.
pub fn find(doc: &Document) -> Vec<Marked> {
    let text = &doc.text;
    let mut out: Vec<Marked> = Vec::new();
    // A double quote left open by the previous paragraph: (index in out).
    let mut pending: Option<usize> = None;
    for (p, &para) in doc.paragraphs.iter().enumerate() {
        let toks = merge_doubled(&doc.tokens_in(para));
        let marks: Vec<(usize, Family, Dir)> = (0..toks.len())
            .filter_map(|i| classify(text, &toks, i).map(|(f, d)| (i, f, d)))
            .collect();
        let opens_with_mark = marks
            .first()
            .is_some_and(|m| m.0 == 0 && m.1 == Family::Double && m.2 != Dir::Close);
        let continues = pending.take().filter(|_| opens_with_mark);
        let mut stack: Vec<Open> = Vec::new();
        let mut first_double = true;
        for &(i, fam, dir) in &marks {
            // A mark closes the innermost open quote of its own style first (`"` the straight
            // one, `”` a curly one), so a quote of the other style nested inside stays whole.
            let straight = toks[i].punct() == Some('"');
            let same_style = |o: &Open| (o.mark == Some('"')) == straight;
            let open_of_family = stack
                .iter()
                .rposition(|o| o.family == fam && same_style(o))
                .or_else(|| stack.iter().rposition(|o| o.family == fam));
            let german_close = toks[i].punct() == Some('“')
                && open_of_family.is_some_and(|k| stack[k].mark == Some('„'));
            let is_close = match dir {
                Dir::Close => true,
                Dir::Open => german_close,
                Dir::Either => open_of_family.is_some(),
            };
            if is_close {
                let Some(pos) = open_of_family else { continue };
                let o = stack.remove(pos);
                // Anything opened inside and left open is dropped with it.
                stack.truncate(pos);
                // A closed quote nested in another quote belongs to the outer one.
                if !stack.is_empty() {
                    continue;
                }
                let s = toks[o.tok].span;
                let e = toks[i].span;
                let inner = trim(text, s.end, e.start);
                if inner.is_empty() {
                    continue;
                }
                let cont = if first_double && fam == Family::Double && o.tok == 0 {
                    continues
                } else {
                    None
                };
                if fam == Family::Double {
                    first_double = false;
                }
                out.push(Marked {
                    outer: Span::new(s.start, e.end),
                    inner,
                    paragraph: p,
                    continues: cont,
                    single: fam == Family::Single,
                });
            } else if fam == Family::Double
                && stack
                    .iter()
                    .any(|o| o.family == Family::Double && (same_style(o) || !straight))
            {
                // A second opening double mark with one still open: the first was unbalanced.
                // Only a straight mark inside a curly quote opens a nested quote (`“The sign said
                // "closed" all week,”`, as typed into an edited text); a curly mark after an
                // open straight one means the straight one was a stray.
                stack.clear();
                stack.push(Open {
                    tok: i,
                    family: fam,
                    mark: toks[i].punct(),
                });
            } else if fam == Family::Double || dir == Dir::Open {
                stack.push(Open {
                    tok: i,
                    family: fam,
                    mark: toks[i].punct(),
                });
            }
        }
        // A double quote still open at the end of the paragraph runs to the paragraph end, but
        // only counts when the next paragraph opens with a quote mark (multi-paragraph quote).
        if let Some(o) = stack.into_iter().find(|o| o.family == Family::Double) {
            let next_opens = doc.paragraphs.get(p + 1).is_some_and(|np| {
                let t = text[np.start..np.end].trim_start();
                t.starts_with(['“', '"', '„', '«'])
            });
            if next_opens {
                let s = toks[o.tok].span;
                let inner = trim(text, s.end, para.end);
                if !inner.is_empty() {
                    out.push(Marked {
                        outer: Span::new(s.start, para.end),
                        inner,
                        paragraph: p,
                        continues: if o.tok == 0 { continues } else { None },
                        single: false,
                    });
                    pending = Some(out.len() - 1);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::sentences;

    fn quotes(t: &str) -> Vec<String> {
        let mut d = Document::new("t", t);
        sentences::annotate(&mut d);
        find(&d)
            .iter()
            .map(|m| d.slice(m.inner).to_string())
            .collect()
    }

    #[test]
    fn every_mark_style() {
        assert_eq!(quotes("“One,” she said."), ["One,"]);
        assert_eq!(quotes("\"Two,\" he said."), ["Two,"]);
        assert_eq!(quotes("‘Three,’ he said."), ["Three,"]);
        assert_eq!(quotes("'Four,' he said."), ["Four,"]);
        assert_eq!(quotes("« Cinq », dit-il."), ["Cinq"]);
        assert_eq!(quotes("„Sechs“, sagte er."), ["Sechs"]);
        assert_eq!(quotes("''Seven,'' he said."), ["Seven,"]);
        assert_eq!(
            quotes("It was taught in schools. ''Throughout the time we've been on these shores, we've made contributions,'' he said. ''We're really part of it.''"),
            ["Throughout the time we've been on these shores, we've made contributions,", "We're really part of it."]
        );
        assert_eq!(quotes("‹Sept›, dit-il."), ["Sept"]);
        assert_eq!(
            quotes("”Fear. I am afraid.” ― Ana Ruiz"),
            ["Fear. I am afraid."]
        );
    }

    #[test]
    fn apostrophes_are_not_quote_marks() {
        assert_eq!(
            quotes("Ukraine’s army, don't worry, the ’90s and rock 'n' roll and the Jones’ car."),
            Vec::<String>::new()
        );
        assert_eq!(
            quotes("“Ukraine’s army isn't ready,” he said."),
            ["Ukraine’s army isn't ready,"]
        );
    }

    #[test]
    fn nested_quotes_stay_inside() {
        assert_eq!(
            quotes("“He told me ‘never again’ today,” she said."),
            ["He told me ‘never again’ today,"]
        );
    }

    #[test]
    fn a_quote_with_marks_of_the_other_style_inside_stays_whole() {
        assert_eq!(
            quotes("“The sign said \"closed\" all week,” said shop owner Carla Gomez."),
            ["The sign said \"closed\" all week,"]
        );
    }

    #[test]
    fn multi_paragraph_quote_continues() {
        let t = "“We will fight on.\n“And we will win,” he said.\nNext paragraph.";
        let mut d = Document::new("t", t);
        sentences::annotate(&mut d);
        let q = find(&d);
        assert_eq!(q.len(), 2);
        assert_eq!(d.slice(q[0].inner), "We will fight on.");
        assert_eq!(q[1].continues, Some(0));
    }

    #[test]
    fn unbalanced_mark_does_not_swallow_the_article() {
        assert_eq!(
            quotes("He said “this is odd.\nNext paragraph has “a real quote” here."),
            ["a real quote"]
        );
    }
}
