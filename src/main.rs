use advocate::cli::{Cli, Command};
use advocate::cmd;
use advocate::error::{Error, Outcome, exit_status};
use advocate::report::{self, Format, Report};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let result = run(&cli);
    if let Err(error) = &result {
        let format = match &cli.command {
            Command::Check(args) => args.format,
            _ => Format::Human,
        };
        print_error(error, format);
    }
    ExitCode::from(exit_status(&result))
}

fn run(cli: &Cli) -> Result<Outcome, Error> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    if let Command::Init(args) = &cli.command {
        return cmd::init::run(&cwd, args);
    }
    let root = advocate::project::files::find_root(cli.root.as_deref(), &cwd)?;
    match &cli.command {
        Command::Check(args) => cmd::check::run(&root, args),
        Command::Build(args) => cmd::build::run(&root, args),
        Command::Review(args) => cmd::review::run(&root, args),
        Command::Serve(args) => cmd::serve::run(&root, args),
        Command::New(args) => cmd::new::run(&root, args),
        Command::Digest(args) => cmd::digest::run(&root, args),
        Command::Import(args) => cmd::import::run(&root, args),
        Command::Init(args) => cmd::init::run(&cwd, args),
    }
}

/// Says why the run stopped. Policy problems are printed in the requested
/// format, so CI annotates policy.yaml too; publishing failures add that the
/// previous site is untouched.
fn print_error(error: &Error, format: Format) {
    match error {
        Error::Policy(policy) => {
            let (file, diagnostics) = &**policy;
            let report = Report {
                diagnostics,
                posts: 0,
                sources: [(file.path.as_str(), file)].into_iter().collect(),
            };
            let text = report::render(format, &report, cmd::use_color());
            if format == Format::Human {
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
