//! Subjects of cues: the noun phrase or pronoun left of a cue, after it (`said X`), or the
//! clause subject a participle hangs on; and the adverbials between a cue and its content.

use super::lexicon::*;
use super::Sent;
use crate::document::marks::is_quote_mark;
use crate::document::text::{is_capitalized, MONTHS, WEEKDAYS};
use crate::document::Document;
use crate::stages::attribution::cues::lookup;

pub(super) fn skippable_left(w: &str) -> bool {
    SKIP_LEFT.contains(&w)
        || AUXILIARIES.contains(&w)
        || (w.len() > 4 && w.ends_with("ly") && w.chars().all(char::is_lowercase))
}

/// [`skippable_left`] for token `k` of a sentence: a capitalised word inside the sentence is a
/// name (`Megyn Kelly said`, `Early told Hale`), skipped only when the lists name it.
pub(super) fn skippable_at(s: &Sent, k: usize) -> bool {
    let w = s.word(k);
    let listed = SKIP_LEFT.contains(&w) || AUXILIARIES.contains(&w);
    let name = s.caps[k] && k > 0;
    skippable_left(w) && (listed || !name)
}

pub(super) fn negated(w: &str) -> bool {
    w == "not" || w == "never" || w.ends_with("n't") || w.ends_with("n’t")
}

/// The subject to the left of the cue at `c`: a pronoun, a relative pronoun, or a noun phrase
/// (with an apposition: `Leavitt, Trump’s press secretary, said`).
pub(super) fn left_subject(s: &Sent, c: usize) -> Option<(usize, usize)> {
    let mut j = c as isize - 1;
    loop {
        while j >= 0 && s.is_word(j as usize) && skippable_at(s, j as usize) {
            j -= 1;
        }
        // A time between subject and cue: `Axelrod on Wednesday called`, `who in 2010 said`.
        let w = s.word_at(j.max(0) as usize);
        let date = is_date_word(w) || (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()));
        if j >= 1 && date && matches!(s.word(j as usize - 1), "on" | "in") {
            j -= 2;
        } else {
            break;
        }
    }
    if j < 0 {
        return None;
    }
    let j = j as usize;
    if s.in_quote[j] {
        return None;
    }
    if s.punct(j) == Some(',') {
        // Apposition: NP , APPOSITION , cue
        let mut k = j;
        // (A period inside a sentence ends an abbreviation: `McConnell, R-Ky., said`.)
        while k > 0 && s.punct(k - 1) != Some(',') && !s.in_quote[k - 1] {
            k -= 1;
            // (Room for a relative clause: `Mariano, who as a Navy captain was ..., said`.)
            if j - k > 30 || s.punct(k).is_some_and(|c| matches!(c, '?' | '!' | ';')) {
                return None;
            }
        }
        if k == 0 || s.punct(k - 1) != Some(',') || k == j {
            return None;
        }
        // An apposition coordinated after a comma (`a fellow at the institute in Munich,
        // Germany, and co-author of the study, said`) goes on to the comma before.
        for _ in 0..2 {
            if !matches!(s.word_at(k), "and" | "or") {
                break;
            }
            let Some(c) = (k.saturating_sub(1).saturating_sub(16)..k - 1)
                .rev()
                .take_while(|&t| !s.in_quote[t])
                .find(|&t| s.punct(t) == Some(','))
            else {
                break;
            };
            k = c + 1;
        }
        // A clause is no apposition (`If tariffs are high enough, firms will pass them on,
        // said Monica de Bolle`: the subject follows the cue); a relative clause is
        // (`Mariano, who as a Navy captain was ..., said`).
        // (The head phrase counts too: `Computers have seen impacts, too, said Mary Lovely`;
        // `that` opening a phrase is a complementizer or a pronoun, after a noun a relative:
        // `a union that has endorsed Mr. Sanders`.)
        let head = np_left_with_party(s, k - 1)?;
        let words = || (head.0..j).filter(|&t| s.is_word(t));
        // (An apposition opening with a participle holds what clause it likes: `Officials,
        // speaking on condition of anonymity because they were not authorized to ..., said`.)
        let participial = s.is_word(k) && !s.caps[k] && s.word(k).ends_with("ing");
        let clause = !participial
            && words().any(|t| AUXILIARIES.contains(&s.word(t)))
            && !words().any(|t| {
                matches!(
                    s.word(t),
                    "who" | "which" | "whose" | "whom" | "when" | "where" | "what"
                ) || s.word(t) == "that" && t != head.0 && t != k
            });
        // (A clause coordinated after the comma is no apposition either: `... with Republicans,
        // and the meeting deteriorated from there, said one GOP source`.)
        // (Only with a subject after the cue to take over: `said one GOP source`, not `said
        // aloud`.)
        let next = s.word_at(c + 1);
        let subject_after =
            DETERMINERS.contains(&next) || next == "one" || s.is_word(c + 1) && s.caps[c + 1];
        let coordinated_clause = subject_after
            && matches!(s.word_at(k), "and" | "but")
            && (k + 2..j).any(|t| s.past_form(t));
        if clause || coordinated_clause {
            return None;
        }
        // The phrase before the comma closes a relative clause (`The company that runs the
        // AMAs, Dick Clark Productions, denies`): the name after it is the subject, not the
        // relative clause's object.
        let relative_tail = head.0 > 0
            && s.is_word(head.0 - 1)
            && matches!(s.word(head.0 - 1), "that" | "which" | "who")
            && s.caps[k];
        if relative_tail {
            return Some((k, j - 1));
        }
        return Some((
            outer_apposition(s, name_before_apposition(s, head)).0,
            j - 1,
        ));
    }
    if s.punct(j).is_some_and(super::is_dash) {
        // `John Dickey, the chief executive of Ora Media -- the company that ... -- told me`.
        let mut k = j;
        while k > 0 && s.punct(k - 1).is_some_and(super::is_dash) {
            k -= 1;
        }
        let open = (k.saturating_sub(40)..k)
            .rev()
            .find(|&d| s.punct(d).is_some_and(super::is_dash) && !s.in_quote[d])?;
        let mut d = open;
        while d > 0 && s.punct(d - 1).is_some_and(super::is_dash) {
            d -= 1;
        }
        let (a, b) = collect_np_left(s, d)?;
        if b + 1 != d {
            return None;
        }
        // With a comma apposition before the dashes, the name before it.
        let head = (a > 1 && s.punct(a - 1) == Some(','))
            .then(|| collect_np_left(s, a - 1))
            .flatten()
            .filter(|&(h, _)| s.caps[h]);
        return Some((head.map_or(a, |h| h.0), k - 1));
    }
    if !s.is_word(j) {
        // `Rep. X (D-N.C.) said`
        return np_left_with_party(s, j + 1);
    }
    let w = s.word(j);
    if RELATIVE.contains(&w) || PRONOUNS.contains(&w) {
        return Some((j, j));
    }
    let np = collect_np_left(s, j + 1)?;
    let np = quoted_modifier(s, first_conjunct(s, coordinated_titles(s, np)));
    Some(with_postmodifier(s, in_the_know(s, by_agent(s, np))))
}

/// A joint source speaks through its first named member (`he and his wife Kali explained`,
/// `as NBC News and Bloomberg reported`: ANNOTATION.md's rule): the subject `A and B` gives `A`,
/// when both end in a name (`A` may be `he`/`she`) and `A` opens the clause (after the
/// sentence's start, a comma, a quote or `as`), so that an object before `and` (`met Clinton and
/// Obama said`) is never taken.
fn first_conjunct(s: &Sent, np: (usize, usize)) -> (usize, usize) {
    let Some(and) = np.0.checked_sub(1).filter(|&k| s.word_at(k) == "and") else {
        return np;
    };
    let Some(first) = collect_np_left(s, and) else {
        return np;
    };
    // Both end in a name (`he` for the first): `GOP contender and former neurosurgeon Ben
    // Carson` is one person, `Trump and his attorneys` mixes named and unnamed people (no named
    // source), `White House and Pentagon spokesmen` are unnamed.
    let pronoun = first.0 == first.1 && matches!(s.word_at(first.0), "he" | "she");
    let named = (pronoun || s.caps[first.1]) && s.caps[np.1];
    // (A name with `and` inside: `a spokesperson for the Parks and Recreation Department`, `the
    // cities of Blackpool and Liverpool`.)
    let plain = (first.0..=first.1).all(|t| {
        !matches!(
            s.word_at(t),
            "of" | "for" | "in" | "at" | "on" | "from" | "by"
        )
    });
    let opens = first.0 == 0
        || s.punct(first.0 - 1)
            .is_some_and(|c| c == ',' || is_quote_mark(c))
        || s.word_at(first.0 - 1) == "as";
    if named && plain && opens && first.1 + 1 == and {
        first
    } else {
        np
    }
}

/// A short title in quote marks between a determiner and the head is part of the subject
/// (`“...,” the “Pose” actor previously said`): the subject starts at the determiner, so the
/// frame speaks the quote before it, not the title.
fn quoted_modifier(s: &Sent, np: (usize, usize)) -> (usize, usize) {
    let mark = |k: usize| s.punct(k).is_some_and(is_quote_mark);
    let Some(close) = np.0.checked_sub(1).filter(|&k| mark(k)) else {
        return np;
    };
    let Some(open) = (close.saturating_sub(5)..close).rev().find(|&k| mark(k)) else {
        return np;
    };
    let det = open
        .checked_sub(1)
        .filter(|&d| DETERMINERS.contains(&s.word_at(d)));
    match det {
        Some(d) if (open + 1..close).all(|k| s.is_word(k)) && close > open + 1 => (d, np.1),
        _ => np,
    }
}

/// Titles joined by `and` before a name right after a quote (`“...,” JPL scientist and study
/// co-author Michael Malaska said`): the subject starts after the quote, not after `and`.
fn coordinated_titles(s: &Sent, np: (usize, usize)) -> (usize, usize) {
    let Some(and) = np.0.checked_sub(1).filter(|&k| s.word_at(k) == "and") else {
        return np;
    };
    let mut k = and;
    while k > 0 && and - k < 5 && s.is_word(k - 1) && !s.in_quote[k - 1] {
        k -= 1;
    }
    let mark = |t: usize| s.punct(t).is_some_and(is_quote_mark);
    let after_quote =
        k < and && k > 0 && (mark(k - 1) || k > 1 && s.punct(k - 1) == Some(',') && mark(k - 2));
    if after_quote {
        (k, np.1)
    } else {
        np
    }
}

/// The head of an apposition that holds another: `Omar Lamrani, a senior military analyst at
/// Stratfor, the Texas-based intelligence organization, told`: the phrase before the last
/// comma ends in a preposition's object (`at Stratfor`), so the subject is the name before the
/// comma further left.
fn outer_apposition(s: &Sent, head: (usize, usize)) -> (usize, usize) {
    let mut head = head;
    for _ in 0..2 {
        let Some(p) = head.0.checked_sub(1) else {
            break;
        };
        if !matches!(
            s.word_at(p),
            "at" | "of" | "for" | "with" | "from" | "in" | "on" | "by" | "to"
        ) {
            break;
        }
        // (`to` before a noun phrase, not a verb: `heir to the throne`, not `efforts to
        // collect -- which ...`.)
        if s.word_at(p) == "to" && !(DETERMINERS.contains(&s.word_at(head.0)) || s.caps[head.0]) {
            break;
        }
        let comma = (p.saturating_sub(16)..p)
            .rev()
            .take_while(|&k| !s.in_quote[k] && !s.punct(k).is_some_and(|c| matches!(c, ';' | ':')))
            .find(|&k| s.punct(k) == Some(','));
        let Some(outer) = comma.and_then(|c| np_left_with_party(s, c)) else {
            break;
        };
        if !s.caps[outer.0] {
            break;
        }
        head = outer;
    }
    head
}

/// A subject that is the agent of a reduced passive keeps its head (`other emails combed
/// through by Vox suggest`, `a report released by the agency says`): the head speaks.
fn by_agent(s: &Sent, np: (usize, usize)) -> (usize, usize) {
    let Some(by) = np.0.checked_sub(1).filter(|&k| s.word_at(k) == "by") else {
        return np;
    };
    let mut p = by.saturating_sub(1);
    if p > 0 && matches!(s.word_at(p), "through" | "out" | "up" | "off" | "down") {
        p -= 1;
    }
    let w = s.word_at(p);
    let participle = p > 0 && w.len() > 3 && (w.ends_with("ed") || w.ends_with("en"));
    participle
        .then(|| collect_np_left(s, p))
        .flatten()
        .filter(|&(a, _)| np.1 - a < 12)
        .map_or(np, |(a, _)| (a, np.1))
}

/// Two appositions after a name (`U.S. Army Cmdr. Sean Robertson, a spokesperson for Inherent
/// Resolve, the U.S. military operation against Islamic State, told`): the phrase before the
/// last comma is itself an apposition of the name before it, which the subject keeps. Not a
/// fronted place or time (`In Washington, a spokesperson said`).
fn name_before_apposition(s: &Sent, head: (usize, usize)) -> (usize, usize) {
    let Some(comma) = head.0.checked_sub(1).filter(|&c| s.punct(c) == Some(',')) else {
        return head;
    };
    if !matches!(s.word_at(head.0), "a" | "an" | "the") {
        return head;
    }
    let Some(name) = np_left_with_party(s, comma).filter(|&(a, b)| s.caps[a] && b + 1 == comma)
    else {
        return head;
    };
    let fronted = name.0 > 0
        && s.is_word(name.0 - 1)
        && (PREPOSITIONS.contains(&s.word_at(name.0 - 1)) || s.word_at(name.0 - 1) == "as");
    if fronted {
        head
    } else {
        (name.0, head.1)
    }
}

/// Unnamed sources described by what they know (`people familiar with Chinese trade policy
/// said`, `a person close to the company said`, `officials briefed on the talks said`): `np`
/// grows over the phrase and the noun before it.
fn in_the_know(s: &Sent, np: (usize, usize)) -> (usize, usize) {
    let w = |k: usize| s.word_at(k);
    let phrase = np.0.checked_sub(2).and_then(|k| match (w(k), w(k + 1)) {
        ("familiar" | "knowledgeable" | "involved", "with" | "about" | "in")
        | ("close", "to")
        | ("briefed" | "informed", "on" | "about" | "of") => Some(k),
        ("knowledge", "of") if k > 0 && w(k - 1) == "with" => Some(k - 1),
        _ => None,
    });
    phrase
        .and_then(|k| collect_np_left(s, k).filter(|&(_, b)| b + 1 == k))
        .map_or(np, |(a, _)| (a, np.1))
}

/// A subject keeps its prepositional phrase (`“...?” a narrator in the Clinton ad asks`, `A
/// professor at Harvard said`, `China's ambassador to Britain warned`): `np` grows over
/// `in`/`at`/`on`/`with`/`from` (`to` after a role that takes it: `envoy to`, `adviser to`) and
/// the noun phrase before it when that phrase opens the clause: right after a quote (and its
/// comma), or at the sentence's start (after a connective). The place or organisation in the
/// phrase is then no speaker of its own.
fn with_postmodifier(s: &Sent, np: (usize, usize)) -> (usize, usize) {
    let grown =
        np.0.checked_sub(1)
            .filter(|&p| matches!(s.word_at(p), "in" | "at" | "on" | "with" | "from" | "to"))
            .and_then(|p| {
                collect_np_left(s, p)
                    .filter(|&(_, b)| b + 1 == p)
                    .map(|np| (p, np))
            })
            .filter(|&(p, (_, b))| s.word_at(p) != "to" || ROLES_TO.contains(&s.word(b)))
            .map(|(_, np)| np)
            .filter(|&(a, _)| {
                let mut b = a;
                while b > 0 && s.punct(b - 1) == Some(',') {
                    b -= 1;
                }
                let after_quote = b > 0 && s.in_quote[b - 1];
                // (At the start, only a person's phrase: `A professor at Harvard`, `Police in
                // Hayward`, `John Smith at Harvard`; not `The spot ends with footage of ...`.)
                let opens = (0..a).all(|k| {
                    !s.is_word(k)
                        || CONNECTIVES.contains(&s.word(k))
                        || matches!(s.word(k), "but" | "and" | "so")
                }) && person_head(s, np.0 - 2);
                (after_quote || opens) && np.1 - a < 10
            });
    grown.map_or(np, |(a, _)| (a, np.1))
}

/// Whether token `k` heads a phrase naming people: a role (`professor`, `envoy`), a group
/// (`police`, `officials`) or a capitalised name.
fn person_head(s: &Sent, k: usize) -> bool {
    let w = s.word(k);
    let singular = w.strip_suffix('s').unwrap_or(w);
    s.caps[k] && k > 0 && s.caps[k - 1]
        || [w, singular].iter().any(|x| {
            ROLE_NOUNS.contains(x)
                || ROLES_TO.contains(x)
                || PEOPLE.contains(x)
                || QUANTIFIERS.contains(x)
        })
}

/// A noun phrase ending just before token `end` (exclusive), with a parenthesis closing it
/// (`Rep. Jim Jordan (R-Ohio)`).
fn np_left_with_party(s: &Sent, end: usize) -> Option<(usize, usize)> {
    if end > 0 && s.punct(end - 1) == Some(')') {
        let open = (0..end - 1).rev().find(|&k| s.punct(k) == Some('('))?;
        let head = collect_np_left(s, open)?;
        return Some((head.0, end - 1));
    }
    collect_np_left(s, end)
}

/// A day or month name, or a word of time (`Tuesday`, `September`, `today`): never a speaker.
fn is_date_word(w: &str) -> bool {
    WEEKDAYS.contains(&w) || MONTHS.contains(&w) || TIME_WORDS.contains(&w)
}

/// A noun phrase ending just before token `end` (exclusive), collected leftwards.
pub(super) fn collect_np_left(s: &Sent, end: usize) -> Option<(usize, usize)> {
    let mut k = end;
    while k > 0 {
        let t = k - 1;
        if s.in_quote[t] {
            break;
        }
        let ok = if s.is_word(t) {
            let w = s.word(t);
            !(STOP_LEFT.contains(&w) || lookup(w).is_some() && t + 1 < end) && (end - t) <= 10
        } else {
            matches!(s.punct(t), Some('’' | '\'' | '.' | '&' | '-' | '/')) && t + 1 < end
        };
        if !ok {
            break;
        }
        k = t;
    }
    // Trim leading punctuation.
    while k < end && !s.is_word(k) {
        k += 1;
    }
    if k >= end {
        return None;
    }
    // A lone pronoun-like word at the left edge of a longer phrase is not part of it.
    if end - k > 1 && (PRONOUNS.contains(&s.word(k)) || RELATIVE.contains(&s.word(k))) {
        k += 1;
    }
    Some((k, end - 1))
}

/// A subject after the cue (`said Leavitt`, `said the spokeswoman`, `said he`).
pub(super) fn right_subject(s: &Sent, after: usize) -> Option<(usize, usize)> {
    let first = s.toks.get(after)?;
    if !first.is_word() || s.in_quote[after] {
        return None;
    }
    let w = s.word(after);
    if PRONOUNS.contains(&w) {
        return Some((after, after));
    }
    // `told me`, `told them`: the hearer, not the speaker (`said her mother` is a speaker).
    let hearer = OBJECT_PRONOUNS.contains(&w)
        && (w != "her" || !s.is_word(after + 1) || s.word(after + 1) == "that");
    if hearer {
        return None;
    }
    // `said Tuesday`, `said in an interview`: circumstances, not speakers; `said that`: no
    // subject at all.
    // (A capitalised time word is a name there: `says Early`; `said Tuesday` is a day.)
    let name =
        s.caps[after] && TIME_WORDS.contains(&w) && !WEEKDAYS.contains(&w) && !MONTHS.contains(&w);
    if is_date_word(w) && !name || PREPOSITIONS.contains(&w) || STOP_LEFT.contains(&w) {
        return None;
    }
    let mut e = after;
    while e + 1 < s.toks.len() && e - after < 8 {
        let n = e + 1;
        let ok = if s.is_word(n) {
            let w = s.word(n);
            !STOP_LEFT.contains(&w) || titles_joined(s, after, n)
        } else {
            matches!(
                s.punct(n),
                Some('’' | '\'' | '.' | '&' | '-' | '/' | '(' | ')')
            ) && !s
                .punct(n)
                .is_some_and(|c| c == '.' && n + 1 >= s.toks.len())
        };
        if !ok || s.in_quote[n] {
            break;
        }
        e = n;
    }
    while e > after && !s.is_word(e) {
        e -= 1;
    }
    // (An inverted subject has no verb of its own: `..., said the review would take months` is
    // a clause, the content.)
    // (`said Will Tjernlund`: a capitalised `Will` is a name; `said a Mexican official who was
    // not authorized`: a relative clause has its own verb.)
    let own_verb = (after..=e)
        .take_while(|&k| !(s.is_word(k) && RELATIVE.contains(&s.word(k))))
        .any(|k| s.is_word(k) && !s.caps[k] && AUXILIARIES.contains(&s.word(k)));
    if own_verb {
        return None;
    }
    Some((after, e))
}

/// Whether the `and` at token `n` joins lower-case titles before a name (`said harbour historian
/// and museum curator Tom Hale`): only words, no capital, before it; words up to a capitalised
/// one after it.
fn titles_joined(s: &Sent, after: usize, n: usize) -> bool {
    s.word(n) == "and"
        && (after..n).all(|k| s.is_word(k) && !s.caps[k])
        && (n + 1..(n + 5).min(s.toks.len()))
            .take_while(|&k| s.is_word(k) && !s.in_quote[k])
            .any(|k| s.caps[k])
}

/// Skips time and manner adverbials after a cue (`on Tuesday`, `in a statement`, `last week`).
pub(super) fn skip_adverbials(s: &Sent, mut j: usize, end: usize, tell: bool) -> usize {
    let mut object_done = !tell;
    loop {
        if j >= end || !s.is_word(j) || s.in_quote[j] {
            return j;
        }
        let w = s.word(j);
        let next = s.lower.get(j + 1).map(String::as_str).unwrap_or("");
        if TIME_WORDS.contains(&w)
            || WEEKDAYS.contains(&w)
            || (w.len() > 4 && w.ends_with("ly") && lookup(w).is_none() && w != "only")
        {
            j += 1;
        } else if matches!(w, "last" | "this" | "next" | "earlier" | "late")
            && matches!(
                next,
                "week"
                    | "month"
                    | "year"
                    | "weekend"
                    | "night"
                    | "morning"
                    | "evening"
                    | "afternoon"
                    | "spring"
                    | "summer"
                    | "fall"
                    | "winter"
            )
        {
            j += 2;
        } else if matches!(w, "on" | "in")
            && s.toks.get(j + 1).is_some_and(|t| {
                let raw = s.lower[j + 1].as_str();
                TIME_WORDS.contains(&raw)
                    || raw.starts_with(|c: char| c.is_ascii_digit())
                    || MONTHS.contains(&raw)
                    || (t.is_word() && WEEKDAYS.contains(&raw))
            })
        {
            j += 2;
            while j < end && s.is_word(j) && s.word(j).starts_with(|c: char| c.is_ascii_digit()) {
                j += 1;
            }
        } else if matches!(w, "in" | "during" | "at" | "via" | "through" | "on")
            && (DETERMINERS.contains(&next) || next == "a")
            && (j + 2..(j + 5).min(end)).any(|k| MEDIA_NOUNS.contains(&s.word(k)))
        {
            let k = (j + 2..(j + 5).min(end))
                .find(|&k| MEDIA_NOUNS.contains(&s.word(k)))
                .unwrap_or(j + 2);
            j = k + 1;
        } else if w == "to"
            && matches!(
                next,
                "reporters"
                    | "journalists"
                    | "supporters"
                    | "the"
                    | "a"
                    | "an"
                    | "cnn"
                    | "fox"
                    | "nbc"
                    | "abc"
                    | "cbs"
                    | "msnbc"
            )
            && (!next.starts_with("the")
                || s.lower.get(j + 2).is_some_and(|x| {
                    matches!(
                        x.as_str(),
                        "press" | "crowd" | "audience" | "media" | "committee"
                    )
                }))
        {
            j += if matches!(next, "the" | "a" | "an") {
                3
            } else {
                2
            };
        } else if !object_done {
            object_done = true;
            // The object of `tell`: a pronoun, `reporters`, a name, or `the/a` + noun.
            if OBJECT_PRONOUNS.contains(&w)
                || matches!(w, "people" | "everyone")
                || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && lookup(w).is_none())
            {
                j += 1;
            } else if s.caps[j] {
                while j < end && s.is_word(j) && s.caps[j] {
                    j += 1;
                }
            } else if matches!(w, "the" | "a" | "an") {
                j += 2;
                while j < end && s.is_word(j) && s.caps[j] {
                    j += 1;
                }
            } else {
                return j;
            }
        } else {
            return j;
        }
    }
}

/// Whether the cue at `i` is a verb coordinated with an earlier one (`... and pledged`).
pub(super) fn coordinated(s: &Sent, i: usize) -> bool {
    conjunction_before(s, i).is_some()
}

/// The `and`/`but` before the cue at `i`, past adverbs.
pub(super) fn conjunction_before(s: &Sent, i: usize) -> Option<usize> {
    if i == 0 {
        return None;
    }
    let mut j = i - 1;
    while j > 0 && s.is_word(j) && skippable_at(s, j) {
        j -= 1;
    }
    matches!(s.word_at(j), "and" | "but").then_some(j)
}

/// The subject of the past-tense verb right before the conjunction of a coordinated cue
/// (`when my mother mentioned it, I laughed and said` → `I`).
pub(super) fn subject_of_first_verb(s: &Sent, i: usize) -> Option<(usize, usize)> {
    let j = conjunction_before(s, i)?;
    let v = j.checked_sub(1)?;
    let w = s.word_at(v);
    // (A name or pronoun only: `should be released but said` has no subject of its own.)
    (w.len() > 3 && w.ends_with("ed") && !s.caps[v])
        .then(|| left_subject(s, v))
        .flatten()
        .filter(|&(a, _)| s.caps[a] || PRONOUNS.contains(&s.word(a)))
}

/// The subject of the clause a participle hangs on: the first name or pronoun of the sentence.
pub(super) fn clause_subject(doc: &Document, s: &Sent) -> Option<(usize, usize)> {
    // (Past a quote opening the sentence: `“We all miss Steve,” Benioff weighed in, telling`.)
    let mut i = 0;
    while i < s.toks.len() && (!s.is_word(i) || s.in_quote[i]) {
        i += 1;
    }
    if i >= s.toks.len() {
        return None;
    }
    // An opening adverbial (`With Democrats worried about turnout, President Obama ...`) is not
    // the subject: it ends at the first comma, or, with no comma (`After a long silence
    // Yegorushka asked:`), before the first capitalised word.
    let w = s.word_at(i);
    // (An opening adverb before a comma too: `Meanwhile, it attacked Trump, saying ...`.)
    let adverb = s.punct(i + 1) == Some(',')
        && (w.ends_with("ly") || TIME_WORDS.contains(&w) || CONNECTIVES.contains(&w));
    if PREPOSITIONS.contains(&w) || STOP_LEFT.contains(&w) || adverb {
        let clause: Vec<usize> = (i + 1..s.toks.len())
            .take_while(|&k| !s.in_quote[k] && !matches!(s.punct(k), Some(':' | ';')))
            .collect();
        let after_comma = clause
            .iter()
            .position(|&k| s.punct(k) == Some(','))
            .and_then(|c| clause[c + 1..].iter().copied().find(|&k| s.is_word(k)))
            .or_else(|| after_quoted_comma(s, clause.last().map_or(i + 1, |&k| k + 1)));
        // (`On September 27 they published`: a date is no subject, a pronoun is.)
        let first_name = || {
            clause.iter().copied().find(|&k| {
                s.is_word(k)
                    && (PRONOUNS.contains(&s.word(k))
                        || is_capitalized(doc.slice(s.toks[k].span)) && !is_date_word(s.word(k)))
            })
        };
        // Where no subject follows the adverbial, the sentence start stands in as before.
        if let Some(found) = after_comma
            .and_then(|k| np_at(doc, s, k))
            .or_else(|| first_name().and_then(|k| np_at(doc, s, k)))
        {
            return Some(found);
        }
    }
    // (A common noun with a name set off after it is that name: `The group, WeWorkers
    // Coalition, formed in recent weeks and sent a letter ... stating that`.)
    let (a, b) = np_at(doc, s, i)?;
    let b = possessed(s, b);
    let named = apposed_name(doc, s).filter(|&(n, _)| n == b + 2 && !s.caps[b]);
    Some(named.unwrap_or((a, b)))
}

/// The last token of a subject that ends at token `b` with a possessor: the person it
/// possesses, past up to two modifiers, with the institution of a role taken with `to`
/// (`China’s ambassador to Britain`, `Trump’s former campaign manager`); else `b`.
fn possessed(s: &Sent, b: usize) -> usize {
    let w = s.word(b);
    if !(w.ends_with("’s") || w.ends_with("'s")) {
        return b;
    }
    let lower = |k: usize| s.is_word(k) && !s.caps[k] && !s.in_quote[k];
    let Some(head) = (b + 1..b + 4)
        .take_while(|&k| lower(k))
        .filter(|&k| person_head(s, k))
        .last()
    else {
        return b;
    };
    if ROLES_TO.contains(&s.word(head)) && s.word_at(head + 1) == "to" {
        let names = (head + 2..s.toks.len())
            .take_while(|&k| s.is_word(k) && s.caps[k] && !s.in_quote[k])
            .last();
        if let Some(e) = names {
            return e;
        }
    }
    head
}

/// The name set off by commas after a common-noun subject (`His former business partner at
/// Lenox, Lawrence B. Cummings, called him ...`), within the sentence's first 12 tokens.
pub(super) fn apposed_name(doc: &Document, s: &Sent) -> Option<(usize, usize)> {
    let c = (0..s.toks.len().min(12)).find(|&k| s.punct(k) == Some(',') && !s.in_quote[k])?;
    // (Nothing after a closing comma: `“..., Mr. Darcy,`.)
    if !s.is_word(c + 1) {
        return None;
    }
    let (a, b) = np_at(doc, s, c + 1).filter(|&(a, _)| s.caps[a])?;
    (s.punct(b + 1) == Some(',')).then_some((a, b))
}

/// The word after a quote that opens at token `k` and closes on a comma (`On “Face the
/// Nation,” Sen. Bernie Sanders ...`): where an opening adverbial with a quoted title ends.
fn after_quoted_comma(s: &Sent, k: usize) -> Option<usize> {
    let close = (k..s.toks.len()).take_while(|&c| s.in_quote[c]).last()?;
    let comma = (k..=close).rev().find(|&c| s.punct(c) == Some(','))?;
    after_comma(s, comma).filter(|&n| n == close + 1 && s.is_word(n))
}

/// The token after the comma at `c` and any closing marks, when it is outside quotes: where a
/// clause ending in `...,”` or `...,` is followed by the next one.
fn after_comma(s: &Sent, c: usize) -> Option<usize> {
    (s.punct(c) == Some(','))
        .then(|| (c + 1..s.toks.len()).find(|&n| !s.punct(n).is_some_and(is_quote_mark)))
        .flatten()
        .filter(|&n| !s.in_quote[n])
}

/// A pronoun, or a run of capitalised words (with determiners), starting at word `i`; or a
/// quantified common noun phrase up to its verb (`several environmental groups granted`).
pub(super) fn np_at(doc: &Document, s: &Sent, i: usize) -> Option<(usize, usize)> {
    if PRONOUNS.contains(&s.word(i)) {
        return Some((i, i));
    }
    if QUANTIFIERS.contains(&s.word(i)) {
        let verb = |k: usize| {
            let w = s.word_at(k);
            w.is_empty() || w.ends_with("ed") || AUXILIARIES.contains(&w) || lookup(w).is_some()
        };
        let e = (i + 1..(i + 5).min(s.toks.len()))
            .take_while(|&k| !verb(k))
            .last()?;
        return Some((i, e));
    }
    let mut e = i;
    loop {
        if e + 1 < s.toks.len()
            && s.is_word(e + 1)
            && (is_capitalized(doc.slice(s.toks[e + 1].span)) || DETERMINERS.contains(&s.word(e)))
        {
            e += 1;
        } else if s.punct(e + 1) == Some('.')
            && s.is_word(e)
            && s.caps[e]
            && s.word(e).len() <= 4
            && s.is_word(e + 2)
            && s.caps[e + 2]
        {
            // An abbreviation inside a name: `Sen. Bernie Sanders`, `Lawrence B. Cummings`.
            e += 2;
        } else {
            break;
        }
    }
    if e == i && !is_capitalized(doc.slice(s.toks[i].span)) {
        return None;
    }
    Some((i, e))
}

/// Words ending in `-ing` that open a sentence without being a participle whose subject is the
/// clause's (`During ...`, `According to ...`, `Including ...`).
const NOT_PARTICIPLES: &[&str] = &[
    "during",
    "according",
    "including",
    "following",
    "regarding",
    "concerning",
    "considering",
    "excluding",
    "pending",
    "notwithstanding",
    "barring",
    "morning",
    "evening",
    "nothing",
    "something",
    "everything",
    "anything",
    "being",
];

/// The subject of the main clause after a sentence-opening participial clause holding token
/// `k` (`Citing an unfounded theory, Trump accused ...`, `After saying her foot was “...,” she
/// was ...`): the participle's subject is the main clause's. The clause is an `-ing` word,
/// after `after`, `before`, `while`, `when`, `since`, `by` or `upon` or not, up to the first
/// comma past `k` (inside closing marks too); the subject is a name or pronoun right after it.
pub(super) fn participle_clause_subject(
    doc: &Document,
    s: &Sent,
    k: usize,
) -> Option<(usize, usize)> {
    let mut i = (0..s.toks.len().min(8)).find(|&i| s.is_word(i))?;
    if matches!(
        s.word(i),
        "after" | "before" | "while" | "when" | "since" | "by" | "upon"
    ) {
        i += 1;
    }
    let w = s.word_at(i);
    let next = s.word_at(i + 1);
    // (`Beijing says`, `Browning said`: a name before its verb, not a participle.)
    let participle = w.len() > 4
        && w.ends_with("ing")
        && !NOT_PARTICIPLES.contains(&w)
        && !next.is_empty()
        && next.starts_with(|c: char| c.is_lowercase())
        && !AUXILIARIES.contains(&next)
        && lookup(next).is_none();
    // (The content may open with the participle itself: `Bemoaning the “phony system,” ...`.)
    // (An opening clause is short: the bounds keep one call constant-time, so calling it for
    // every frame of a hostile sentence stays linear.)
    if !participle || k + 1 < i || k > i + 80 {
        return None;
    }
    // The first comma past `k` that the main clause follows (commas inside the quote do not).
    let comma = (k..s.toks.len().min(k + 60)).find(|&c| after_comma(s, c).is_some())?;
    if (i..comma).any(|c| !s.in_quote[c] && matches!(s.punct(c), Some(';' | ':'))) {
        return None;
    }
    let subject = after_comma(s, comma).filter(|&n| s.is_word(n))?;
    np_at(doc, s, subject)
}
