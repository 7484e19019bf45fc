//! A person's roles over the years as inline SVG: a bar for each role
//! across the days it held (a dot for a role stated as of one day), year
//! ticks, and the dossier's date marked by a line. Plain SVG with its own
//! text, so it prints and reads without scripts.

use std::fmt::Write;

use super::escape::escape;
use super::markdown::span_text;
use super::{Dated, Entity, Role};
use crate::syntax::Date;

const WIDTH: f64 = 640.0;
const LEFT: f64 = 8.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 22.0;
const ROW: f64 = 34.0;
const BAR: f64 = 12.0;
const AXIS: f64 = 24.0;

/// The timeline of `entity`'s roles around `date`; `None` when it has no
/// role to draw.
pub fn svg(entity: &Entity, date: Date) -> Option<String> {
    let roles: Vec<&Role> = entity.history.iter().collect();
    if roles.is_empty() {
        return None;
    }
    let axis = Axis::around(&roles, date);
    let height = TOP + ROW * roles.len() as f64 + AXIS;
    let mut svg = String::new();
    let label = format!(
        "Roles of {} over the years {}–{}; the line marks {date}",
        entity.name,
        axis.first_year,
        axis.last_year - 1
    );
    let _ = write!(
        svg,
        r#"<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{}">"#,
        escape(&label)
    );
    let _ = write!(svg, "<title>{}</title>", escape(&label));
    ticks(&axis, height, &mut svg);
    for (row, role) in roles.iter().enumerate() {
        let held = entity.roles.contains(role);
        bar(&axis, row, role, held, date, &mut svg);
    }
    let x = axis.x(date);
    let _ = write!(
        svg,
        r#"<line class="now" x1="{x:.1}" y1="{top:.1}" x2="{x:.1}" y2="{bottom:.1}"/><text class="now-label" x="{x:.1}" y="12" text-anchor="{anchor}">{date}</text>"#,
        top = TOP - 6.0,
        bottom = height - AXIS + 4.0,
        anchor = anchor(x),
    );
    svg.push_str("</svg>");
    Some(svg)
}

/// The day a role stated as of one day is drawn at: that day, or the
/// dossier's date for an undated document's statement (it speaks of
/// whatever day it is read on).
fn stated_on(role: &Role, date: Date) -> Option<Date> {
    match role.as_of {
        _ if role.since.is_some() || role.until.is_some() => None,
        Some(_) if role.source.dated == Dated::Undated => Some(date),
        as_of => as_of,
    }
}

/// Where text placed at `x` should hang from, to stay inside the picture.
fn anchor(x: f64) -> &'static str {
    if x < WIDTH * 0.2 {
        "start"
    } else if x > WIDTH * 0.8 {
        "end"
    } else {
        "middle"
    }
}

/// The years shown: whole years from the first to the last day any role
/// or the date names, one year either side of an open bound.
struct Axis {
    first_year: i32,
    /// Exclusive.
    last_year: i32,
    start: i64,
    end: i64,
}

impl Axis {
    fn around(roles: &[&Role], date: Date) -> Axis {
        let mut days: Vec<Date> = vec![date];
        let mut open = (false, false);
        for role in roles {
            days.extend(role.since.iter().chain(&role.until));
            days.extend(stated_on(role, date));
            open.0 |= role.since.is_none() && role.as_of.is_none();
            open.1 |= role.until.is_none() && role.as_of.is_none();
        }
        let min = days.iter().map(|d| i32::from(d.year())).min().unwrap_or(0);
        let max = days.iter().map(|d| i32::from(d.year())).max().unwrap_or(0);
        let first_year = min - i32::from(open.0);
        let last_year = (max + 1 + i32::from(open.1)).max(first_year + 2);
        Axis {
            first_year,
            last_year,
            start: january_first(first_year),
            end: january_first(last_year),
        }
    }

    fn x(&self, date: Date) -> f64 {
        self.x_of_day(date.day_number())
    }

    fn x_of_day(&self, day: i64) -> f64 {
        let span = (self.end - self.start).max(1) as f64;
        let at = (day - self.start).clamp(0, self.end - self.start) as f64;
        LEFT + at / span * (WIDTH - LEFT - RIGHT)
    }
}

fn january_first(year: i32) -> i64 {
    u16::try_from(year.clamp(0, 9999))
        .ok()
        .and_then(|year| Date::from_ymd(year, 1, 1))
        .map_or(0, Date::day_number)
}

fn ticks(axis: &Axis, height: f64, svg: &mut String) {
    let years = axis.last_year - axis.first_year;
    // At most about twelve labels, on round years.
    let step = [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|s| years / s <= 12)
        .unwrap_or(200);
    let bottom = height - AXIS;
    svg.push_str(r#"<g class="axis">"#);
    for year in axis.first_year..=axis.last_year {
        let x = axis.x_of_day(january_first(year));
        let _ = write!(
            svg,
            r#"<line x1="{x:.1}" y1="{TOP:.1}" x2="{x:.1}" y2="{bottom:.1}"/>"#
        );
        if year % step == 0 && year < axis.last_year {
            let _ = write!(
                svg,
                r#"<text x="{x:.1}" y="{:.1}" text-anchor="{}">{year}</text>"#,
                bottom + 16.0,
                if x > WIDTH - 30.0 { "end" } else { "start" }
            );
        }
    }
    svg.push_str("</g>");
}

fn bar(axis: &Axis, row: usize, role: &Role, held: bool, date: Date, svg: &mut String) {
    let y = TOP + ROW * row as f64 + 14.0;
    let class = if held { "role held" } else { "role" };
    let mut text = role.role.clone();
    if let Some(affiliation) = &role.affiliation {
        text = if text.is_empty() {
            affiliation.name.clone()
        } else {
            format!("{text} · {}", affiliation.name)
        };
    }
    let span = span_text(role);
    let title = format!(
        "{text} ({}per {} line {})",
        span, role.source.shown, role.source.line
    );
    let _ = write!(
        svg,
        r#"<g class="{class}"><title>{}</title>"#,
        escape(&title)
    );
    let (from, to) = match stated_on(role, date) {
        Some(day) => {
            let x = axis.x(day);
            let _ = write!(
                svg,
                r#"<circle cx="{x:.1}" cy="{:.1}" r="{:.1}"/>"#,
                y + BAR / 2.0,
                BAR / 2.0
            );
            (x, x)
        }
        _ => {
            let from = role.since.map_or(LEFT, |d| axis.x(d));
            let to = role.until.map_or(WIDTH - RIGHT, |d| axis.x(d));
            let _ = write!(
                svg,
                r#"<rect x="{from:.1}" y="{y:.1}" width="{:.1}" height="{BAR:.1}" rx="3"/>"#,
                (to - from).max(2.0)
            );
            (from, to)
        }
    };
    // The label above its bar, kept inside the picture.
    let (x, anchor) = if from > WIDTH * 0.6 {
        (to, "end")
    } else {
        (from.max(LEFT), "start")
    };
    let _ = write!(
        svg,
        r#"<text x="{x:.1}" y="{:.1}" text-anchor="{anchor}">{}</text></g>"#,
        y - 3.0,
        escape(&text)
    );
}
