//! Calendar dates of the form `YYYY-MM-DD`: chrono's `NaiveDate`, read
//! strictly (four-digit year, two-digit month and day, a real day).

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A real calendar day (years 0 to 9999, as documents write them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "Ymd", try_from = "Ymd")]
pub struct Date(NaiveDate);

/// How a date is stored (the index cache's format): year, month, day.
#[derive(Serialize, Deserialize)]
struct Ymd {
    year: u16,
    month: u8,
    day: u8,
}

impl From<Date> for Ymd {
    fn from(date: Date) -> Ymd {
        Ymd {
            year: date.year(),
            month: date.month(),
            day: date.day(),
        }
    }
}

impl TryFrom<Ymd> for Date {
    type Error = String;

    fn try_from(ymd: Ymd) -> Result<Date, String> {
        Date::from_ymd(ymd.year, ymd.month, ymd.day)
            .ok_or_else(|| format!("{}-{}-{} is no day", ymd.year, ymd.month, ymd.day))
    }
}

impl Date {
    /// Parses a real calendar day written as `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        // chrono's own parser takes one-digit months and signed years.
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let digits = text.get(range)?;
            digits
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| digits.parse().ok())?
        };
        let month = u8::try_from(number(5..7)?).ok()?;
        let day = u8::try_from(number(8..10)?).ok()?;
        Date::from_ymd(number(0..4)?, month, day)
    }

    /// The day `year`-`month`-`day`, when it is a real one of years 0 to
    /// 9999.
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Option<Date> {
        if year > 9999 {
            return None;
        }
        NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day)).map(Date)
    }

    pub fn year(self) -> u16 {
        // Years are 0 to 9999 by construction.
        u16::try_from(self.0.year()).unwrap_or(0)
    }

    pub fn month(self) -> u8 {
        u8::try_from(self.0.month()).unwrap_or(1)
    }

    pub fn day(self) -> u8 {
        u8::try_from(self.0.day()).unwrap_or(1)
    }

    /// Days since 1970-01-01 (negative before), for distances between days.
    pub fn day_number(self) -> i64 {
        (self.0 - NaiveDate::default()).num_days()
    }

    /// The same day `years` years away, within years 0 to 9999 (28
    /// February for 29 February in a common year).
    pub fn years_from(self, years: i32) -> Date {
        let year = (i32::from(self.year()) + years).clamp(0, 9999);
        let months = Months::new((year - i32::from(self.year())).unsigned_abs() * 12);
        let moved = if year >= i32::from(self.year()) {
            self.0.checked_add_months(months)
        } else {
            self.0.checked_sub_months(months)
        };
        moved.map_or(self, Date)
    }

    /// Today: `NEWSLS_TODAY` (`YYYY-MM-DD`) when set, else the machine's
    /// local date. Undated documents, such as registries, speak of today.
    pub fn today() -> Date {
        if let Some(date) = std::env::var("NEWSLS_TODAY")
            .ok()
            .and_then(|t| Date::parse(t.trim()))
        {
            return date;
        }
        let today = chrono::Local::now().date_naive();
        match u16::try_from(today.year()) {
            Ok(year) if year <= 9999 => Date(today),
            _ => Date(NaiveDate::default()),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn day_numbers_count_days() {
        let day = |t: &str| Date::parse(t).unwrap().day_number();
        assert_eq!(day("1970-01-01"), 0);
        assert_eq!(day("2024-03-01") - day("2024-02-28"), 2);
        assert_eq!(day("2025-01-01") - day("2024-01-01"), 366);
        assert_eq!(day("1969-12-31"), -1);
    }

    #[test]
    fn years_away_keep_the_day_or_take_the_last_of_february() {
        let date = |t: &str| Date::parse(t).unwrap();
        assert_eq!(date("2024-02-29").years_from(1), date("2025-02-28"));
        assert_eq!(date("2024-02-29").years_from(-4), date("2020-02-29"));
        assert_eq!(date("2026-01-22").years_from(-1), date("2025-01-22"));
        assert_eq!(date("9999-06-01").years_from(1), date("9999-06-01"));
    }

    #[test]
    fn stored_as_year_month_day() {
        // The index cache's format: unchanged from the struct it was.
        let date = Date::parse("2026-01-22").unwrap();
        let bytes = postcard::to_allocvec(&date).unwrap();
        assert_eq!(bytes, postcard::to_allocvec(&(2026u16, 1u8, 22u8)).unwrap());
        assert_eq!(postcard::from_bytes::<Date>(&bytes).unwrap(), date);
        let no_day = postcard::to_allocvec(&(2026u16, 2u8, 30u8)).unwrap();
        assert!(postcard::from_bytes::<Date>(&no_day).is_err());
    }

    #[test]
    fn accepts_real_days_only() {
        assert_eq!(
            Date::parse("2026-01-22").map(|d| d.to_string()),
            Some("2026-01-22".into())
        );
        assert!(Date::parse("2024-02-29").is_some());
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "26-01-22",
            "2026/01/22",
            "2026-1-222",
            "２０２６-01-22",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }
}
