//! What every page is made from besides its own content, in one
//! serialisable struct: the templates get it as their context, and the
//! pages' fingerprint is made from its JSON. A value added for the templates
//! is in the fingerprint too, so a page can never be kept from a build
//! whose shared values differ.

use super::impact;
use super::interface;
use super::model::{PostView, Selection};
use super::routes::{self, FacetKind};
use super::suggest;
use super::theme::Theme;
use super::timing::{self, Window};
use super::urls::{self, SiteUrls};
use crate::analytics::Analytics;
use crate::fingerprint::Fingerprint;
use crate::policy::Policy;
use serde::Serialize;
use std::collections::BTreeMap;

/// The context every template gets (before its own values).
#[derive(Serialize)]
pub(crate) struct Shared {
    pub(crate) site: SiteView,
    /// The theme's strings in the pages' language.
    pub(crate) t: BTreeMap<String, String>,
    /// The interface language the pages are written in.
    pub(crate) lang: String,
    /// When the portal was made: only for a theme that shows it, since
    /// every page would otherwise change with every build.
    pub(crate) generated_at: Option<String>,
    pub(crate) campaigns: Vec<Facet>,
    pub(crate) topics: Vec<Facet>,
    pub(crate) networks: Vec<NetworkOption>,
    /// Display names by kind, then slug, in the pages' language
    /// (`names.campaigns[slug]`), networks' too.
    pub(crate) names: BTreeMap<&'static str, BTreeMap<String, String>>,
    /// The campaigns and topics the index names in its menus and links, by
    /// kind: those with the most posts, at most
    /// [`routes::FACETS_ON_INDEX`] of each; the rest are on the kind's own
    /// page (`campaigns/index.html`).
    pub(crate) on_index: BTreeMap<&'static str, Vec<FacetLink>>,
    /// Each network's posting window.
    pub(crate) windows: BTreeMap<&'static str, Window>,
    pub(crate) languages: Vec<String>,
}

impl Shared {
    /// What the pages of `views` share.
    pub(crate) fn new(
        policy: &Policy,
        theme: &Theme,
        views: &[PostView],
        analytics: Option<&Analytics>,
        urls: &SiteUrls,
        selection: Selection,
    ) -> Shared {
        let lang = interface::default_lang(&policy.site);
        let strings = theme.strings(lang);
        // Display names in the pages' language (`site.labels`).
        let labelled = |kind: FacetKind, mut facets: Vec<Facet>| {
            for facet in &mut facets {
                facet.label =
                    interface::label(&policy.site, kind, &facet.slug, lang, &facet.name).into();
            }
            facets
        };
        let campaigns = labelled(
            FacetKind::Campaign,
            facets(
                views
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| Some((v.campaign.clone()?, i))),
            ),
        );
        let topics = labelled(
            FacetKind::Topic,
            facets(
                views
                    .iter()
                    .enumerate()
                    .flat_map(|(i, v)| v.topics.iter().map(move |t| (t.clone(), i))),
            ),
        );
        let networks: Vec<NetworkOption> = policy
            .networks
            .iter()
            .map(|n| NetworkOption {
                id: n.network.name(),
                label: interface::network_name(&strings, n.network),
                server_prompt: n.network.spec().server_prompt,
            })
            .collect();
        let mut names: BTreeMap<&'static str, BTreeMap<String, String>> = [
            (FacetKind::Campaign, &campaigns),
            (FacetKind::Topic, &topics),
        ]
        .into_iter()
        .map(|(kind, facets)| {
            let by_slug = facets.iter().map(|f| (f.slug.clone(), f.label.clone()));
            (kind.folder(), by_slug.collect())
        })
        .collect();
        names.insert(
            interface::NETWORK_LABELS,
            networks
                .iter()
                .map(|n| (n.id.to_string(), n.label.clone()))
                .collect(),
        );
        let on_index = [
            (FacetKind::Campaign, &campaigns),
            (FacetKind::Topic, &topics),
        ]
        .into_iter()
        .map(|(kind, facets)| (kind.folder(), biggest(facets, routes::FACETS_ON_INDEX)))
        .collect();
        let mut site = SiteView::new(policy, urls, selection);
        site.impact = analytics.is_some();
        Shared {
            site,
            t: strings,
            lang: lang.to_string(),
            generated_at: theme.uses_build_time.then(|| selection.now.to_string()),
            campaigns,
            topics,
            networks,
            names,
            on_index,
            windows: timing::windows(policy, analytics),
            languages: policy.site.languages.clone(),
        }
    }

    /// What every page is made from: advocate's build, the theme, and all
    /// of this.
    pub(crate) fn fingerprint(&self, theme: &Theme) -> Fingerprint {
        Fingerprint::default()
            .add(env!("CARGO_PKG_VERSION").as_bytes())
            .add(env!("ADVOCATE_COMMIT").as_bytes())
            .add(&theme.fingerprint.to_le_bytes())
            .add(&serde_json::to_vec(self).unwrap_or_default())
    }

    /// The facets of one kind.
    pub(crate) fn facets(&self, kind: FacetKind) -> &[Facet] {
        match kind {
            FacetKind::Campaign => &self.campaigns,
            FacetKind::Topic => &self.topics,
        }
    }
}

/// A network in the index's filter.
#[derive(Serialize)]
pub(crate) struct NetworkOption {
    id: &'static str,
    label: String,
    /// The string that asks for the employee's own server, and an
    /// example, for networks whose intent needs one.
    server_prompt: Option<(&'static str, &'static str)>,
}

#[derive(Serialize)]
pub(crate) struct Facet {
    pub(crate) name: String,
    pub(crate) slug: String,
    /// Its display name in the pages' language (`site.labels`).
    pub(crate) label: String,
    /// Its posts, as indexes into the views (portal order); templates see
    /// how many, as `count`.
    #[serde(rename = "count", serialize_with = "serialize_len")]
    pub(crate) members: Vec<usize>,
}

fn serialize_len<S: serde::Serializer>(list: &[usize], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(list.len() as u64)
}

#[derive(Serialize)]
pub(crate) struct SiteView {
    title: String,
    base_url: String,
    default_lang: String,
    /// Whether search engines may index the pages.
    search_engines: bool,
    advocate_param: Option<String>,
    /// A personal code as a regular expression, and its longest length,
    /// for the code field and the script (`impact::is_code`'s rule).
    code_pattern: String,
    code_max: usize,
    /// Whether there is an impact page to link to.
    pub(crate) impact: bool,
    drafts: bool,
    future: bool,
    /// The interface languages, for the switch.
    ui_languages: Vec<String>,
    /// The site's time zone (IANA), for the script's times.
    timezone: String,
    /// Where "Suggest a post" leads, if anywhere.
    suggest_url: Option<String>,
    /// Whether there is a composer ("Write a post") to link to.
    compose: bool,
    /// The fixed paths: interface files, static files, worker, manifest.
    paths: routes::Paths,
}

impl SiteView {
    pub(crate) fn new(policy: &Policy, urls: &SiteUrls, selection: Selection) -> SiteView {
        SiteView {
            title: policy.site.title.clone(),
            base_url: urls.base.clone(),
            default_lang: policy.site.default_lang.clone(),
            search_engines: policy.site.search_engines,
            advocate_param: policy.links.advocate_param.clone(),
            code_pattern: impact::code_pattern(),
            code_max: crate::policy::ADVOCATE_CODE_MAX,
            impact: false,
            drafts: selection.drafts,
            future: selection.future,
            ui_languages: policy.site.ui_languages.clone(),
            timezone: policy.site.timezone_name.clone(),
            suggest_url: suggest::link(policy),
            compose: policy.site.compose,
            paths: routes::Paths::new(),
        }
    }
}

/// A campaign or topic as a menu or a link names it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct FacetLink {
    pub(crate) slug: String,
    pub(crate) label: String,
    pub(crate) count: usize,
}

/// The `most` facets with the most posts (ties: the first in order), kept
/// in their order.
fn biggest(facets: &[Facet], most: usize) -> Vec<FacetLink> {
    let mut order: Vec<usize> = (0..facets.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(facets[i].members.len()));
    order.truncate(most);
    order.sort_unstable();
    order
        .into_iter()
        .map(|i| FacetLink {
            slug: facets[i].slug.clone(),
            label: facets[i].label.clone(),
            count: facets[i].members.len(),
        })
        .collect()
}

/// Campaigns or topics with their pages: names with one slug (`Culture`
/// and `culture`) share one page, named by the first in sorted order.
/// The facets named by `(name, view index)` pairs, by slug: names that
/// slug alike are one facet, shown by the smallest name.
pub(crate) fn facets(names: impl Iterator<Item = (String, usize)>) -> Vec<Facet> {
    let mut by_slug: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (name, view) in names {
        let entry = by_slug
            .entry(urls::slug(&name))
            .or_insert_with(|| (name.clone(), Vec::new()));
        if name < entry.0 {
            entry.0 = name;
        }
        // A post that names a topic twice is listed once.
        if entry.1.last() != Some(&view) {
            entry.1.push(view);
        }
    }
    by_slug
        .into_iter()
        .map(|(slug, (name, members))| Facet {
            label: name.clone(),
            name,
            slug,
            members,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_names_the_biggest_facets_in_their_order() {
        let names = (0..50).flat_map(|n| (0..=n % 7).map(move |post| (format!("c{n:02}"), post)));
        let all = facets(names);
        let shown = biggest(&all, 10);
        // Seven with 7 posts, then the first three of those with 6, in
        // their order.
        let slugs: Vec<(&str, usize)> = shown.iter().map(|f| (f.slug.as_str(), f.count)).collect();
        assert_eq!(
            slugs,
            [
                ("c05", 6),
                ("c06", 7),
                ("c12", 6),
                ("c13", 7),
                ("c19", 6),
                ("c20", 7),
                ("c27", 7),
                ("c34", 7),
                ("c41", 7),
                ("c48", 7)
            ]
        );
        assert_eq!(biggest(&all[..3], 10).len(), 3);
    }

    #[test]
    fn names_that_slug_alike_are_one_facet_shown_by_the_smallest() {
        let found = facets(
            [
                ("culture".to_string(), 0),
                ("Culture".into(), 1),
                ("Hiring".into(), 1),
                ("culture".into(), 1),
                ("東京".into(), 2),
            ]
            .into_iter(),
        );
        let shown: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|f| (f.name.as_str(), f.slug.as_str(), f.members.len()))
            .collect();
        assert_eq!(
            shown,
            [
                ("Culture", "culture", 2),
                ("Hiring", "hiring", 1),
                ("東京", "東京", 1)
            ]
        );
        assert_eq!(
            found[0].members,
            [0, 1],
            "a post naming it twice is listed once"
        );
    }

    /// The templates' context is the struct itself: every value a template
    /// reads is a value the fingerprint is made from.
    #[test]
    fn the_context_and_the_fingerprint_are_made_from_one_value() {
        let policy = crate::policy::parse(&crate::source::SourceFile::new(
            "policy.yaml",
            "site:\n  title: Keys\n  languages: [en, ja]\nnetworks:\n  x: {}\n",
        ))
        .unwrap();
        let theme = Theme::built_in().unwrap();
        let urls = SiteUrls::new("https://advocates.example.com/");
        let selection = Selection {
            now: "2026-12-10T00:00:00Z".parse().unwrap(),
            drafts: false,
            future: false,
        };
        let shared = Shared::new(&policy, &theme, &[], None, &urls, selection);
        let context = tera::Context::from_serialize(&shared).unwrap();
        let fields = serde_json::to_value(&shared).unwrap();
        for key in fields.as_object().unwrap().keys() {
            assert!(context.get(key).is_some(), "{key} reaches the templates");
        }
        let key = shared.fingerprint(&theme).finish();
        let mut other = Shared::new(&policy, &theme, &[], None, &urls, selection);
        other.languages.push("fr".into());
        assert_ne!(other.fingerprint(&theme).finish(), key);
        let mut other = Shared::new(&policy, &theme, &[], None, &urls, selection);
        other.t.insert("found".into(), "gefunden".into());
        assert_ne!(other.fingerprint(&theme).finish(), key);
        assert_eq!(
            Shared::new(&policy, &theme, &[], None, &urls, selection)
                .fingerprint(&theme)
                .finish(),
            key
        );
    }
}
