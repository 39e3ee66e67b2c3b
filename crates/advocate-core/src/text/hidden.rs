//! Characters a reader does not see: controls, bidirectional controls that
//! reorder what is shown, Unicode tag characters, and other invisible
//! format characters. Each is judged by Unicode's own data (general
//! category, `Default_Ignorable_Code_Point`, `Bidi_Control`,
//! `Join_Control`, `Variation_Selector`, `Extended_Pictographic`, scripts
//! and bidirectional classes), and allowed only where a script or an emoji
//! calls for it: LRM and RLM in right-to-left text, a zero-width joiner
//! inside an emoji sequence or between letters of a joining script, a
//! variation selector after the character it selects, tag characters in an
//! emoji flag, a zero-width space between words of Thai, Lao, Khmer or
//! Myanmar.
//!
//! And what a bidirectional override shows: the run between U+202E
//! (right-to-left override) and its end is displayed backwards, so a term
//! written backwards inside it reads forwards ([`displayed`]).

use icu_properties::props::{
    BidiClass, BidiControl, DefaultIgnorableCodePoint, EmojiModifier, ExtendedPictographic,
    GeneralCategory, JoinControl, VariationSelector,
};
use icu_properties::{CodePointMapData, CodePointSetData};
use std::ops::Range;
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

/// A character a reader would not see, where it is, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    pub range: Range<usize>,
    pub character: char,
    /// What kind of character it is, in a few words.
    pub what: &'static str,
}

/// Every hidden character of `text` that nothing there calls for.
pub fn hidden_characters(text: &str) -> Vec<Hidden> {
    // Nearly every text has none: it is read once, and nothing is kept.
    if text.chars().all(|c| kind(c) == Kind::Visible) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // The marks themselves are of a direction: only letters count.
    let right_to_left = chars
        .iter()
        .any(|&(_, c)| is_right_to_left(c) && !CodePointSetData::new::<BidiControl>().contains(c));
    let mut found = Vec::new();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let what = match kind(c) {
            Kind::Visible => continue,
            Kind::Control => "a control character",
            Kind::Mark if right_to_left => continue,
            Kind::Mark => "a direction mark in text with no right-to-left script",
            Kind::Bidi => "a bidirectional control, which reorders what is shown",
            Kind::Tag if in_emoji_flag(&chars, i) => continue,
            Kind::Tag => "a Unicode tag character, which is invisible",
            Kind::Joiner if joins(&chars, i) => continue,
            Kind::Joiner => "a zero-width joiner outside an emoji or a joining script",
            Kind::Selector if selects(&chars, i) => continue,
            Kind::Selector => "a variation selector with no character to select",
            Kind::Invisible if c == '\u{200b}' && between_unspaced_words(&chars, i) => continue,
            Kind::Invisible => "an invisible format character",
        };
        found.push(Hidden {
            range: at..at + c.len_utf8(),
            character: c,
            what,
        });
    }
    found
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Visible,
    /// C0, DEL and C1, but for tab and line feed.
    Control,
    /// LRM, RLM, ALM: direction marks with a use in right-to-left text.
    Mark,
    /// Embeddings, overrides, isolates and their ends.
    Bidi,
    /// U+E0000–U+E007F.
    Tag,
    /// ZWJ and ZWNJ.
    Joiner,
    Selector,
    /// Any other default-ignorable or format character.
    Invisible,
}

fn kind(c: char) -> Kind {
    // Kana, kanji and Hangul syllables: visible, without a table.
    if matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}') {
        return Kind::Visible;
    }
    if c.is_ascii() {
        return if c == '\t' || c == '\n' || !c.is_ascii_control() {
            Kind::Visible
        } else {
            Kind::Control
        };
    }
    if CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Control {
        return Kind::Control;
    }
    if CodePointSetData::new::<BidiControl>().contains(c) {
        return if matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}') {
            Kind::Mark
        } else {
            Kind::Bidi
        };
    }
    if ('\u{e0000}'..='\u{e007f}').contains(&c) {
        return Kind::Tag;
    }
    if CodePointSetData::new::<JoinControl>().contains(c) {
        return Kind::Joiner;
    }
    if CodePointSetData::new::<VariationSelector>().contains(c) {
        return Kind::Selector;
    }
    let format = CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format;
    if format || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c) {
        return Kind::Invisible;
    }
    Kind::Visible
}

fn is_right_to_left(c: char) -> bool {
    matches!(
        CodePointMapData::<BidiClass>::new().get(c),
        BidiClass::RightToLeft | BidiClass::ArabicLetter
    )
}

fn is_pictographic(c: char) -> bool {
    CodePointSetData::new::<ExtendedPictographic>().contains(c)
}

/// The character before `i`, passing over what attaches to an emoji
/// (variation selectors, skin tones).
fn base_before(chars: &[(usize, char)], i: usize) -> Option<char> {
    chars[..i].iter().rev().map(|&(_, c)| c).find(|&c| {
        !CodePointSetData::new::<VariationSelector>().contains(c)
            && !CodePointSetData::new::<EmojiModifier>().contains(c)
    })
}

/// A tag character inside an emoji flag: after a black flag and tags, in a
/// run that ends with the cancel tag.
fn in_emoji_flag(chars: &[(usize, char)], i: usize) -> bool {
    let is_tag = |c: char| ('\u{e0020}'..='\u{e007f}').contains(&c);
    let first = chars[..i].iter().rposition(|&(_, c)| !is_tag(c));
    let starts_at_flag = first.is_some_and(|f| chars[f].1 == '\u{1f3f4}');
    let ends_with_cancel = chars[i..]
        .iter()
        .map(|&(_, c)| c)
        .take_while(|&c| is_tag(c))
        .last()
        == Some('\u{e007f}');
    starts_at_flag && ends_with_cancel
}

/// A joiner between two emoji, or between two letters of a script that
/// uses joiners (not Latin, Greek, Cyrillic or the common script).
fn joins(chars: &[(usize, char)], i: usize) -> bool {
    let (before, after) = (base_before(chars, i), chars.get(i + 1).map(|&(_, c)| c));
    let (Some(before), Some(after)) = (before, after) else {
        return false;
    };
    if is_pictographic(before) && is_pictographic(after) {
        return true;
    }
    let joining = |c: char| {
        let mark = matches!(
            CodePointMapData::<GeneralCategory>::new().get(c),
            GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark
        );
        (c.is_alphabetic() || mark)
            && !matches!(
                c.script(),
                Script::Latin
                    | Script::Greek
                    | Script::Cyrillic
                    | Script::Common
                    | Script::Inherited
            )
    };
    joining(before) && joining(after)
}

/// A variation selector right after a visible character.
fn selects(chars: &[(usize, char)], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|j| chars.get(j))
        .is_some_and(|&(_, c)| !c.is_whitespace() && kind(c) == Kind::Visible)
}

/// A zero-width space between two letters of a script written without
/// spaces between words, where it marks where a line may break.
fn between_unspaced_words(chars: &[(usize, char)], i: usize) -> bool {
    let unspaced = |c: Option<&(usize, char)>| {
        c.is_some_and(|&(_, c)| {
            matches!(
                c.script(),
                Script::Thai | Script::Lao | Script::Khmer | Script::Myanmar
            )
        })
    };
    unspaced(i.checked_sub(1).and_then(|j| chars.get(j))) && unspaced(chars.get(i + 1))
}

/// `text` as it is shown where a right-to-left override reorders it: each
/// run from U+202E to its end (U+202C, the end of the line, or another
/// override or embedding) written backwards, character cluster by
/// character cluster, and the runs that were. Each run keeps its byte
/// range, so a place in the shown text is the same place in `text`. `None`
/// when nothing is reordered.
pub fn displayed(text: &str) -> Option<(String, Vec<Range<usize>>)> {
    if !text.contains('\u{202e}') {
        return None;
    }
    let mut shown = String::with_capacity(text.len());
    let mut runs = Vec::new();
    let mut rest = 0;
    while let Some(at) = text[rest..].find('\u{202e}').map(|i| rest + i) {
        let start = at + '\u{202e}'.len_utf8();
        let end = text[start..]
            .find([
                '\u{202c}', '\n', '\u{202a}', '\u{202b}', '\u{202d}', '\u{202e}',
            ])
            .map_or(text.len(), |i| start + i);
        shown.push_str(&text[rest..start]);
        let backwards: Vec<&str> = text[start..end].graphemes(true).rev().collect();
        shown.push_str(&backwards.concat());
        runs.push(start..end);
        rest = end;
    }
    shown.push_str(&text[rest..]);
    Some((shown, runs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(char, &'static str)> {
        hidden_characters(text)
            .into_iter()
            .map(|h| (h.character, h.what))
            .collect()
    }

    #[test]
    fn finds_what_a_reader_does_not_see() {
        let hidden = [
            "Results \u{202e}deetnaraug\u{202c} for all",
            "ignore\u{e0020}\u{e0069}\u{e0067}",
            "x\u{2066}y\u{2069}",
            "\u{1b}[8mhidden\u{7}",
            "gua\u{200b}ranteed",
            "zero\u{2060}joiner",
            "soft\u{ad}hyphen",
            "mark \u{200f} in English",
            "Latin\u{200d}joiner",
            "\u{fe0f} alone",
            "\u{9b}31m",
        ];
        for text in hidden {
            assert!(!found(text).is_empty(), "{text:?}");
        }
        assert_eq!(found("a\u{202e}b").len(), 1);
        assert_eq!(found("a\u{202e}b")[0].0, '\u{202e}');
    }

    #[test]
    fn allows_what_a_script_or_an_emoji_calls_for() {
        let fine = [
            "Tabs\tand\nlines",
            "שלום \u{200f}(world)",
            "مرحبا\u{200f} 2026",
            "👩\u{200d}💻 and 👩🏽\u{200d}💻",
            "👁\u{fe0f}\u{200d}🗨\u{fe0f}",
            "❤\u{fe0f} 東京",
            "葛\u{e0100}飾区",
            "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
            "می\u{200c}خواهم",
            "क्\u{200d}ष",
            "ภาษา\u{200b}ไทย",
            "Plain English, 日本語、한국어.",
        ];
        for text in fine {
            assert_eq!(found(text), [], "{text:?}");
        }
    }

    #[test]
    fn shows_an_override_as_a_reader_sees_it() {
        let text = "Results \u{202e}deetnaraug\u{202c} for all";
        let (shown, runs) = displayed(text).unwrap();
        assert!(shown.contains("guaranteed"), "{shown}");
        assert_eq!(&text[runs[0].clone()], "deetnaraug");
        assert_eq!(&shown[runs[0].clone()], "guaranteed");
        assert_eq!(displayed("no override"), None);
        let (shown, _) = displayed("\u{202e}ｶﾞ漢e\u{301}").unwrap();
        assert_eq!(shown, "\u{202e}e\u{301}漢ｶﾞ");
    }
}
