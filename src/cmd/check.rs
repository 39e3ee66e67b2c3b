//! `advocate check`: judge the library, print the diagnostics.

use crate::cli::{CheckArgs, ColorChoice};
use crate::clock::Clock;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, Outcome};
use crate::project::Project;
use crate::report::{self, Report};
use crate::scope::Scope;
use std::path::Path;

/// Runs `advocate check`.
pub(crate) fn run(
    root: &Path,
    args: &CheckArgs,
    color: ColorChoice,
    quiet: bool,
) -> Result<Outcome, Error> {
    let scope = Scope::new(root, &args.paths, args.changed_since.as_deref())?;
    // Only posts with problems are held: their text is what reports show.
    let (project, _) =
        Project::load_lean(root, Clock::resolve(args.now.as_deref())?, |_, _, _| ())?;
    for note in project.notes() {
        eprintln!("note: {note}");
    }
    let diagnostics: Vec<Diagnostic> = project
        .diagnostics()
        .into_iter()
        .filter(|d| scope.includes(&d.path))
        .filter(|d| !quiet || d.severity == Severity::Error)
        .collect();
    let prefix = crate::git::prefix(root);
    let report = Report {
        diagnostics: &diagnostics,
        posts: project.post_paths().filter(|p| scope.includes(p)).count(),
        sources: project.sources(),
        prefix: &prefix,
        quiet,
    };
    print!(
        "{}",
        report::render(
            args.format,
            &report,
            super::use_color(color, &std::io::stdout())
        )
    );
    if args.format == report::Format::Github {
        write_job_summary(&report)?;
    }
    let fails = |d: &Diagnostic| match d.severity {
        Severity::Error => true,
        Severity::Warning => args.deny_warnings && !d.rule.rule.info().caused_by_time,
    };
    Ok(if diagnostics.iter().any(fails) {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// On GitHub Actions, every problem goes to the job summary too: the
/// annotations stop at GitHub's cap.
fn write_job_summary(report: &Report) -> Result<(), Error> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = Path::new(&path);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| Error::io("cannot open the job summary", path, e))?;
    std::io::Write::write_all(&mut file, report::github::summary(report).as_bytes())
        .map_err(|e| Error::io("cannot write the job summary", path, e))
}
