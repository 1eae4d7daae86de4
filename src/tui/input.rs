//! Terminal events to actions, through the keymap of the context that has the focus.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};

use super::action::{Action, Edit};
use super::app::App;
use super::keymap::{self, Key};

/// The keymap's name for a key press, if it has one.
pub fn key_of(ev: &KeyEvent) -> Option<Key> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    Some(match ev.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::F(n) => Key::F(n),
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        _ => return None,
    })
}

/// What a key means now: a bound command, else text for a box, else nothing.
pub fn key_action(app: &App, key: Key) -> Option<Action> {
    let (context, typing) = (app.context(), app.typing());
    if app.too_small() {
        // Only quitting makes sense on a screen too small to draw.
        return matches!(key, Key::Char('q') | Key::Ctrl('c'))
            .then_some(Action::Command(keymap::Command::Quit));
    }
    if let Some(c) = keymap::lookup(context, typing, key) {
        return Some(Action::Command(c));
    }
    match key {
        Key::Char(c) if typing => Some(Action::Type(c)),
        Key::Backspace if typing => Some(Action::Backspace),
        Key::Ctrl('w') if typing => Some(Action::Edit(Edit::DeleteWord)),
        Key::Ctrl('u') if typing => Some(Action::Edit(Edit::Clear)),
        _ => None,
    }
}

pub fn event_action(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => key_action(app, key_of(&k)?),
        Event::Mouse(MouseEvent {
            kind, column, row, ..
        }) => match kind {
            MouseEventKind::Down(_) => Some(Action::Click { column, row }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                column,
                row,
                lines: 1,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                column,
                row,
                lines: -1,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        // Bracketed paste: the whole text at once (line breaks dropped).
        Event::Paste(text) if app.typing() => Some(Action::Edit(Edit::Insert(text))),
        _ => None,
    }
}
