//! Calendar dates at the boundary: strict ISO 8601 parsing and the date arithmetic the statutory
//! clock needs (calendar months with end-of-month clamping).
//!
//! Dates are `time::Date` throughout. This module never asks what day it is.

use time::{Date, Month};

/// A date string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateParseError {
    /// Not in the `YYYY-MM-DD` form.
    #[error("'{0}' is not a date in the form YYYY-MM-DD")]
    Format(String),
    /// The form is right but no such day exists (for example 2026-02-30).
    #[error("'{0}' is not a real calendar date")]
    NoSuchDay(String),
}

/// Parses a date written as `YYYY-MM-DD` (four-digit year, two-digit month and day).
///
/// ```
/// let date = dehcp_domain::date::parse_iso_date("2026-01-05").unwrap();
/// assert_eq!(date.to_string(), "2026-01-05");
/// assert!(dehcp_domain::date::parse_iso_date("2026-02-30").is_err());
/// ```
pub fn parse_iso_date(text: &str) -> Result<Date, DateParseError> {
    let bytes = text.as_bytes();
    let well_formed = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(index, byte)| index == 4 || index == 7 || byte.is_ascii_digit());
    if !well_formed {
        return Err(DateParseError::Format(text.to_owned()));
    }
    let number = |range: std::ops::Range<usize>| -> i32 {
        text[range]
            .bytes()
            .fold(0, |acc, digit| acc * 10 + i32::from(digit - b'0'))
    };
    let year = number(0..4);
    let month = u8::try_from(number(5..7))
        .ok()
        .and_then(|month| Month::try_from(month).ok())
        .ok_or_else(|| DateParseError::NoSuchDay(text.to_owned()))?;
    let day =
        u8::try_from(number(8..10)).map_err(|_| DateParseError::NoSuchDay(text.to_owned()))?;
    Date::from_calendar_date(year, month, day)
        .map_err(|_| DateParseError::NoSuchDay(text.to_owned()))
}

/// Adds (or, for negative `months`, subtracts) whole calendar months, landing on the
/// corresponding day of the target month or on its last day when that month is shorter.
///
/// This is the usual legal reading of "within N months": 31 August plus six months is the last
/// day of February. Returns `None` only when the result falls outside the representable range.
pub fn add_months(date: Date, months: i32) -> Option<Date> {
    let month_index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months;
    let year = month_index.div_euclid(12);
    let month_number = u8::try_from(month_index.rem_euclid(12) + 1).ok()?;
    let month = Month::try_from(month_number).ok()?;
    let last_day = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last_day)).ok()
}

/// Adds a signed number of calendar days, or `None` outside the representable range.
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(time::Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        parse_iso_date(text).unwrap()
    }

    #[test]
    fn strict_parsing_accepts_only_real_iso_dates() {
        assert_eq!(date("2024-02-29").day(), 29);
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
        ] {
            assert!(
                matches!(parse_iso_date(bad), Err(DateParseError::NoSuchDay(_))),
                "{bad}"
            );
        }
        for bad in [
            "",
            "2026-1-05",
            "05/01/2026",
            "2026-01-05T00:00",
            " 2026-01-05",
            "２０２６-01-05",
        ] {
            assert!(
                matches!(parse_iso_date(bad), Err(DateParseError::Format(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn months_clamp_to_the_end_of_a_shorter_month() {
        assert_eq!(add_months(date("2024-02-29"), 12), Some(date("2025-02-28")));
        assert_eq!(add_months(date("2026-08-31"), 6), Some(date("2027-02-28")));
        assert_eq!(add_months(date("2027-08-31"), 6), Some(date("2028-02-29")));
        assert_eq!(add_months(date("2026-03-10"), 12), Some(date("2027-03-10")));
        assert_eq!(add_months(date("2026-12-15"), 1), Some(date("2027-01-15")));
        assert_eq!(add_months(date("2026-01-31"), -5), Some(date("2025-08-31")));
        assert_eq!(add_months(date("2026-07-31"), -5), Some(date("2026-02-28")));
    }

    proptest::proptest! {
        #[test]
        fn every_valid_date_round_trips_through_its_iso_text(days in 0i64..80_000) {
            let start = date("1900-01-01");
            let day = add_days(start, days).unwrap();
            proptest::prop_assert_eq!(parse_iso_date(&day.to_string()), Ok(day));
        }

        #[test]
        fn parsing_never_panics_on_any_text(text in "\\PC{0,14}") {
            let _ = parse_iso_date(&text);
        }
    }
}
