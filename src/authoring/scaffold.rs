//! `advocate init [DIR]`: a new content repository that passes `check` and
//! `build` at once: a commented policy, two example posts and
//! the workflows.

use crate::error::Error;
use jiff::ToSpan;
use std::path::Path;

/// The files of a new repository, by path; `{{PUBLISH}}` and `{{EXPIRES}}`
/// become dates around today, so the examples are live when created.
const TEMPLATE: &[(&str, &str)] = &[
    ("policy.yaml", include_str!("../../init/policy.yaml")),
    (
        "library/welcome.md",
        include_str!("../../init/library/welcome.md"),
    ),
    (
        "library/welcome-ja.md",
        include_str!("../../init/library/welcome-ja.md"),
    ),
    (
        ".github/workflows/check.yml",
        include_str!("../../init/.github/workflows/check.yml"),
    ),
    (
        ".github/workflows/publish.yml",
        include_str!("../../init/.github/workflows/publish.yml"),
    ),
    (".gitignore", include_str!("../../init/gitignore")),
];

/// Creates a content repository in `dir`; returns how many files it wrote.
pub(crate) fn create(dir: &Path) -> Result<usize, Error> {
    if dir.join("policy.yaml").exists() {
        return Err(Error::Usage(format!(
            "{} already has a policy.yaml; init never overwrites a repository",
            dir.display()
        )));
    }
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let publish = today.checked_sub(1.day()).unwrap_or(today).to_string();
    let expires = today.checked_add(60.days()).unwrap_or(today).to_string();
    let files: Vec<(String, Vec<u8>)> = TEMPLATE
        .iter()
        .map(|(path, text)| {
            let text = text
                .replace("{{PUBLISH}}", &publish)
                .replace("{{EXPIRES}}", &expires);
            (path.to_string(), text.into_bytes())
        })
        .collect();
    for (path, _) in &files {
        if dir.join(path).exists() {
            return Err(Error::Usage(format!(
                "{} exists; init never overwrites a file",
                dir.join(path).display()
            )));
        }
    }
    for (path, bytes) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| Error::io("cannot write", &target, e))?;
    }
    Ok(files.len())
}
