//! Entering and leaving the full-screen terminal. Everything enabled on entry (raw mode, the
//! alternate screen, mouse capture) is undone on exit, on error and on panic.

use std::io::{self, Stdout, Write};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::Terminal;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Why the explorer cannot start without a terminal, and what to do instead.
pub const NO_TERMINAL: &str = "the explorer needs an interactive terminal (a console window); \
     input or output is redirected here. For scripts, use the headless commands: `dfexplorer --help`";

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    pub terminal: Term,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        use std::io::IsTerminal;
        if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
            return Err(io::Error::other(NO_TERMINAL));
        }
        install_panic_hook();
        // A signal (SIGTERM, SIGHUP, ...) gives the terminal back before the process exits.
        crate::output::signals::set_restore(Some(restore));
        enable_raw_mode().map_err(|e| io::Error::other(format!("{NO_TERMINAL} ({e})")))?;
        let mut stdout = io::stdout();
        let entered = execute!(
            stdout,
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        );
        if let Err(e) = entered {
            restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(stdout)) {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        crate::output::signals::set_restore(None);
        restore();
    }
}

/// Undoes everything `enter` did; safe to call more than once.
pub fn restore() {
    let mut stdout = io::stdout();
    let _ = execute!(
        stdout,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

/// Panic messages from the worker, printed once the terminal is restored.
static WORKER_PANICS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Prints the worker's panic messages, if any (call after leaving the full screen).
pub fn report_worker_panics() {
    let kept = WORKER_PANICS.lock().unwrap_or_else(|e| e.into_inner());
    for message in kept.iter() {
        eprintln!("internal error in the query worker: {message}");
    }
}

/// Restores the terminal before the panic message prints, so it is readable. Installed once.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(install_panic_hook_now);
}

fn install_panic_hook_now() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The worker catches its own panics and reports them as errors; the screen stays up and
        // the message is kept for after the terminal is restored.
        if std::thread::current().name() == Some(super::lanes::THREAD_NAME) {
            let mut kept = WORKER_PANICS.lock().unwrap_or_else(|e| e.into_inner());
            kept.push(info.to_string());
            return;
        }
        restore();
        previous(info);
    }));
}

/// Writes text to the terminal's clipboard with the OSC 52 sequence (Windows Terminal, iTerm2,
/// kitty, xterm and tmux with `set-clipboard on` honour it; others ignore it).
pub fn copy_to_clipboard(text: &str) {
    let mut out = io::stdout();
    let _ = write!(out, "{}", osc52(text));
    let _ = out.flush();
}

/// The OSC 52 sequence that sets the clipboard to `text`.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648), as OSC 52 wants.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"2165053597"), "MjE2NTA1MzU5Nw==");
        assert_eq!(super::osc52("ab"), "\x1b]52;c;YWI=\x07");
    }
}
