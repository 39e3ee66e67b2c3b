//! A post: one Markdown file with YAML front matter and share blocks.
//!
//! Parsing is pure: a file's text in, a [`Post`] and its parse diagnostics
//! out. Positions are byte spans in the file.

pub mod assets;
pub mod body;
mod field;
pub mod field_name;
pub mod front_matter;
pub mod split;

use crate::diagnostic::Diagnostic;
use crate::policy::Policy;
use crate::rule::Rule;
use crate::schema::Reader;
use crate::source::SourceFile;
use body::Body;
pub use field::{Field, TODO_MARK};
use front_matter::FrontMatter;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Post {
    pub source: SourceFile,
    /// From `id:`, else the file stem (the folder name for `index.md`).
    pub id: String,
    pub fields: FrontMatter,
    pub body: Body,
    /// The opening `---`; `None` when the front matter could not be read, in
    /// which case only the parse diagnostics count.
    pub opening: Option<Range<usize>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Post {
    pub fn path(&self) -> &str {
        &self.source.path
    }

    /// Whether the front matter was read; policy rules only judge such posts.
    pub fn is_readable(&self) -> bool {
        self.opening.is_some()
    }

    pub fn lang<'a>(&'a self, policy: &'a Policy) -> &'a str {
        self.fields
            .lang
            .as_ref()
            .map_or(&policy.site.default_lang, |lang| &lang.value)
    }

    /// Where a duplicate id is reported: the `id` value, or line 1.
    pub fn id_span(&self) -> Range<usize> {
        self.fields.id.as_ref().map_or(0..0, |id| id.span.clone())
    }
}

/// What the library needs of a post once its text is gone: its file, its
/// address (for `duplicate-id`) and the campaign its clicks count for.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub path: String,
    pub id: String,
    /// Where a duplicate id is reported.
    pub id_place: crate::diagnostic::Place,
    pub readable: bool,
    pub campaign: Option<String>,
    /// The fingerprint of the file's bytes as read, when the loader took it.
    pub content: Option<u64>,
}

impl Post {
    pub fn identity(&self) -> Identity {
        Identity {
            path: self.path().to_string(),
            id: self.id.clone(),
            id_place: crate::diagnostic::Place::of(&self.source, self.id_span()),
            readable: self.is_readable(),
            campaign: self.fields.campaign.as_ref().map(|c| c.value.clone()),
            content: None,
        }
    }
}

/// Where a post stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostStatus {
    /// `draft: true`: never published.
    Draft,
    /// Its `publish_at` is still ahead.
    Scheduled,
    /// Published now.
    Live,
    /// Its `expires_at` is past.
    Expired,
}

impl PostStatus {
    /// The word reviews show.
    pub fn as_str(self) -> &'static str {
        match self {
            PostStatus::Draft => "draft",
            PostStatus::Scheduled => "scheduled",
            PostStatus::Live => "live",
            PostStatus::Expired => "expired",
        }
    }
}

impl Post {
    /// Draft, expired, scheduled or live at `now`, in that order.
    pub fn status(&self, now: jiff::Timestamp) -> PostStatus {
        let fields = &self.fields;
        if fields.draft {
            PostStatus::Draft
        } else if fields
            .expires_at
            .as_ref()
            .is_some_and(|e| e.value.instant <= now)
        {
            PostStatus::Expired
        } else if fields
            .publish_at
            .as_ref()
            .is_some_and(|p| p.value.instant > now)
        {
            PostStatus::Scheduled
        } else {
            PostStatus::Live
        }
    }
}

/// The id a post gets from its path: the file stem, or the folder's name
/// for `index.md` (a page bundle).
pub fn id_from_path(path: &str) -> String {
    let mut parts = path.rsplit('/');
    let file = parts.next().unwrap_or("");
    let stem = file.strip_suffix(".md").unwrap_or(file);
    if stem == "index" {
        parts.next().unwrap_or(stem).to_string()
    } else {
        stem.to_string()
    }
}

pub fn parse(source: SourceFile, policy: &Policy) -> Post {
    let mut post = Post {
        id: id_from_path(&source.path),
        fields: FrontMatter::default(),
        body: Body::default(),
        opening: None,
        diagnostics: Vec::new(),
        source,
    };
    let text = &post.source.text;
    let split = match split::split(text) {
        Ok(split) => split,
        Err(error) => {
            let first_line = 0..post.source.line_text(1).len();
            post.diagnostics.push(Diagnostic::error(
                &post.source,
                first_line,
                Rule::FrontMatter,
                error.message(),
            ));
            return post;
        }
    };
    let (yaml_start, body_start, opening) =
        (split.yaml_start, split.body_start, split.opening.clone());
    let root = match crate::yaml::parse(split.yaml) {
        Ok(root) => root,
        Err(error) => {
            let at = yaml_start + error.offset;
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let span = at..line_end.max(at);
            post.diagnostics.push(Diagnostic::error(
                &post.source,
                span,
                Rule::FrontMatter,
                format!("the front matter is not valid YAML: {}", error.message),
            ));
            return post;
        }
    };
    let mut reader = Reader::new(
        &post.source,
        yaml_start,
        Rule::FrontMatter,
        Rule::UnknownField,
    );
    let fields = front_matter::read(&mut reader, &root, policy);
    let mut diagnostics = reader.diagnostics;
    let body = body::parse_body(&text[body_start..], body_start);
    for unknown in &body.unknown_networks {
        let names: Vec<&str> = crate::network::Network::names().collect();
        diagnostics.push(Diagnostic::error(
            &post.source,
            unknown.span.clone(),
            Rule::InvalidField,
            format!(
                "unknown network `{}` in this share block; the networks are {}",
                unknown.name,
                names.join(", ")
            ),
        ));
    }
    if let Some(id) = &fields.id {
        post.id = id.value.clone();
    }
    post.fields = fields;
    post.body = body;
    post.opening = Some(opening);
    post.diagnostics = diagnostics;
    post
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_paths() {
        let cases = [
            ("library/2026/tokyo.md", "tokyo"),
            ("library/2026/tokyo-office/index.md", "tokyo-office"),
            ("library/index.md", "library"),
        ];
        for (path, id) in cases {
            assert_eq!(id_from_path(path), id);
        }
    }
}
