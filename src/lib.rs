//! advocate: employee-advocacy posts in Git, checked against a policy and
//! published as a static portal. `docs/architecture.md` maps the modules.
//!
//! The library is the program: [`run`] is all `main` calls. Everything else
//! is private to the crate, except two functions the integration tests use
//! to check results independently of the command line.

#![warn(missing_docs)]

mod analytics;
mod authoring;
mod cli;
mod clock;
mod cmd;
mod digest;
mod error;
mod fingerprint;
mod freshness;
mod git;
mod http;
mod json_schema;
mod lsp;
#[cfg(test)]
mod no_panic;
mod notify;
mod pipeline;
mod project;
mod publish;
mod release;
mod review;
mod scope;
mod serve;
mod site;

// The core crate's modules, named as if they were this crate's own.
use advocate_core::{
    check, diagnostic, escape, links, network, policy, post, report, rule, share, source, text,
    yaml,
};

pub use links::percent_decode;
pub use text::weighted::x_length;

use clap::Parser;
use cli::{AnalyticsCommand, Cli, Command, ThemeCommand};
use error::{Error, Outcome, exit_status};
use report::{Format, Report};
use std::process::ExitCode;

/// Runs advocate with the process's arguments; returns its exit status
/// (docs/diagnostics.md), decided here and nowhere else.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let result = run_command(&cli);
    if let Err(error) = &result {
        let format = match &cli.command {
            Command::Check(args) => args.format,
            _ => Format::Human,
        };
        print_error(error, format, &cli);
    }
    ExitCode::from(exit_status(&result))
}

fn run_command(cli: &Cli) -> Result<Outcome, Error> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    // Found only by the commands that work on a content repository.
    let root = || project::files::find_root(cli.root.as_deref(), &cwd);
    match &cli.command {
        Command::Check(args) => cmd::check::run(&root()?, args, cli.color, cli.quiet),
        Command::Build(args) => cmd::build::run(&root()?, args, cli.color, cli.quiet),
        Command::Review(args) => cmd::review::run(&root()?, args),
        Command::Serve(args) => cmd::serve::run(&root()?, args, cli.color),
        Command::Lsp(args) => cmd::lsp::run(&root()?, args),
        Command::New(args) => cmd::new::run(&root()?, args),
        Command::Digest(args) => cmd::digest::run(&root()?, args),
        Command::Notify(args) => cmd::notify::run(&root()?, args),
        Command::Import(args) => cmd::import::run(&root()?, args),
        Command::Theme(ThemeCommand::Eject(args)) => cmd::theme::eject(&root()?, args),
        Command::Analytics(AnalyticsCommand::Pull(args)) => cmd::analytics::pull(&root()?, args),
        Command::Init(args) => cmd::init::run(&cwd, args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man => cmd::man::run(),
    }
}

/// Says why the run stopped. Policy problems are printed in the requested
/// format, so CI annotates policy.yaml too; publishing failures add that the
/// previous site is untouched.
fn print_error(error: &Error, format: Format, cli: &Cli) {
    let color = cli.color;
    match error {
        Error::Policy(policy) => {
            let (file, diagnostics) = &**policy;
            // policy.yaml's path from the git top level, as CI wants it.
            let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
            let prefix = project::files::find_root(cli.root.as_deref(), &cwd)
                .map(|root| git::prefix(&root))
                .unwrap_or_default();
            let report = Report {
                diagnostics,
                posts: 0,
                sources: [(file.path.as_str(), file)].into_iter().collect(),
                prefix: &prefix,
                quiet: false,
            };
            let human = format == Format::Human;
            let color = if human {
                cmd::use_color(color, &std::io::stderr())
            } else {
                cmd::use_color(color, &std::io::stdout())
            };
            let text = report::render(format, &report, color);
            if human {
                eprint!("{text}");
                eprintln!(
                    "error: policy.yaml has problems; fix them before anything can be checked"
                );
            } else {
                print!("{text}");
            }
        }
        Error::Publish(_) | Error::Theme(_) => {
            eprintln!("error: {error}; the previous site is untouched")
        }
        other => eprintln!("error: {other}"),
    }
}
