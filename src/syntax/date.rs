//! Calendar dates of the form `YYYY-MM-DD`.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses a real calendar day written as `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let digits = text.get(range)?;
            digits
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| digits.parse().ok())?
        };
        let year = number(0..4)?;
        let month = number(5..7)?;
        let day = number(8..10)?;
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if day == 0 || day > days_in_month {
            return None;
        }
        Some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl Date {
    /// Days since 1970-01-01 (negative before), for distances between days.
    pub fn day_number(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
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
        let now = chrono::Local::now().date_naive();
        let text = now.format("%Y-%m-%d").to_string();
        Date::parse(&text).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
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
