//! The catalogue screen: datasets, tables and columns with their data-quality notes, filtered
//! as you type.

pub mod layout;
pub mod state;
pub mod view;

use ratatui::Frame;

use super::{list_row_at, move_in_list, ScreenParts, Text};
use crate::tui::app::App;
use crate::tui::keymap::{Command, Context};
use crate::tui::ui::layout as ui_layout;

pub struct CatalogueScreen;

impl ScreenParts for CatalogueScreen {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Catalogue]
    }

    fn context(&self, _app: &App) -> Context {
        Context::Catalogue
    }

    fn typing(&self, app: &App) -> bool {
        app.catalogue.filtering
    }

    fn title(&self, _app: &App) -> String {
        "catalogue".into()
    }

    fn command(&self, app: &mut App, c: Command) {
        let count = app.catalogue.visible(&app.notes).len();
        let page = layout::areas(app).1.height.saturating_sub(2).max(1) as usize;
        let b = &mut app.catalogue;
        if move_in_list(&mut b.selected, count, page, c) {
            b.detail_scroll = 0;
            return;
        }
        match c {
            Command::ScrollDown => b.detail_scroll = b.detail_scroll.saturating_add(3),
            Command::ScrollUp => b.detail_scroll = b.detail_scroll.saturating_sub(3),
            Command::Filter => b.filtering = true,
            Command::Open => b.filtering = false,
            Command::Back if b.filtering => {
                b.filtering = false;
                b.filter.clear();
                b.selected = 0;
            }
            Command::Back => app.screen = app.catalogue_return,
            _ => {}
        }
    }

    fn text(&self, app: &mut App, text: Text<'_>) {
        let b = &mut app.catalogue;
        match text {
            Text::Char(ch) => b.filter.push(ch),
            Text::Backspace => {
                b.filter.pop();
            }
            Text::Edit(e) => e.apply(&mut b.filter),
        }
        b.selected = 0;
    }

    fn draw(&self, frame: &mut Frame, app: &App) {
        view::draw(frame, app);
    }

    fn click(&self, app: &mut App, column: u16, row: u16) {
        let inner = ui_layout::inner(layout::areas(app).1);
        let n = app.catalogue.visible(&app.notes).len();
        if let Some(i) = list_row_at(inner, 0, n, app.catalogue.selected, column, row) {
            app.catalogue.selected = i;
            app.catalogue.detail_scroll = 0;
        }
    }
}
