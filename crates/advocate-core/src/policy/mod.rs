//! `policy.yaml`: the company's rules and the site's settings (docs/policy.md).
//!
//! Every value is optional and has a default, so a new repository can start
//! from an empty file. Every problem in the file is reported, with its line
//! and column, under the rule `policy`.

pub mod terms;

use crate::diagnostic::{Diagnostic, Severity};
use crate::links::UtmParam;
use crate::network::Network;
use crate::post::field_name::{FIELD_NAMES, FieldName};
use crate::rule::Rule;
use crate::schema::Reader;
use crate::source::SourceFile;
use crate::yaml::{self, Node};
use jiff::tz::TimeZone;
use std::collections::BTreeMap;
use terms::{Place, TermMatcher, TermRule};

#[derive(Debug, Clone)]
pub struct Policy {
    pub site: Site,
    /// The enabled networks, in the policy's order.
    pub networks: Vec<NetworkSettings>,
    pub required_fields: Vec<FieldName>,
    pub links: LinkPolicy,
    pub disclosure: Option<Disclosure>,
    pub hashtags: HashtagPolicy,
    pub images: ImagePolicy,
    pub schedule: SchedulePolicy,
    pub terms: TermMatcher,
    pub leaderboard: bool,
    /// `analytics:`: where `advocate analytics pull` fetches the figures.
    pub analytics: Option<AnalyticsSource>,
}

/// The analytics products `advocate analytics pull` fetches from, by the
/// name `analytics.source` gives.
pub const ANALYTICS_SOURCES: [&str; 4] = ["ga4", "plausible", "matomo", "umami"];

/// The sources that have no address of their own: each company runs its
/// own (`analytics.base_url` is needed).
pub const SELF_HOSTED_SOURCES: [&str; 1] = ["matomo"];

/// `analytics:` in `policy.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyticsSource {
    /// One of [`ANALYTICS_SOURCES`].
    pub source: &'static str,
    /// The product's name for the site: GA4's property id, Plausible's
    /// site id (the domain), Matomo's `idSite`, Umami's website id.
    pub site: String,
    /// The product's address, for a self-hosted one (or a proxy); else its
    /// own.
    pub base_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub base_url: String,
    pub default_lang: String,
    pub languages: Vec<String>,
    pub timezone_name: String,
    pub timezone: TimeZone,
    /// Whether search engines may index the portal (default: no; its
    /// briefings and owners are internal material).
    pub search_engines: bool,
    /// Whether the portal has its composer, `compose/` (default: yes).
    /// The page carries the policy's rules for the browser's checker.
    pub compose: bool,
    /// How many of the newest live posts `feed.xml` carries.
    pub feed_limit: usize,
    /// The portal's interface languages, in the switch's order (default:
    /// `languages`). Each employee's browser picks one.
    pub ui_languages: Vec<String>,
    /// Display names of campaigns and topics, by language.
    pub labels: Labels,
    /// The content repository's web address (GitHub or GitLab), for
    /// "Suggest a post".
    pub repository: Option<String>,
    /// Where employees without an account there suggest posts instead: a
    /// form's `https://` address or a `mailto:`.
    pub suggest_url: Option<String>,
}

/// `site.labels`: what a campaign or topic is called in each language,
/// by its slug (`tokyo-launch: {en: Tokyo launch, ja: 東京オフィス開設}`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Labels {
    pub campaigns: BTreeMap<String, BTreeMap<String, String>>,
    pub topics: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Copy)]
pub struct NetworkSettings {
    pub network: Network,
    pub max_length: usize,
}

#[derive(Debug, Clone)]
pub struct LinkPolicy {
    pub require_https: bool,
    /// `example.com` (that host) or `*.example.com` (its subdomains).
    pub allowed_domains: Vec<String>,
    pub utm: Vec<UtmParam>,
    pub advocate_param: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Disclosure {
    pub any_of: Vec<String>,
    pub networks: Vec<Network>,
    pub severity: Severity,
}

#[derive(Debug, Clone, Default)]
pub struct HashtagPolicy {
    pub max: Option<usize>,
    pub required: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ImagePolicy {
    pub require_alt: bool,
    pub max_bytes: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct SchedulePolicy {
    pub max_days: Option<i64>,
    pub warn_expiring_within_days: i64,
}

/// The longest personal code an employee may set (docs/policy.md `advocate_param`).
pub const ADVOCATE_CODE_MAX: usize = 20;

impl Policy {
    pub fn settings(&self, network: Network) -> Option<&NetworkSettings> {
        self.networks.iter().find(|s| s.network == network)
    }

    pub fn is_enabled(&self, network: Network) -> bool {
        self.settings(network).is_some()
    }

    /// Whether the portal shows a leaderboard (and each code's own
    /// figures): asked for, and links carry personal codes to rank.
    pub fn leaderboard_on(&self) -> bool {
        self.leaderboard && self.links.advocate_param.is_some()
    }

    /// The first disclosure the policy accepts (` #AcmeEmployee`, with its
    /// space), for the texts of new posts; empty without one.
    pub fn disclosure_suffix(&self) -> String {
        self.disclosure
            .as_ref()
            .and_then(|d| d.any_of.first())
            .map(|tag| format!(" {tag}"))
            .unwrap_or_default()
    }

    /// Room the portal may add to a link: `&param=` and the longest code.
    pub fn advocate_param_room(&self) -> usize {
        self.links
            .advocate_param
            .as_ref()
            .map_or(0, |param| param.chars().count() + 2 + ADVOCATE_CODE_MAX)
    }
}

/// Reads `policy.yaml`. On any problem, all of them are returned.
/// `site.timezone` is looked up in jiff's time-zone database.
pub fn parse(file: &SourceFile) -> Result<Policy, Vec<Diagnostic>> {
    parse_with_zones(file, &|name| TimeZone::get(name).ok())
}

/// Reads `policy.yaml`, looking `site.timezone` up with `zones`: where
/// there is no time-zone database (a browser), the caller gives the one
/// zone the policy names.
pub fn parse_with_zones(
    file: &SourceFile,
    zones: &dyn Fn(&str) -> Option<TimeZone>,
) -> Result<Policy, Vec<Diagnostic>> {
    let root = match yaml::parse(&file.text) {
        Ok(root) => root,
        Err(error) => {
            let at = error.offset..error.offset;
            return Err(vec![Diagnostic::error(
                file,
                at,
                Rule::Policy,
                format!("policy.yaml is not valid YAML: {}", error.message),
            )]);
        }
    };
    let mut reader = Reader::new(file, 0, Rule::Policy, Rule::Policy);
    let policy = read_policy(&mut reader, &root, zones);
    if reader.diagnostics.is_empty() {
        Ok(policy)
    } else {
        crate::diagnostic::sort(&mut reader.diagnostics);
        Err(reader.diagnostics)
    }
}

fn read_policy(r: &mut Reader, root: &Node, zones: &dyn Fn(&str) -> Option<TimeZone>) -> Policy {
    let mut policy = Policy {
        site: Site {
            title: "Advocacy portal".into(),
            base_url: "http://127.0.0.1:1111/".into(),
            default_lang: "en".into(),
            languages: Vec::new(),
            timezone_name: "UTC".into(),
            search_engines: false,
            compose: true,
            feed_limit: 50,
            timezone: TimeZone::UTC,
            ui_languages: Vec::new(),
            labels: Labels::default(),
            repository: None,
            suggest_url: None,
        },
        networks: Network::ALL
            .into_iter()
            .map(|network| NetworkSettings {
                network,
                max_length: network.default_max_length(),
            })
            .collect(),
        required_fields: vec![FieldName::Title],
        links: LinkPolicy {
            require_https: true,
            allowed_domains: Vec::new(),
            utm: Vec::new(),
            advocate_param: None,
        },
        disclosure: None,
        hashtags: HashtagPolicy::default(),
        images: ImagePolicy {
            require_alt: true,
            max_bytes: Some(5_000_000),
        },
        schedule: SchedulePolicy {
            max_days: None,
            warn_expiring_within_days: 7,
        },
        terms: TermMatcher::default(),
        leaderboard: true,
        analytics: None,
    };
    let sections = [
        "site",
        "networks",
        "fields",
        "links",
        "disclosure",
        "hashtags",
        "images",
        "schedule",
        "terms",
        "leaderboard",
        "analytics",
    ];
    for (key, _, value) in r.mapping(root, &sections, "policy.yaml") {
        match key {
            "site" => read_site(r, value, &mut policy.site, zones),
            "networks" => {
                if let Some(networks) = read_networks(r, value) {
                    policy.networks = networks;
                }
            }
            "fields" => read_fields(r, value, &mut policy.required_fields),
            "links" => read_links(r, value, &mut policy.links),
            "disclosure" => policy.disclosure = read_disclosure(r, value),
            "hashtags" => read_hashtags(r, value, &mut policy.hashtags),
            "images" => read_images(r, value, &mut policy.images),
            "schedule" => read_schedule(r, value, &mut policy.schedule),
            "terms" => policy.terms = TermMatcher::new(read_terms(r, value)),
            "leaderboard" => policy.leaderboard = r.bool(value, "leaderboard").unwrap_or(true),
            "analytics" => policy.analytics = read_analytics(r, value),
            _ => unreachable!("mapping() returns known keys only"),
        }
    }
    if policy.site.languages.is_empty() {
        policy.site.languages = vec![policy.site.default_lang.clone()];
    }
    if policy.site.ui_languages.is_empty() {
        policy.site.ui_languages = policy.site.languages.clone();
    }
    if let Some(disclosure) = &mut policy.disclosure {
        disclosure
            .networks
            .retain(|n| policy.networks.iter().any(|s| s.network == *n));
    }
    policy
}

fn read_site(
    r: &mut Reader,
    node: &Node,
    site: &mut Site,
    zones: &dyn Fn(&str) -> Option<TimeZone>,
) {
    let keys = [
        "title",
        "base_url",
        "default_lang",
        "languages",
        "timezone",
        "search_engines",
        "compose",
        "feed_limit",
        "ui_languages",
        "labels",
        "repository",
        "suggest_url",
    ];
    let mut default_lang_node = None;
    for (key, _, value) in r.mapping(node, &keys, "`site`") {
        match key {
            "title" => site.title = r.string(value, "site.title").unwrap_or_default(),
            "base_url" => {
                let Some(url) = r.string(value, "site.base_url") else {
                    continue;
                };
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    r.type_error(value, format!("`site.base_url` must be an absolute URL such as `https://advocates.example.com/`, not `{url}`"));
                    continue;
                }
                site.base_url = if url.ends_with('/') {
                    url
                } else {
                    format!("{url}/")
                };
            }
            "default_lang" => {
                let lang = r.string(value, "site.default_lang").unwrap_or_default();
                if language_tag(r, value, &lang, "site.default_lang") {
                    site.default_lang = lang;
                    default_lang_node = Some(value);
                }
            }
            // Both become attributes and, for the interface, file names.
            "languages" => site.languages = read_languages(r, value, "site.languages"),
            "search_engines" => {
                site.search_engines = r.bool(value, "site.search_engines").unwrap_or(false)
            }
            "compose" => site.compose = r.bool(value, "site.compose").unwrap_or(true),
            "ui_languages" => {
                site.ui_languages = read_languages(r, value, "site.ui_languages");
            }
            "labels" => site.labels = read_labels(r, value),
            "repository" => site.repository = read_repository(r, value),
            "suggest_url" => site.suggest_url = read_suggest_url(r, value),
            "feed_limit" => match r.count(value, "site.feed_limit") {
                Some(0) => r.type_error(value, "`site.feed_limit` must be at least 1"),
                Some(n) => site.feed_limit = usize::try_from(n).unwrap_or(usize::MAX),
                None => {}
            },
            "timezone" => {
                let Some(name) = r.string(value, "site.timezone") else {
                    continue;
                };
                match zones(&name) {
                    Some(zone) => {
                        site.timezone = zone;
                        site.timezone_name = name;
                    }
                    None => r.type_error(value, format!("`{name}` is not an IANA time zone; write one such as `Asia/Tokyo` or `UTC`")),
                }
            }
            _ => {}
        }
    }
    if let Some(node) = default_lang_node
        && !site.languages.is_empty()
        && !site.languages.contains(&site.default_lang)
    {
        let message = format!(
            "`site.default_lang` `{}` is not in `site.languages` ({}); add it there",
            site.default_lang,
            site.languages.join(", ")
        );
        r.type_error(node, message);
    }
}

/// A list of language tags (`en`, `ja`, `pt-BR`), each once.
fn read_languages(r: &mut Reader, node: &Node, field: &str) -> Vec<String> {
    let mut languages: Vec<String> = Vec::new();
    for (lang, item) in r.string_list(node, field).unwrap_or_default() {
        if language_tag(r, item, &lang, field) && !languages.contains(&lang) {
            languages.push(lang);
        }
    }
    languages
}

/// Whether `lang`, at `node` of `field`, is a language tag; an error at
/// `node` when it is not.
fn language_tag(r: &mut Reader, node: &Node, lang: &str, field: &str) -> bool {
    let ok = is_language_tag(lang);
    if !ok {
        r.type_error(
            node,
            format!("`{lang}` in `{field}` is not a language tag; write one such as `en` or `ja`"),
        );
    }
    ok
}

/// `en`, `ja`, `pt-BR`, `zh-Hant`: a BCP 47 language identifier, as
/// ICU4X's parser reads one. Tags end up in file names and attributes, so
/// they hold letters, digits and separators only.
fn is_language_tag(tag: &str) -> bool {
    icu_locale_core::LanguageIdentifier::try_from_str(tag).is_ok_and(|id| !id.language.is_unknown())
}

fn read_labels(r: &mut Reader, node: &Node) -> Labels {
    let mut labels = Labels::default();
    for (kind, _, names) in r.mapping(node, &["campaigns", "topics"], "`site.labels`") {
        let what = format!("`site.labels.{kind}`");
        let mut by_slug = BTreeMap::new();
        for (slug, _, by_lang) in r.entries(names, &what) {
            let mut names = BTreeMap::new();
            for (lang, key, name) in r.entries(by_lang, &format!("`site.labels.{kind}.{slug}`")) {
                let field = format!("site.labels.{kind}.{slug}.{lang}");
                if !language_tag(r, key, lang, &field) {
                    continue;
                }
                if let Some(name) = r.string(name, &field) {
                    names.insert(lang.to_string(), name);
                }
            }
            by_slug.insert(crate::text::slug::slug(slug), names);
        }
        match kind {
            "campaigns" => labels.campaigns = by_slug,
            _ => labels.topics = by_slug,
        }
    }
    labels
}

/// `site.repository`: the repository's page on GitHub or GitLab, where
/// "Suggest a post" opens a new issue.
fn read_repository(r: &mut Reader, node: &Node) -> Option<String> {
    let text = r.string(node, "site.repository")?;
    match url::Url::parse(&text) {
        Ok(url)
            if url.scheme() == "https"
                && url.host_str().is_some()
                && url
                    .path_segments()
                    .is_some_and(|s| s.filter(|p| !p.is_empty()).count() >= 2) =>
        {
            Some(url.as_str().trim_end_matches('/').to_string())
        }
        _ => {
            r.type_error(node, format!("`site.repository` must be the repository's https address, such as `https://github.com/acme/advocacy`, not `{text}`"));
            None
        }
    }
}

/// `site.suggest_url`: a form's https address or a `mailto:`.
fn read_suggest_url(r: &mut Reader, node: &Node) -> Option<String> {
    let text = r.string(node, "site.suggest_url")?;
    match url::Url::parse(&text) {
        Ok(url) if url.scheme() == "https" && url.host_str().is_some() => Some(url.into()),
        Ok(url) if url.scheme() == "mailto" && url.path().contains('@') => Some(url.into()),
        _ => {
            r.type_error(node, format!("`site.suggest_url` must be an https address (a form) or a `mailto:` address, not `{text}`"));
            None
        }
    }
}

fn read_networks(r: &mut Reader, node: &Node) -> Option<Vec<NetworkSettings>> {
    let names: Vec<&str> = Network::names().collect();
    let mut networks = Vec::new();
    for (name, _, value) in r.mapping(node, &names, "`networks`") {
        let network = Network::from_name(name)?;
        let mut settings = NetworkSettings {
            network,
            max_length: network.default_max_length(),
        };
        for (key, _, value) in r.mapping(value, &["max_length"], &format!("`networks.{name}`")) {
            if key == "max_length" {
                match r.count(value, "max_length") {
                    Some(0) => r.type_error(value, "`max_length` must be at least 1"),
                    Some(n) => settings.max_length = n as usize,
                    None => {}
                }
            }
        }
        networks.push(settings);
    }
    Some(networks)
}

fn read_fields(r: &mut Reader, node: &Node, required: &mut Vec<FieldName>) {
    for (key, _, value) in r.mapping(node, &["required"], "`fields`") {
        if key != "required" {
            continue;
        }
        let mut fields = vec![FieldName::Title];
        for (name, item) in r.string_list(value, "fields.required").unwrap_or_default() {
            match FieldName::from_name(&name) {
                None => {
                    let hint = crate::schema::did_you_mean(&name, &FIELD_NAMES)
                        .map(|close| format!("; did you mean `{close}`?"))
                        .unwrap_or_default();
                    r.type_error(item, format!("`{name}` is not a post field{hint}"));
                }
                Some(field) if !fields.contains(&field) => fields.push(field),
                Some(_) => {}
            }
        }
        *required = fields;
    }
}

fn read_analytics(r: &mut Reader, node: &Node) -> Option<AnalyticsSource> {
    let keys = ["source", "site", "base_url"];
    let (mut source, mut site, mut base_url) = (None, None, None);
    let mut source_given = false;
    for (key, _, value) in r.mapping(node, &keys, "`analytics`") {
        match key {
            "source" => {
                source_given = true;
                let name = r.string(value, "analytics.source")?;
                match ANALYTICS_SOURCES.iter().find(|s| **s == name) {
                    Some(known) => source = Some(*known),
                    None => r.type_error(
                        value,
                        format!(
                            "`{name}` is not an analytics source advocate pulls from; the sources are {}",
                            ANALYTICS_SOURCES.join(", ")
                        ),
                    ),
                }
            }
            "site" => site = r.string(value, "analytics.site"),
            "base_url" => {
                let url = r.string(value, "analytics.base_url")?;
                if url.starts_with("https://") || url.starts_with("http://") {
                    base_url = Some(url.trim_end_matches('/').to_string());
                } else {
                    r.type_error(value, format!("`analytics.base_url` must be the product's address, such as `https://plausible.example.com`, not `{url}`"));
                }
            }
            _ => {}
        }
    }
    let Some(site) = site.filter(|s| !s.trim().is_empty()) else {
        r.type_error(
            node,
            "`analytics` needs `site`: the product's name for the site (GA4's property id, Plausible's domain, Matomo's idSite, Umami's website id)",
        );
        return None;
    };
    let Some(source) = source else {
        if !source_given {
            r.type_error(
                node,
                format!(
                    "`analytics` needs `source`: one of {}",
                    ANALYTICS_SOURCES.join(", ")
                ),
            );
        }
        return None;
    };
    if base_url.is_none() && SELF_HOSTED_SOURCES.contains(&source) {
        r.type_error(
            node,
            format!("`analytics` from {source} needs `base_url`: your {source}'s address, such as `https://analytics.example.com`"),
        );
        return None;
    }
    Some(AnalyticsSource {
        source,
        site,
        base_url,
    })
}

fn read_links(r: &mut Reader, node: &Node, links: &mut LinkPolicy) {
    let keys = ["require_https", "allowed_domains", "utm", "advocate_param"];
    let mut param_node = None;
    for (key, _, value) in r.mapping(node, &keys, "`links`") {
        match key {
            "require_https" => links.require_https = r.bool(value, "require_https").unwrap_or(true),
            "allowed_domains" => {
                links.allowed_domains = r
                    .string_list(value, "allowed_domains")
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(domain, _)| domain.to_lowercase())
                    .collect();
            }
            "utm" => {
                let Some(entries) = utm_entries(r, value) else {
                    continue;
                };
                links.utm = entries;
            }
            "advocate_param" => {
                let Some(param) = r.string(value, "advocate_param") else {
                    continue;
                };
                if param.is_empty()
                    || !param
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    r.type_error(value, "`advocate_param` must be a query key of letters, digits, `_` or `-`, such as `utm_term`");
                } else {
                    links.advocate_param = Some(param);
                    param_node = Some(value);
                }
            }
            _ => {}
        }
    }
    // The code would take the place of what the template puts there.
    if let (Some(param), Some(node)) = (&links.advocate_param, param_node)
        && links.utm.iter().any(|p| p.key == *param)
    {
        r.type_error(
            node,
            format!("`advocate_param` `{param}` is also under `links.utm`, whose value the personal code would replace; use a key the templates leave free, such as `utm_term`"),
        );
        links.advocate_param = None;
    }
}

fn utm_entries(r: &mut Reader, node: &Node) -> Option<Vec<UtmParam>> {
    let crate::yaml::Value::Map(entries) = &node.value else {
        r.type_error(
            node,
            "`utm` must be a mapping such as `utm_source: \"{network}\"`",
        );
        return None;
    };
    let mut params = Vec::new();
    for (key, value) in entries {
        let key = r.string(key, "utm")?;
        let template = r.string(value, &key)?;
        for placeholder in template.match_indices('{').map(|(i, _)| &template[i..]) {
            let name = placeholder.split('}').next().unwrap_or("");
            if !matches!(name, "{network" | "{campaign" | "{id") {
                r.type_error(value, format!("unknown template `{name}}}` in `utm.{key}`; use `{{network}}`, `{{campaign}}` or `{{id}}`"));
            }
        }
        params.push(UtmParam { key, template });
    }
    Some(params)
}

fn read_network_list(r: &mut Reader, node: &Node, field: &str) -> Vec<Network> {
    let mut networks = Vec::new();
    for (name, item) in r.string_list(node, field).unwrap_or_default() {
        match Network::from_name(&name) {
            Some(network) => networks.push(network),
            None => {
                let names: Vec<&str> = Network::names().collect();
                r.type_error(
                    item,
                    format!(
                        "unknown network `{name}`; the networks are {}",
                        names.join(", ")
                    ),
                );
            }
        }
    }
    networks
}

fn read_disclosure(r: &mut Reader, node: &Node) -> Option<Disclosure> {
    let mut disclosure = Disclosure {
        any_of: Vec::new(),
        networks: Network::ALL.to_vec(),
        severity: Severity::Error,
    };
    for (key, _, value) in r.mapping(node, &["any_of", "networks", "severity"], "`disclosure`") {
        match key {
            "any_of" => {
                disclosure.any_of = r
                    .string_list(value, "disclosure.any_of")
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(s, _)| s)
                    .filter(|s| !s.trim().is_empty())
                    .collect()
            }
            "networks" => disclosure.networks = read_network_list(r, value, "disclosure.networks"),
            "severity" => {
                disclosure.severity = r
                    .severity(value, "disclosure.severity")
                    .unwrap_or(Severity::Error)
            }
            _ => {}
        }
    }
    (!disclosure.any_of.is_empty()).then_some(disclosure)
}

fn read_hashtags(r: &mut Reader, node: &Node, hashtags: &mut HashtagPolicy) {
    for (key, _, value) in r.mapping(node, &["max", "required"], "`hashtags`") {
        match key {
            "max" => hashtags.max = r.count(value, "hashtags.max").map(|n| n as usize),
            "required" => {
                for (tag, item) in r
                    .string_list(value, "hashtags.required")
                    .unwrap_or_default()
                {
                    if tag.starts_with(['#', '＃']) && tag.chars().count() > 1 {
                        hashtags.required.push(tag);
                    } else {
                        r.type_error(
                            item,
                            format!("required hashtag `{tag}` must start with `#`"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn read_images(r: &mut Reader, node: &Node, images: &mut ImagePolicy) {
    for (key, _, value) in r.mapping(node, &["require_alt", "max_bytes"], "`images`") {
        match key {
            "require_alt" => {
                images.require_alt = r.bool(value, "images.require_alt").unwrap_or(true)
            }
            "max_bytes" => images.max_bytes = r.count(value, "images.max_bytes"),
            _ => {}
        }
    }
}

fn read_schedule(r: &mut Reader, node: &Node, schedule: &mut SchedulePolicy) {
    let keys = ["max_days", "warn_expiring_within_days"];
    for (key, _, value) in r.mapping(node, &keys, "`schedule`") {
        match key {
            "max_days" => schedule.max_days = r.count(value, "schedule.max_days").map(|n| n as i64),
            "warn_expiring_within_days" => {
                schedule.warn_expiring_within_days = r
                    .count(value, "schedule.warn_expiring_within_days")
                    .map_or(7, |n| n as i64)
            }
            _ => {}
        }
    }
}

fn read_terms(r: &mut Reader, node: &Node) -> Vec<TermRule> {
    let crate::yaml::Value::Seq(items) = &node.value else {
        if !matches!(node.value, crate::yaml::Value::Null) {
            r.type_error(
                node,
                "`terms` must be a list of rules, each starting with `- id: …`",
            );
        }
        return Vec::new();
    };
    let keys = [
        "id",
        "severity",
        "message",
        "match",
        "suggest",
        "except",
        "case_sensitive",
        "in",
    ];
    let mut rules: Vec<TermRule> = Vec::new();
    for item in items {
        let mut rule = TermRule {
            id: String::new(),
            severity: Severity::Error,
            message: String::new(),
            matches: Vec::new(),
            suggest: Vec::new(),
            except: Vec::new(),
            case_sensitive: false,
            places: vec![Place::Share],
        };
        let mut id_node = None;
        let strings = |r: &mut Reader, value: &Node, field: &str| -> Vec<String> {
            r.string_list(value, field)
                .unwrap_or_default()
                .into_iter()
                .map(|(s, _)| s)
                .filter(|s| !s.trim().is_empty())
                .collect()
        };
        for (key, _, value) in r.mapping(item, &keys, "a term rule") {
            match key {
                "id" => {
                    rule.id = r.string(value, "id").unwrap_or_default();
                    id_node = Some(value);
                }
                "severity" => {
                    rule.severity = r.severity(value, "severity").unwrap_or(Severity::Error)
                }
                "message" => rule.message = r.string(value, "message").unwrap_or_default(),
                "match" => rule.matches = strings(r, value, "match"),
                "suggest" => rule.suggest = strings(r, value, "suggest"),
                "except" => rule.except = strings(r, value, "except"),
                "case_sensitive" => {
                    rule.case_sensitive = r.bool(value, "case_sensitive").unwrap_or(false)
                }
                "in" => {
                    let mut places = Vec::new();
                    for (name, place_node) in r.string_list(value, "in").unwrap_or_default() {
                        match Place::from_name(&name) {
                            Some(place) => places.push(place),
                            None => r.type_error(
                                place_node,
                                format!(
                                    "`{name}` is not a place; use `share`, `title` or `briefing`"
                                ),
                            ),
                        }
                    }
                    rule.places = places;
                }
                _ => {}
            }
        }
        let valid_id = !rule.id.is_empty()
            && rule
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        match id_node {
            None => r.type_error(item, "a term rule needs an `id` such as `absolute-claims`; diagnostics are named `term/<id>`"),
            Some(node) if !valid_id => r.type_error(node, "a term rule's `id` must be lowercase letters, digits, `-` or `_`"),
            Some(node) if rules.iter().any(|other| other.id == rule.id) => {
                let message = format!("two term rules have the id `{}`; give each its own", rule.id);
                r.type_error(node, message)
            }
            _ => {}
        }
        if rule.matches.is_empty() {
            r.type_error(item, format!("term rule `{}` has no `match` list", rule.id));
        }
        if rule.message.is_empty() {
            rule.message = format!("`{}` is not allowed here", rule.id);
        }
        rules.push(rule);
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(usize, usize, String)> {
        let file = SourceFile::new("policy.yaml", text);
        match parse(&file) {
            Ok(_) => Vec::new(),
            Err(diagnostics) => diagnostics
                .into_iter()
                .map(|d| (d.line, d.column, d.message))
                .collect(),
        }
    }

    #[test]
    fn reads_where_analytics_are_pulled_from() {
        let file = SourceFile::new(
            "policy.yaml",
            "analytics:\n  source: plausible\n  site: www.example.com\n  base_url: https://plausible.example.com/\n",
        );
        let analytics = parse(&file).unwrap().analytics.unwrap();
        assert_eq!(analytics.source, "plausible");
        assert_eq!(analytics.site, "www.example.com");
        assert_eq!(
            analytics.base_url.as_deref(),
            Some("https://plausible.example.com")
        );
        let problems = errors("analytics:\n  source: omniture\n  site: x\n");
        assert!(problems[0].2.contains("ga4, plausible"), "{problems:?}");
        assert_eq!((problems[0].0, problems[0].1), (2, 11));
        assert!(
            errors("analytics:\n  source: ga4\n")[0]
                .2
                .contains("needs `site`")
        );
        assert!(
            errors("analytics:\n  site: x\n")[0]
                .2
                .contains("needs `source`")
        );
        // Matomo has no address of its own.
        let matomo = errors("analytics:\n  source: matomo\n  site: \"1\"\n");
        assert!(matomo[0].2.contains("needs `base_url`"), "{matomo:?}");
        assert!(
            errors("analytics:\n  source: matomo\n  site: \"1\"\n  base_url: https://matomo.example.com\n")
                .is_empty()
        );
    }

    #[test]
    fn the_code_may_not_take_a_templated_key() {
        let problems = errors(
            "links:\n  utm:\n    utm_content: \"{id}\"\n    utm_term: x\n  advocate_param: utm_term\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].0, problems[0].1), (5, 19));
        assert!(problems[0].2.contains("also under `links.utm`"));
        assert!(
            errors("links:\n  utm:\n    utm_content: \"{id}\"\n  advocate_param: utm_term\n")
                .is_empty()
        );
    }

    #[test]
    fn a_bad_language_tag_is_named_where_it_stands() {
        let cases = [
            (
                "site:\n  default_lang: en_US\n",
                2,
                17,
                "`en_US` in `site.default_lang`",
            ),
            (
                "site:\n  languages: [en, ../ja]\n",
                2,
                19,
                "`../ja` in `site.languages`",
            ),
            (
                "site:\n  ui_languages:\n    - english\n",
                3,
                7,
                "`english` in `site.ui_languages`",
            ),
            (
                "site:\n  labels:\n    campaigns:\n      launch: {jp_JP: 発表}\n",
                4,
                16,
                "`jp_JP` in `site.labels.campaigns.launch.jp_JP`",
            ),
        ];
        for (text, line, column, start) in cases {
            let found = errors(text);
            assert!(
                matches!(&found[..], [(l, c, m)] if *l == line && *c == column && m.starts_with(start) && m.contains("is not a language tag")),
                "{text:?}: {found:?}"
            );
        }
    }

    #[test]
    fn language_tags_are_bcp_47_identifiers() {
        let cases = [
            ("en", true),
            ("ja", true),
            ("pt-BR", true),
            ("zh-Hant", true),
            ("", false),
            ("und", false),
            ("english", false),
            ("../en", false),
            ("en us", false),
            ("e", false),
        ];
        for (tag, expected) in cases {
            assert_eq!(is_language_tag(tag), expected, "{tag:?}");
        }
    }

    #[test]
    fn empty_policy_has_defaults() {
        let file = SourceFile::new("policy.yaml", "");
        let policy = parse(&file).unwrap();
        assert_eq!(policy.networks.len(), Network::ALL.len());
        assert_eq!(policy.site.languages, vec!["en"]);
        assert_eq!(policy.required_fields, vec![FieldName::Title]);
    }

    #[test]
    fn reports_every_problem_with_its_position() {
        let text = "site:\n  timezone: Mars/Base\nnetworks:\n  myspace: {}\n  x: {max_lenght: 5}\nterms:\n  - id: Bad Id\n    match: [x]\nschedul: {}\n";
        let found = errors(text);
        let positions: Vec<(usize, usize)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(
            positions,
            vec![(2, 13), (4, 3), (5, 7), (7, 9), (9, 1)],
            "{found:?}"
        );
        assert!(found[2].2.contains("did you mean `max_length`"));
        assert!(found[4].2.contains("did you mean `schedule`"));
    }

    #[test]
    fn syntax_error_is_positioned() {
        let found = errors("site:\n  title: [oops\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].2.contains("not valid YAML"));
    }
}
