//! Banned and sensitive terms: one Aho-Corasick automaton for every rule of
//! the policy, run over folded text (docs/policy.md `terms`).
//!
//! Matching is overlapping, so that `guaranteed` is still found where
//! `guarantee` is also a term and the shorter match dies at the word
//! boundary. Boundaries and exceptions are applied first; then each rule keeps
//! its leftmost-longest matches.
//!
//! Look-alike spellings are caught too: a word that mixes scripts (a Cyrillic
//! `а` among Latin letters) is compared by its UTS #39 confusable skeleton
//! with the terms, a phrase's words with its neighbours (`Project Falcοn`
//! with a Greek omicron is `Project Falcon`). A word written wholly in one
//! script is never compared this way, so Russian or Greek text is left
//! alone.

use crate::diagnostic::Severity;
use crate::text::fold::Folded;
use crate::text::words::is_spaced_word_char;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::ops::Range;
use unicode_security::MixedScript;
use unicode_security::confusable_detection::skeleton;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Share,
    Title,
    Briefing,
}

impl Place {
    /// Every place, with its name in a term rule's `in`.
    pub const ALL: [(Place, &'static str); 3] = [
        (Place::Share, "share"),
        (Place::Title, "title"),
        (Place::Briefing, "briefing"),
    ];

    pub fn from_name(name: &str) -> Option<Place> {
        Place::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(place, _)| *place)
    }
}

#[derive(Debug, Clone)]
pub struct TermRule {
    pub id: String,
    pub severity: Severity,
    pub message: String,
    pub matches: Vec<String>,
    pub suggest: Vec<String>,
    pub except: Vec<String>,
    pub case_sensitive: bool,
    pub places: Vec<Place>,
}

/// A term found: which rule, and where in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermHit {
    pub rule: usize,
    pub range: Range<usize>,
    /// Found as a word that mixes scripts and looks like the term.
    pub look_alike: bool,
}

#[derive(Debug, Clone, Default)]
pub struct TermMatcher {
    pub rules: Vec<TermRule>,
    /// For rules compared case-insensitively, and for `case_sensitive` ones.
    folded: Option<Automaton>,
    exact: Option<Automaton>,
    /// The confusable skeletons of the terms (their words' skeletons, one
    /// space apart) of rules compared case-insensitively, with their rules.
    look_alikes: HashMap<String, Vec<usize>>,
    /// How many words those terms have, each length once.
    look_alike_lengths: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Automaton {
    searcher: AhoCorasick,
    /// What each distinct pattern stands for: a rule's term or its exception.
    roles: Vec<Vec<Role>>,
    /// Whether the pattern starts / ends with a word character, which is
    /// when a neighbouring word character refuses the match.
    edges: Vec<(bool, bool)>,
}

#[derive(Debug, Clone, Copy)]
enum Role {
    Term(usize),
    Except(usize),
}

impl TermMatcher {
    pub fn new(rules: Vec<TermRule>) -> TermMatcher {
        let folded = Automaton::build(&rules, false);
        let exact = Automaton::build(&rules, true);
        let mut look_alikes: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, rule) in rules.iter().enumerate() {
            if rule.case_sensitive {
                continue;
            }
            for phrase in &rule.matches {
                let folded = Folded::new(phrase.trim(), true).text;
                let words: Vec<&str> = folded.split(' ').collect();
                if folded.is_empty()
                    || !words
                        .iter()
                        .all(|w| !w.is_empty() && w.chars().all(is_spaced_word_char))
                {
                    continue;
                }
                let key = words
                    .iter()
                    .map(|word| skeleton(word).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" ");
                let rules = look_alikes.entry(key).or_default();
                if !rules.contains(&index) {
                    rules.push(index);
                }
            }
        }
        let mut look_alike_lengths: Vec<usize> = look_alikes
            .keys()
            .map(|key| key.split(' ').count())
            .collect();
        look_alike_lengths.sort_unstable();
        look_alike_lengths.dedup();
        TermMatcher {
            rules,
            folded,
            exact,
            look_alikes,
            look_alike_lengths,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every term of the rules that apply to `place`, in order of position.
    pub fn find(&self, text: &str, place: Place) -> Vec<TermHit> {
        let mut hits = Vec::new();
        let wanted = |rule: usize| self.rules[rule].places.contains(&place);
        if self.folded.is_some() || !self.look_alikes.is_empty() {
            let folded = Folded::new(text, true);
            if let Some(automaton) = &self.folded {
                for (rule, range) in automaton.find(&folded.text, wanted) {
                    hits.push(TermHit {
                        rule,
                        range: folded.source_range(range),
                        look_alike: false,
                    });
                }
            }
            if !self.look_alikes.is_empty() && !text.is_ascii() {
                for (rule, range) in self.look_alike_hits(&folded.text) {
                    if wanted(rule) {
                        hits.push(TermHit {
                            rule,
                            range: folded.source_range(range),
                            look_alike: true,
                        });
                    }
                }
            }
        }
        if let Some(automaton) = &self.exact {
            let folded = Folded::new(text, false);
            for (rule, range) in automaton.find(&folded.text, wanted) {
                hits.push(TermHit {
                    rule,
                    range: folded.source_range(range),
                    look_alike: false,
                });
            }
        }
        hits.sort_by_key(|hit| (hit.range.start, hit.rule));
        hits
    }
}

impl TermMatcher {
    /// Terms written with look-alike letters: each run of words, one space
    /// apart and as many as a term has, that holds a word mixing scripts
    /// and whose skeleton is a term's.
    fn look_alike_hits(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let words = spaced_words(text);
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        for (at, word) in words.iter().enumerate() {
            let piece = &text[word.clone()];
            if piece.is_ascii() || piece.is_single_script() {
                continue;
            }
            for &length in &self.look_alike_lengths {
                for first in at.saturating_sub(length - 1)..=at {
                    let Some(run) = words.get(first..first + length) else {
                        continue;
                    };
                    let together = run
                        .windows(2)
                        .all(|pair| &text[pair[0].end..pair[1].start] == " ");
                    if !together {
                        continue;
                    }
                    let key = run
                        .iter()
                        .map(|w| skeleton(&text[w.clone()]).collect::<String>())
                        .collect::<Vec<_>>()
                        .join(" ");
                    let range = run[0].start..run[length - 1].end;
                    for &rule in self.look_alikes.get(&key).into_iter().flatten() {
                        if !found.contains(&(rule, range.clone())) {
                            found.push((rule, range.clone()));
                        }
                    }
                }
            }
        }
        found
    }
}

/// The words of spaced scripts in `text`.
fn spaced_words(text: &str) -> Vec<Range<usize>> {
    let mut start = None;
    let mut words = Vec::new();
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_spaced_word_char(c) && at < text.len()) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                words.push(from..at);
                start = None;
            }
            _ => {}
        }
    }
    words
}

impl Automaton {
    fn build(rules: &[TermRule], case_sensitive: bool) -> Option<Automaton> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut roles: Vec<Vec<Role>> = Vec::new();
        for (rule_index, rule) in rules.iter().enumerate() {
            if rule.case_sensitive != case_sensitive {
                continue;
            }
            let terms = rule.matches.iter().map(|t| (t, Role::Term(rule_index)));
            let excepts = rule.except.iter().map(|t| (t, Role::Except(rule_index)));
            for (phrase, role) in terms.chain(excepts) {
                let pattern = Folded::new(phrase.trim(), !case_sensitive).text;
                if pattern.is_empty() {
                    continue;
                }
                let slot = *index.entry(pattern.clone()).or_insert_with(|| {
                    patterns.push(pattern);
                    roles.push(Vec::new());
                    roles.len() - 1
                });
                roles[slot].push(role);
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let edges = patterns
            .iter()
            .map(|p| {
                (
                    p.chars().next().is_some_and(is_spaced_word_char),
                    p.chars().next_back().is_some_and(is_spaced_word_char),
                )
            })
            .collect();
        let searcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("term patterns build an automaton");
        Some(Automaton {
            searcher,
            roles,
            edges,
        })
    }

    /// (rule, folded range) of the kept matches.
    fn find(&self, text: &str, wanted: impl Fn(usize) -> bool) -> Vec<(usize, Range<usize>)> {
        let mut candidates: Vec<(usize, Range<usize>)> = Vec::new();
        let mut exceptions: Vec<(usize, Range<usize>)> = Vec::new();
        for found in self.searcher.find_overlapping_iter(text) {
            let pattern = found.pattern().as_usize();
            let range = found.range();
            for role in &self.roles[pattern] {
                match *role {
                    Role::Except(rule) if wanted(rule) => exceptions.push((rule, range.clone())),
                    Role::Term(rule)
                        if wanted(rule) && self.at_word_boundaries(text, pattern, &range) =>
                    {
                        candidates.push((rule, range.clone()))
                    }
                    _ => {}
                }
            }
        }
        candidates.retain(|(rule, range)| {
            !exceptions.iter().any(|(except_rule, except)| {
                except_rule == rule && except.start <= range.start && range.end <= except.end
            })
        });
        // Leftmost-longest per rule, every non-overlapping occurrence.
        candidates.sort_by_key(|(rule, range)| (*rule, range.start, usize::MAX - range.end));
        let mut kept: Vec<(usize, Range<usize>)> = Vec::new();
        for (rule, range) in candidates {
            let overlaps = kept
                .last()
                .is_some_and(|(last_rule, last)| *last_rule == rule && range.start < last.end);
            if !overlaps {
                kept.push((rule, range));
            }
        }
        kept
    }

    fn at_word_boundaries(&self, text: &str, pattern: usize, range: &Range<usize>) -> bool {
        let (starts_word, ends_word) = self.edges[pattern];
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        !(starts_word && before.is_some_and(is_spaced_word_char)
            || ends_word && after.is_some_and(is_spaced_word_char))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, matches: &[&str], except: &[&str]) -> TermRule {
        TermRule {
            id: id.into(),
            severity: Severity::Error,
            message: String::new(),
            matches: matches.iter().map(|s| s.to_string()).collect(),
            suggest: Vec::new(),
            except: except.iter().map(|s| s.to_string()).collect(),
            case_sensitive: false,
            places: vec![Place::Share],
        }
    }

    #[test]
    fn look_alike_letters_are_caught_in_whole_phrases() {
        let matcher = TermMatcher::new(vec![rule(
            "confidential",
            &["Project Falcon", "guaranteed"],
            &[],
        )]);
        let found = |text: &str| -> Vec<(String, bool)> {
            matcher
                .find(text, Place::Share)
                .into_iter()
                .map(|hit| (text[hit.range].to_string(), hit.look_alike))
                .collect()
        };
        // A Greek omicron, a Cyrillic а, in a phrase and a word.
        assert_eq!(
            found("Join Project Falc\u{3bf}n today"),
            [("Project Falc\u{3bf}n".to_string(), true)]
        );
        assert_eq!(
            found("Pr\u{3bf}ject  Falcon!"),
            [("Pr\u{3bf}ject  Falcon".to_string(), true)]
        );
        assert_eq!(
            found("gu\u{430}ranteed"),
            [("gu\u{430}ranteed".to_string(), true)]
        );
        // Words apart, or wholly Greek, are not the phrase.
        assert!(found("Project, Falc\u{3bf}n").is_empty());
        assert!(
            found("\u{3a0}\u{3c1}\u{3bf}\u{3b9}\u{3b5}\u{3ba}\u{3c4} \u{3a6}\u{3b1}\u{3bb}")
                .is_empty()
        );
    }

    #[test]
    fn finds_terms_as_spec_says() {
        let matcher = TermMatcher::new(vec![
            rule(
                "claims",
                &["guarantee", "guaranteed", "risk-free", "絶対", "必ず"],
                &["money-back guarantee"],
            ),
            rule("falcon", &["Project Falcon", "ファルコン計画"], &[]),
            rule("rude", &["ass"], &[]),
            rule("guide", &["ガイド"], &[]),
        ]);
        // (text, the matched source texts with their rules)
        let cases: &[(&str, &[(&str, usize)])] = &[
            ("We guaranteed it", &[("guaranteed", 0)]),
            (
                "ＧＵＡＲＡＮＴＥＥＤ results",
                &[("ＧＵＡＲＡＮＴＥＥＤ", 0)],
            ),
            ("Our money-back guarantee holds", &[]),
            (
                "A guarantee, and a money-back guarantee.",
                &[("guarantee", 0)],
            ),
            ("This class is fun", &[]),
            ("You ass!", &[("ass", 2)]),
            ("Project  Falconの発表", &[("Project  Falcon", 1)]),
            ("Project Falcons", &[]),
            ("これは必ず成功します", &[("必ず", 0)]),
            ("ｶﾞｲﾄﾞを見て", &[("ｶﾞｲﾄﾞ", 3)]),
            ("We gu\u{AD}aranteed it", &[("gu\u{AD}aranteed", 0)]),
            ("これは必\u{200B}ず成功", &[("必\u{200B}ず", 0)]),
            ("We gu\u{430}ranteed it", &[("gu\u{430}ranteed", 0)]),
            ("ГАРАНТИЯ и гарантия", &[]),
            ("Ευχαριστούμε πολύ", &[]),
            ("極秘のファルコン計画です", &[("ファルコン計画", 1)]),
            (
                "risk-free, RISK-FREE",
                &[("risk-free", 0), ("RISK-FREE", 0)],
            ),
        ];
        for (text, expected) in cases {
            let found: Vec<(&str, usize)> = matcher
                .find(text, Place::Share)
                .into_iter()
                .map(|hit| (&text[hit.range], hit.rule))
                .collect();
            assert_eq!(&found, expected, "{text}");
        }
    }

    #[test]
    fn respects_places_and_case() {
        let mut only_title = rule("t", &["secret"], &[]);
        only_title.places = vec![Place::Title];
        let mut exact = rule("brand", &["ACME"], &[]);
        exact.case_sensitive = true;
        let matcher = TermMatcher::new(vec![only_title, exact]);
        assert!(matcher.find("a secret", Place::Share).is_empty());
        assert_eq!(matcher.find("a secret", Place::Title).len(), 1);
        assert_eq!(matcher.find("ACME and acme", Place::Share).len(), 1);
        assert_eq!(matcher.find("ＡＣＭＥ", Place::Share).len(), 1);
    }
}
