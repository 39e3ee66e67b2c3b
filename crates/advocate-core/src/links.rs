//! Links as they are shared: UTM parameters per network (docs/policy.md `utm`) and
//! percent-encoding. One function, used by `check` (lengths are measured on
//! the final text) and by the portal.

/// One `utm` entry of the policy: a query key and its value template, which
/// may use `{network}`, `{campaign}` and `{id}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UtmParam {
    pub key: String,
    pub template: String,
}

/// What the templates are filled with.
pub struct LinkContext<'a> {
    pub network: &'a str,
    pub campaign: Option<&'a str>,
    pub id: &'a str,
}

/// `link` with the policy's parameters added, in the policy's order, before
/// any `#fragment`. A key the link already has is kept as written; a
/// parameter whose template expands to nothing is left out.
pub fn tracked_link(link: &str, params: &[UtmParam], context: &LinkContext) -> String {
    let (before_fragment, fragment) = match link.find('#') {
        Some(index) => link.split_at(index),
        None => (link, ""),
    };
    let existing_keys: Vec<&str> = before_fragment
        .split_once('?')
        .map(|(_, query)| {
            query
                .split('&')
                .map(|pair| pair.split('=').next().unwrap_or(""))
                .collect()
        })
        .unwrap_or_default();
    let mut out = before_fragment.to_string();
    for param in params {
        if existing_keys.contains(&param.key.as_str()) {
            continue;
        }
        let value = fill_template(&param.template, context);
        if value.is_empty() {
            continue;
        }
        let separator = if !out.contains('?') {
            "?"
        } else if out.ends_with('?') || out.ends_with('&') {
            ""
        } else {
            "&"
        };
        out.push_str(separator);
        out.push_str(&percent_encode(&param.key));
        out.push('=');
        out.push_str(&percent_encode(&value));
    }
    out.push_str(fragment);
    out
}

/// Fills `{network}`, `{campaign}` and `{id}` in one pass.
fn fill_template(template: &str, context: &LinkContext) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let (value, len) = [
            ("{network}", context.network),
            ("{campaign}", context.campaign.unwrap_or("")),
            ("{id}", context.id),
        ]
        .into_iter()
        .find(|(name, _)| after.starts_with(name))
        .map_or(("{", 1), |(name, value)| (value, name.len()));
        out.push_str(value);
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const NOT_UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// RFC 3986 percent-encoding of everything but the unreserved characters.
pub fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

/// A `/`-separated path as a relative URI reference (RFC 3986): each
/// segment percent-encoded, the slashes kept.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(percent_encode)
        .collect::<Vec<_>>()
        .join("/")
}

/// Undoes percent-encoding; invalid escapes are kept as written.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// `javascript:`, `data:` and `vbscript:`, however they are spelled.
pub fn is_dangerous_scheme(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|scheme| cleaned.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utm() -> Vec<UtmParam> {
        [
            ("utm_source", "{network}"),
            ("utm_medium", "social"),
            ("utm_campaign", "{campaign}"),
            ("utm_content", "{id}"),
        ]
        .into_iter()
        .map(|(k, t)| UtmParam {
            key: k.into(),
            template: t.into(),
        })
        .collect()
    }

    #[test]
    fn percent_decoding_undoes_encoding() {
        for text in ["Tom & Jerry #PR", "東京オフィス?utm=1", "100%"] {
            assert_eq!(percent_decode(&percent_encode(text)), text);
        }
        assert_eq!(percent_decode("100%zz"), "100%zz");
    }

    #[test]
    fn adds_parameters_as_the_url_requires() {
        let with_campaign = LinkContext {
            network: "x",
            campaign: Some("tokyo launch"),
            id: "tokyo-office",
        };
        let without_campaign = LinkContext {
            network: "linkedin",
            campaign: None,
            id: "p1",
        };
        let cases = [
            (
                "https://e.com/a",
                &with_campaign,
                "https://e.com/a?utm_source=x&utm_medium=social&utm_campaign=tokyo%20launch&utm_content=tokyo-office",
            ),
            (
                "https://e.com/a?x=1#top",
                &without_campaign,
                "https://e.com/a?x=1&utm_source=linkedin&utm_medium=social&utm_content=p1#top",
            ),
            (
                "https://e.com/?utm_medium=email",
                &without_campaign,
                "https://e.com/?utm_medium=email&utm_source=linkedin&utm_content=p1",
            ),
            (
                "https://e.com/?",
                &without_campaign,
                "https://e.com/?utm_source=linkedin&utm_medium=social&utm_content=p1",
            ),
        ];
        for (link, context, expected) in cases {
            assert_eq!(tracked_link(link, &utm(), context), expected);
        }
    }
}
