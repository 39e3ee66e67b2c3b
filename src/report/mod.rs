//! Output formats for diagnostics (SPEC §6): one file per format.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Gitlab,
}

/// What a report is about.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    /// Post files found, whether or not they parse.
    pub posts: usize,
    /// The files the diagnostics point into, by path, for source lines.
    pub sources: HashMap<&'a str, &'a SourceFile>,
}

pub fn render(format: Format, report: &Report, color: bool) -> String {
    match format {
        Format::Human => human::render(report, color),
        Format::Json => json::render(report),
        Format::Github => github::render(report),
        Format::Sarif => sarif::render(report),
        Format::Gitlab => gitlab::render(report),
    }
}
