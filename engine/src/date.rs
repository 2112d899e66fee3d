//! Publication dates at the precision the sources allow: a year, a month or a day.

use std::fmt;

/// A publication date known to the year, the month or the day.
///
/// Ordering is chronological, and a less precise date sorts before the more
/// precise dates it contains (`2015` < `2015-01` < `2015-01-13`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PubDate {
    /// Four-digit year.
    pub year: u16,
    /// 1–12, when known.
    pub month: Option<u8>,
    /// 1–31, only with a month.
    pub day: Option<u8>,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {0:?}")]
    Shape(String),
    /// The month or day is outside the calendar.
    #[error("{0:?} is not a calendar date")]
    OutOfRange(String),
}

impl PubDate {
    /// A number that orders as the date does (for sorting many documents):
    /// above 0, which stands for "no date".
    pub fn key(&self) -> u32 {
        let part = |p: Option<u8>| p.map_or(0, |v| u32::from(v.min(254)) + 1);
        (u32::from(self.year) << 16 | part(self.month) << 8 | part(self.day)) + 1
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    ///
    /// ```
    /// use loupe_engine::PubDate;
    /// let d = PubDate::parse("2015-01-13").unwrap();
    /// assert_eq!((d.year, d.month, d.day), (2015, Some(1), Some(13)));
    /// assert!(PubDate::parse("2015-13").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let shape = || DateError::Shape(s.to_owned());
        let parts: Vec<&str> = s.split('-').collect();
        let number = |p: &str, len: usize| -> Result<u16, DateError> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(shape());
            }
            p.parse().map_err(|_| shape())
        };
        let (year, month, day) = match parts.as_slice() {
            [y] => (number(y, 4)?, None, None),
            [y, m] => (number(y, 4)?, Some(number(m, 2)?), None),
            [y, m, d] => (number(y, 4)?, Some(number(m, 2)?), Some(number(d, 2)?)),
            _ => return Err(shape()),
        };
        let date = PubDate {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        };
        if date.is_valid() {
            Ok(date)
        } else {
            Err(DateError::OutOfRange(s.to_owned()))
        }
    }

    /// True when month and day exist in the calendar (and a day comes with a month).
    pub fn is_valid(&self) -> bool {
        match (self.month, self.day) {
            (None, None) => true,
            (Some(m), None) => (1..=12).contains(&m),
            (Some(m), Some(d)) => (1..=12).contains(&m) && d >= 1 && d <= days_in_month(self.year, m),
            (None, Some(_)) => false,
        }
    }

    /// The precision this date carries.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

impl Precision {
    /// The word used for it in `catalog.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PubDate {
    /// ISO 8601 at the date's own precision.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let ok = [
            ("2016", (2016, None, None), "year"),
            ("2016-02", (2016, Some(2), None), "month"),
            ("2015-01-13", (2015, Some(1), Some(13)), "day"),
            ("2016-02-29", (2016, Some(2), Some(29)), "day"),
        ];
        for (text, (y, m, d), precision) in ok {
            let date = PubDate::parse(text).unwrap();
            assert_eq!((date.year, date.month, date.day), (y, m, d), "{text}");
            assert_eq!(date.precision().as_str(), precision, "{text}");
            assert_eq!(date.to_string(), text, "display round-trips {text}");
        }
        let bad = [
            "",
            "15",
            "2015-1",
            "2015/01",
            "2015-01-13-1",
            "2015-00",
            "2015-13",
            "2015-02-29",
            "2015-04-31",
            "deux",
        ];
        for text in bad {
            assert!(PubDate::parse(text).is_err(), "{text:?} must be refused");
        }
    }

    #[test]
    fn less_precise_dates_sort_first() {
        let mut dates: Vec<PubDate> = ["2015-01-13", "2016-02", "2015", "2015-01"]
            .iter()
            .map(|s| PubDate::parse(s).unwrap())
            .collect();
        dates.sort();
        let shown: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["2015", "2015-01", "2015-01-13", "2016-02"]);
    }

    #[test]
    fn key_orders_as_the_date() {
        let dates: Vec<PubDate> = [
            "2014-12-31",
            "2015",
            "2015-01",
            "2015-01-02",
            "2015-01-13",
            "2015-02",
            "2016",
        ]
        .iter()
        .map(|d| PubDate::parse(d).unwrap())
        .collect();
        for pair in dates.windows(2) {
            assert!(pair[0] < pair[1]);
            assert!(pair[0].key() < pair[1].key(), "{} {}", pair[0], pair[1]);
        }
        assert!(dates[0].key() > 0);
    }
}
