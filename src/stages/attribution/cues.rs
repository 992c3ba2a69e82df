//! The reporting-verb lexicon: which words can be speech cues, and how sure we are of each.

use std::collections::HashMap;
use std::sync::OnceLock;

/// How a word works as a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    /// A verb form that is almost never anything else (`said`, `insisted`).
    Strong,
    /// Also a common noun or adjective (`claims`, `report`, `noted`): needs a complement marker
    /// (`that`, `:`, a quote) or a subject right before it.
    Weak,
    /// `tell`: takes an object before its complement.
    Tell,
    /// `ask`: speech only before `whether`, `if`, wh-words or a quote.
    Ask,
    /// Verbs whose object is the reported content (`called for`, `described X as`, `urged`,
    /// `cited`); the frame rules check each one's complement.
    Object,
}

/// Verbs whose every form is a cue. Irregular forms are listed in `IRREGULAR`.
const STRONG: &[&str] = &[
    "say",
    "insist",
    "emphasize",
    "emphasise",
    "acknowledge",
    "add",
    "argue",
    "explain",
    "deny",
    "admit",
    "write",
    "tweet",
    "announce",
    "declare",
    "assert",
    "contend",
    "suggest",
    "confirm",
    "reply",
    "respond",
    "recall",
    "predict",
    "vow",
    "concede",
    "complain",
    "boast",
    "joke",
    "quip",
    "testify",
    "allege",
    "reiterate",
    "warn",
    "stress",
    "caution",
    "conclude",
    "exclaim",
    "shout",
    "chant",
    "yell",
    "scream",
    "whisper",
    "retort",
    "muse",
    "scoff",
    "lament",
    "marvel",
    "grumble",
    "chide",
    "proclaim",
    "underline",
    "underscore",
    "highlight",
    "reaffirm",
    "reckon",
    "opine",
    "concur",
    "mention",
    "affirm",
    "disclose",
    "reveal",
    "inform",
    "assure",
    "tout",
];

/// Verbs that are also common nouns or adjectives.
const WEAK: &[&str] = &[
    "claim", "note", "state", "report", "comment", "post", "answer", "charge", "counter",
    "promise", "pledge", "agree", "continue", "observe", "maintain", "remark", "repeat", "urge",
    "hint", "signal", "indicate", "estimate", "rebut", "recount", "tell", "ask", "demand",
];

/// Nouns of a report with their verb, weak cues (`Van Der Beek’s announcement that ...`, `his
/// admission that ...`): they frame a clause after `that` or with a possessor before them.
const NOUNS: &[(&str, &str)] = &[
    ("announcement", "announce"),
    ("assertion", "assert"),
    ("admission", "admit"),
    ("insistence", "insist"),
    ("contention", "contend"),
    ("acknowledgment", "acknowledge"),
    ("acknowledgement", "acknowledge"),
    ("allegation", "allege"),
    ("allegations", "allege"),
];

/// Verbs of the [`CueClass::Object`] kind.
const OBJECT: &[&str] = &[
    "call",
    "describe",
    "characterize",
    "characterise",
    "brand",
    "label",
    "dub",
    "urge",
    "cite",
];

const IRREGULAR: &[(&str, &str)] = &[
    ("said", "say"),
    ("says", "say"),
    ("saying", "say"),
    ("told", "tell"),
    ("tells", "tell"),
    ("telling", "tell"),
    ("wrote", "write"),
    ("written", "write"),
    ("writing", "write"),
    ("writes", "write"),
    ("admitted", "admit"),
    ("admitting", "admit"),
    ("quipped", "quip"),
    ("quipping", "quip"),
    ("denied", "deny"),
    ("denies", "deny"),
    ("replied", "reply"),
    ("replies", "reply"),
    ("testified", "testify"),
    ("testifies", "testify"),
    ("underlined", "underline"),
    ("asked", "ask"),
    ("asks", "ask"),
    ("asking", "ask"),
    ("labelled", "label"),
    ("labelling", "label"),
    ("dubbed", "dub"),
    ("dubbing", "dub"),
];

fn forms(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    let (stem_y, ends_y) = match lemma.strip_suffix('y') {
        Some(s) if !s.ends_with(['a', 'e', 'o', 'u']) => (s, true),
        _ => (lemma, false),
    };
    if ends_y {
        out.push(format!("{stem_y}ies"));
        out.push(format!("{stem_y}ied"));
    } else if lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("sh") || lemma.ends_with("ch") {
        out.push(format!("{lemma}es"));
        out.push(format!("{lemma}ed"));
    } else {
        out.push(format!("{lemma}s"));
        out.push(if lemma.ends_with('e') {
            format!("{lemma}d")
        } else {
            format!("{lemma}ed")
        });
    }
    out.push(match lemma.strip_suffix('e') {
        Some(s) if !lemma.ends_with("ee") => format!("{s}ing"),
        _ => format!("{lemma}ing"),
    });
    out
}

fn lexicon() -> &'static HashMap<String, (CueClass, &'static str)> {
    static LEX: OnceLock<HashMap<String, (CueClass, &'static str)>> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut m = HashMap::new();
        for (list, class) in [
            (WEAK, CueClass::Weak),
            (STRONG, CueClass::Strong),
            (OBJECT, CueClass::Object),
        ] {
            for lemma in list {
                let class = match *lemma {
                    "tell" => CueClass::Tell,
                    "ask" => CueClass::Ask,
                    _ => class,
                };
                for f in forms(lemma) {
                    m.insert(f, (class, *lemma));
                }
            }
        }
        for (form, lemma) in IRREGULAR {
            let class = match *lemma {
                "tell" => CueClass::Tell,
                "ask" => CueClass::Ask,
                "label" | "dub" => CueClass::Object,
                _ => CueClass::Strong,
            };
            m.insert(form.to_string(), (class, *lemma));
        }
        for (noun, lemma) in NOUNS {
            m.insert(noun.to_string(), (CueClass::Weak, *lemma));
        }
        m
    })
}

/// Verbs that report a judgement or a belief with a noun-phrase object (`blasted the
/// hearings`, `likened him to`, `believes`): not frame cues for the rules, but they frame what
/// the role model reads as reported speech.
const EVALUATIVE: &[&str] = &[
    "blast",
    "slam",
    "criticize",
    "criticise",
    "condemn",
    "praise",
    "hail",
    "laud",
    "liken",
    "compare",
    "accuse",
    "dismiss",
    "reject",
    "rate",
    "rule",
    "point",
    "cite",
    "reference",
    "wonder",
    "question",
    "mock",
    "decry",
    "defend",
    "applaud",
    "blame",
    "attack",
    "exhort",
    "believe",
    "expect",
    "fear",
    "hope",
    "think",
    "predict",
    "vow",
    "suggest",
    "complain",
    "recall",
    "concede",
    "confirm",
    "allege",
    "testify",
    "reply",
    "respond",
    "warn",
    "sing",
    "statement",
    "message",
    "comment",
    "remarks",
    "slip",
    "blurt",
    "quip",
    "joke",
    "muse",
];

/// Whether a lower-cased word reports speech or a judgement: a cue of the lexicon or an
/// evaluative verb (see `EVALUATIVE`).
pub fn reports(word_lower: &str) -> bool {
    static EVAL: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    lookup(word_lower).is_some()
        || EVAL
            .get_or_init(|| EVALUATIVE.iter().flat_map(|l| forms(l)).collect())
            .contains(word_lower)
}

/// Verbs that report speech only where they close a quote (`“Step out,” an officer ordered.`,
/// `“...,” cried Elizabeth`): elsewhere they are something else (`ordered a review`, `cried for
/// help`, `laughed at the idea`).
const CLOSING: &[&str] = &[
    "cry",
    "sigh",
    "laugh",
    "mutter",
    "murmur",
    "mumble",
    "growl",
    "gasp",
    "groan",
    "bark",
    "order",
    "command",
    "plead",
    "interject",
    "interrupt",
    "stammer",
    "shriek",
    "roar",
    "whine",
    "holler",
    "gush",
    "fume",
    "beam",
    "rejoin",
    "wheeze",
    "moan",
    "croak",
    "squeal",
    "chuckle",
    "sneer",
    "hiss",
    "scold",
    "rage",
    "thunder",
    "retweet",
];

/// The lemma of a lower-cased word that reports speech where it closes a quote (see `CLOSING`).
pub fn closing(word_lower: &str) -> Option<&'static str> {
    static FORMS: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    FORMS
        .get_or_init(|| {
            let mut m: HashMap<String, &'static str> = CLOSING
                .iter()
                .flat_map(|l| forms(l).into_iter().map(move |f| (f, *l)))
                .collect();
            for (form, lemma) in [
                ("snap", "snap"),
                ("snaps", "snap"),
                ("snapped", "snap"),
                ("beg", "beg"),
                ("begs", "beg"),
                ("begged", "beg"),
                ("sob", "sob"),
                ("sobs", "sob"),
                ("sobbed", "sob"),
            ] {
                m.insert(form.to_string(), lemma);
            }
            m
        })
        .get(word_lower)
        .copied()
}

/// Whether a lower-cased word is one of the report nouns (`announcement`, `admission`).
pub fn is_report_noun(word_lower: &str) -> bool {
    NOUNS.iter().any(|(n, _)| *n == word_lower)
}

/// The cue class and lemma of a lower-cased word, if it can be a speech cue.
pub fn lookup(word_lower: &str) -> Option<(CueClass, &'static str)> {
    lexicon().get(word_lower).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_forms_are_known() {
        for w in [
            "said",
            "says",
            "saying",
            "told",
            "claimed",
            "claims",
            "insisted",
            "emphasized",
            "noted",
            "acknowledges",
            "stated",
            "added",
            "argued",
            "warning",
            "explained",
            "denied",
            "admitted",
            "wrote",
            "tweeted",
            "replied",
            "testifies",
        ] {
            assert!(lookup(w).is_some(), "{w}");
        }
        assert_eq!(lookup("claims").unwrap().0, CueClass::Weak);
        assert_eq!(lookup("said").unwrap().0, CueClass::Strong);
        assert!(lookup("table").is_none());
    }
}
