use advocate::cli::{Cli, Command};
use advocate::cmd;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                cmd::EXIT_CANNOT_RUN
            } else {
                cmd::EXIT_OK
            });
        }
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    if let Command::Init(args) = &cli.command {
        return cmd::init::run(&cwd, args);
    }
    let root = match advocate::workspace::find_root(cli.root.as_deref(), &cwd) {
        Ok(root) => root,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(cmd::EXIT_CANNOT_RUN);
        }
    };
    match &cli.command {
        Command::Check(args) => cmd::check::run(&root, args),
        Command::Build(args) => cmd::build::run(&root, args),
        Command::Review(args) => cmd::review::run(&root, args),
        Command::Serve(args) => cmd::serve::run(&root, args),
        Command::New(args) => cmd::new::run(&root, args),
        Command::Digest(args) => cmd::digest::run(&root, args),
        Command::Import(args) => cmd::import::run(&root, args),
        Command::Init(_) => unreachable!("handled above: init needs no root"),
    }
}
