//! X lengths against twitter-text's own conformance cases.

mod common;

use advocate::text::weighted::x_length;
use advocate::yaml::{self, Node, Value};

fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

#[test]
fn weighted_length_matches_twitter_text_v3() {
    let Some(path) = common::testdata("twitter-text-validate.yml") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let root = yaml::parse(&text).expect("conformance file parses");
    let section = get(&root, "tests")
        .and_then(|tests| get(tests, "WeightedTweetsWithDiscountedEmojiCounterTest"))
        .expect("section present");
    let Value::Seq(cases) = &section.value else {
        panic!("section is a list")
    };
    assert!(cases.len() > 10);
    let mut failures = Vec::new();
    for case in cases {
        let description = get(case, "description").and_then(Node::as_str).unwrap();
        let text = get(case, "text").and_then(Node::as_str).unwrap();
        let expected = match get(case, "expected").and_then(|e| get(e, "weightedLength")) {
            Some(Node {
                value: Value::Int(n),
                ..
            }) => *n as usize,
            other => panic!("{description}: no weightedLength: {other:?}"),
        };
        let actual = x_length(text);
        if actual != expected {
            failures.push(format!("{description}: expected {expected}, got {actual}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
