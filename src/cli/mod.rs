//! The `pyguide` command line: a thin adapter over the same core as the server.

mod check;
mod explain;
mod list;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "pyguide",
    version,
    about = "Explains the Python your code uses and warns about the pitfalls good guides warn about"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    Beginner,
    Intermediate,
    Expert,
}

impl From<LevelArg> for crate::settings::Audience {
    fn from(l: LevelArg) -> Self {
        match l {
            LevelArg::Beginner => crate::settings::Audience::Beginner,
            LevelArg::Intermediate => crate::settings::Audience::Intermediate,
            LevelArg::Expert => crate::settings::Audience::Expert,
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the language server over stdio.
    Server {
        /// Accepted and ignored (editors add it).
        #[arg(long)]
        stdio: bool,
    },
    /// Check files and directories (respecting .gitignore) for pitfalls.
    Check(check::CheckArgs),
    /// Explain a concept or rule by id or code, or what is at FILE:ROW:COL.
    Explain(explain::ExplainArgs),
    /// List every concept card.
    Concepts {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        output_format: Format,
    },
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        output_format: Format,
    },
    /// Validate knowledge cards.
    Knowledge {
        #[command(subcommand)]
        command: KnowledgeCommand,
    },
    /// Check and explain a bundled example file: a tour of what pyguide does.
    Tour,
}

#[derive(Subcommand, Debug)]
enum KnowledgeCommand {
    /// Validate a directory of user cards; prints FILE:LINE: problem for each.
    Check { dir: std::path::PathBuf },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    init_logging(matches!(cli.command, Command::Server { .. }));
    match cli.command {
        Command::Server { stdio: _ } => {
            // One thread reads, dispatches and answers messages: a hover is
            // answered without waking another thread. Checks run on the
            // blocking pool (see `lsp::notifications::publish`).
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt,
                Err(e) => {
                    eprintln!("pyguide: cannot start the async runtime: {e}");
                    return ExitCode::from(2);
                }
            };
            runtime.block_on(crate::lsp::run_stdio());
            // The stdin reader thread may still be blocked in a read: do not wait for it.
            runtime.shutdown_background();
            ExitCode::SUCCESS
        }
        Command::Check(args) => check::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Concepts { output_format } => list::concepts(output_format),
        Command::Rules { output_format } => list::rules(output_format),
        Command::Knowledge {
            command: KnowledgeCommand::Check { dir },
        } => list::knowledge_check(&dir),
        Command::Tour => explain::tour(),
    }
}

/// Logs go to stderr only (stdout carries the protocol in server mode).
/// `PYGUIDE_LOG` (or `RUST_LOG`) sets the filter; the default is `warn`
/// (editors show a server's stderr as errors).
fn init_logging(server: bool) {
    let _ = server;
    let default = "pyguide=warn";
    let filter = std::env::var("PYGUIDE_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| default.to_string());
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .try_init();
}
