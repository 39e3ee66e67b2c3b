//! The command line (README, "Command line"), in one place.

use crate::digest::DigestFormat;
use crate::report::Format;
use crate::review::ReviewFormat;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "advocate",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("ADVOCATE_COMMIT"), ")"),
    about = "Employee advocacy from a Git repository: checked posts, a static portal."
)]
pub(crate) struct Cli {
    /// The content repository (default: the nearest folder upwards holding policy.yaml).
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) root: Option<PathBuf>,

    /// Colour in diagnostics: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always or never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub(crate) color: ColorChoice,

    /// Errors only: no warnings and no summary line (as ESLint's --quiet).
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal that takes colour, as the environment allows.
    Auto,
    /// Always, even into a file or a pipe.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check posts against policy.yaml.
    #[command(
        after_help = "Examples:\n  advocate check\n  advocate check library/tokyo-launch/\n  advocate check --changed-since origin/main --format github\n  advocate check --deny-warnings --now 2026-12-01T09:00:00+09:00"
    )]
    Check(CheckArgs),
    /// Check, then build the portal (refuses when there are errors).
    #[command(
        after_help = "Examples:\n  advocate build\n  advocate build --out public --base-url https://advocates.example.com/\n  advocate build --drafts --future --out preview"
    )]
    Build(BuildArgs),
    /// What a branch changes, as employees will receive it (Markdown or HTML).
    #[command(
        after_help = "Examples:\n  advocate review --base origin/main >> \"$GITHUB_STEP_SUMMARY\"\n  advocate review --base main --format html > review.html"
    )]
    Review(ReviewArgs),
    /// A live preview: the portal with drafts and scheduled posts, rebuilt on every save.
    #[command(
        after_help = "Examples:\n  advocate serve --open\n  advocate serve --port 0\n  advocate serve --host 0.0.0.0 --port 8080"
    )]
    Serve(ServeArgs),
    /// A language server for editors: the checks, fixes, share previews and completion, as you type.
    #[command(
        after_help = "Examples:\n  advocate lsp    (started by the editor: see docs/editors.md)"
    )]
    Lsp(LspArgs),
    /// Start a post that is ready to fill (or repurpose an article with --from).
    #[command(
        after_help = "Examples:\n  advocate new \"Our Tokyo office is open\" --campaign tokyo-launch --lang ja\n  advocate new --from https://www.example.com/blog/tokyo-office --network x linkedin"
    )]
    New(NewArgs),
    /// Start a content repository that passes check and build at once.
    #[command(
        after_help = "Examples:\n  advocate init\n  advocate init marketing --ci gitlab --chat teams\n  advocate init --ci none --force"
    )]
    Init(InitArgs),
    /// A digest for employees: new posts, posts expiring soon, what worked.
    #[command(
        after_help = "Examples:\n  advocate digest --since 7d\n  advocate digest --since 2026-12-01 --format html > digest.html\n  advocate digest --since \"2 weeks\" --format teams\n  advocate digest --since 7d --format email --mail-from advocate@example.com --mail-to all@example.com | sendmail -t"
    )]
    Digest(DigestArgs),
    /// Post the digest (or the posts that went live) to Slack, Teams, Google Chat, Chatwork or LINE WORKS.
    #[command(
        after_help = "Examples:\n  ADVOCATE_TEAMS_WEBHOOK_URL=https://… advocate notify --to teams\n  advocate notify --to slack --new --since 24h\n\nThe webhook's address (or Chatwork's token) comes from the environment: docs/notify.md."
    )]
    Notify(NotifyArgs),
    /// Draft posts from the company blog's feed (RSS, Atom or JSON Feed; a file or an http(s) URL).
    #[command(
        after_help = "Examples:\n  advocate import https://www.example.com/blog/feed.xml\n  advocate import feed.json"
    )]
    Import(ImportArgs),
    /// The built-in theme: copy its files into themes/default/ to customize them.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// The impact's figures from the analytics product policy.yaml names.
    #[command(subcommand)]
    Analytics(AnalyticsCommand),
    /// Print a JSON Schema (policy.yaml or a post's front matter) for YAML editors.
    #[command(
        after_help = "Examples:\n  advocate schema policy > policy.schema.json\n  advocate schema post"
    )]
    Schema(SchemaArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  advocate completions bash > ~/.local/share/bash-completion/completions/advocate\n  advocate completions zsh > ~/.zfunc/_advocate\n  advocate completions fish > ~/.config/fish/completions/advocate.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(
        after_help = "Examples:\n  advocate man > ~/.local/share/man/man1/advocate.1\n  advocate man | man -l -"
    )]
    Man,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AnalyticsCommand {
    /// Fetch the last days' clicks on the tracked links into analytics/ (GA4 or Plausible, as `analytics:` in policy.yaml says).
    #[command(
        after_help = "Examples:\n  ADVOCATE_ANALYTICS_TOKEN=… advocate analytics pull\n  GOOGLE_APPLICATION_CREDENTIALS=key.json advocate analytics pull --days 30"
    )]
    Pull(PullArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct PullArgs {
    /// How many days up to today.
    #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub(crate) days: u32,

    /// Today (RFC 3339), in the site's time zone; default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub(crate) enum ThemeCommand {
    /// Copy built-in theme files into themes/default/ (all of them when no FILE is named).
    #[command(
        after_help = "Examples:\n  advocate theme eject templates/index.html\n  advocate theme eject static/style.css i18n/ja.yaml\n  advocate theme eject"
    )]
    Eject(EjectArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct EjectArgs {
    /// Files of the theme, such as templates/index.html or static/style.css.
    #[arg(value_name = "FILE")]
    pub(crate) files: Vec<String>,

    /// Replace files that exist in themes/default/.
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum)]
    pub(crate) which: crate::json_schema::Schema,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The feed (RSS, Atom or JSON Feed): a file, or an http(s) URL.
    #[arg(value_name = "FEED")]
    pub(crate) feed: String,
}

#[derive(Debug, clap::Args)]
pub(crate) struct DigestArgs {
    /// The period: 7d, 2w, 2 weeks, 24h, P7D, or a date such as 2026-12-01.
    #[arg(long, value_name = "DURATION|DATE")]
    pub(crate) since: String,

    /// The output format.
    #[arg(long, value_enum, default_value = "markdown")]
    pub(crate) format: DigestFormat,

    /// Only the posts that went live in the period ("3 new posts to share").
    #[arg(long)]
    pub(crate) new: bool,

    #[command(flatten)]
    pub(crate) mail: MailArgs,

    /// The end of the period (RFC 3339); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct NotifyArgs {
    /// Where to post.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::notify::names()))]
    pub(crate) to: String,

    /// The period: 7d (the default; 24h with --new), 2 weeks, or a date such as 2026-12-01.
    #[arg(long, value_name = "DURATION|DATE")]
    pub(crate) since: Option<String>,

    /// Only the posts that went live in the period; nothing is posted when there are none.
    #[arg(long)]
    pub(crate) new: bool,

    /// The last publish's posts.json (an address or a path): the new posts are the live ones it lacks.
    #[arg(long, value_name = "URL|FILE")]
    pub(crate) published: Option<String>,

    /// The end of the period (RFC 3339); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,
}

/// An e-mail's addresses, for `--format email`.
#[derive(Debug, clap::Args)]
pub(crate) struct MailArgs {
    /// The e-mail's sender (`--format email`).
    #[arg(long, value_name = "ADDRESS")]
    pub(crate) mail_from: Option<String>,

    /// A recipient (`--format email`); repeat for more.
    #[arg(long, value_name = "ADDRESS")]
    pub(crate) mail_to: Vec<String>,

    /// Where one stops getting the digest (https: or mailto:), for its List-Unsubscribe header.
    #[arg(long, value_name = "URL")]
    pub(crate) unsubscribe_url: Option<String>,
}

impl MailArgs {
    pub(crate) fn mail(&self) -> crate::digest::Mail {
        crate::digest::Mail {
            from: self.mail_from.clone(),
            to: self.mail_to.clone(),
            unsubscribe: self.unsubscribe_url.clone(),
        }
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct LspArgs {
    /// The time posts are judged at (RFC 3339); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on (127.0.0.1: this computer only).
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) host: String,

    /// The port (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,

    /// Open the portal in the browser.
    #[arg(long)]
    pub(crate) open: bool,

    /// The time that decides what is live (RFC 3339); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct NewArgs {
    /// The post's title (taken from the article with --from when left out).
    pub(crate) title: Option<String>,

    /// The campaign the post belongs to (a slug such as tokyo-launch); it also names the folder.
    #[arg(long, value_name = "CAMPAIGN")]
    pub(crate) campaign: Option<String>,

    /// The post's language (a BCP 47 tag in site.languages, such as ja).
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,

    /// Networks to write a share block for (default: every enabled network).
    #[arg(long, value_name = "N", num_args = 1..)]
    pub(crate) network: Vec<String>,

    /// An existing article to repurpose: a file (Markdown with front matter, or HTML) or an http(s) address.
    #[arg(long, value_name = "FILE|URL")]
    pub(crate) from: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// Where the content goes (default: the current folder). Inside a git
    /// repository, the CI files go to its top level.
    pub(crate) dir: Option<PathBuf>,

    /// The CI pipeline to write.
    #[arg(long, value_enum, default_value = "github")]
    pub(crate) ci: crate::authoring::scaffold::Ci,

    /// The chat tool the weekly digest goes to.
    #[arg(long, default_value = "slack", value_parser = clap::builder::PossibleValuesParser::new(crate::notify::names()))]
    pub(crate) chat: String,

    /// Replace files that exist (by default they are kept, and named).
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ReviewArgs {
    /// The base branch or revision; posts changed since the merge base with it are shown.
    #[arg(long, value_name = "REV")]
    pub(crate) base: String,

    /// The output format.
    #[arg(long, value_enum, default_value = "markdown")]
    pub(crate) format: ReviewFormat,

    /// The time that decides status and expiry (RFC 3339); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    /// Where to write the portal (default: public/ in the root).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,

    /// The time that decides what is live (RFC 3339); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,

    /// The portal's address for absolute URLs (default: site.base_url).
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,

    /// Publish drafts too (for previews).
    #[arg(long)]
    pub(crate) drafts: bool,

    /// Publish posts whose publish_at is still ahead (for previews).
    #[arg(long)]
    pub(crate) future: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Only report on these files or folders (relative to the current folder).
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// The output format.
    #[arg(long, value_parser = report_format(), default_value = "human")]
    pub(crate) format: Format,

    /// Only report on posts changed since this Git revision (and all posts when policy.yaml changed).
    #[arg(long, value_name = "REV")]
    pub(crate) changed_since: Option<String>,

    /// The time to judge expiry and schedules at (RFC 3339); default SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,

    /// Fail on warnings too (except `expired` and `expiring`, which time alone causes).
    #[arg(long)]
    pub(crate) deny_warnings: bool,
}

/// `--format`'s values: the report formats' own table, with their help.
fn report_format() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = Format::ALL.map(|(_, name, help)| PossibleValue::new(name).help(help));
    PossibleValuesParser::new(values).try_map(|name| {
        Format::from_name(&name).ok_or_else(|| format!("`{name}` is not a report format"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every flag and argument says what it is, and every command shows
    /// an example.
    #[test]
    fn every_flag_is_described_and_every_command_has_an_example() {
        fn visit(command: &clap::Command, path: &str) {
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                assert!(arg.get_help().is_some(), "{path} {id} has no description");
            }
            let leaf = command.get_subcommands().next().is_none();
            if leaf {
                let after = command
                    .get_after_help()
                    .map(|h| h.to_string())
                    .unwrap_or_default();
                assert!(after.starts_with("Examples:"), "{path} has no example");
                let name = path.trim_start_matches("advocate ");
                assert!(
                    after.contains(&format!("advocate {name}")),
                    "{path}: {after}"
                );
            }
            // clap's own `help` commands need no example.
            for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
                visit(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        let mut command = Cli::command();
        command.build();
        visit(&command, "advocate");
    }
}
