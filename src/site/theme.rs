//! A theme: Tera templates, static files and interface strings per
//! language (`themes/default/`).

use crate::error::Error;
use crate::yaml::{self, Value};
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) struct Theme {
    pub(crate) tera: tera::Tera,
    /// Files under `static/`, by path relative to it.
    pub(crate) statics: Vec<(String, Vec<u8>)>,
    /// Interface strings by language, then key.
    pub(crate) strings: BTreeMap<String, BTreeMap<String, String>>,
    /// The repository's `static/` files, for the portal's root, by path.
    pub(crate) root_files: Vec<(String, Vec<u8>)>,
    /// Every file of the theme, fingerprinted: a page made with another
    /// theme is made again.
    pub(crate) fingerprint: u64,
    /// Whether a template reads `generated_at` (the build's time), so its
    /// pages differ on every build.
    pub(crate) uses_build_time: bool,
}

/// The language whose strings fill gaps in the others.
const FALLBACK_LANG: &str = "en";

/// The default theme, built into the binary, for repositories without a
/// `themes/default/` of their own.
pub(crate) const BUILT_IN: &[(&str, &[u8])] = &[
    (
        "templates/base.html",
        include_bytes!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/index.html",
        include_bytes!("../../themes/default/templates/index.html"),
    ),
    (
        "templates/card.html",
        include_bytes!("../../themes/default/templates/card.html"),
    ),
    (
        "templates/post.html",
        include_bytes!("../../themes/default/templates/post.html"),
    ),
    (
        "templates/impact.html",
        include_bytes!("../../themes/default/templates/impact.html"),
    ),
    (
        "templates/404.html",
        include_bytes!("../../themes/default/templates/404.html"),
    ),
    (
        "templates/me.html",
        include_bytes!("../../themes/default/templates/me.html"),
    ),
    (
        "templates/facets.html",
        include_bytes!("../../themes/default/templates/facets.html"),
    ),
    (
        "templates/compose.html",
        include_bytes!("../../themes/default/templates/compose.html"),
    ),
    (
        "static/style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "static/portal.js",
        include_bytes!("../../themes/default/static/portal.js"),
    ),
    (
        "static/search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "static/index.js",
        include_bytes!("../../themes/default/static/index.js"),
    ),
    (
        "static/post.js",
        include_bytes!("../../themes/default/static/post.js"),
    ),
    (
        "static/me.js",
        include_bytes!("../../themes/default/static/me.js"),
    ),
    (
        "static/compose.css",
        include_bytes!("../../themes/default/static/compose.css"),
    ),
    (
        "static/compose.js",
        include_bytes!("../../themes/default/static/compose.js"),
    ),
    (
        "static/favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "i18n/en.yaml",
        include_bytes!("../../themes/default/i18n/en.yaml"),
    ),
    (
        "i18n/ja.yaml",
        include_bytes!("../../themes/default/i18n/ja.yaml"),
    ),
];

/// The built-in files named (all of them when none is), for `theme eject`.
pub(crate) fn built_in_files(
    names: &[String],
) -> Result<Vec<(&'static str, &'static [u8])>, Error> {
    if names.is_empty() {
        return Ok(BUILT_IN.to_vec());
    }
    names
        .iter()
        .map(|name| {
            let name = name.trim_start_matches("./").replace('\\', "/");
            BUILT_IN
                .iter()
                .find(|(path, _)| *path == name)
                .copied()
                .ok_or_else(|| {
                    let paths: Vec<&str> = BUILT_IN.iter().map(|(p, _)| *p).collect();
                    Error::Usage(format!(
                        "the built-in theme has no `{name}`; its files are {}",
                        paths.join(", ")
                    ))
                })
        })
        .collect()
}

impl Theme {
    /// The built-in default theme, with the repository's `themes/default/`
    /// files in place of those it has.
    ///
    /// A repository's theme overrides the built-in one file by file: a
    /// repository that changes only `templates/index.html` keeps the
    /// built-in CSS, script, strings and other templates, and gets new ones
    /// when advocate is upgraded.
    pub(crate) fn load(root: &Path) -> Result<Theme, Error> {
        let mut theme = Theme::load_theme(root)?;
        theme.root_files = crate::project::files::read_root_files(root)?;
        for (path, _) in &theme.root_files {
            if let Some(taken) = super::routes::generated_root_name(path) {
                return Err(Error::Theme(format!(
                    "static/{path} would replace the portal's own {taken}; rename or remove it \
                     (a theme changes pages under themes/default/templates/)"
                )));
            }
        }
        Ok(theme)
    }

    /// The interface strings of `lang` in the repository's theme (the
    /// built-in one where that cannot be read), for commands that write
    /// text rather than pages (`new`, `digest`): no template or static file
    /// of the portal is needed.
    pub(crate) fn strings_for(root: &Path, lang: &str) -> BTreeMap<String, String> {
        Theme::load_theme(root)
            .or_else(|_| Theme::built_in())
            .map(|theme| theme.strings(lang))
            .unwrap_or_default()
    }

    /// The theme alone, without the repository's root files.
    fn load_theme(root: &Path) -> Result<Theme, Error> {
        let Some(own) = crate::project::files::read_theme_files(root)? else {
            return Theme::built_in();
        };
        let mut files: BTreeMap<String, Vec<u8>> = BUILT_IN
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect();
        files.extend(own);
        Theme::from_files(
            files.into_iter().collect(),
            crate::project::files::THEME_DIR,
        )
    }

    /// The default theme, built into the binary.
    pub(crate) fn built_in() -> Result<Theme, Error> {
        let files = BUILT_IN
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()));
        Theme::from_files(files.collect(), "the built-in theme")
    }

    /// A theme from its files, by path relative to the theme folder.
    pub(crate) fn from_files(files: Vec<(String, Vec<u8>)>, origin: &str) -> Result<Theme, Error> {
        let mut templates = Vec::new();
        let mut statics = Vec::new();
        let mut strings = BTreeMap::new();
        let mut fingerprint = crate::fingerprint::Fingerprint::default();
        let mut uses_build_time = false;
        for (path, bytes) in files {
            fingerprint = fingerprint.add(path.as_bytes()).add(&bytes);
            let text = || {
                String::from_utf8(bytes.clone())
                    .map_err(|_| Error::Theme(format!("{origin}: {path} is not UTF-8")))
            };
            if let Some(name) = path.strip_prefix("templates/") {
                let source = text()?;
                uses_build_time |= source.contains("generated_at");
                templates.push((name.to_string(), source));
            } else if let Some(name) = path.strip_prefix("static/") {
                let built_in = BUILT_IN
                    .iter()
                    .any(|(p, b)| *p == path && *b == bytes.as_slice());
                let bytes = match std::str::from_utf8(&bytes) {
                    Ok(script) if built_in && name.ends_with(".js") => {
                        compact_script(script).into_bytes()
                    }
                    _ => bytes,
                };
                statics.push((name.to_string(), bytes));
            } else if let Some(lang) = path
                .strip_prefix("i18n/")
                .and_then(|n| n.strip_suffix(".yaml"))
            {
                let parsed = parse_strings(&text()?)
                    .map_err(|e| Error::Theme(format!("{origin}: {path}: {e}")))?;
                strings.insert(lang.to_string(), parsed);
            }
        }
        if templates.is_empty() {
            return Err(Error::Theme(format!("{origin} has no templates")));
        }
        let mut tera = tera::Tera::new();
        // `{{ date | day(format=t.date_format) }}`: a calendar date as the
        // interface language writes it.
        tera.register_filter(
            "day",
            |date: &str, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
                let format = kwargs.get::<&str>("format")?.unwrap_or("%Y-%m-%d");
                Ok(format_day(date, format))
            },
        );
        tera.add_raw_templates(templates)
            .map_err(|e| Error::Theme(format!("{origin}: {e}")))?;
        Ok(Theme {
            tera,
            statics,
            strings,
            root_files: Vec::new(),
            fingerprint: fingerprint.finish(),
            uses_build_time,
        })
    }

    /// The strings for `lang`, with the fallback language's for any key
    /// it lacks.
    pub(crate) fn strings(&self, lang: &str) -> BTreeMap<String, String> {
        let mut merged = self.strings.get(FALLBACK_LANG).cloned().unwrap_or_default();
        if let Some(own) = self.strings.get(lang) {
            merged.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        merged
    }
}

/// The built-in script as browsers need it: without its comment lines and
/// indentation, a quarter of its bytes. Only for advocate's own scripts,
/// which keep no multi-line string where a line's start would matter; a
/// repository's own theme files are sent as they are.
fn compact_script(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    for line in script.lines().map(str::trim_start) {
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// An ISO calendar date (`2026-12-10`) in a strftime `format` (`%b %-d,
/// %Y`); anything else as it is, since a theme's format or a date may be
/// wrong and a page must still render.
pub(crate) fn format_day(date: &str, format: &str) -> String {
    let Ok(day) = date.parse::<jiff::civil::Date>() else {
        return date.to_string();
    };
    jiff::fmt::strtime::format(format, day).unwrap_or_else(|_| date.to_string())
}

fn parse_strings(text: &str) -> Result<BTreeMap<String, String>, String> {
    let root = yaml::parse(text).map_err(|e| e.message)?;
    let Value::Map(entries) = root.value else {
        return Err("expected `key: text` lines".into());
    };
    Ok(entries
        .into_iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_is_the_whole_default_theme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk = Vec::new();
        for part in ["templates", "static", "i18n"] {
            for (name, bytes) in crate::project::files::read_tree(&dir.join(part)).unwrap() {
                on_disk.push((format!("{part}/{name}"), bytes));
            }
        }
        on_disk.sort();
        let mut built_in: Vec<(String, Vec<u8>)> = BUILT_IN
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        built_in.sort();
        assert_eq!(
            on_disk.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            built_in.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
        assert!(on_disk == built_in);
    }

    #[test]
    fn the_built_in_script_loses_only_comment_lines_and_indentation() {
        let cases = [
            (
                "  // a comment\n  const a = \"//\";\n\n",
                "const a = \"//\";\n",
            ),
            ("x = /\\/\\//; // why\n", "x = /\\/\\//; // why\n"),
            ("\tif (a) {\n\t\tb();\n\t}\n", "if (a) {\nb();\n}\n"),
        ];
        for (script, expected) in cases {
            assert_eq!(compact_script(script), expected, "{script:?}");
        }
        let theme = Theme::built_in().unwrap();
        let (_, script) = theme
            .statics
            .iter()
            .find(|(n, _)| n == "portal.js")
            .unwrap();
        let script = String::from_utf8_lossy(script);
        assert!(!script.contains("\n//") && script.contains("\"use strict\";"));
    }

    #[test]
    fn days_are_written_as_each_language_writes_them() {
        let cases = [
            ("2026-12-10", "%b %-d, %Y", "Dec 10, 2026"),
            ("2026-01-05", "%Y年%-m月%-d日", "2026年1月5日"),
            ("2026-12-10", "%Q", "2026-12-10"),
            ("not a date", "%Y", "not a date"),
            ("", "%Y", ""),
        ];
        for (date, format, expected) in cases {
            assert_eq!(format_day(date, format), expected, "{date} {format}");
        }
    }

    /// Networks are data: the templates and the portal's script read each
    /// network's table entry and never name one.
    #[test]
    fn no_template_or_script_names_a_network() {
        for (path, bytes) in BUILT_IN {
            let is_code = path.starts_with("templates/") || path.ends_with(".js");
            if !is_code {
                continue;
            }
            let text = String::from_utf8_lossy(bytes).to_lowercase();
            for spec in &crate::network::NETWORKS {
                let quoted = [format!("\"{}\"", spec.id), format!("'{}'", spec.id)];
                assert!(
                    !quoted.iter().any(|q| text.contains(q.as_str())),
                    "{path} names the network `{}`",
                    spec.id
                );
                if spec.id.len() > 2 {
                    assert!(
                        !text.contains(spec.id),
                        "{path} names the network `{}`",
                        spec.id
                    );
                }
            }
        }
    }
}
