//! The front matter's fields, read from YAML with a position for each, and
//! every problem reported (docs/posts.md).

use super::field::{Field, TODO_MARK};
use super::field_name::{FIELD_NAMES, FieldName};
use crate::links::is_dangerous_scheme;
use crate::network::Network;
use crate::policy::Policy;
use crate::rule::Rule;
use crate::schema::Reader;
use crate::time::{Edge, PostTime, parse_post_time};
use crate::yaml::Node;

#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: Option<Field<String>>,
    pub id: Option<Field<String>>,
    pub campaign: Option<Field<String>>,
    pub topics: Vec<Field<String>>,
    pub lang: Option<Field<String>>,
    pub link: Option<Field<String>>,
    pub image: Option<Field<String>>,
    /// The `image` key, where a missing `image_alt` is reported.
    pub image_key: Option<std::ops::Range<usize>>,
    pub image_alt: Option<Field<String>>,
    pub networks: Option<Vec<Field<Network>>>,
    pub publish_at: Option<Field<PostTime>>,
    pub expires_at: Option<Field<PostTime>>,
    pub draft: bool,
    pub owner: Option<Field<String>>,
    /// The fields written, valid or not, for `required-field`.
    pub present: Vec<FieldName>,
}

pub fn read(r: &mut Reader, root: &Node, policy: &Policy) -> FrontMatter {
    let mut fm = FrontMatter::default();
    for (key, key_node, value) in r.mapping(root, &FIELD_NAMES, "the front matter") {
        let Some(name) = FieldName::from_name(key) else {
            continue; // reported by `mapping` as an unknown key
        };
        fm.present.push(name);
        let span = r.span(value);
        let field = |value: String| Field {
            value,
            span: span.clone(),
        };
        match name {
            FieldName::Title => fm.title = r.string(value, key).map(field),
            FieldName::Id => {
                let Some(id) = r.string(value, key) else {
                    continue;
                };
                if is_slug(&id) {
                    fm.id = Some(field(id));
                } else {
                    r.error(value, Rule::InvalidField, format!("id `{id}` must be lowercase letters, digits and `-`, starting with a letter or digit, such as `tokyo-office`"));
                }
            }
            FieldName::Campaign => fm.campaign = r.string(value, key).map(field),
            FieldName::Topics => {
                fm.topics = r
                    .string_list(value, key)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(topic, node)| Field {
                        value: topic,
                        span: r.span(node),
                    })
                    .collect()
            }
            FieldName::Lang => {
                let Some(lang) = r.string(value, key) else {
                    continue;
                };
                if policy.site.languages.contains(&lang) {
                    fm.lang = Some(field(lang));
                } else {
                    let known = policy.site.languages.join(", ");
                    r.error(value, Rule::InvalidField, format!("language `{lang}` is not one of the site's languages ({known}); use one of them or add it to `site.languages`"));
                }
            }
            FieldName::Link => {
                let Some(link) = r.string(value, key) else {
                    continue;
                };
                if is_absolute_url(&link) || is_dangerous_scheme(&link) {
                    fm.link = Some(field(link));
                } else if link == TODO_MARK {
                    r.error(value, Rule::InvalidField, "`link` is still TODO: write the address of the page to share, such as `https://www.example.com/blog/post`");
                } else {
                    r.error(value, Rule::InvalidField, format!("link `{link}` is not an absolute URL; write it in full, such as `https://www.example.com/blog/post`"));
                }
            }
            FieldName::Image => {
                fm.image_key = Some(r.span(key_node));
                fm.image = r.string(value, key).map(field);
            }
            FieldName::ImageAlt => fm.image_alt = r.string(value, key).map(field),
            FieldName::Networks => fm.networks = read_networks(r, value, policy),
            FieldName::PublishAt | FieldName::ExpiresAt => {
                let Some(text) = r.string(value, key) else {
                    continue;
                };
                let edge = if name == FieldName::PublishAt {
                    Edge::Start
                } else {
                    Edge::End
                };
                match parse_post_time(&text, &policy.site.timezone, edge) {
                    Ok(time) => {
                        let time = Some(Field { value: time, span });
                        if name == FieldName::PublishAt {
                            fm.publish_at = time;
                        } else {
                            fm.expires_at = time;
                        }
                    }
                    Err(message) => r.error(value, Rule::InvalidField, format!("{key}: {message}")),
                }
            }
            FieldName::Draft => fm.draft = r.bool(value, key).unwrap_or(false),
            FieldName::Owner => fm.owner = r.string(value, key).map(field),
        }
    }
    fm
}

fn read_networks(r: &mut Reader, node: &Node, policy: &Policy) -> Option<Vec<Field<Network>>> {
    let items = r.string_list(node, "networks")?;
    let mut networks = Vec::new();
    for (name, item) in items {
        match Network::from_name(&name) {
            Some(network) if policy.is_enabled(network) => {
                networks.push(Field { value: network, span: r.span(item) })
            }
            Some(_) => r.error(item, Rule::InvalidField, format!("network `{name}` is not enabled in policy.yaml; remove it here or enable it under `networks:`")),
            None => {
                let names: Vec<&str> = Network::names().collect();
                let hint = crate::schema::did_you_mean(&name, &names)
                    .map(|close| format!("did you mean `{close}`? "))
                    .unwrap_or_default();
                r.error(item, Rule::InvalidField, format!("unknown network `{name}`; {hint}the networks are {}", names.join(", ")));
            }
        }
    }
    Some(networks)
}

pub fn is_slug(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `http(s)://host…` with a host, as a browser (WHATWG URL) reads it: a
/// valid port, a host that parses, and no white space anywhere.
pub fn is_absolute_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let written_scheme = lower.starts_with("https://") || lower.starts_with("http://");
    written_scheme
        && !text.contains(char::is_whitespace)
        && url::Url::parse(text).is_ok_and(|url| url.host_str().is_some_and(|h| !h.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_slugs_and_urls() {
        assert!(is_slug("tokyo-office-2"));
        assert!(!is_slug("-tokyo"));
        assert!(!is_slug("Tokyo"));
        assert!(!is_slug(""));
        assert!(is_absolute_url("https://www.example.com/a?b#c"));
        assert!(is_absolute_url("HTTP://example.com"));
        assert!(!is_absolute_url("www.example.com"));
        assert!(!is_absolute_url("https://"));
        assert!(!is_absolute_url("https://example.com:99999/"));
        assert!(!is_absolute_url("https://exa mple.com/"));
        assert!(is_absolute_url("https://例え.jp/"));
        assert!(is_dangerous_scheme(" JavaScript:alert(1)"));
        assert!(is_dangerous_scheme("java\tscript:alert(1)"));
        assert!(is_dangerous_scheme("data:text/html,x"));
        assert!(!is_dangerous_scheme("https://example.com"));
    }
}
