//! Styles. Colour is an extra signal only: every meaning also has a glyph, a label or a modifier,
//! so the explorer reads the same with `NO_COLOR` set. Only foreground colours from the terminal's
//! own palette are used, never a fixed background, so light and dark terminals both work.

use ratatui::style::{Color, Modifier, Style};

use crate::contract::Dataset;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn dataset(self, d: Dataset) -> Style {
        self.fg(match d {
            Dataset::Magistrates => Color::Blue,
            Dataset::Crown => Color::Magenta,
            Dataset::Prison => Color::Red,
            Dataset::Probation => Color::Green,
        })
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Problems: disagreements, quality flags, possible missed links.
    pub fn warn(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The border of the pane that has the keyboard focus.
    pub fn focus_border(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}

/// Short dataset tags for narrow columns.
pub fn dataset_tag(d: Dataset) -> &'static str {
    match d {
        Dataset::Magistrates => "MAG",
        Dataset::Crown => "CRN",
        Dataset::Prison => "PRI",
        Dataset::Probation => "PRB",
    }
}
