//! `hidden-character`: a share text, title or briefing holds only what a
//! reader sees. Controls, bidirectional controls, tag characters and other
//! invisible characters are copied to the networks as they are; they can
//! hide words from the checker or reorder what is shown
//! (`crate::text::hidden` says which are allowed where).

use super::context::PostCheck;
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::text::hidden::hidden_characters;

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for placed in cx.placed_texts() {
        for hidden in hidden_characters(placed.text) {
            let code = format!("U+{:04X}", u32::from(hidden.character));
            let mut diagnostic = Diagnostic::error(
                &cx.post.source,
                placed.map.map_range(placed.text, hidden.range),
                Rule::HiddenCharacter,
                format!(
                    "{code} is {}; it would be posted as it is, unseen; delete it (in most editors: \
                     put the cursor after it and press Backspace)",
                    hidden.what
                ),
            );
            diagnostic.networks = cx.networks_of(&placed);
            found.push(diagnostic);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::Checker;
    use crate::post::assets::Assets;
    use crate::source::SourceFile;
    use proptest::prelude::*;

    const POLICY: &str =
        "terms:\n  - id: banned\n    message: Banned\n    match: [Project Falcon, guaranteed]\n";

    /// Characters that hide or reorder, and letters that look like Latin.
    const HIDDEN: &[&str] = &[
        "\u{202e}",
        "\u{202d}",
        "\u{2066}",
        "\u{2069}",
        "\u{200b}",
        "\u{2060}",
        "\u{ad}",
        "\u{e0041}",
        "\u{1b}",
        "\u{7}",
        "\u{9b}",
        "\u{200d}",
        "\u{feff}",
        "\u{180e}",
    ];
    const LOOK_ALIKES: &[(char, char)] = &[
        ('o', 'ο'),
        ('a', 'а'),
        ('e', 'е'),
        ('c', 'с'),
        ('P', 'Р'),
        ('j', 'ј'),
    ];

    /// Whatever is done to a banned phrase to hide it from a plain search
    /// (a hidden character anywhere, a look-alike letter, the phrase
    /// written backwards after an override), `check` still says so.
    #[test]
    fn a_hidden_or_disguised_term_is_always_caught() {
        let policy = crate::policy::parse(&SourceFile::new("policy.yaml", POLICY)).unwrap();
        let checker = Checker::new(&policy, "2026-12-10T00:00:00Z".parse().unwrap());
        let assets = Assets::new();
        let phrase = prop::sample::select(vec!["Project Falcon", "guaranteed"]);
        let words = "[a-zA-Z ,.!?東京]{0,20}";
        let cases = (
            words,
            phrase,
            0usize..40,
            0usize..HIDDEN.len(),
            0usize..LOOK_ALIKES.len(),
            0u8..3,
            words,
        );
        proptest!(ProptestConfig::with_cases(300), |((before, phrase, at, hidden, look, how, after) in cases)| {
            let disguised = match how {
                0 => {
                    let cut = phrase.char_indices().map(|(i, _)| i).nth(at % phrase.chars().count()).unwrap_or(0);
                    format!("{}{}{}", &phrase[..cut], HIDDEN[hidden], &phrase[cut..])
                }
                1 => {
                    let (from, to) = LOOK_ALIKES[look];
                    if !phrase.contains(from) {
                        return Ok(());
                    }
                    phrase.replacen(from, &to.to_string(), 1)
                }
                _ => format!("\u{202e}{}\u{202c}", phrase.chars().rev().collect::<String>()),
            };
            let text = format!("---\ntitle: T\n---\nB.\n\n```share\n{before} {disguised} {after}\n```\n");
            let post = crate::post::parse(SourceFile::new("library/p.md", text.clone()), &policy);
            let found = checker.check_post(&post, &assets);
            let caught = found.iter().any(|d| {
                d.severity == crate::diagnostic::Severity::Error
                    && (d.rule == "term/banned" || d.rule == "hidden-character")
            });
            prop_assert!(caught, "{text:?}: {found:?}");
        });
    }
}
