//! From what an analytics product reports (the values of the tracked
//! links' parameters: `utm_content`, `utm_source`, …) back to a post, a
//! network and a personal code, through the policy's own `links.utm`
//! templates: whichever parameter carries `{id}` gives the post, the one
//! with `{network}` the network, and `links.advocate_param` the code.
//! Nothing is guessed: a value its template cannot have made maps to
//! nothing, and the row is reported.

use crate::network::Network;
use crate::policy::Policy;

/// A template cut into its literal text and its placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Id,
    Network,
    /// `{campaign}`: matched, not kept (the post says its campaign).
    Campaign,
}

/// How the policy's tracked links carry a post, a network and a code.
#[derive(Debug, Clone)]
pub(crate) struct Mapping {
    params: Vec<(String, Vec<Part>)>,
    code: Option<String>,
}

/// What one row of an export is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mapped {
    pub(crate) post_id: String,
    /// `None` when the export does not break the clicks down by the
    /// network's parameter.
    pub(crate) network: Option<Network>,
    pub(crate) code: Option<String>,
}

impl Mapping {
    pub(crate) fn new(policy: &Policy) -> Mapping {
        let mut params: Vec<(String, Vec<Part>)> = policy
            .links
            .utm
            .iter()
            .map(|p| (p.key.clone(), parts(&p.template)))
            .filter(|(_, parts)| parts.iter().any(|p| matches!(p, Part::Id | Part::Network)))
            .collect();
        // The post's parameter first: a row about no post says so first.
        params.sort_by_key(|(_, parts)| !parts.contains(&Part::Id));
        Mapping {
            params,
            code: policy.links.advocate_param.clone(),
        }
    }

    /// The parameters an export must break the clicks down by: those that
    /// carry the post and the network, and the code's.
    pub(crate) fn keys(&self) -> Vec<String> {
        self.params
            .iter()
            .map(|(key, _)| key.clone())
            .chain(self.code.clone())
            .collect()
    }

    /// The row whose parameters have the values `value(key)` gives:
    /// `None` for a parameter the export does not break down by,
    /// `Some(None)` for one the product left unset on this row.
    pub(crate) fn map<'a>(
        &self,
        value: &dyn Fn(&str) -> Option<Option<&'a str>>,
    ) -> Result<Mapped, String> {
        let mut post_id = None;
        let mut network = None;
        for (key, parts) in &self.params {
            let reported = match value(key) {
                None => continue,
                Some(None) => return Err(format!("it has no `{key}`")),
                Some(Some(reported)) => reported,
            };
            let Some(found) = unfill(parts, reported) else {
                return Err(format!(
                    "its `{key}` `{}` is not what the policy's links put there",
                    crate::escape::shortened(reported, 40)
                ));
            };
            for (part, text) in found {
                match part {
                    Part::Id => post_id = Some(text),
                    Part::Network => network = Network::from_name(&text),
                    _ => {}
                }
            }
        }
        let post_id = post_id.ok_or_else(|| match self.id_key() {
            Some(key) => format!("it does not say the post; export it by `{key}`"),
            None => "the policy's links carry no `{id}` to read the post from".to_string(),
        })?;
        let code = self
            .code
            .as_deref()
            .and_then(value)
            .flatten()
            .map(str::to_string)
            .filter(|c| !c.is_empty());
        Ok(Mapped {
            post_id,
            network,
            code,
        })
    }
}

impl Mapping {
    /// The parameter that carries the post's id.
    pub(crate) fn id_key(&self) -> Option<&str> {
        self.params
            .iter()
            .find(|(_, parts)| parts.contains(&Part::Id))
            .map(|(key, _)| key.as_str())
    }
}

fn parts(template: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let next = ["{id}", "{network}", "{campaign}"]
            .iter()
            .filter_map(|p| rest.find(p).map(|at| (at, *p)))
            .min();
        match next {
            Some((at, placeholder)) => {
                if at > 0 {
                    parts.push(Part::Literal(rest[..at].to_string()));
                }
                parts.push(match placeholder {
                    "{id}" => Part::Id,
                    "{network}" => Part::Network,
                    _ => Part::Campaign,
                });
                rest = &rest[at + placeholder.len()..];
            }
            None => {
                parts.push(Part::Literal(rest.to_string()));
                rest = "";
            }
        }
    }
    parts
}

/// The placeholders' values in `value`, if the template can make it: each
/// placeholder is at least one character, a network one of the networks.
fn unfill(parts: &[Part], value: &str) -> Option<Vec<(Part, String)>> {
    let Some((first, rest)) = parts.split_first() else {
        return value.is_empty().then(Vec::new);
    };
    if let Part::Literal(literal) = first {
        return unfill(rest, value.strip_prefix(literal.as_str())?);
    }
    // A placeholder: try every length, shortest first, that lets the rest
    // match.
    value
        .char_indices()
        .skip(1)
        .map(|(at, _)| at)
        .chain([value.len()])
        .filter(|&at| at > 0)
        .find_map(|at| {
            let text = &value[..at];
            if *first == Part::Network && Network::from_name(text).is_none() {
                return None;
            }
            let mut found = unfill(rest, &value[at..])?;
            found.insert(0, (first.clone(), text.to_string()));
            Some(found)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn mapping(links: &str) -> Mapping {
        let yaml = format!("links:\n{links}");
        Mapping::new(&crate::policy::parse(&SourceFile::new("policy.yaml", yaml)).unwrap())
    }

    #[test]
    fn reads_the_post_network_and_code_back_from_the_templates() {
        let m = mapping(
            "  utm:\n    utm_source: \"{network}\"\n    utm_medium: social\n    utm_campaign: \"{campaign}\"\n    utm_content: \"post-{id}\"\n  advocate_param: utm_term\n",
        );
        let values = |key: &str| match key {
            "utm_source" => Some(Some("linkedin")),
            "utm_content" => Some(Some("post-tokyo-office")),
            "utm_term" => Some(Some("jane")),
            _ => None,
        };
        assert_eq!(
            m.map(&values),
            Ok(Mapped {
                post_id: "tokyo-office".into(),
                network: Some(Network::Linkedin),
                code: Some("jane".into())
            })
        );
        // A value the template cannot make, a parameter left unset.
        let wrong = |key: &str| match key {
            "utm_source" => Some(Some("linkedin")),
            "utm_content" => Some(Some("tokyo-office")),
            _ => None,
        };
        assert!(m.map(&wrong).unwrap_err().contains("utm_content"));
        let unset = |key: &str| match key {
            "utm_content" => Some(Some("post-x")),
            "utm_source" => Some(None),
            _ => None,
        };
        assert!(m.map(&unset).unwrap_err().contains("utm_source"));
    }

    #[test]
    fn an_export_by_the_post_alone_says_the_post_and_no_network() {
        let m = mapping(
            "  utm:\n    utm_source: \"{network}\"\n    utm_content: \"{id}\"\n  advocate_param: utm_term\n",
        );
        let by_post = |key: &str| (key == "utm_content").then_some(Some("tokyo-office"));
        let mapped = m.map(&by_post).unwrap();
        assert_eq!(mapped.post_id, "tokyo-office");
        assert_eq!((mapped.network, mapped.code), (None, None));
        // An export by the network alone says no post: left out, with the
        // parameter to export by.
        let by_network = |key: &str| (key == "utm_source").then_some(Some("x"));
        assert!(m.map(&by_network).unwrap_err().contains("`utm_content`"));
    }

    #[test]
    fn one_parameter_may_carry_both() {
        let m = mapping("  utm:\n    utm_content: \"{network}-{id}\"\n");
        let values = |key: &str| (key == "utm_content").then_some(Some("x-tokyo-launch-day"));
        let mapped = m.map(&values).unwrap();
        assert_eq!(mapped.network, Some(Network::X));
        assert_eq!(mapped.post_id, "tokyo-launch-day");
        assert_eq!(mapped.code, None);
    }
}
