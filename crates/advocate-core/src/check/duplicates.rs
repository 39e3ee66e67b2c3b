//! `duplicate-id`: each post has an address of its own. Ids are compared by
//! the slug their page gets, so `Tokyo` and `tokyo`, or `a--b` and `a-b`,
//! are one address and refused, never one post silently dropped.

use crate::diagnostic::{Diagnostic, Severity};
use crate::post::Identity;
use crate::rule::Rule;
use crate::text::slug::slug;
use std::collections::HashMap;

pub(super) fn check(posts: &[Identity]) -> Vec<Diagnostic> {
    let mut by_address: HashMap<String, Vec<&Identity>> = HashMap::new();
    for post in posts.iter().filter(|p| p.readable) {
        by_address.entry(slug(&post.id)).or_default().push(post);
    }
    let mut found = Vec::new();
    for (address, group) in by_address.into_iter().filter(|(_, group)| group.len() > 1) {
        for post in &group {
            let others: Vec<&str> = group
                .iter()
                .filter(|other| other.path != post.path)
                .map(|other| other.path.as_str())
                .collect();
            let id = &post.id;
            let message = if group.iter().all(|other| other.id == *id) {
                format!(
                    "id `{id}` is also used by {}; give one of them another `id:` or file name",
                    others.join(", ")
                )
            } else {
                format!(
                    "id `{id}` has the same address (posts/{address}/) as {}; give one of them another `id:` or file name",
                    others.join(", ")
                )
            };
            found.push(Diagnostic::at(
                &post.path,
                &post.id_place,
                Severity::Error,
                Rule::DuplicateId,
                message,
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::fixture::assert_found;

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn ids_with_one_address_are_reported_in_every_file() {
        assert_found(
            "structure",
            "duplicate-id",
            &[
                ("a/same.md", 1, 1, 2, "error", None),
                ("b/same.md", 1, 1, 2, "error", None),
                ("c.md", 3, 5, 9, "error", None),
            ],
        );
        assert_found(
            "collisions",
            "duplicate-id",
            &[
                ("Tokyo.md", 1, 1, 2, "error", None),
                ("a--b.md", 1, 1, 2, "error", None),
                ("a-b.md", 1, 1, 2, "error", None),
                ("tokyo_.md", 1, 1, 2, "error", None),
            ],
        );
        assert_found("collisions-ok", "duplicate-id", &[]);
    }
}
