//! Where this advocate's releases live, from Cargo.toml's `version` and
//! `repository`: `init` pins its workflows and schema addresses to them, so
//! a fork that publishes its own releases produces its own references.

/// `owner/name` of the GitHub repository the releases come from.
pub(crate) fn repository() -> &'static str {
    env!("CARGO_PKG_REPOSITORY")
        .trim_start_matches("https://github.com/")
        .trim_end_matches('/')
}

/// The version, such as `0.1.0`.
pub(crate) fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The Action at this release, for `uses:`.
pub(crate) fn action() -> String {
    format!("{}@v{}", repository(), version())
}

/// A file of the repository at this release's tag.
pub(crate) fn file_url(path: &str) -> String {
    format!(
        "https://raw.githubusercontent.com/{}/v{}/{path}",
        repository(),
        version()
    )
}
