//! `duplicate-id`: ids are unique in the library, since each is a URL.

use crate::diagnostic::Diagnostic;
use crate::post::Post;
use crate::rule::Rule;
use std::collections::HashMap;

pub(crate) fn check(posts: &[&Post]) -> Vec<Diagnostic> {
    let mut by_id: HashMap<&str, Vec<&Post>> = HashMap::new();
    for post in posts.iter().copied().filter(|p| p.is_readable()) {
        by_id.entry(post.id.as_str()).or_default().push(post);
    }
    let mut found = Vec::new();
    for (id, group) in by_id.into_iter().filter(|(_, group)| group.len() > 1) {
        for post in &group {
            let others: Vec<&str> = group
                .iter()
                .filter(|other| other.path() != post.path())
                .map(|other| other.path())
                .collect();
            found.push(Diagnostic::error(
                &post.source,
                post.id_span(),
                Rule::DuplicateId,
                format!(
                    "id `{id}` is also used by {}; give one of them another `id:` or file name",
                    others.join(", ")
                ),
            ));
        }
    }
    found
}
