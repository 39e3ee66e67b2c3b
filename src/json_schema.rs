//! JSON Schemas for `policy.yaml` and a post's front matter, so YAML
//! editors complete keys and flag typos as people type
//! (`advocate schema policy|post`).
//!
//! They are built from the same tables the parsers read (the networks, the
//! front matter's fields), so a new network or field reaches them at once.
//! `schemas/*.schema.json` hold the output for editors to fetch; a test keeps
//! them in step.

use crate::network::{NETWORKS, Network};
use crate::post::field_name::{FIELD_NAMES, FieldName};
use crate::rule::Severity;
use serde_json::{Value, json};

/// Which schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Schema {
    /// policy.yaml.
    Policy,
    /// A post's front matter.
    Post,
}

impl Schema {
    /// The file under `schemas/` and the address editors fetch it from.
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Schema::Policy => "policy.schema.json",
            Schema::Post => "post.schema.json",
        }
    }

    /// The schema, as pretty JSON with a final newline.
    pub(crate) fn render(self) -> String {
        let schema = match self {
            Schema::Policy => policy(),
            Schema::Post => post(),
        };
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Where a released schema lives, for `# yaml-language-server: $schema=`.
pub(crate) fn url(schema: Schema) -> String {
    crate::release::file_url(&format!("schemas/{}", schema.file_name()))
}

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

fn network_names() -> Vec<&'static str> {
    Network::names().collect()
}

/// A date `YYYY-MM-DD`, or an RFC 3339 date-time with an offset. YAML
/// editors read an unquoted date as a string.
fn post_time(description: &str) -> Value {
    json!({
        "description": description,
        "type": "string",
        "pattern": "^\\d{4}-\\d{2}-\\d{2}([Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}:\\d{2}))?$"
    })
}

fn string_list(description: &str) -> Value {
    json!({"description": description, "type": "array", "items": {"type": "string"}})
}

/// One front matter field; the match is exhaustive, so a new field must be
/// described here.
fn field(name: FieldName) -> Value {
    match name {
        FieldName::Title => {
            json!({"description": "Shown on the portal, never shared.", "type": "string", "minLength": 1})
        }
        FieldName::Id => {
            json!({"description": "Default: the file stem (or the folder name for index.md); unique in the library.", "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"})
        }
        FieldName::Campaign => {
            json!({"description": "Groups posts; the portal has a page per campaign.", "type": "string"})
        }
        FieldName::Topics => string_list("Filters; the portal has a page per topic."),
        FieldName::Lang => {
            json!({"description": "A BCP 47 tag in site.languages; default site.default_lang.", "type": "string"})
        }
        FieldName::Link => {
            json!({"description": "The page to share (absolute URL); tracking parameters are added per network.", "type": "string"})
        }
        FieldName::Image => {
            json!({"description": "An image, relative to the post file, shown and downloadable on the portal.", "type": "string"})
        }
        FieldName::ImageAlt => {
            json!({"description": "The image's alternative text.", "type": "string"})
        }
        FieldName::Networks => {
            json!({"description": "Left out: every enabled network that has a text.", "type": "array", "items": {"enum": network_names()}})
        }
        FieldName::PublishAt => post_time(
            "When the post goes live: YYYY-MM-DD (00:00 in site.timezone) or an RFC 3339 date-time with an offset.",
        ),
        FieldName::ExpiresAt => post_time(
            "When the post stops being live: YYYY-MM-DD (the whole day included) or an RFC 3339 date-time with an offset.",
        ),
        FieldName::Draft => {
            json!({"description": "Never published, unless --drafts.", "type": "boolean"})
        }
        FieldName::Owner => json!({"description": "Who to ask.", "type": "string"}),
    }
}

/// A post's front matter (docs/posts.md).
pub(crate) fn post() -> Value {
    let properties: serde_json::Map<String, Value> = FieldName::ALL
        .iter()
        .map(|&name| (name.as_str().to_string(), field(name)))
        .collect();
    json!({
        "$schema": DRAFT,
        "$id": url(Schema::Post),
        "title": "advocate post front matter",
        "type": "object",
        "required": ["title"],
        "properties": properties,
        "additionalProperties": false
    })
}

fn object(description: &str, properties: Value) -> Value {
    json!({
        "description": description,
        "type": "object",
        "properties": properties,
        "additionalProperties": false
    })
}

fn severity() -> Value {
    let names = [Severity::Error, Severity::Warning].map(Severity::as_str);
    json!({ "enum": names })
}

/// `policy.yaml` (docs/policy.md).
pub(crate) fn policy() -> Value {
    let places = crate::policy::terms::Place::ALL.map(|(_, name)| name);
    let networks: serde_json::Map<String, Value> = NETWORKS
        .iter()
        .map(|spec| {
            let settings = object(
                &format!("{} is enabled; its settings.", spec.label),
                json!({"max_length": {
                    "description": format!("The longest share text (default {}).", spec.default_max_length),
                    "type": "integer",
                    "minimum": 1
                }}),
            );
            (
                spec.id.to_string(),
                json!({"anyOf": [settings, {"type": "null"}]}),
            )
        })
        .collect();
    json!({
        "$schema": DRAFT,
        "$id": url(Schema::Policy),
        "title": "advocate policy.yaml",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "site": object("The portal.", json!({
                "title": {"type": "string"},
                "base_url": {"description": "The portal's address, such as https://advocates.example.com/.", "type": "string", "pattern": "^https?://"},
                "default_lang": {"type": "string"},
                "languages": string_list("The languages posts are written in."),
                "timezone": {"description": "An IANA time zone such as Asia/Tokyo.", "type": "string"},
                "compose": {"description": "Give the portal its composer, compose/ (default true): a form that checks a post as advocate check does while it is written, and proposes it as a pull request. It carries the policy's rules.", "type": "boolean"},
                "search_engines": {"description": "Let search engines index the portal (default false: noindex and a robots.txt that disallows all).", "type": "boolean"},
                "feed_limit": {"description": "How many of the newest live posts feed.xml carries (default 50).", "type": "integer", "minimum": 1},
                "ui_languages": string_list("The portal's interface languages (default: languages); each employee's browser picks one."),
                "labels": {
                    "description": "Display names of campaigns and topics by slug, then language: {campaigns: {tokyo-launch: {en: Tokyo launch, ja: 東京オフィス開設}}}.",
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "campaigns": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}}},
                        "topics": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}}}
                    }
                },
                "repository": {"description": "The content repository's https address on GitHub or GitLab, for \"Suggest a post\".", "type": "string", "pattern": "^https://"},
                "suggest_url": {"description": "Where employees without an account there suggest posts: a form's https address or a mailto: address.", "type": "string", "pattern": "^(https://|mailto:)"}
            })),
            "networks": object("The networks employees share to; left out: all of them.", Value::Object(networks)),
            "fields": object("Front matter rules.", json!({
                "required": {"description": "Fields every post must have (title always).", "type": "array", "items": {"enum": FIELD_NAMES}}
            })),
            "links": object("What links may be shared.", json!({
                "require_https": {"type": "boolean"},
                "allowed_domains": string_list("Domains links may point to (subdomains included)."),
                "utm": {"description": "Query parameters added to each link; {network}, {campaign} and {id} are filled in.", "type": "object", "additionalProperties": {"type": "string"}},
                "advocate_param": {"description": "The query key that carries an employee's own code: utm_term, so that analytics products count it (not a key of links.utm).", "type": "string", "pattern": "^[A-Za-z0-9_-]+$"}
            })),
            "disclosure": object("A disclosure every share text must carry.", json!({
                "any_of": string_list("Any one of these marks, such as #ad or #PR."),
                "networks": {"type": "array", "items": {"enum": network_names()}},
                "severity": severity()
            })),
            "hashtags": object("Hashtag rules.", json!({
                "max": {"type": "integer", "minimum": 0},
                "required": string_list("Hashtags every share text must carry.")
            })),
            "images": object("Image rules.", json!({
                "require_alt": {"type": "boolean"},
                "max_bytes": {"type": "integer", "minimum": 1}
            })),
            "schedule": object("Publishing windows.", json!({
                "max_days": {"description": "The longest window from publish_at to expires_at.", "type": "integer", "minimum": 1},
                "warn_expiring_within_days": {"type": "integer", "minimum": 0}
            })),
            "terms": {
                "description": "Words and phrases that are banned, or need care.",
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "match"],
                    "additionalProperties": false,
                    "properties": {
                        "id": {"description": "Diagnostics are named term/<id>.", "type": "string", "pattern": "^[a-z0-9_-]+$"},
                        "severity": severity(),
                        "message": {"type": "string"},
                        "match": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                        "suggest": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                        "except": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                        "case_sensitive": {"type": "boolean"},
                        "in": {"type": "array", "items": {"enum": places}}
                    }
                }
            },
            "leaderboard": {"description": "Show the most-shared posts on the impact page.", "type": "boolean"},
            "analytics": {
                "description": "Where `advocate analytics pull` fetches the figures (docs/analytics.md).",
                "type": "object",
                "additionalProperties": false,
                "required": ["source", "site"],
                "properties": {
                    "source": {"enum": crate::policy::ANALYTICS_SOURCES},
                    "site": {"description": "The product's name for the site: GA4's property id, Plausible's domain.", "type": "string"},
                    "base_url": {"description": "A self-hosted product's address.", "type": "string", "pattern": "^https?://"}
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_schemas_are_the_generated_ones() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        for schema in [Schema::Policy, Schema::Post] {
            let path = dir.join(schema.file_name());
            let text = schema.render();
            if std::env::var_os("ADVOCATE_UPDATE_DOCS").is_some() {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == text,
                "{} is stale: run ADVOCATE_UPDATE_DOCS=1 cargo test --lib json_schema",
                path.display()
            );
        }
    }

    #[test]
    fn the_post_schema_has_every_field_and_no_other() {
        let schema = post();
        let keys: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut fields = FIELD_NAMES.to_vec();
        fields.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, fields);
    }
}
