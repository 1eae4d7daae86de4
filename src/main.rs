//! The dfexplorer binary: the TUI by default, headless subcommands for scripts.

fn main() {
    std::process::exit(dfexplorer::cli::run());
}
