//! Rule frames: a cue word with its subject and direction, and the quotes each frame claims.

use super::lexicon::*;
use super::subjects::*;
use super::{confidence, is_month, is_terminator, Ctx, Sent};
use crate::document::marks::{is_dash, is_quote_mark};
use crate::document::text::WEEKDAYS;
use crate::document::{Document, QuoteKind};
use crate::stages::attribution::cues::{closing, is_report_noun, lookup, CueClass};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Side {
    Left,
    Right,
    Participle,
}

#[derive(Debug, Clone)]
pub(super) struct Frame {
    /// The cue's first and last token.
    pub(super) cue: (usize, usize),
    /// The subject's first and last token.
    pub(super) subject: Option<(usize, usize)>,
    pub(super) side: Side,
    pub(super) class: CueClass,
}

impl Frame {
    pub(super) fn start(&self) -> usize {
        match (self.side, self.subject) {
            (Side::Left, Some((s, _))) => s.min(self.cue.0),
            _ => self.cue.0,
        }
    }
    pub(super) fn end(&self) -> usize {
        match (self.side, self.subject) {
            (Side::Right, Some((_, e))) => e.max(self.cue.1),
            _ => self.cue.1,
        }
    }
}

pub(super) fn find_frames(doc: &Document, s: &Sent) -> Vec<Frame> {
    let mut frames: Vec<Frame> = Vec::new();
    for i in 0..s.toks.len() {
        if let Some(f) = frame_at(doc, s, i, &frames) {
            frames.push(f);
        }
    }
    frames
}

/// The frame of the cue at token `i`, if the word there is a cue in this place (`frames`: the
/// sentence's frames before it).
fn frame_at(doc: &Document, s: &Sent, i: usize, frames: &[Frame]) -> Option<Frame> {
    if !s.is_word(i) || s.in_quote[i] {
        return None;
    }
    let w = s.word(i);
    if w == "according" && s.word_at(i + 1) == "to" {
        let subject = right_subject(s, i + 2);
        return subject.map(|_| Frame {
            cue: (i, i + 1),
            subject,
            side: Side::Right,
            class: CueClass::Strong,
        });
    }
    // `“...,” the letter reads.`: a written text speaks its quote.
    if matches!(w, "reads" | "read") {
        return document_reads(s, i);
    }
    // `pointed out that`: a cue of two words, its particle part of it; only before a clause
    // or a quote, after one, or closing the sentence (`pointed out the progress` and `pointed
    // out, with a rapturous air, the fine proportion` name a thing).
    let particle = matches!(w, "point" | "points" | "pointed" | "pointing")
        && s.word_at(i + 1) == "out"
        && !s.in_quote[i + 1];
    let (class, lemma) = if particle {
        (CueClass::Strong, "point out")
    } else if let Some(found) = lookup(w) {
        found
    } else {
        // (`“Step out,” an officer ordered.`, `“...,” cried Elizabeth`.)
        let lemma = closing(w)?;
        if !quote_just_before(s, i) {
            return None;
        }
        (CueClass::Strong, lemma)
    };
    // The token after the cue.
    let after = i + 1 + usize::from(particle);
    if is_report_noun(w) {
        return report_noun(s, i, class);
    }
    if class == CueClass::Object && !object_complement(s, i, lemma) {
        return None;
    }
    if not_a_cue_here(s, i) {
        return None;
    }
    let next = s.word_at(after);
    let next_punct = s.punct(after);
    let quote_next = next_punct.is_some_and(is_quote_mark)
        || (matches!(next_punct, Some(',' | ':')) && s.punct(after + 1).is_some_and(is_quote_mark));
    let marker = next == "that" || next_punct == Some(':') || quote_next;
    if particle && !(marker || next_punct == Some('.') || closes_quote(s, i + 1)) {
        return None;
    }
    // (A sentence that opens with its short subject and `asked` reports the question that
    // closed the sentence before: `“Can I give it to James?” Brooke tearfully asked before
    // apologizing`.)
    let asked_after_question = i <= 4
        && (0..i).all(|k| s.is_word(k))
        && matches!(next, "before" | "after" | "as" | "while" | "again" | "then");
    if class == CueClass::Ask
        && !(matches!(
            next,
            "whether" | "if" | "why" | "how" | "what" | "when" | "who"
        ) || quote_next
            || matches!(next_punct, Some(',' | '.'))
            || closes_quote(s, i)
            || asked_after_question)
    {
        return None;
    }
    if lemma == "continue"
        && !(next_punct == Some(':') || quote_next || matches!(next_punct, Some(',' | '.')))
    {
        return None;
    }
    // `demands` and `demand` are mostly nouns (`the nonstop demands that come with ...`).
    if lemma == "demand" && !w.ends_with("ed") {
        return None;
    }
    // `state` is mostly the noun (`battleground state Florida`, `27 states led by`): a cue
    // only before `that`, after adverbials too (`stated on Tuesday that`).
    if lemma == "state"
        && !closes_quote(s, i)
        && s.word_at(skip_adverbials(s, i + 1, s.toks.len(), false)) != "that"
    {
        return None;
    }
    let participle = w.ends_with("ing") && i > 0 && {
        let mut j = i - 1;
        while j > 0 && s.is_word(j) && skippable_at(s, j) {
            j -= 1;
        }
        // (`“... a decade ago,” adding that`: the comma inside the closing mark.)
        while j > 0 && s.punct(j).is_some_and(is_quote_mark) && s.punct(j - 1) == Some(',') {
            j -= 1;
        }
        s.punct(j) == Some(',')
            || matches!(
                s.word_at(j),
                "by" | "while" | "despite" | "after" | "before" | "without"
            )
            || event_before(s, i)
    };
    let mut frame = with_subject(doc, s, i, class, frames, participle, marker)?;
    frame.cue.1 = after - 1;
    weak_cue_holds(s, i, &frame, marker, participle).then_some(frame)
}

/// Whether a participle at `i` follows the occasion of the speech, past a time and a recipient
/// (`said at a news conference announcing that ...`, `sent a letter to management this month
/// stating that ...`): it reports for the clause's speaker, not for the occasion.
fn event_before(s: &Sent, i: usize) -> bool {
    let mut j = i;
    while j > 0
        && s.is_word(j - 1)
        && (TIME_WORDS.contains(&s.word(j - 1))
            || WEEKDAYS.contains(&s.word(j - 1))
            || matches!(
                s.word(j - 1),
                "this" | "last" | "month" | "week" | "year" | "on"
            ))
    {
        j -= 1;
    }
    let event = |k: usize| k > 0 && s.is_word(k - 1) && EVENT_NOUNS.contains(&s.word(k - 1));
    // (Past its recipient too: `sent a letter to management earlier this month stating that`.)
    event(j)
        || (j.saturating_sub(5)..j)
            .find(|&k| s.word_at(k) == "to")
            .is_some_and(|k| (k..j).all(|t| s.is_word(t) && !s.in_quote[t]) && event(k))
}

/// The frame of a report noun at `i` (`Van Der Beek’s announcement that`, `Mr. Trump’s Oct. 11
/// announcement that`, `his admission that`): its possessor speaks, past a date between them;
/// without a possessor or `that` after it, it frames nothing.
fn report_noun(s: &Sent, i: usize, class: CueClass) -> Option<Frame> {
    if s.word_at(i + 1) != "that" {
        return None;
    }
    let mut j = i.checked_sub(1)?;
    // (Past a date: `Oct. 11`.)
    let date = |k: usize| {
        let w = s.word_at(k);
        s.punct(k) == Some('.')
            || !w.is_empty()
                && (w.chars().all(|c| c.is_ascii_digit())
                    || is_month(w.trim_end_matches('.'))
                    || WEEKDAYS.contains(&w))
    };
    while j > 0 && date(j) {
        j -= 1;
    }
    let subject = if matches!(s.word_at(j), "his" | "her" | "their" | "its") {
        (j, j)
    } else if s.punct(j).is_some_and(|c| c == '’' || c == '\'')
        || s.word_at(j).ends_with("’s")
        || s.word_at(j).ends_with("'s")
    {
        // The possessor: capitalised words ending at the `’s` (not an opening `Despite`).
        let end = j;
        let mut a = end;
        while a > 0 && s.is_word(a - 1) && s.caps[a - 1] && !s.in_quote[a - 1] {
            a -= 1;
        }
        while a < end
            && (PREPOSITIONS.contains(&s.word(a)) || matches!(s.word(a), "despite" | "amid"))
        {
            a += 1;
        }
        if s.is_word(end) && s.caps[end] {
            a = a.min(end);
        }
        if a == end && !s.caps[a] {
            return None;
        }
        (a, end)
    } else {
        return None;
    };
    Some(Frame {
        cue: (i, i),
        subject: Some(subject),
        side: Side::Left,
        class,
    })
}

/// Whether the cue at `i` closes a quote's frame: a closing quote mark (with its comma) right
/// before it or before its short subject (`“...,” the doctors stated.`), and the sentence's end
/// or a prepositional phrase after it. There a verb that is mostly a noun elsewhere (`state`)
/// can only report the quote.
fn closes_quote(s: &Sent, i: usize) -> bool {
    let mark = |k: usize| s.punct(k).is_some_and(is_quote_mark);
    let end_after = i + 1 >= s.toks.len()
        || matches!(s.punct(i + 1), Some('.' | ',' | '!' | '?'))
        || mark(i + 1)
        || PREPOSITIONS.contains(&s.word_at(i + 1));
    quote_just_before(s, i) && end_after
}

/// Whether a quote closes right before the cue at `i` or its subject of a few words (`“...,”
/// she said`, `“...,” said Jane`).
fn quote_just_before(s: &Sent, i: usize) -> bool {
    let mut j = i;
    while j > 0 && i - j < 8 && s.is_word(j - 1) && !s.in_quote[j - 1] {
        j -= 1;
    }
    let mark = |k: usize| s.punct(k).is_some_and(is_quote_mark);
    j > 0 && (mark(j - 1) || j > 1 && s.punct(j - 1) == Some(',') && mark(j - 2))
}

/// `read` as a cue: right after a quote's closing mark, with a written text as its subject
/// (`“...,” the letter reads.`, `the article read`); anywhere else it is reading.
fn document_reads(s: &Sent, i: usize) -> Option<Frame> {
    let (a, b) = left_subject(s, i)?;
    let after_quote = a > 0
        && (s.punct(a - 1).is_some_and(is_quote_mark)
            || s.punct(a - 1) == Some(',') && a > 1 && s.punct(a - 2).is_some_and(is_quote_mark));
    let text = MEDIA_NOUNS.contains(&s.word(b))
        || matches!(
            s.word(b),
            "article" | "sign" | "ad" | "headline" | "caption" | "petition"
        );
    (after_quote && text && !s.in_quote[i]).then_some(Frame {
        cue: (i, i),
        subject: Some((a, b)),
        side: Side::Left,
        class: CueClass::Strong,
    })
}

/// Object verbs report speech only with their complement: `called for`, `called X “...”`,
/// `described X as`, `urged X to`; never in the passive (`was called`).
fn object_complement(s: &Sent, i: usize, lemma: &str) -> bool {
    // (`as` may follow a long object with appositions: `characterized nominee Sen. Tim Kaine,
    // D-Va., as`.)
    let ahead = |pred: &dyn Fn(usize) -> bool, n: usize, commas: bool| {
        (i + 1..(i + 1 + n).min(s.toks.len()))
            .take_while(|&k| {
                s.is_word(k)
                    || s.punct(k).is_some_and(|c| {
                        is_quote_mark(c) || c == '’' || c == '-' || commas && matches!(c, ',' | '.')
                    })
            })
            .any(pred)
    };
    let ok = match lemma {
        "call" => {
            matches!(s.word_at(i + 1), "for" | "on")
                || ahead(&|k| s.punct(k).is_some_and(is_quote_mark), 8, false)
        }
        // `branded North Korea an “outlaw nation”`, `dubbed it “...”`: with the quote only.
        // (`a box labeled “medical problem”`: a quote right after it names a thing.)
        "brand" | "label" | "dub" => {
            !s.punct(i + 1).is_some_and(is_quote_mark)
                && ahead(&|k| s.punct(k).is_some_and(is_quote_mark), 8, false)
        }
        "describe" | "characterize" | "characterise" => ahead(&|k| s.word_at(k) == "as", 16, true),
        "urge" => ahead(&|k| s.word_at(k) == "to", 6, false),
        _ => true,
    };
    let passive = i > 0 && BE_FORMS.contains(&s.word_at(i - 1));
    ok && !passive
}

/// A naming verb in the passive with no agent (`what’s called “farmer’s lung,”`, `is often
/// dubbed “...”`): the words are a name, and nobody says them.
fn passive_naming(s: &Sent, i: usize) -> bool {
    if !matches!(
        s.word(i),
        "called" | "dubbed" | "termed" | "named" | "nicknamed" | "labeled" | "labelled"
    ) {
        return false;
    }
    let mut k = i;
    while k > 0
        && (s.word_at(k - 1).ends_with("ly")
            || matches!(s.word_at(k - 1), "also" | "sometimes" | "often" | "now"))
    {
        k -= 1;
    }
    let be = k > 0
        && (BE_FORMS.contains(&s.word_at(k - 1))
            || matches!(
                s.word_at(k - 1),
                "what’s" | "what's" | "that’s" | "that's" | "it’s" | "it's"
            ));
    let agent = (i + 1..(i + 10).min(s.toks.len())).any(|k| s.word_at(k) == "by");
    be && !agent
}

/// A cue word that its neighbours show is not speech here: after a determiner (`the report`),
/// negated (`did not say`), an intention (`declined to comment`), or capitalised mid-sentence
/// (`Says`, `Post`: names).
fn not_a_cue_here(s: &Sent, i: usize) -> bool {
    if i > 0 && s.is_word(i - 1) && (DETERMINERS.contains(&s.word(i - 1)) || negated(s.word(i - 1)))
    {
        return true;
    }
    if passive_naming(s, i) {
        return true;
    }
    // `alleged` before a bare noun is an adjective (`pedophile and alleged sex trafficker`).
    let next = s.word_at(i + 1);
    if s.word(i) == "alleged"
        && s.is_word(i + 1)
        && !s.caps[i + 1]
        && !DETERMINERS.contains(&next)
        && !OBJECT_PRONOUNS.contains(&next)
        && !matches!(
            next,
            "that" | "to" | "in" | "on" | "at" | "he" | "she" | "they" | "it"
        )
    {
        return true;
    }
    // After a lower-case hyphenated compound a weak cue is a noun (`early-morning tweets`).
    let compound = i > 0
        && s.is_word(i - 1)
        && !s.caps[i - 1]
        && (s.word(i - 1).contains('-')
            || i > 2 && s.punct(i - 2) == Some('-') && s.is_word(i - 3) && !s.caps[i - 3]);
    // (Only forms that are also nouns: `The 70-year-old said` is a verb.)
    let noun_form = lookup(s.word(i))
        .is_some_and(|(c, l)| c == CueClass::Weak || s.word(i).ends_with('s') && l != "say");
    if compound && noun_form {
        return true;
    }
    // After a possessive it is a noun (`Friday’s tweets`), reported speech only with its
    // complement (`Trump’s claim that ...`); `he’s claiming` is a verb.
    let prev = if i > 0 { s.word_at(i - 1) } else { "" };
    let possessive = (prev.ends_with("’s") || prev.ends_with("'s"))
        && !matches!(
            prev.trim_end_matches(['s', '’', '\'']),
            "he" | "she" | "it" | "who" | "that" | "there" | "what" | "let" | "here"
        );
    if possessive && s.word_at(i + 1) != "that" {
        return true;
    }
    if i > 1
        && s.word_at(i - 1) == "to"
        && matches!(
            s.word_at(i - 2),
            "declined"
                | "refused"
                | "wouldn't"
                | "would"
                | "could"
                | "will"
                | "going"
                | "want"
                | "wants"
                | "wanted"
                | "expected"
                | "likely"
        )
    {
        return true;
    }
    if i > 1 && negated(s.word_at(i - 1))
        || (i > 2 && negated(s.word_at(i - 2)) && skippable_left(s.word_at(i - 1)))
    {
        return true;
    }
    // `Having said that,` and `That being said,` are connectives; `Editor’s note:` a disclaimer.
    let before = |k: usize| if i >= k { s.word_at(i - k) } else { "" };
    // So are `Which is not to say that`, `What it is to say is`, `Needless to say`; and telling
    // the truth reports nothing (`a White House that lies as easily as it tells the truth`).
    let to_say = s.word(i) == "say"
        && before(1) == "to"
        && matches!(before(2), "not" | "is" | "needless" | "it");
    let truth = lookup(s.word(i)).is_some_and(|(c, _)| c == CueClass::Tell)
        && matches!(
            (s.word_at(i + 1), s.word_at(i + 2)),
            ("the", "truth") | ("a", "lie") | ("lies", _)
        );
    if to_say || truth {
        return true;
    }
    // After a degree word an `-ing` form is an adjective (`the most telling contradiction`).
    if s.word(i).ends_with("ing")
        && matches!(
            before(1),
            "most" | "more" | "very" | "less" | "least" | "so" | "too" | "particularly"
        )
    {
        return true;
    }
    if (before(1) == "having" || before(1) == "being" && before(2) == "that") && s.word(i) == "said"
        || s.word(i) == "note"
            && (before(1).starts_with("editor") || before(2).starts_with("editor"))
    {
        return true;
    }
    if s.caps[i] && i > 0 && !s.in_quote.get(i.wrapping_sub(1)).copied().unwrap_or(false) {
        // `Says`, `Post`, `Report` mid-sentence are names.
        return true;
    }
    false
}

/// The frame of a cue with its subject: a participle's clause subject (`..., adding`), the
/// subject on its left, the subject it shares with a coordinated cue (`noted A but
/// acknowledged B`), or one on its right (`“...,” said X`); `None` when none fits.
fn with_subject(
    doc: &Document,
    s: &Sent,
    i: usize,
    class: CueClass,
    frames: &[Frame],
    participle: bool,
    marker: bool,
) -> Option<Frame> {
    Some(if participle {
        // (Not a relative's: `an architect who said he was stiffed ..., saying` is Trump's.)
        // (`X said Y had concluded A, saying B`: B is X's, not the nested Y's.)
        let subject = holding_frame(s, frames)
            .or(frames.last())
            .and_then(|f| f.subject)
            .filter(|&(a, _)| !RELATIVE.contains(&s.word(a)))
            .or_else(|| clause_subject(doc, s));
        Frame {
            cue: (i, i),
            subject,
            side: Side::Participle,
            class,
        }
    } else if let Some(sub) = left_subject(s, i) {
        Frame {
            cue: (i, i),
            subject: Some(sub),
            side: Side::Left,
            class,
        }
    } else if coordinated(s, i) {
        // `X noted A but acknowledged B`, `X made a statement and pledged to`: the second verb
        // shares the subject of the first cue, or else the clause's.
        // (Weak cues after `and` are mostly nouns, `federal and state officials`, but not in
        // the past tense, `and pledged`.)
        let subject = match (subject_of_first_verb(s, i), frames.last()) {
            (Some(first), _) => Some(first),
            (None, Some(prev)) => reporting_frame(s, frames, i).unwrap_or(prev).subject,
            (None, None) if class == CueClass::Weak && !s.word(i).ends_with("ed") => return None,
            (None, None) => clause_subject(doc, s).filter(|&(_, b)| b < i),
        };
        Frame {
            cue: (i, i),
            subject,
            side: Side::Participle,
            class,
        }
    } else {
        let sub = right_subject(s, i + 1);
        let prev_boundary = i == 0
            || s.punct(i - 1)
                .is_some_and(|c| c == ',' || is_quote_mark(c) || is_dash(c));
        // `“...,” said X` needs a boundary before the cue; a cue with no subject at all is
        // kept only before a complement marker (`said that`, `said:`).
        // (A weak cue too as an infinitive before `that`: `allowed Mosseri to claim that`.)
        let infinitive = i > 0 && s.word_at(i - 1) == "to" && s.word_at(i + 1) == "that";
        let headless = marker && (class != CueClass::Weak || infinitive) && sub.is_none() && i > 0;
        if (sub.is_none() || !prev_boundary) && !headless {
            return None;
        }
        Frame {
            cue: (i, i),
            subject: sub,
            side: Side::Right,
            class,
        }
    })
}

/// Whether tokens `a..b` run on without a clause break (comma, colon, dash, bracket, quote).
fn unbroken(s: &Sent, a: usize, b: usize) -> bool {
    (a..b).all(|k| {
        !s.in_quote[k]
            && !s.punct(k).is_some_and(|c| {
                matches!(c, ',' | ';' | ':' | '(' | ')') || is_dash(c) || is_quote_mark(c)
            })
    })
}

/// The frame whose content holds the last frame, if that one is nested speech (`X said Y had
/// concluded ...`: X's frame; the nested frame follows its cue with no break).
fn holding_frame<'a>(s: &Sent, frames: &'a [Frame]) -> Option<&'a Frame> {
    let (prev, earlier) = frames.split_last()?;
    let outer = earlier.last()?;
    (prev.side == Side::Left
        && outer.side == Side::Left
        && outer.subject.is_some()
        && prev.start() > outer.cue.1
        && unbroken(s, outer.cue.1 + 1, prev.start()))
    .then_some(outer)
}

/// The frame whose content holds the cue before a coordinated cue at `i`, when there is one
/// with no clause break in between: `X says Y promised A and said B`, `X said the country would
/// declare A and suggested B` (both B are X's, as PolNeAR annotates).
fn reporting_frame<'a>(s: &Sent, frames: &'a [Frame], i: usize) -> Option<&'a Frame> {
    holding_frame(s, frames).filter(|outer| unbroken(s, outer.cue.1 + 1, i))
}

/// A weak cue (`claims`, `report`) is speech only with a subject that is not part of a compound
/// noun (`media claims that`), and, without a complement marker, a pronoun or a name right
/// before it.
fn weak_cue_holds(s: &Sent, i: usize, frame: &Frame, marker: bool, participle: bool) -> bool {
    let (class, w) = (frame.class, s.word(i));
    if class == CueClass::Weak && frame.side == Side::Left && !w.ends_with("ed") {
        // `media claims that`, `the reports`: a bare lower-case noun before a weak -s form is
        // a compound noun, unless a determiner opens the phrase (`the company claims`).
        if let Some((a, b)) = frame.subject {
            let noun_like = !s.caps[b]
                && !PRONOUNS.contains(&s.word(b))
                && !RELATIVE.contains(&s.word(b))
                && b + 1 == i
                && !DETERMINERS.contains(&s.word(a));
            if noun_like {
                return false;
            }
        }
    }
    // (Right after a quote a weak cue reports it whatever its subject: `“...,” the doctors
    // stated.`)
    if class == CueClass::Weak && !marker && frame.side != Side::Participle && !closes_quote(s, i) {
        // A weak cue needs a pronoun or a name right before it.
        let ok = match (frame.side, frame.subject) {
            (Side::Left, Some((a, b))) => {
                PRONOUNS.contains(&s.word(b))
                    || RELATIVE.contains(&s.word(b))
                    || (a..=b).any(|k| s.is_word(k) && s.caps[k] && k > 0)
                    || (a == 0 && b == a && s.caps[a])
            }
            (Side::Right, Some(_)) => s
                .punct(i.wrapping_sub(1))
                .is_some_and(|c| c == ',' || is_quote_mark(c)),
            _ => false,
        };
        if !ok || w.ends_with("ing") && !participle {
            return false;
        }
    }
    true
}

/// Quotes of one frame, in order of preference: a quote that opens right after the cue, content
/// after `that`, after a colon, after `According to X,`, content or a quote before the frame
/// (backward), a zero-`that` complement.
pub(super) fn frame_quotes(ctx: &mut Ctx, s: &Sent, frames: &[Frame], fi: usize, end: usize) {
    let f = &frames[fi];
    let tell = f.class == CueClass::Tell;
    let after = f.end() + 1;
    let j = skip_adverbials(s, after, end, tell);
    let is_according = s.word_at(f.cue.0) == "according";
    let stop = forward_stop(s, frames, fi, after, end, is_according);
    // `After saying her foot was “...,” she was taken ...`: a cue in an opening participial
    // clause reports up to the main clause.
    let stop = match participle_clause_subject(ctx.doc, s, f.cue.0) {
        Some((a, _)) if a > f.cue.0 => stop.min(a),
        _ => stop,
    };
    // `While White House press secretary Stephanie Grisham said the trip was routine, he did
    // not have ...`: a cue in an opening subordinate clause reports up to the comma closing it.
    let opener = (0..f.cue.0).find(|&k| s.is_word(k));
    let subordinate = opener.is_some_and(|k| {
        matches!(
            s.word_at(k),
            "while" | "although" | "though" | "whereas" | "because" | "since" | "when" | "unless"
        )
    });
    let stop = match (after..stop).find(|&k| s.punct(k) == Some(',') && !s.in_quote[k]) {
        Some(c) if subordinate => c,
        _ => stop,
    };
    // 1. A quote that opens right after the cue.
    let from = content_from(s, frames, fi);
    if !is_according && opening_quote(ctx, s, f, from, j, stop) {
        return;
    }
    // 2. Forward content after `that`.
    // `that` may follow an aside that opens with a preposition (`says at a stop in Toledo, Ohio,
    // that`); otherwise a comma ends the search (`says A, and that B` keeps A).
    // Without an aside only a named object may come first (`warned Congress that`): a `that`
    // after other words is a relative (`said officials have video that shows`).
    let aside = PREPOSITIONS.contains(&s.word_at(j));
    // (`told VOA correspondent Carla Babb on Nov. 18 that`: a hearer with a role and a date.)
    let hearer_word = |k: usize| {
        let w = s.word_at(k);
        tell && (ROLE_NOUNS.contains(&w)
            || matches!(
                w,
                "correspondent" | "reporter" | "reporters" | "journalist" | "host" | "on" | "in"
            )
            || w.chars().all(|c| c.is_ascii_digit()))
    };
    // A `that` with no clause after it is a pronoun closing the content (`said the test could
    // change that.`), not the complementizer.
    let complementizer = |k: usize| s.word_at(k) == "that" && (k + 2..stop).any(|w| s.is_word(w));
    let that = (j..(j + 16).min(stop))
        .take_while(|&k| {
            !s.in_quote[k]
                && !matches!(s.punct(k), Some(';' | ':'))
                && (aside || s.punct(k) != Some(','))
                && (aside || k == j || s.word_at(k) == "that" || s.caps[k] || hearer_word(k))
        })
        .find(|&k| complementizer(k))
        // The hearer of `tell` may run on with its modifiers (`told one of his young
        // proteges on a regular basis that`, `told a town hall in Salem, New Hampshire on
        // Monday that`), but holds no clause: no subject pronoun, auxiliary or verb.
        .or_else(|| {
            tell.then(|| {
                (j..(j + 16).min(stop))
                    .take_while(|&k| {
                        let w = s.word_at(k);
                        !s.in_quote[k]
                            && !matches!(s.punct(k), Some(';' | ':'))
                            && !(s.is_word(k)
                                && (PRONOUNS.contains(&w)
                                    || AUXILIARIES.contains(&w)
                                    || s.past_form(k)
                                    || lookup(w).is_some()
                                    || RELATIVE.contains(&w) && w != "that"))
                    })
                    .find(|&k| complementizer(k))
            })
            .flatten()
        });
    let backward_ok = content_is_before(ctx, s, f, j, stop);
    if let Some(t) = that.filter(|_| !is_according && !backward_ok) {
        ctx.content(s, f, t + 1, stop, true, confidence::STRONG);
        return;
    }
    // 3. A colon then content.
    if s.punct(j) == Some(':') && !is_according {
        if j + 1 < stop {
            ctx.content(s, f, j + 1, stop, false, confidence::FAIR);
        }
        return;
    }
    // `According to X, content.` at the start of the sentence.
    if is_according && f.cue.0 <= 1 {
        if let Some(c) = (after..stop).find(|&k| s.punct(k) == Some(',')) {
            ctx.content(s, f, c + 1, stop, false, confidence::STRONG);
        } else if s.punct(j) == Some(',') {
            ctx.content(s, f, j + 1, stop, false, confidence::STRONG);
        }
        return;
    }
    // 4. Backward: `..., X said.` / `“...,” she said` / `..., according to X.`
    // (`..., said Mary Lovely, a Syracuse University economist.`: after a subject that follows
    // its cue, a comma opens the subject's apposition, not the second half of the content.)
    // (Also a bare role with no verb: `said John Petrides, portfolio manager at Tocqueville`.)
    let bare_role = || {
        let words: Vec<&str> = (j + 1..end)
            .take_while(|&k| s.punct(k) != Some(','))
            .filter(|&k| s.is_word(k))
            .map(|k| s.word_at(k))
            .collect();
        words
            .first()
            .is_some_and(|w| w.starts_with(char::is_lowercase))
            && words.iter().take(3).any(|w| ROLE_NOUNS.contains(w))
            && !words.iter().any(|w| AUXILIARIES.contains(w))
    };
    let apposition = f.side == Side::Right
        && (matches!(
            s.word_at(j + 1),
            "a" | "an" | "the" | "who" | "which" | "whose"
        ) || bare_role());
    let set_off = s.punct(j) == Some(',') && j + 1 < end;
    if backward_ok || set_off || is_according {
        let parenthetical = set_off && !apposition;
        backward(ctx, s, frames, fi, j, end, parenthetical, is_according);
        return;
    }
    // 5. Zero-`that` complement: `X said the plan would fail.`
    zero_that(ctx, s, f, j, stop);
}

/// Where forward content of frame `fi` stops: where a coordinated frame starts (`..., adding`,
/// `and added`, `, he said`), or a later cue that shares this frame's subject (`X says Y
/// promised A and said B`: B is X's, and A ends before `and`); a frame with its own subject
/// inside the content is nested speech and stays in it.
fn forward_stop(
    s: &Sent,
    frames: &[Frame],
    fi: usize,
    after: usize,
    end: usize,
    is_according: bool,
) -> usize {
    let f = &frames[fi];
    // (A report noun's clause ends at its comma: `Despite Trump's announcement that A, talks
    // stalled`.)
    let end = if is_report_noun(s.word(f.cue.0)) {
        (after..end)
            .find(|&k| s.punct(k) == Some(',') && !s.in_quote[k])
            .unwrap_or(end)
    } else {
        end
    };
    let shared = frames[fi + 1..].iter().find(|n| {
        n.side == Side::Participle
            && f.subject.is_some()
            && n.subject == f.subject
            && n.cue.0 < end
            && (coordinated(s, n.cue.0) || n.cue.0 > 0 && s.punct(n.cue.0 - 1) == Some(','))
    });
    frames
        .get(fi + 1)
        .filter(|n| {
            let k = n.start();
            // (Not a gerund after a preposition with no complement marker: `defined the areas
            // by adding low-income communities` is inside the content; `began by observing
            // that ...` reports.)
            let marked = s.word_at(n.cue.0 + 1) == "that"
                || s.punct(n.cue.0 + 1)
                    .is_some_and(|c| c == ':' || is_quote_mark(c));
            let gerund = n.cue.0 > 0
                && !marked
                && matches!(
                    s.word_at(n.cue.0 - 1),
                    "by" | "for" | "of" | "from" | "without" | "in"
                );
            (n.side == Side::Participle && !gerund)
                || (k > 0
                    && (s.punct(k - 1).is_some_and(|c| c == ',' || is_dash(c))
                        || matches!(s.word_at(k - 1), "and" | "but")
                        || concessive(s, k)
                        || comma_in_quote(s, k)))
        })
        .into_iter()
        .chain(shared)
        .filter(|_| !is_according)
        .map(|n| {
            let mut k = n.start();
            // (Past the adverbs between the conjunction and the cue: `but also warned`.)
            if let Some(j) = conjunction_before(s, k).filter(|&j| j >= after) {
                k = j + 1;
            }
            while k > after
                && (s.punct(k - 1).is_some_and(|c| c == ',' || is_dash(c))
                    || matches!(s.word_at(k - 1), "and" | "but")
                    || concessive(s, k))
            {
                k -= 1;
            }
            k
        })
        .min()
        .unwrap_or(end)
        .min(end)
}

/// Whether a frame starting at token `k` follows a comma inside closing marks (`called the
/// plan “ambitious,” she said`): American style puts the clause's comma inside the quote.
fn comma_in_quote(s: &Sent, k: usize) -> bool {
    k > 1 && s.punct(k - 1).is_some_and(is_quote_mark) && s.punct(k - 2) == Some(',')
}

/// Whether a frame starting at token `k` is a concession or a contrast after a comma (`said A,
/// though she noted B`, `said A, while the police say B`): a second statement, not speech
/// nested in the first.
fn concessive(s: &Sent, k: usize) -> bool {
    // (American style puts the comma inside a closing mark: `“...,” though she noted`.)
    let comma = |j: usize| {
        s.punct(j) == Some(',')
            || j > 0 && s.punct(j).is_some_and(is_quote_mark) && s.punct(j - 1) == Some(',')
    };
    // (And a contrast with a frame of its own: `..., while the city's police deny ... and say`.)
    k > 1
        && matches!(
            s.word_at(k - 1),
            "though" | "although" | "while" | "whereas"
        )
        && comma(k - 2)
}

/// A whole quote that opens right after the cue: `said: “...”`, `said, “...”`, also after a
/// short aside of up to ten tokens (`said on the other hand, “...”`, `wrote on his blog Think,
/// Save, Retire, “...”`), with the part before the frame of a split
/// quote (`“...,” she said, “...”`; its clause from token `from`, see `attach_closing`). True when
/// it attached one.
fn opening_quote(ctx: &mut Ctx, s: &Sent, f: &Frame, from: usize, j: usize, stop: usize) -> bool {
    let mut q = j;
    let after_that = s.word_at(q) == "that";
    if after_that || matches!(s.punct(q), Some(',' | ':')) {
        q += 1;
    } else if let Some(k) = (j..(j + 10).min(s.toks.len().saturating_sub(1)))
        // (Not past another cue: `said he was stiffed, saying, “...”` is the participle's.)
        // (Nor past a verb: `the impact it said Clinton would have on women: “...,” the union
        // wrote` is the union's quote.)
        .take_while(|&k| {
            (s.is_word(k) && lookup(s.word(k)).is_none() && !AUXILIARIES.contains(&s.word(k)))
                || matches!(s.punct(k), Some(',' | ':'))
        })
        .find(|&k| {
            matches!(s.punct(k), Some(',' | ':'))
                && ctx.by_open.contains_key(&s.toks[k + 1].span.start)
        })
    {
        q = k + 1;
    }
    let Some(&m) = s.toks.get(q).and_then(|t| ctx.by_open.get(&t.span.start)) else {
        return false;
    };
    let mk = ctx.marks[m];
    let whole = mk.outer.end
        >= s.toks
            .get(stop.max(1) - 1)
            .map_or(0, |t| t.span.end)
            .saturating_sub(2)
        || mk.outer.end > s.toks.last().map_or(0, |t| t.span.end);
    // `saying last week, “That makes me smart,” when Clinton blasted him`: a quote set off by
    // commas on both sides is whole; what follows is a circumstance.
    let set_off = q > j && s.punct(q - 1) == Some(',') && {
        let doc = ctx.doc;
        doc.slice(mk.inner).trim_end().ends_with(',') || doc.text[mk.outer.end..].starts_with(',')
    };
    // `chanted “What curfew?” and kept going`, `said “no” and left`: a quote that closes before
    // the subject's next verb is whole too.
    let goes_on = {
        let rest = ctx.doc.text[mk.outer.end..].trim_start();
        let mut words = rest.split_whitespace();
        let conjunction = words
            .next()
            .is_some_and(|w| matches!(w, "and" | "but" | "then" | "before"));
        let verb = words.next().is_some_and(|w| {
            w.starts_with(|c: char| c.is_lowercase()) && !DETERMINERS.contains(&w) && w != "that"
        });
        conjunction && verb && q == j
    };
    if !whole && !set_off && !goes_on {
        return false;
    }
    // Split quote: `“...,” she said, “...”` — the part before the frame is hers too.
    if let Some(b) = quote_closing_before(ctx, s, f.start(), false) {
        attach_closing(ctx, s, f, from, b);
    }
    let kind = if after_that {
        QuoteKind::Mixed
    } else {
        QuoteKind::Direct
    };
    let conf = if after_that { 0.85 } else { 0.9 };
    ctx.attach_mark(m, f, s, kind, conf);
    true
}

/// The direct quote whose closing mark ends right before sentence token `k`, or before a comma
/// there (with `dash`, a dash too): `“...” she said`, `“...,” she said`, `“...”, she said`;
/// never a title in mid-sentence.
fn quote_closing_before(ctx: &Ctx, s: &Sent, k: usize, dash: bool) -> Option<usize> {
    let b = k.checked_sub(1)?;
    let bc = s.punct(b)?;
    let close = if is_quote_mark(bc) {
        b
    } else if (bc == ',' || dash && is_dash(bc))
        && b > 0
        && s.punct(b - 1).is_some_and(is_quote_mark)
    {
        b - 1
    } else {
        return None;
    };
    // (Not a title inside the sentence: `After hitting “Takin’ It To the Streets,” the singer
    // told the audience, “...”`.)
    let m = *ctx.by_close.get(&s.toks[close].span.end)?;
    let mk = &ctx.marks[m];
    let title = mk.outer.start > s.toks[0].span.start
        && super::unattached::is_title(ctx.doc.slice(mk.inner));
    (!title).then_some(m)
}

/// Whether the frame's content lies before it (`..., X said before the vote.`: a circumstance
/// after the frame): nothing after it, a mark that ends it, or an adverbial after a frame that
/// follows a quote or a comma.
fn content_is_before(ctx: &Ctx, s: &Sent, f: &Frame, j: usize, stop: usize) -> bool {
    let start = f.start();
    let after_quote_or_comma = if start == 0 {
        ctx.doc.text[..s.toks[0].span.start]
            .trim_end()
            .ends_with(is_quote_mark)
    } else {
        s.punct(start - 1)
            .is_some_and(|c| c == ',' || is_quote_mark(c) || is_dash(c))
    };
    // `“...,” she said several months later`: a frame right after the closing mark (or its
    // comma) of a quote that opens the sentence speaks that quote, whatever follows it. A quote
    // inside the sentence is often a title (`On “Fox News Sunday,” Pence said ...`).
    // (At the sentence start the quote closed the sentence before: the checks below judge.)
    let opens_sentence = s.toks[0].span.start;
    let quote_before = quote_closing_before(ctx, s, start, false)
        .is_some_and(|m| ctx.marks[m].outer.start <= opens_sentence);
    quote_before
        || j >= stop
        || s.punct(j).is_some_and(|c| {
            // A closing mark ends the frame; an opening one starts its content.
            is_terminator(c)
                || (is_quote_mark(c) && !ctx.by_open.contains_key(&s.toks[j].span.start))
        })
        || (after_quote_or_comma
            && j < s.toks.len()
            && !s.in_quote[j]
            && (PREPOSITIONS.contains(&s.word_at(j))
                || matches!(s.word_at(j), "referring" | "adding" | "noting" | "citing")))
}

/// Backward content: the direct quote that ends right before the frame (`“...,” she said`, and
/// after a parenthetical frame the one that opens after it), or the indirect content before
/// it (`..., X said.`; both halves of `The plan, he said, is doomed.`).
#[allow(clippy::too_many_arguments)]
fn backward(
    ctx: &mut Ctx,
    s: &Sent,
    frames: &[Frame],
    fi: usize,
    j: usize,
    end: usize,
    parenthetical: bool,
    is_according: bool,
) {
    let f = &frames[fi];
    let start = f.start();
    if start == 0 {
        // `“...?” Clinton said.`: the sentence splitter cut after the quote.
        let before = ctx.doc.text[..s.toks[0].span.start].trim_end();
        let para = ctx.doc.sentences[s.idx].paragraph;
        if let Some(&m) = ctx
            .by_close
            .get(&before.len())
            .filter(|&&m| ctx.marks[m].paragraph == para)
        {
            ctx.attach_mark(m, f, s, QuoteKind::Direct, confidence::FRAMED);
        }
        if parenthetical {
            ctx.attach_opening_at(s, j + 1, f);
        }
        return;
    }
    let b = start - 1;
    let Some(bc) = s.punct(b) else { return };
    let from = content_from(s, frames, fi);
    // The direct quote that ends right before the frame.
    let mut attached = false;
    if let Some(m) = quote_closing_before(ctx, s, start, true) {
        attach_closing(ctx, s, f, from, m);
        attached = true;
    }
    // Split quote: `“...,” she said, “...”`.
    if parenthetical && ctx.attach_opening_at(s, j + 1, f) {
        return;
    }
    if attached || !(bc == ',' || is_dash(bc) || bc == ':' || is_according) {
        return;
    }
    // Indirect content before the frame, from the end of the previous frame.
    let upto = if is_according && bc != ',' { start } else { b };
    if parenthetical && !is_according {
        // `The plan, he said, is doomed.`: each half is an entry, as a split direct quote is
        // two (the frame is no part of either); after an opening adverbial (`During his years
        // in office, Mr. Obama said, a majority ...`) only the half after the frame.
        if !(PREPOSITIONS.contains(&s.word_at(from)) && s.word_at(from) != "to") {
            // (Two words are enough here: `The museum, Mr. Bush said, celebrated ...`.)
            ctx.content(s, f, from, upto, true, confidence::CARRIED);
        }
        // (Here a preposition opens content: `Lenox was a juggernaut, he said, until ...`.)
        ctx.content(s, f, j + 1, end, true, confidence::CARRIED);
    } else {
        ctx.content(s, f, from, upto, false, confidence::FAIR);
    }
}

/// Where content before frame `fi` may start: after the previous frame (and its `that`).
fn content_from(s: &Sent, frames: &[Frame], fi: usize) -> usize {
    let from = if fi > 0 { frames[fi - 1].end() + 1 } else { 0 };
    if fi > 0 && s.word_at(from) == "that" {
        from + 1
    } else {
        from
    }
}

/// Attaches the direct quote `m` that closes right before frame `f`; with the clause it
/// completes (see `clause_head`, from token `from`), as a mixed quote (`Apple was “pulled into
/// the enterprise,” Cook said`).
fn attach_closing(ctx: &mut Ctx, s: &Sent, f: &Frame, from: usize, m: usize) {
    match clause_head(ctx, s, from, m) {
        Some((open, close)) => ctx.content(s, f, open, close + 1, true, confidence::FRAMED),
        None => ctx.attach_mark(m, f, s, QuoteKind::Direct, confidence::FRAMED),
    }
}

/// Where the direct quote `m`, closing before a backward frame, completes a clause that opens
/// in the sentence (`Mills “got an immunity agreement,” Jordan said`; `The four “loopholes” he
/// cited are “...”`): the clause's first token (from token `from`) and the quote's closing token.
/// ANNOTATION.md makes that whole clause the content of a mixed quote. Not after a colon or a
/// dash (`Trump: “...”` introduces the quote), nor across a sentence end or another frame, nor
/// after an opening subordinate clause (`As the day drew near, “I begin to be sorry,” said
/// Jane`: the narrator's circumstance, the quote a clause of its own).
fn clause_head(ctx: &Ctx, s: &Sent, from: usize, m: usize) -> Option<(usize, usize)> {
    let outer = ctx.marks[m].outer;
    let open = s.toks.iter().position(|t| t.span.start == outer.start)?;
    let close = s.toks.iter().rposition(|t| t.span.end == outer.end)?;
    let head = from..open;
    let ends_intro = s
        .punct(open.checked_sub(1)?)
        .is_some_and(|c| c == ':' || c == '(' || is_dash(c) || is_terminator(c));
    let words = head.clone().filter(|&k| s.is_word(k) && !s.in_quote[k]);
    let subordinate = s.punct(open - 1) == Some(',') && SUBORDINATORS.contains(&s.word_at(from));
    (open > from
        && !ends_intro
        && !subordinate
        && words.count() > 0
        && !head.clone().any(|k| {
            s.punct(k)
                .is_some_and(|c| is_terminator(c) || c == ':' || c == ';')
        }))
    .then_some((from, close))
}

/// A complement without `that` (`X said the plan would fail.`), an object verb's complement
/// (`called for X`, `described X as Y`), or a clause with a pronoun subject after a strong cue
/// (`announced it had reached its goal`).
fn zero_that(ctx: &mut Ctx, s: &Sent, f: &Frame, j: usize, stop: usize) {
    if f.side == Side::Right && f.subject.is_none() {
        return;
    }
    if f.class == CueClass::Object {
        // `called for X`, `called X “...”`, `described X as Y`, `urged X to Y`, `cited X`.
        let a = if matches!(s.word_at(j), "for" | "on") {
            j + 1
        } else {
            j
        };
        if a < stop {
            let (after_that, conf) = (true, confidence::INFERRED);
            ctx.content(s, f, a, stop, after_that, conf);
        }
        return;
    }
    // `said after the convention he would ...`: an adverbial phrase, then a clause whose
    // pronoun subject shows where the content starts.
    let j = if PREPOSITIONS.contains(&s.word_at(j)) {
        (j + 2..(j + 7).min(stop))
            .take_while(|&k| s.is_word(k) && !s.in_quote[k])
            .find(|&k| starts_clause(s, k))
            .unwrap_or(j)
    } else {
        j
    };
    // `vowed to harshly punish “those who ...”`: a promise quoted in part is reported speech.
    let lemma = lookup(s.word(f.cue.0)).map_or("", |x| x.1);
    // (Not when another cue claims the quote: `pledged to act against what it called “...”`.)
    let quote = (j..stop).find(|&k| s.in_quote[k]);
    if matches!(lemma, "vow" | "pledge" | "promise")
        && s.word_at(j) == "to"
        && quote.is_some_and(|q| (j..q).all(|k| lookup(s.word_at(k)).is_none()))
    {
        ctx.content(s, f, j, stop, false, confidence::INFERRED);
        return;
    }
    // Other strong cues usually take a noun object (`announced a plan`, `denied it`), but a
    // clause with a pronoun subject is their content too (`announced it had reached its goal`).
    let clause_follows = f.class == CueClass::Strong && starts_clause(s, j);
    if !clause_follows && !ZERO_THAT.contains(&lookup(s.word(f.cue.0)).map_or("", |x| x.1)) {
        return;
    }
    if adds_a_quantity(lemma, s.word_at(j), s.word_at(j + 1)) {
        return;
    }
    // `added smaller landers to the contract`: what `add` takes without `that` is a clause
    // (`added he would run`, `added the plan was dead`), not a thing.
    if lemma == "add" && !clause_follows && !has_finite_verb(s, j, stop) {
        return;
    }
    if j < stop && s.is_word(j) {
        ctx.content(s, f, j, stop, false, confidence::INFERRED);
    } else if let Some(t) = s.toks.get(j) {
        if ctx.by_open.contains_key(&t.span.start) {
            ctx.content(s, f, j, stop, false, confidence::CARRIED);
        }
    }
}

/// Whether tokens `a..b` hold an auxiliary or a past form before any punctuation: the verb of a
/// clause (`the plan was dead`, `Trump lied`), which a noun phrase lacks (`smaller landers`).
fn has_finite_verb(s: &Sent, a: usize, b: usize) -> bool {
    (a..b)
        .take_while(|&k| s.is_word(k))
        .enumerate()
        .any(|(i, k)| {
            let w = s.word_at(k);
            AUXILIARIES.contains(&w) || i > 0 && s.past_form(k)
        })
}

/// Whether `added` (lemma `lemma`) takes a quantity, not words, as its object: `The stock added
/// more than 2%`, `Gallinari added 25 points`, `Those gains add to a major gain`.
pub(super) fn adds_a_quantity(lemma: &str, first: &str, second: &str) -> bool {
    let number = |w: &str| w.starts_with(|c: char| c.is_ascii_digit() || c == '$');
    lemma == "add"
        && (number(first)
            || first == "to"
            || matches!(
                first,
                "more" | "less" | "about" | "nearly" | "almost" | "over" | "another"
            ) && (number(second) || second == "than"))
}

/// Whether token `k` opens a clause with a pronoun subject: a nominative pronoun, or `it`
/// before an auxiliary.
pub(super) fn starts_clause(s: &Sent, k: usize) -> bool {
    match s.word_at(k) {
        "he" | "she" | "they" | "we" | "i" => true,
        "it" => AUXILIARIES.contains(&s.word_at(k + 1)),
        _ => false,
    }
}
