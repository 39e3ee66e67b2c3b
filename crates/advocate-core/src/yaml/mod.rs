//! YAML with a position on every value.
//!
//! Front matter and `policy.yaml` are read into a small tree of [`Node`]s, each
//! carrying its byte span, and the typed reading is done by hand afterwards. That
//! is what lets us report every problem in a file (serde's derive stops at the
//! first one) and point each at its own line and column.

mod full;
mod node;
mod simple;

pub use full::SyntaxError;
pub use node::{Node, Value};
pub use serde_saphyr::Spanned;

/// Parses one YAML document. Aliases are bounded (an alias bomb is an error,
/// quickly), booleans are YAML 1.2's only (`yes` is text), and a duplicate key
/// is an error rather than a silent override. Plain front matter takes a
/// verified fast path; anything else goes to serde-saphyr.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    match simple::parse(text) {
        Some(node) => Ok(node),
        None => full::parse(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.span.clone()]
    }

    #[test]
    fn spans_point_at_values_and_keys() {
        let text = "title: Hello\ntopics: [a, \"b c\"]\nn: 3\nok: yes\n";
        let root = parse(text).unwrap();
        let Value::Map(entries) = &root.value else {
            panic!()
        };
        assert_eq!(slice(text, &entries[0].0), "title");
        assert_eq!(slice(text, &entries[0].1), "Hello");
        let Value::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(items[1].as_str(), Some("b c"));
        assert!(slice(text, &items[1]).contains("b c"));
        assert_eq!(entries[2].1.value, Value::Int(3));
        assert_eq!(
            entries[3].1.value,
            Value::Str("yes".into()),
            "strict booleans"
        );
    }

    #[test]
    fn japanese_values_have_byte_spans() {
        let text = "title: 東京オフィス\nlang: ja\n";
        let root = parse(text).unwrap();
        let Value::Map(entries) = &root.value else {
            panic!()
        };
        assert_eq!(slice(text, &entries[1].0), "lang");
        assert_eq!(slice(text, &entries[0].1), "東京オフィス");
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let text = "title: ok\nlink: [unclosed\n";
        let error = parse(text).unwrap_err();
        assert!(error.offset > 0, "{error:?}");
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut previous = 'a';
        for name in 'b'..='i' {
            let refs = vec![format!("*{previous}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
            previous = name;
        }
        let started = std::time::Instant::now();
        let result = parse(&text);
        eprintln!("{:?} {:?}", started.elapsed(), result.as_ref().err());
        assert!(result.is_err());
        assert!(started.elapsed().as_millis() < 500);
    }

    #[test]
    fn errors_say_how_to_fix_them() {
        // (YAML, what the message says)
        let cases = [
            (
                "title: Webinar: Orbit\n",
                "write `title: \"Webinar: Orbit\"`",
            ),
            (
                "site: &a [*a]\n",
                "an alias refers to the anchor it is inside",
            ),
            ("a: 1\na: 2\n", "each key may appear once"),
        ];
        for (text, expected) in cases {
            let error = parse(text).unwrap_err();
            assert!(
                error.message.contains(expected),
                "{text}: {}",
                error.message
            );
            assert!(!error.message.contains("Options"), "{}", error.message);
        }
    }
}
