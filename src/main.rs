//! The dfexplorer binary: the TUI by default, headless subcommands for scripts.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(dfexplorer::cli::run());
}
