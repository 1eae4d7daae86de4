//! Interruption: SIGINT, SIGTERM, SIGHUP and SIGQUIT (Ctrl-C and Ctrl-Break on Windows) end the
//! process cleanly from a watcher thread. It waits for any commit in progress (so a set of
//! outputs is never half moved into place), removes this process's temporaries, runs the face's
//! restore hook (the explorer gives back the terminal), and exits with 128 + the signal number.

use std::sync::Mutex;

/// What the face must undo before the process exits (the explorer restores the terminal).
static RESTORE: Mutex<Option<fn()>> = Mutex::new(None);

/// Sets (or clears) the hook run before exiting on a signal.
pub fn set_restore(hook: Option<fn()>) {
    *RESTORE.lock().unwrap_or_else(|e| e.into_inner()) = hook;
}

/// Starts the watcher; call once, early. Failure to install is not fatal (the defaults remain).
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(install_now);
}

#[cfg(unix)]
fn install_now() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
    else {
        return;
    };
    // A small stack: the thread only waits, and a default 8 MiB stack costs milliseconds to map
    // and unmap for every short command.
    let _ = std::thread::Builder::new()
        .name("dfexplorer-signals".into())
        .stack_size(64 * 1024)
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let name = match signal {
                    SIGINT => "SIGINT",
                    SIGTERM => "SIGTERM",
                    SIGHUP => "SIGHUP",
                    _ => "SIGQUIT",
                };
                exit_on(name, signal);
            }
        });
}

#[cfg(windows)]
fn install_now() {
    // Ctrl-C, Ctrl-Break and closing the console; Windows reports no number, so Ctrl-C's.
    let _ = ctrlc::set_handler(|| exit_on("Ctrl-C", 2));
}

#[cfg(not(any(unix, windows)))]
fn install_now() {}

/// Cleans up and exits. Holding stdout while exiting keeps the explorer from drawing again
/// after the terminal is restored. Nothing here may panic: on SIGHUP the terminal is usually
/// gone, and a failed write to it (which `eprintln!` turns into a panic) would end only this
/// thread and leave the process running without a terminal.
fn exit_on(name: &str, signal: i32) -> ! {
    use std::io::Write;
    let removed = super::discard_unfinished();
    let _stdout = std::io::stdout().lock();
    if let Some(hook) = *RESTORE.lock().unwrap_or_else(|e| e.into_inner()) {
        hook();
    }
    let message = if removed > 0 {
        format!(
            "dfexplorer: interrupted ({name}); removed its temporary files, no output was written"
        )
    } else {
        format!("dfexplorer: interrupted ({name})")
    };
    let _ = writeln!(std::io::stderr(), "{message}");
    std::process::exit(128 + signal);
}
