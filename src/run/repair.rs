//! Scraped text as newsrooms' tools leave it, repaired at read time: HTML character references
//! (`&quot;`, `&#8220;`) decoded, markup tags (`<p>`, `<br/>`) removed (block tags become line
//! breaks, so paragraphs survive), and UTF-8 read as Windows-1252 (`â€œ` for `“`) turned back.
//! Binary data (NUL and control characters) is recognised and refused. A repaired article's
//! offsets count the repaired text, which each record's `text` slices; the run says which
//! articles were repaired.

/// What reading an article's text gave.
pub enum Repaired {
    /// The text as it was.
    Unchanged(String),
    /// The repaired text and what was done to it, in words.
    Changed(String, String),
    /// Not text: why.
    Binary(String),
}

/// Checks and repairs one article's text.
pub fn repair(text: String) -> Repaired {
    let chars = text.chars().count().max(1);
    let bad = text
        .chars()
        .filter(|&c| (c.is_control() && !c.is_whitespace() && !is_c1(c)) || c == '\u{FFFD}')
        .count();
    // Random bytes make about half the characters bad; a text with a few stray NULs or
    // invalid bytes (kept, and said) stays far below a quarter.
    if bad * 4 >= chars && bad >= 4 {
        return Repaired::Binary(format!(
            "not text: {}% of its characters are control characters or undecodable bytes",
            bad * 100 / chars
        ));
    }
    let mut done = Vec::new();
    let mut out = text;
    if out.contains('<') {
        let (t, n) = strip_tags(&out);
        if n > 0 {
            out = t;
            done.push(format!("{n} HTML tags removed"));
        }
    }
    if out.contains('&') {
        let (t, n) = decode_entities(&out);
        if n > 0 {
            out = t;
            done.push(format!("{n} HTML character references decoded"));
        }
    }
    if out.chars().any(|c| ('\u{C2}'..='\u{F4}').contains(&c)) {
        let (t, n) = fix_mojibake(&out);
        if n > 0 {
            out = t;
            done.push(format!("{n} characters read as Windows-1252 repaired"));
        }
    }
    if done.is_empty() {
        Repaired::Unchanged(out)
    } else {
        Repaired::Changed(out, done.join(", "))
    }
}

/// C1 controls (U+0080–U+009F) are what Latin-1 makes of Windows-1252 bytes: mojibake to repair,
/// not binary.
fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9F}').contains(&c)
}

/// Tags whose removal is safe: the formatting and structure of article bodies.
const TAGS: &[&str] = &[
    "p",
    "br",
    "div",
    "span",
    "a",
    "em",
    "strong",
    "i",
    "b",
    "u",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "figure",
    "figcaption",
    "section",
    "article",
    "header",
    "footer",
];

/// Tags that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "br",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "figure",
    "section",
    "article",
];

/// Copies `text`, offering each `marker` and the text after it to `replace`: `Some(k)` when it
/// wrote the replacement into the output (the `k` bytes after the marker are then consumed),
/// `None` to keep the marker as written. Gives the new text and the number of replacements.
fn rewrite(
    text: &str,
    marker: char,
    mut replace: impl FnMut(&str, &mut String) -> Option<usize>,
) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    let mut rest = text;
    while let Some(i) = rest.find(marker) {
        out.push_str(&rest[..i]);
        let after = &rest[i + marker.len_utf8()..];
        match replace(after, &mut out) {
            Some(k) => {
                n += 1;
                rest = &after[k..];
            }
            None => {
                out.push(marker);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, n)
}

/// Removes known tags (`<p class="x">`, `</p>`, `<br/>`); a block tag becomes a line break.
fn strip_tags(text: &str) -> (String, usize) {
    rewrite(text, '<', |after, out| {
        let e = after
            .find('>')
            .filter(|&e| e < 400 && !after[..e].contains('<'))?;
        let name = after
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if !TAGS.contains(&name.as_str()) {
            return None;
        }
        if BLOCKS.contains(&name.as_str()) && !out.ends_with('\n') && !out.is_empty() {
            // A closing block tag or a line break ends the paragraph.
            out.push_str(if name == "br" { "\n" } else { "\n\n" });
        }
        Some(e + 1)
    })
}

/// Named references common in news markup.
const NAMED: &[(&str, char)] = &[
    ("quot", '"'),
    ("amp", '&'),
    ("apos", '\''),
    ("lt", '<'),
    ("gt", '>'),
    ("nbsp", '\u{A0}'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("sbquo", '‚'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("hellip", '…'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("aacute", 'á'),
    ("agrave", 'à'),
    ("iacute", 'í'),
    ("oacute", 'ó'),
    ("uacute", 'ú'),
    ("ntilde", 'ñ'),
    ("ccedil", 'ç'),
    ("uuml", 'ü'),
    ("ouml", 'ö'),
    ("auml", 'ä'),
    ("szlig", 'ß'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("euro", '€'),
    ("pound", '£'),
    ("deg", '°'),
];

/// Decodes `&name;`, `&#NNN;` and `&#xHH;`; anything else is left as written.
fn decode_entities(text: &str) -> (String, usize) {
    rewrite(text, '&', |after, out| {
        let e = after.find(';').filter(|&e| e <= 10)?;
        out.push(entity(&after[..e])?);
        Some(e + 1)
    })
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // A reference to a Windows-1252 byte (`&#147;`) means that byte's character.
        return match code {
            0x80..=0x9F => cp1252_char(code as u8),
            0 => None,
            _ => char::from_u32(code),
        };
    }
    NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

/// Windows-1252's characters for bytes 0x80–0x9F (`None`: unassigned).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

fn cp1252_char(b: u8) -> Option<char> {
    match b {
        0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
        _ => Some(b as char),
    }
}

/// The byte Windows-1252 (or Latin-1, for the C1 controls it leaves unassigned) writes as `c`.
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x100 {
        return Some(u as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&x| x == Some(c))
        .map(|i| 0x80 + i as u8)
}

/// Turns runs of characters that are UTF-8 bytes read as Windows-1252 back into the characters
/// they encode (`â€™` → `’`, `Ã©` → `é`). A run is repaired only when its bytes form one valid
/// UTF-8 character; `â€` with its last byte lost (0x9D, unassigned in Windows-1252, often
/// dropped) is the right double quote `”`.
fn fix_mojibake(text: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let lead = cp1252_byte(c).filter(|b| (0xC2..=0xF4).contains(b));
        if let Some(b0) = lead {
            let len = match b0 {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let mut bytes = vec![b0];
            for k in 1..len {
                match chars
                    .get(i + k)
                    .and_then(|&c| cp1252_byte(c))
                    .filter(|b| (0x80..=0xBF).contains(b))
                {
                    Some(b) => bytes.push(b),
                    None => break,
                }
            }
            if bytes.len() == len {
                if let Ok(s) = std::str::from_utf8(&bytes) {
                    out.push_str(s);
                    n += 1;
                    i += len;
                    continue;
                }
            }
            if bytes == [0xE2, 0x80] {
                out.push('”');
                n += 1;
                i += 2;
                // The lost byte may survive as the C1 control U+009D.
                if chars.get(i) == Some(&'\u{9D}') {
                    i += 1;
                }
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    (out, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        match repair(s.to_string()) {
            Repaired::Unchanged(t) | Repaired::Changed(t, _) => t,
            Repaired::Binary(why) => panic!("{why}"),
        }
    }

    #[test]
    fn html_entities_and_tags_are_decoded() {
        assert_eq!(
            fixed("<p>&quot;We won,&#8221; said Ana &amp; Bo.</p><p>Next&#x2019;s</p>"),
            "\"We won,” said Ana & Bo.\n\nNext’s\n\n"
        );
        // Not markup: left alone.
        assert_eq!(
            fixed("a < b and c > d, AT&T; x"),
            "a < b and c > d, AT&T; x"
        );
    }

    #[test]
    fn windows_1252_mojibake_is_repaired() {
        assert_eq!(
            fixed("â€œWe are ready,â€ said JosÃ© Ruiz. Itâ€™s â€” done."),
            "“We are ready,” said José Ruiz. It’s — done."
        );
        assert_eq!(fixed("Café, naïve, São Paulo"), "Café, naïve, São Paulo");
    }

    #[test]
    fn binary_data_is_refused() {
        let junk: String = (0..400u32)
            .map(|i| char::from_u32(i % 32).unwrap())
            .collect();
        assert!(matches!(repair(junk), Repaired::Binary(_)));
        assert!(matches!(
            repair("plain text\twith tabs\n".into()),
            Repaired::Unchanged(_)
        ));
    }
}
