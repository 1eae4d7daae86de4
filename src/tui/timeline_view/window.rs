//! The date window the chart shows: fit everything, or a years or months zoom centred on a date,
//! and the mapping between dates and screen columns.

use chrono::{Datelike, Duration, NaiveDate};

use crate::timeline::PersonTimeline;

use super::lanes::ChartRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zoom {
    #[default]
    Fit,
    Years,
    Months,
}

impl Zoom {
    pub fn label(self) -> &'static str {
        match self {
            Zoom::Fit => "fit all",
            Zoom::Years => "years",
            Zoom::Months => "months",
        }
    }

    pub fn zoom_in(self) -> Zoom {
        match self {
            Zoom::Fit => Zoom::Years,
            _ => Zoom::Months,
        }
    }

    pub fn zoom_out(self) -> Zoom {
        match self {
            Zoom::Months => Zoom::Years,
            _ => Zoom::Fit,
        }
    }

    /// Days shown at this zoom (`None`: whatever fits everything).
    pub fn span_days(self) -> Option<i64> {
        match self {
            Zoom::Fit => None,
            Zoom::Years => Some(4 * 365),
            Zoom::Months => Some(183),
        }
    }
}

/// The chart's view state: the zoom and, when zoomed, the date in the middle of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChartView {
    pub zoom: Zoom,
    pub center: Option<NaiveDate>,
}

/// An inclusive date range mapped onto `width` columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Window {
    pub fn days(self) -> i64 {
        (self.end - self.start).num_days().max(1) + 1
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        d >= self.start && d <= self.end
    }

    /// Column of a date in `0..width`, or `None` outside the window.
    pub fn column(self, d: NaiveDate, width: u16) -> Option<u16> {
        if !self.contains(d) || width == 0 {
            return None;
        }
        let offset = (d - self.start).num_days();
        Some(((offset * width as i64) / self.days()).min(width as i64 - 1) as u16)
    }

    /// Column of a date, clamped to the edges (for bars that run off screen).
    pub fn column_clamped(self, d: NaiveDate, width: u16) -> u16 {
        if d < self.start {
            0
        } else if d > self.end {
            width.saturating_sub(1)
        } else {
            self.column(d, width).unwrap_or(0)
        }
    }

    /// The first date drawn in a column.
    pub fn date_at(self, col: u16, width: u16) -> NaiveDate {
        let w = width.max(1) as i64;
        let days = (col as i64 * self.days() + w - 1) / w;
        self.start + Duration::days(days)
    }

    pub fn shifted(self, days: i64) -> Window {
        Window {
            start: self.start + Duration::days(days),
            end: self.end + Duration::days(days),
        }
    }
}

/// Everything dated on the chart: from the earliest start or marker to the latest end.
pub fn extent(rows: &[ChartRow]) -> Option<Window> {
    let items = rows.iter().flat_map(|r| &r.items);
    let start = items
        .clone()
        .flat_map(|i| std::iter::once(i.start).chain(i.markers.iter().map(|m| m.date)))
        .min()?;
    let end = items
        .flat_map(|i| std::iter::once(i.end).chain(i.markers.iter().map(|m| m.date)))
        .max()?;
    Some(Window { start, end })
}

impl ChartView {
    /// The window shown for a person, given the chart rows and the selected event's date.
    pub fn window(
        &self,
        t: &PersonTimeline,
        rows: &[ChartRow],
        selected: Option<NaiveDate>,
    ) -> Window {
        let fit = extent(rows).map(pad).unwrap_or_else(|| Window {
            start: NaiveDate::from_ymd_opt(2011, 1, 1).unwrap_or(t.windows.extract_date),
            end: t.windows.extract_date,
        });
        match self.zoom.span_days() {
            None => fit,
            Some(span) => {
                let center = self
                    .center
                    .or(selected)
                    .unwrap_or(fit.start + Duration::days(fit.days() / 2));
                let start = center - Duration::days(span / 2);
                Window {
                    start,
                    end: start + Duration::days(span - 1),
                }
            }
        }
    }

    /// Moves the view by a quarter of the window (negative: earlier).
    pub fn pan(&mut self, current: Window, quarters: i64) {
        if self.zoom == Zoom::Fit {
            self.zoom = Zoom::Years;
        }
        let span = self.zoom.span_days().unwrap_or(current.days());
        let centre = self
            .center
            .unwrap_or(current.start + Duration::days(current.days() / 2));
        self.center = Some(centre + Duration::days(quarters * span / 4));
    }
}

/// A small margin either side so bars do not touch the edges; at least a year shown.
fn pad(w: Window) -> Window {
    let days = w.days().max(365);
    let margin = Duration::days(days / 20 + 1);
    let extra = Duration::days((365 - w.days()).max(0) / 2);
    Window {
        start: w.start - margin - extra,
        end: w.end + margin + extra,
    }
}

/// Axis ticks: `(date, label)` at each year start, or each month start when zoomed to months or
/// when the window is short. Labels that would collide are skipped when drawing.
pub fn ticks(w: Window, zoom: Zoom) -> Vec<(NaiveDate, String)> {
    let mut out = Vec::new();
    // A short window (a short fitted timeline) gets month ticks too, or it would have one or none.
    if zoom == Zoom::Months || w.days() <= 800 {
        let mut d = NaiveDate::from_ymd_opt(w.start.year(), w.start.month(), 1).unwrap_or(w.start);
        while d <= w.end {
            if d >= w.start {
                let label = if d.month() == 1 {
                    d.format("%Y").to_string()
                } else {
                    d.format("%b").to_string()
                };
                out.push((d, label));
            }
            d = d
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(w.end + Duration::days(1));
        }
    } else {
        for y in w.start.year()..=w.end.year() {
            if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1).filter(|d| w.contains(*d)) {
                out.push((d, y.to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_map_to_columns_monotonically_and_back() {
        let w = Window {
            start: d(2015, 1, 1),
            end: d(2016, 12, 31),
        };
        assert_eq!(w.column(d(2015, 1, 1), 60), Some(0));
        assert_eq!(w.column(d(2016, 12, 31), 60), Some(59));
        assert_eq!(w.column(d(2017, 1, 1), 60), None);
        let mid = w.column(d(2016, 1, 1), 60).unwrap();
        assert!((29..=30).contains(&mid), "{mid}");
        assert!(w.date_at(mid, 60) <= d(2016, 1, 1));
        assert_eq!(w.column_clamped(d(2010, 1, 1), 60), 0);
        assert_eq!(w.column_clamped(d(2030, 1, 1), 60), 59);
    }

    #[test]
    fn year_ticks_fall_inside_the_window() {
        let w = Window {
            start: d(2014, 6, 1),
            end: d(2017, 2, 1),
        };
        let labels: Vec<String> = ticks(w, Zoom::Years).into_iter().map(|t| t.1).collect();
        assert_eq!(labels, ["2015", "2016", "2017"]);
        let months = ticks(
            Window {
                start: d(2015, 11, 15),
                end: d(2016, 2, 10),
            },
            Zoom::Months,
        );
        let labels: Vec<String> = months.into_iter().map(|t| t.1).collect();
        assert_eq!(labels, ["Dec", "2016", "Feb"]);
    }
}
