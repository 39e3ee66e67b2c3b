//! `required-field`: the fields `fields.required` asks for.

use super::context::PostCheck;
use crate::diagnostic::Diagnostic;
use crate::post::field_name::FieldName;
use crate::rule::Rule;

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let (post, policy) = (cx.post, cx.policy);
    let opening = post.opening.clone().unwrap_or(0..3);
    policy
        .required_fields
        .iter()
        .filter(|field| !post.fields.present.contains(field))
        .map(|field| {
            let (name, example) = (field.as_str(), example(*field));
            Diagnostic::error(
                &post.source,
                opening.clone(),
                Rule::RequiredField,
                format!("`{name}` is missing; policy.yaml requires it. Add a line such as `{name}: {example}`"),
            )
        })
        .collect()
}

fn example(field: FieldName) -> &'static str {
    match field {
        FieldName::Title => "Our Tokyo office is open",
        FieldName::Link => "https://www.example.com/blog/post",
        FieldName::ExpiresAt => "2027-01-31",
        FieldName::PublishAt => "2026-12-01T09:00:00+09:00",
        FieldName::Campaign => "tokyo-launch",
        FieldName::Topics => "[culture, hiring]",
        FieldName::Lang => "en",
        FieldName::Image => "photo.jpg",
        FieldName::ImageAlt => "What the image shows",
        FieldName::Networks => "[linkedin, x]",
        FieldName::Owner => "Jane Doe <jane@example.com>",
        FieldName::Id => "tokyo-office",
        FieldName::Draft => "false",
    }
}

#[cfg(test)]
mod tests {
    use crate::check::fixture::assert_found;

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn required_fields_are_reported_at_the_opening_line() {
        assert_found(
            "front-matter",
            "required-field",
            &[("crlf-bom.md", 1, 1, 4, "error", None)],
        );
    }
}
