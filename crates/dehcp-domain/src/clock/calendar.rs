//! Working days: an England and Wales bank-holiday calendar shipped as data.
//!
//! A few statutory steps (mediation certificates, transfers between councils) count working
//! days. The calendar knows the days it covers and refuses to count beyond them: guessing a
//! bank holiday would silently shift a legal deadline.

use std::collections::BTreeMap;

use serde::Deserialize;
use time::{Date, Weekday};

use crate::reference::{ReferenceDataError, parse_toml};

const FILE: &str = "bank-holidays-england.toml";
const BUILTIN: &str = include_str!("../../data/bank-holidays-england.toml");

/// A working-day count went outside the calendar's years.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{date} is outside the bank-holiday calendar (version {version}, {first_day} to {last_day}); \
     add that year's bank holidays to {FILE}"
)]
pub struct OutsideCalendar {
    /// The date that could not be classified.
    pub date: Date,
    /// First day covered.
    pub first_day: Date,
    /// Last day covered.
    pub last_day: Date,
    /// The calendar's data version.
    pub version: String,
}

/// England and Wales bank holidays over a known span of years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankHolidays {
    version: String,
    first_day: Date,
    last_day: Date,
    projected_from: Date,
    holidays: BTreeMap<Date, Holiday>,
}

/// One bank holiday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// Its name, for example "Summer bank holiday".
    pub name: String,
    /// A one-off or moved day (a coronation, a jubilee) rather than the usual pattern.
    pub special: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: String,
    first_day: toml::value::Datetime,
    last_day: toml::value::Datetime,
    projected_from: toml::value::Datetime,
    holiday: Vec<RawHoliday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: toml::value::Datetime,
    name: String,
    #[serde(default)]
    special: bool,
}

/// Converts a TOML local date (`2026-01-05`, unquoted) to a `Date`.
pub(crate) fn toml_date(
    file: &'static str,
    value: &toml::value::Datetime,
) -> Result<Date, ReferenceDataError> {
    let bad = || ReferenceDataError::content(file, format!("'{value}' is not a plain date"));
    match (value.date, value.time, value.offset) {
        (Some(date), None, None) => {
            let month = time::Month::try_from(date.month).map_err(|_| bad())?;
            Date::from_calendar_date(i32::from(date.year), month, date.day).map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

impl BankHolidays {
    /// The calendar shipped with dehcp.
    pub fn builtin() -> Result<Self, ReferenceDataError> {
        Self::from_toml_str(BUILTIN)
    }

    /// Loads a calendar from the text of a `bank-holidays-england.toml` file. Every holiday must
    /// fall on a weekday inside the covered span, once.
    pub fn from_toml_str(text: &str) -> Result<Self, ReferenceDataError> {
        let raw: RawFile = parse_toml(FILE, text)?;
        let first_day = toml_date(FILE, &raw.first_day)?;
        let last_day = toml_date(FILE, &raw.last_day)?;
        let projected_from = toml_date(FILE, &raw.projected_from)?;
        if first_day > last_day {
            return Err(ReferenceDataError::content(
                FILE,
                "first_day is after last_day",
            ));
        }
        let mut holidays = BTreeMap::new();
        for raw_holiday in raw.holiday {
            let date = toml_date(FILE, &raw_holiday.date)?;
            let bad = |why: &str| ReferenceDataError::content(FILE, format!("{date}: {why}"));
            if date < first_day || date > last_day {
                return Err(bad("outside first_day..last_day"));
            }
            if matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
                return Err(bad(
                    "a bank holiday on a weekend (give the substitute day instead)",
                ));
            }
            let holiday = Holiday {
                name: raw_holiday.name,
                special: raw_holiday.special,
            };
            if holidays.insert(date, holiday).is_some() {
                return Err(bad("listed twice"));
            }
        }
        Ok(BankHolidays {
            version: raw.version,
            first_day,
            last_day,
            projected_from,
            holidays,
        })
    }

    /// The data version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The last day the calendar covers.
    pub fn last_day(&self) -> Date {
        self.last_day
    }

    /// From this date on the holidays are projected from the usual pattern, not yet proclaimed.
    pub fn projected_from(&self) -> Date {
        self.projected_from
    }

    /// The holidays in date order.
    pub fn holidays(&self) -> impl Iterator<Item = (Date, &Holiday)> {
        self.holidays.iter().map(|(date, holiday)| (*date, holiday))
    }

    fn outside(&self, date: Date) -> OutsideCalendar {
        OutsideCalendar {
            date,
            first_day: self.first_day,
            last_day: self.last_day,
            version: self.version.clone(),
        }
    }

    /// Whether `date` is a working day: Monday to Friday and not a bank holiday.
    pub fn is_working_day(&self, date: Date) -> Result<bool, OutsideCalendar> {
        if date < self.first_day || date > self.last_day {
            return Err(self.outside(date));
        }
        let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        Ok(!weekend && !self.holidays.contains_key(&date))
    }

    /// The date `count` working days after `start` (the start day itself is not counted). With
    /// a `count` of zero, `start` is returned unchanged.
    pub fn add_working_days(&self, start: Date, count: u32) -> Result<Date, OutsideCalendar> {
        let mut date = start;
        let mut remaining = count;
        while remaining > 0 {
            date = date.next_day().ok_or_else(|| self.outside(date))?;
            if self.is_working_day(date)? {
                remaining -= 1;
            }
        }
        Ok(date)
    }

    /// The date `count` working days before `start` (the start day itself is not counted).
    pub fn subtract_working_days(&self, start: Date, count: u32) -> Result<Date, OutsideCalendar> {
        let mut date = start;
        let mut remaining = count;
        while remaining > 0 {
            date = date.previous_day().ok_or_else(|| self.outside(date))?;
            if self.is_working_day(date)? {
                remaining -= 1;
            }
        }
        Ok(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::{add_days, parse_iso_date};
    use std::collections::BTreeSet;
    use time::Month;

    fn date(text: &str) -> Date {
        parse_iso_date(text).unwrap()
    }

    /// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    fn easter_sunday(year: i32) -> Date {
        let a = year % 19;
        let b = year / 100;
        let c = year % 100;
        let d = b / 4;
        let e = b % 4;
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - d - g + 15) % 30;
        let i = c / 4;
        let k = c % 4;
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        Date::from_calendar_date(year, Month::try_from(month as u8).unwrap(), day as u8).unwrap()
    }

    fn weekday_on_or_after(year: i32, month: Month, day: u8, weekday: Weekday) -> Date {
        let mut date = Date::from_calendar_date(year, month, day).unwrap();
        while date.weekday() != weekday {
            date = date.next_day().unwrap();
        }
        date
    }

    fn last_monday(year: i32, month: Month) -> Date {
        let mut date =
            Date::from_calendar_date(year, month, time::util::days_in_month(month, year)).unwrap();
        while date.weekday() != Weekday::Monday {
            date = date.previous_day().unwrap();
        }
        date
    }

    /// The usual pattern of England and Wales bank holidays, with weekend substitution.
    fn usual_pattern(year: i32) -> BTreeSet<Date> {
        let mut days = BTreeSet::new();
        // New Year's Day, or the Monday after when it falls at a weekend.
        let jan1 = Date::from_calendar_date(year, Month::January, 1).unwrap();
        days.insert(match jan1.weekday() {
            Weekday::Saturday | Weekday::Sunday => {
                weekday_on_or_after(year, Month::January, 1, Weekday::Monday)
            }
            _ => jan1,
        });
        let easter = easter_sunday(year);
        days.insert(add_days(easter, -2).unwrap());
        days.insert(add_days(easter, 1).unwrap());
        days.insert(weekday_on_or_after(year, Month::May, 1, Weekday::Monday));
        days.insert(last_monday(year, Month::May));
        days.insert(last_monday(year, Month::August));
        let christmas = Date::from_calendar_date(year, Month::December, 25).unwrap();
        let (first, second) = match christmas.weekday() {
            Weekday::Friday => (25, 28),
            Weekday::Saturday => (27, 28),
            Weekday::Sunday => (26, 27),
            _ => (25, 26),
        };
        days.insert(Date::from_calendar_date(year, Month::December, first).unwrap());
        days.insert(Date::from_calendar_date(year, Month::December, second).unwrap());
        days
    }

    #[test]
    fn every_listed_holiday_follows_the_usual_pattern_or_is_marked_special() {
        let calendar = BankHolidays::builtin().unwrap();
        for year in 2014..=2030 {
            let expected = usual_pattern(year);
            let listed: BTreeSet<Date> = calendar
                .holidays()
                .filter(|(date, _)| date.year() == year)
                .map(|(date, _)| date)
                .collect();
            for (date, holiday) in calendar.holidays().filter(|(d, _)| d.year() == year) {
                assert!(
                    expected.contains(&date) || holiday.special,
                    "{date} {} is neither usual nor marked special",
                    holiday.name
                );
            }
            let moved: Vec<&Date> = expected.difference(&listed).collect();
            // Only 2020 (early May moved to VE Day) and 2022 (spring moved for the jubilee)
            // replaced a usual day.
            let allowed: &[&str] = match year {
                2020 => &["2020-05-04"],
                2022 => &["2022-05-30"],
                _ => &[],
            };
            let allowed: Vec<Date> = allowed.iter().map(|d| date(d)).collect();
            assert_eq!(
                moved.into_iter().copied().collect::<Vec<_>>(),
                allowed,
                "{year}"
            );
        }
    }

    #[test]
    fn known_holidays_and_working_days_are_classified() {
        let calendar = BankHolidays::builtin().unwrap();
        for holiday in [
            "2026-04-03",
            "2026-04-06",
            "2026-12-28",
            "2023-05-08",
            "2022-09-19",
            "2030-12-26",
        ] {
            assert_eq!(
                calendar.is_working_day(date(holiday)),
                Ok(false),
                "{holiday}"
            );
        }
        assert_eq!(calendar.is_working_day(date("2026-12-29")), Ok(true));
        assert_eq!(
            calendar.is_working_day(date("2026-11-28")),
            Ok(false),
            "a Saturday"
        );
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        let calendar = BankHolidays::builtin().unwrap();
        // Thursday 2 April 2026, then Good Friday, the weekend and Easter Monday.
        assert_eq!(
            calendar.add_working_days(date("2026-04-02"), 1),
            Ok(date("2026-04-07"))
        );
        assert_eq!(
            calendar.add_working_days(date("2026-04-02"), 3),
            Ok(date("2026-04-09"))
        );
        // Christmas 2026: Friday 25 and Monday 28 (Boxing Day substitute) are holidays.
        assert_eq!(
            calendar.add_working_days(date("2026-12-24"), 1),
            Ok(date("2026-12-29"))
        );
        assert_eq!(
            calendar.add_working_days(date("2026-11-26"), 0),
            Ok(date("2026-11-26"))
        );
        assert_eq!(
            calendar.subtract_working_days(date("2026-04-07"), 1),
            Ok(date("2026-04-02"))
        );
        // 15 working days from Monday 2 November 2026 with no holidays: three weeks.
        assert_eq!(
            calendar.add_working_days(date("2026-11-02"), 15),
            Ok(date("2026-11-23"))
        );
    }

    #[test]
    fn counting_past_the_end_of_the_calendar_is_a_clear_error() {
        let calendar = BankHolidays::builtin().unwrap();
        let error = calendar
            .add_working_days(date("2030-12-30"), 3)
            .unwrap_err();
        assert_eq!(error.date, date("2031-01-01"));
        assert!(
            error
                .to_string()
                .contains("outside the bank-holiday calendar"),
            "{error}"
        );
        assert!(calendar.is_working_day(date("2013-12-31")).is_err());
    }

    #[test]
    fn a_holiday_on_a_weekend_is_rejected_when_loading() {
        let text = "version = \"x\"\nfirst_day = 2026-01-01\nlast_day = 2026-12-31\n\
                    projected_from = 2027-01-01\n[[holiday]]\ndate = 2026-12-26\nname = \"Boxing Day\"\n";
        let error = BankHolidays::from_toml_str(text).unwrap_err();
        assert!(error.to_string().contains("weekend"), "{error}");
    }

    proptest::proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day_and_is_monotonic(
            offset in 0i64..5_000, count in 1u32..40
        ) {
            let calendar = BankHolidays::builtin().unwrap();
            let start = add_days(date("2015-01-01"), offset).unwrap();
            let end = calendar.add_working_days(start, count).unwrap();
            proptest::prop_assert!(calendar.is_working_day(end).unwrap());
            proptest::prop_assert!(end > start);
            let further = calendar.add_working_days(start, count + 1).unwrap();
            proptest::prop_assert!(further > end);
            proptest::prop_assert_eq!(calendar.subtract_working_days(end, count).unwrap() <= start, true);
        }
    }
}
