//! X lengths against twitter-text's own conformance cases.

use crate::common;

use advocate::x_length;
use serde::Deserialize;

#[derive(Deserialize)]
struct Conformance {
    tests: Sections,
}

#[derive(Deserialize)]
struct Sections {
    #[serde(rename = "WeightedTweetsWithDiscountedEmojiCounterTest")]
    weighted: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    description: String,
    text: String,
    expected: Expected,
}

#[derive(Deserialize)]
struct Expected {
    #[serde(rename = "weightedLength")]
    weighted_length: usize,
}

#[test]
fn weighted_length_matches_twitter_text_v3() {
    let Some(path) = common::testdata("twitter-text-validate.yml") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let conformance: Conformance = serde_saphyr::from_str(&text).expect("conformance file parses");
    let cases = conformance.tests.weighted;
    assert!(cases.len() > 10);
    let mut failures = Vec::new();
    for case in cases {
        let actual = x_length(&case.text);
        let expected = case.expected.weighted_length;
        if actual != expected {
            failures.push(format!(
                "{}: expected {expected}, got {actual}",
                case.description
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
