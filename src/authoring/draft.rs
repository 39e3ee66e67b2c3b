//! `advocate new TITLE`: a post that is ready to fill. Valid front matter
//! with the policy's schedule, one share block per network already carrying
//! the disclosure, and prompts where the author must write. `check` fails on
//! exactly the parts left to fill.

use super::article::Draft;
use crate::error::Error;
use crate::network::Network;
use crate::policy::Policy;
use crate::post::TODO_MARK;
use crate::post::field_name::FieldName;
use crate::site::theme::Theme;
use jiff::ToSpan;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How long a new post stays up when the policy sets no shorter limit.
const DEFAULT_DAYS: i64 = 30;

/// What `advocate new` was asked for.
#[derive(Debug, Default)]
pub(crate) struct PostRequest {
    /// The title; taken from the article when `from` is given and this is not.
    pub(crate) title: Option<String>,
    /// The campaign, which is also the folder under `library/`.
    pub(crate) campaign: Option<String>,
    /// The content language; default `site.default_lang`.
    pub(crate) lang: Option<String>,
    /// The networks to write blocks for (default: one block for all).
    pub(crate) networks: Vec<String>,
    /// An article to repurpose: a file or an http(s) address.
    pub(crate) from: Option<String>,
}

/// Writes a new post into `library/` (never over a file); returns its path.
pub(crate) fn write_post(
    root: &Path,
    policy: &Policy,
    request: &PostRequest,
) -> Result<PathBuf, Error> {
    let draft = match &request.from {
        Some(file) => super::article::draft_from(file, policy)?,
        None => Draft::default(),
    };
    let title = request
        .title
        .clone()
        .or(draft.title.clone())
        .unwrap_or_default();
    if title.trim().is_empty() {
        return Err(Error::Usage(
            "give the post a title: advocate new \"Our Tokyo office is open\"".into(),
        ));
    }
    let mut networks = Vec::new();
    for name in &request.networks {
        match Network::from_name(name) {
            Some(network) if policy.is_enabled(network) => networks.push(network),
            _ => {
                let enabled: Vec<&str> = policy.networks.iter().map(|n| n.network.name()).collect();
                return Err(Error::Usage(format!(
                    "--network {name}: not an enabled network ({})",
                    enabled.join(", ")
                )));
            }
        }
    }
    let lang = request
        .lang
        .clone()
        .or(draft.lang.clone())
        .unwrap_or_else(|| policy.site.default_lang.clone());
    if !policy.site.languages.contains(&lang) {
        return Err(Error::Usage(format!(
            "--lang {lang}: not one of site.languages ({})",
            policy.site.languages.join(", ")
        )));
    }
    let today = today(policy);
    let post = NewPost {
        is_draft: false,
        title: &title,
        campaign: request.campaign.as_deref(),
        lang: &lang,
        networks: &networks,
        today,
        draft: &draft,
    };
    let text = render(&post, policy, &Theme::strings_for(root, &lang));
    let folder = match &request.campaign {
        Some(campaign) => root.join("library").join(crate::site::urls::slug(campaign)),
        None => root.join("library"),
    };
    write_new(&folder, &file_stem(&title, today), &text)
}

/// Today in the site's time zone: new posts start today.
fn today(policy: &Policy) -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(policy.site.timezone.clone())
        .date()
}

struct NewPost<'a> {
    /// Written as `draft: true` (imported posts wait for a person).
    is_draft: bool,
    title: &'a str,
    campaign: Option<&'a str>,
    lang: &'a str,
    networks: &'a [Network],
    today: jiff::civil::Date,
    draft: &'a Draft,
}

/// The post's text; `prompts` are the theme's strings in the post's own
/// language (`new_…`), so a Japanese post is scaffolded in Japanese.
fn render(post: &NewPost, policy: &Policy, prompts: &BTreeMap<String, String>) -> String {
    let say = |key: &str| prompts.get(key).map_or("TODO", String::as_str);
    let days = policy
        .schedule
        .max_days
        .map_or(DEFAULT_DAYS, |max| max.min(DEFAULT_DAYS));
    let publish = post.today.checked_add(1.day()).unwrap_or(post.today);
    let expires = publish.checked_add(days.days()).unwrap_or(publish);
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml_string(post.title)));
    if let Some(campaign) = post.campaign {
        out.push_str(&format!("campaign: {}\n", yaml_string(campaign)));
    }
    out.push_str(&format!("lang: {}\n", post.lang));
    let requires_link = policy.required_fields.contains(&FieldName::Link);
    match &post.draft.link {
        Some(link) => out.push_str(&format!("link: {}\n", yaml_string(link))),
        None if requires_link => out.push_str(&format!("link: {TODO_MARK}\n")),
        None => out.push_str("# link: https://www.example.com/the-page-to-share\n"),
    }
    if !post.networks.is_empty() {
        let names: Vec<&str> = post.networks.iter().map(|n| n.name()).collect();
        out.push_str(&format!("networks: [{}]\n", names.join(", ")));
    }
    if post.is_draft {
        out.push_str("draft: true\n");
    }
    out.push_str(&format!(
        "publish_at: {publish}\nexpires_at: {expires}\n---\n"
    ));
    out.push_str(&format!("{}\n", say("new_briefing")));
    if post.draft.key_points.is_empty() {
        out.push_str(&format!(
            "{}\n\n{}\n\n- {TODO_MARK}\n\n{}\n",
            say("new_why"),
            say("new_points"),
            say("new_who")
        ));
    } else {
        out.push_str(&format!("{}\n\n", say("new_key_points")));
        for point in &post.draft.key_points {
            out.push_str(&format!("- {point}\n"));
        }
        out.push_str(&format!("\n{}\n", say("new_who")));
    }
    let disclosure = policy.disclosure_suffix();
    let networks: Vec<Network> = if post.networks.is_empty() {
        policy.networks.iter().map(|n| n.network).collect()
    } else {
        post.networks.to_vec()
    };
    for network in networks {
        let settings = policy
            .settings(network)
            .map_or(network.default_max_length(), |s| s.max_length);
        let link = if network.takes_links() { " {link}" } else { "" };
        let body = match post.draft.texts.iter().find(|(n, _)| *n == network) {
            Some((_, text)) => format!("{text}{link}{disclosure}"),
            None => format!(
                "{}{link}{disclosure}",
                say("new_write_text")
                    .replace("{network}", network.label())
                    .replace("{max}", &settings.to_string())
            ),
        };
        out.push_str(&format!("\n```share {}\n{body}\n```\n", network.name()));
    }
    out
}

/// A YAML scalar: plain when safe, else double-quoted.
fn yaml_string(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with([' ', ':'])
        && text.parse::<f64>().is_err()
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "~"
        );
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// An ASCII file name from the title, or the date when the title has none
/// (a Japanese title).
fn file_stem(title: &str, today: jiff::civil::Date) -> String {
    let mut stem = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            stem.push(c);
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_matches('-').chars().take(60).collect();
    let stem = stem.trim_end_matches('-').to_string();
    if stem.is_empty() {
        format!("post-{}", today.strftime("%Y%m%d"))
    } else {
        stem
    }
}

/// Creates `folder/stem.md`, or `stem-2.md`, … : never overwrites.
fn write_new(folder: &Path, stem: &str, text: &str) -> Result<PathBuf, Error> {
    std::fs::create_dir_all(folder).map_err(|e| Error::io("cannot create", folder, e))?;
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let path = folder.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(text.as_bytes())
                    .map_err(|e| Error::io("cannot write", &path, e))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io("cannot create", &path, e)),
        }
    }
    Err(Error::Usage(format!(
        "too many posts named {stem} in {}",
        folder.display()
    )))
}

/// Writes a draft post for an imported article into `library/imported/`;
/// returns its path relative to the root.
pub(crate) fn write_imported(root: &Path, policy: &Policy, draft: &Draft) -> Result<String, Error> {
    let title = draft
        .title
        .clone()
        .unwrap_or_else(|| "Imported article".to_string());
    let lang = draft
        .lang
        .clone()
        .unwrap_or_else(|| policy.site.default_lang.clone());
    let today = today(policy);
    let post = NewPost {
        is_draft: true,
        title: &title,
        campaign: None,
        lang: &lang,
        networks: &[],
        today,
        draft,
    };
    let text = render(&post, policy, &Theme::strings_for(root, &lang));
    let path = write_new(
        &root.join("library/imported"),
        &file_stem(&title, today),
        &text,
    )?;
    Ok(path
        .strip_prefix(root)
        .unwrap_or(&path)
        .display()
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_quotes() {
        let today: jiff::civil::Date = "2026-12-01".parse().unwrap();
        assert_eq!(
            file_stem("Our Tokyo office is open!", today),
            "our-tokyo-office-is-open"
        );
        assert_eq!(file_stem("東京オフィス開設", today), "post-20261201");
        assert_eq!(file_stem("Orbit 3: 東京", today), "orbit-3");
        assert_eq!(yaml_string("Plain title"), "Plain title");
        assert_eq!(yaml_string("Webinar: Orbit"), "\"Webinar: Orbit\"");
        assert_eq!(yaml_string("2026"), "\"2026\"");
        assert_eq!(yaml_string("say \"hi\""), "say \"hi\"");
        assert_eq!(yaml_string("\"Hi\" she said"), "\"\\\"Hi\\\" she said\"");
    }
}
