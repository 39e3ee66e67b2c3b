//! `required-field`: the fields `fields.required` asks for.

use super::context::PostCheck;
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;

pub(crate) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let (post, policy) = (cx.post, cx.policy);
    let opening = post.opening.clone().unwrap_or(0..3);
    policy
        .required_fields
        .iter()
        .filter(|field| !post.fields.present.contains(&field.as_str()))
        .map(|field| {
            Diagnostic::error(
                &post.source,
                opening.clone(),
                Rule::RequiredField,
                format!("`{field}` is missing; policy.yaml requires it. Add a line such as `{field}: {}`", example(field)),
            )
        })
        .collect()
}

fn example(field: &str) -> &'static str {
    match field {
        "title" => "Our Tokyo office is open",
        "link" => "https://www.example.com/blog/post",
        "expires_at" => "2027-01-31",
        "publish_at" => "2026-12-01T09:00:00+09:00",
        "campaign" => "tokyo-launch",
        "topics" => "[culture, hiring]",
        "lang" => "en",
        "image" => "photo.jpg",
        "image_alt" => "What the image shows",
        "networks" => "[linkedin, x]",
        "owner" => "Jane Doe <jane@example.com>",
        "id" => "tokyo-office",
        _ => "…",
    }
}
