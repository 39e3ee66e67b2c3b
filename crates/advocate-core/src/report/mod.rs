//! Output formats for diagnostics (docs/diagnostics.md): one file per format.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod line;
pub mod sarif;
mod subject;

pub use subject::Report;

/// A report format. Each is one entry in [`Format::ALL`], with the name the
/// command line takes and one line of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: each problem with its source lines, in colour on a terminal.
    Human,
    /// One JSON document with every diagnostic and the counts.
    Json,
    /// GitHub Actions workflow commands.
    Github,
    /// SARIF 2.1.0.
    Sarif,
    /// GitLab Code Quality.
    Gitlab,
    /// One problem a line.
    Line,
}

impl Format {
    /// Every format: its value, its name and what it is for.
    pub const ALL: [(Format, &'static str, &'static str); 6] = [
        (
            Format::Human,
            "human",
            "For people: each problem with its source lines, in colour on a terminal",
        ),
        (
            Format::Json,
            "json",
            "One JSON document with every diagnostic and the counts",
        ),
        (
            Format::Github,
            "github",
            "GitHub Actions workflow commands: annotations on the pull request, and the job summary",
        ),
        (Format::Sarif, "sarif", "SARIF 2.1.0, for code scanning"),
        (
            Format::Gitlab,
            "gitlab",
            "GitLab Code Quality, for merge requests",
        ),
        (
            Format::Line,
            "line",
            "`path:line:col: severity[rule]: message`, one a line, for editors' problem matchers (as Vale's `line`)",
        ),
    ];

    /// The format a name stands for, as the command line writes it.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(format, _, _)| *format)
    }
}

/// Renders a report in one format.
pub fn render(format: Format, report: &Report, color: bool) -> String {
    match format {
        Format::Human => human::render(report, color),
        Format::Json => json::render(report),
        Format::Github => github::render(report),
        Format::Sarif => sarif::render(report),
        Format::Gitlab => gitlab::render(report),
        Format::Line => line::render(report),
    }
}
