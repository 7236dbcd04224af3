//! Ages, age bands and national curriculum year groups, worked out from a month of birth.
//!
//! The product stores only the month and year of birth, never the day (data minimisation), so
//! every age here is computed under one stated convention: the birthday is taken to fall on the
//! 1st of the birth month. Ages that might be a year too high because of that are flagged as
//! uncertain rather than hidden.
//!
//! Nothing here reads the clock: the date an age is wanted "on" is always a parameter.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

/// The earliest year of birth accepted.
const EARLIEST_BIRTH_YEAR: i32 = 1900;
/// The latest year of birth accepted.
const LATEST_BIRTH_YEAR: i32 = 2100;
/// The oldest age computed; anything older is taken to be a data error.
const OLDEST_AGE: i32 = 120;

/// A month of birth could not be built or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BirthMonthError {
    /// Not in the `YYYY-MM` form.
    #[error("'{0}' is not a month of birth in the form YYYY-MM")]
    Format(String),
    /// The month number is not between 01 and 12.
    #[error("{month:02} is not a month: expected 01 to 12")]
    NoSuchMonth {
        /// The month number given.
        month: u8,
    },
    /// The year is outside 1900 to 2100.
    #[error("{year} is not a plausible year of birth: expected 1900 to 2100")]
    YearOutOfRange {
        /// The year given.
        year: i32,
    },
}

/// An age, age band or year group could not be worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AgeError {
    /// The date asked about is before the first day of the birth month.
    #[error("the date is before the month of birth")]
    NotYetBorn,
    /// The age would be over 120, which points to a wrong date or month of birth.
    #[error("an age of {years} is over 120, so the month of birth or the date must be wrong")]
    ImplausiblyOld {
        /// The computed age in completed years.
        years: u16,
    },
    /// The age is 26 or over; EHC plans cover ages 0 to 25, so no age band applies.
    #[error("an age of {years} is over 25, beyond the age bands for EHC plans")]
    OverTwentyFive {
        /// The age in completed years.
        years: u8,
    },
}

/// A month of birth: the year and month only, with no day.
///
/// Ordered chronologically.
///
/// ```
/// use dehcp_domain::BirthMonth;
/// let born = BirthMonth::parse("2015-09").unwrap();
/// assert_eq!(born.to_string(), "2015-09");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BirthMonth {
    year: i32,
    month: Month,
}

impl BirthMonth {
    /// Builds a month of birth; the year must be between 1900 and 2100 inclusive.
    pub fn new(year: i32, month: Month) -> Result<Self, BirthMonthError> {
        if (EARLIEST_BIRTH_YEAR..=LATEST_BIRTH_YEAR).contains(&year) {
            Ok(Self { year, month })
        } else {
            Err(BirthMonthError::YearOutOfRange { year })
        }
    }

    /// Parses a month of birth written `YYYY-MM` (four-digit year, two-digit month), with no
    /// surrounding whitespace.
    pub fn parse(text: &str) -> Result<Self, BirthMonthError> {
        let bytes = text.as_bytes();
        let well_formed = bytes.len() == 7
            && bytes[4] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(index, byte)| index == 4 || byte.is_ascii_digit());
        if !well_formed {
            return Err(BirthMonthError::Format(text.to_owned()));
        }
        let number = |range: std::ops::Range<usize>| -> u16 {
            bytes[range]
                .iter()
                .fold(0, |acc, digit| acc * 10 + u16::from(digit - b'0'))
        };
        let month_number = u8::try_from(number(5..7)).unwrap_or(u8::MAX);
        let month = Month::try_from(month_number).map_err(|_| BirthMonthError::NoSuchMonth {
            month: month_number,
        })?;
        Self::new(i32::from(number(0..4)), month)
    }

    /// The year of birth.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month of birth.
    pub fn month(&self) -> Month {
        self.month
    }

    /// The age in completed years on `on`.
    ///
    /// Convention: because the day of birth is unknown, the birthday is taken to be the 1st of
    /// the birth month. From the 1st of that month the new age counts as reached, so during the
    /// birth month each year the age may be one year too high; [`Age::uncertain`] is set then
    /// (and, in the very month of birth, the child may not yet have been born). Dates before
    /// the 1st of the birth month give [`AgeError::NotYetBorn`]; ages over 120 give
    /// [`AgeError::ImplausiblyOld`].
    ///
    /// ```
    /// use dehcp_domain::BirthMonth;
    /// use time::{Date, Month};
    /// let born = BirthMonth::new(2015, Month::September).unwrap();
    /// let on = Date::from_calendar_date(2026, Month::September, 1).unwrap();
    /// let age = born.age_at(on).unwrap();
    /// assert_eq!((age.years, age.uncertain), (11, true));
    /// ```
    pub fn age_at(&self, on: Date) -> Result<Age, AgeError> {
        let birth_month = u8::from(self.month);
        let current_month = u8::from(on.month());
        if (on.year(), current_month) < (self.year, birth_month) {
            return Err(AgeError::NotYetBorn);
        }
        let years = on.year() - self.year - i32::from(current_month < birth_month);
        if years > OLDEST_AGE {
            return Err(AgeError::ImplausiblyOld {
                years: u16::try_from(years).unwrap_or(u16::MAX),
            });
        }
        let years = u8::try_from(years).map_err(|_| AgeError::NotYetBorn)?;
        Ok(Age {
            years,
            uncertain: current_month == birth_month,
        })
    }

    /// The SEN2 age band on `on`, from [`BirthMonth::age_at`] under the same convention.
    ///
    /// In the birth month the band is that of the assumed age, which may be one band too high
    /// at a band edge; check [`Age::uncertain`] through `age_at` where that matters.
    pub fn age_band_at(&self, on: Date) -> Result<AgeBand, AgeError> {
        AgeBand::for_age(self.age_at(on)?.years)
    }

    /// The nominal national curriculum year group in the academic year (1 September to 31
    /// August) containing `on`.
    ///
    /// This is the cohort the date of birth places the child in. A child educated out of their
    /// chronological year group keeps this nominal year group here; the year group they are
    /// actually taught in is recorded elsewhere. Errors as [`BirthMonth::age_at`] does.
    ///
    /// ```
    /// use dehcp_domain::{BirthMonth, YearGroup};
    /// use time::{Date, Month};
    /// let born = BirthMonth::new(2021, Month::September).unwrap();
    /// let on = Date::from_calendar_date(2026, Month::September, 1).unwrap();
    /// assert_eq!(born.year_group_at(on).unwrap(), YearGroup::Reception);
    /// ```
    pub fn year_group_at(&self, on: Date) -> Result<YearGroup, AgeError> {
        self.age_at(on)?;
        let cohort = academic_year_starting(self.year, self.month);
        let school_year = academic_year_starting(on.year(), on.month());
        Ok(YearGroup::from_offset(school_year - 5 - cohort))
    }
}

impl PartialOrd for BirthMonth {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for BirthMonth {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, u8::from(self.month)).cmp(&(other.year, u8::from(other.month)))
    }
}

impl fmt::Display for BirthMonth {
    /// Writes `YYYY-MM`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:04}-{:02}", self.year, u8::from(self.month))
    }
}

impl FromStr for BirthMonth {
    type Err = BirthMonthError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// The calendar year in which the academic year containing the given month began.
fn academic_year_starting(year: i32, month: Month) -> i32 {
    if u8::from(month) >= u8::from(Month::September) {
        year
    } else {
        year - 1
    }
}

/// An age in completed years, computed from a month of birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Age {
    /// Completed years, taking the birthday to be the 1st of the birth month.
    pub years: u8,
    /// True when the date falls in the birth month, so the real age may be one year less.
    pub uncertain: bool,
}

/// The SEN2 age bands for children and young people with EHC plans, aged 0 to 25.
///
/// Declared, and ordered, youngest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeBand {
    /// Under 5: "<5".
    UnderFive,
    /// 5 to 10: "5-10".
    FiveToTen,
    /// 11 to 15: "11-15".
    ElevenToFifteen,
    /// 16 to 19: "16-19".
    SixteenToNineteen,
    /// 20 to 25: "20-25".
    TwentyToTwentyFive,
}

impl AgeBand {
    /// Every band, youngest first.
    pub const ALL: [AgeBand; 5] = [
        AgeBand::UnderFive,
        AgeBand::FiveToTen,
        AgeBand::ElevenToFifteen,
        AgeBand::SixteenToNineteen,
        AgeBand::TwentyToTwentyFive,
    ];

    /// The band for an age in completed years; 26 and over is [`AgeError::OverTwentyFive`].
    pub fn for_age(years: u8) -> Result<Self, AgeError> {
        match years {
            0..=4 => Ok(Self::UnderFive),
            5..=10 => Ok(Self::FiveToTen),
            11..=15 => Ok(Self::ElevenToFifteen),
            16..=19 => Ok(Self::SixteenToNineteen),
            20..=25 => Ok(Self::TwentyToTwentyFive),
            _ => Err(AgeError::OverTwentyFive { years }),
        }
    }

    /// The SEN2 label: exactly "<5", "5-10", "11-15", "16-19" or "20-25", with ASCII hyphens.
    pub fn label(&self) -> &'static str {
        match self {
            Self::UnderFive => "<5",
            Self::FiveToTen => "5-10",
            Self::ElevenToFifteen => "11-15",
            Self::SixteenToNineteen => "16-19",
            Self::TwentyToTwentyFive => "20-25",
        }
    }
}

impl fmt::Display for AgeBand {
    /// Writes the [`AgeBand::label`].
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.label())
    }
}

/// Text that is not one of the age band labels.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{text}' is not an age band: expected <5, 5-10, 11-15, 16-19 or 20-25")]
pub struct AgeBandParseError {
    /// The text given.
    pub text: String,
}

impl FromStr for AgeBand {
    type Err = AgeBandParseError;

    /// Reads a label as written by [`AgeBand::label`], also accepting an en dash ("5–10") for
    /// the hyphen and ignoring surrounding whitespace.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let normalised = text.trim().replace('\u{2013}', "-");
        Self::ALL
            .into_iter()
            .find(|band| band.label() == normalised)
            .ok_or_else(|| AgeBandParseError {
                text: text.to_owned(),
            })
    }
}

/// A national curriculum year group in England, as set by date of birth.
///
/// This is the nominal cohort: a child born between 1 September and 31 August belongs to the
/// same year group. A child educated out of their chronological year group is recorded
/// elsewhere; this type never reflects that.
///
/// Ordered youngest first, with [`YearGroup::Year`] ordered by its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum YearGroup {
    /// Too young even for the first nursery year.
    NotOfSchoolAge,
    /// Two years before Reception (the year a child turns three).
    Nursery1,
    /// The year before Reception (the year a child turns four).
    Nursery2,
    /// Reception (the year a child turns five).
    Reception,
    /// Years 1 to 13. This module only ever produces numbers 1 to 13.
    Year(u8),
    /// Past Year 13 by `years_past` academic years (1 or more).
    BeyondYear13 {
        /// How many academic years past Year 13.
        years_past: u8,
    },
}

impl YearGroup {
    /// The year group for `offset` academic years after Reception (negative for nursery years).
    fn from_offset(offset: i32) -> Self {
        match offset {
            ..=-3 => Self::NotOfSchoolAge,
            -2 => Self::Nursery1,
            -1 => Self::Nursery2,
            0 => Self::Reception,
            1..=13 => Self::Year(u8::try_from(offset).unwrap_or(13)),
            _ => Self::BeyondYear13 {
                years_past: u8::try_from(offset - 13).unwrap_or(u8::MAX),
            },
        }
    }

    /// A short label: "N1", "N2", "R", "Y1" to "Y13", then "Y13+1", "Y13+2" and so on for
    /// years past Year 13; "pre-N1" for children not yet of nursery age.
    pub fn label(&self) -> String {
        match self {
            Self::NotOfSchoolAge => "pre-N1".to_owned(),
            Self::Nursery1 => "N1".to_owned(),
            Self::Nursery2 => "N2".to_owned(),
            Self::Reception => "R".to_owned(),
            Self::Year(number) => format!("Y{number}"),
            Self::BeyondYear13 { years_past } => format!("Y13+{years_past}"),
        }
    }

    /// The key stage: 1 for Years 1–2, 2 for Years 3–6, 3 for Years 7–9, 4 for Years 10–11;
    /// `None` for the early years, the sixth form and beyond.
    pub fn key_stage(&self) -> Option<u8> {
        match self {
            Self::Year(1..=2) => Some(1),
            Self::Year(3..=6) => Some(2),
            Self::Year(7..=9) => Some(3),
            Self::Year(10..=11) => Some(4),
            _ => None,
        }
    }

    /// Whether the child is in Year 9 or later, from when the Preparing for Adulthood duties
    /// apply (EHC plan reviews must then consider the transition to adulthood).
    pub fn is_year_nine_or_above(&self) -> bool {
        match self {
            Self::Year(number) => *number >= 9,
            Self::BeyondYear13 { .. } => true,
            Self::NotOfSchoolAge | Self::Nursery1 | Self::Nursery2 | Self::Reception => false,
        }
    }
}

impl fmt::Display for YearGroup {
    /// Writes the [`YearGroup::label`].
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn born(text: &str) -> BirthMonth {
        BirthMonth::parse(text).unwrap()
    }

    fn date(text: &str) -> Date {
        crate::date::parse_iso_date(text).unwrap()
    }

    fn age(birth: &str, on: &str) -> (u8, bool) {
        let age = born(birth).age_at(date(on)).unwrap();
        (age.years, age.uncertain)
    }

    #[test]
    fn a_birth_month_parses_from_year_dash_month() {
        let birth = born("2015-09");
        assert_eq!(birth.year(), 2015);
        assert_eq!(birth.month(), Month::September);
        assert_eq!(birth.to_string(), "2015-09");
        assert_eq!(
            "1900-01".parse::<BirthMonth>().unwrap().to_string(),
            "1900-01"
        );
    }

    #[test]
    fn malformed_birth_months_are_format_errors() {
        for text in [
            "",
            "2015-9",
            "2015/09",
            "15-09",
            "2015-09-01",
            " 2015-09",
            "20l5-09",
        ] {
            assert_eq!(
                BirthMonth::parse(text),
                Err(BirthMonthError::Format(text.to_owned()))
            );
        }
    }

    #[test]
    fn month_thirteen_and_month_zero_do_not_exist() {
        assert_eq!(
            BirthMonth::parse("2015-13"),
            Err(BirthMonthError::NoSuchMonth { month: 13 })
        );
        assert_eq!(
            BirthMonth::parse("2015-00"),
            Err(BirthMonthError::NoSuchMonth { month: 0 })
        );
    }

    #[test]
    fn years_of_birth_outside_1900_to_2100_are_refused() {
        assert_eq!(
            BirthMonth::parse("1899-12"),
            Err(BirthMonthError::YearOutOfRange { year: 1899 })
        );
        assert_eq!(
            BirthMonth::new(2101, Month::January),
            Err(BirthMonthError::YearOutOfRange { year: 2101 })
        );
        assert!(BirthMonth::new(2100, Month::December).is_ok());
        assert_eq!(
            BirthMonthError::YearOutOfRange { year: 1899 }.to_string(),
            "1899 is not a plausible year of birth: expected 1900 to 2100"
        );
    }

    #[test]
    fn birth_months_sort_chronologically() {
        assert!(born("2015-12") < born("2016-01"));
        assert!(born("2016-02") < born("2016-11"));
    }

    #[test]
    fn the_age_goes_up_on_the_first_of_the_birth_month_and_is_then_uncertain() {
        assert_eq!(age("2015-09", "2026-08-31"), (10, false));
        assert_eq!(age("2015-09", "2026-09-01"), (11, true));
        assert_eq!(age("2015-09", "2026-09-30"), (11, true));
        assert_eq!(age("2015-09", "2026-10-01"), (11, false));
    }

    #[test]
    fn a_child_born_in_february_of_a_leap_year_ages_on_the_first_of_february() {
        assert_eq!(age("2016-02", "2020-01-31"), (3, false));
        assert_eq!(age("2016-02", "2020-02-29"), (4, true));
        assert_eq!(age("2016-02", "2020-03-01"), (4, false));
        assert_eq!(age("2016-02", "2021-02-28"), (5, true));
        assert_eq!(age("2016-02", "2021-03-01"), (5, false));
    }

    #[test]
    fn the_age_on_a_leap_day_counts_completed_years() {
        assert_eq!(age("2012-03", "2024-02-29"), (11, false));
        assert_eq!(age("2012-02", "2024-02-29"), (12, true));
    }

    #[test]
    fn the_month_of_birth_itself_is_age_zero_and_uncertain() {
        assert_eq!(age("2026-05", "2026-05-01"), (0, true));
        assert_eq!(age("2026-05", "2026-05-31"), (0, true));
        assert_eq!(age("2026-05", "2026-06-01"), (0, false));
        assert_eq!(age("2026-05", "2027-04-30"), (0, false));
    }

    #[test]
    fn a_date_before_the_birth_month_is_not_yet_born() {
        assert_eq!(
            born("2026-05").age_at(date("2026-04-30")),
            Err(AgeError::NotYetBorn)
        );
        assert_eq!(
            born("2026-05").age_at(date("2025-12-31")),
            Err(AgeError::NotYetBorn)
        );
        assert_eq!(
            born("2026-05").year_group_at(date("2026-04-30")),
            Err(AgeError::NotYetBorn)
        );
    }

    #[test]
    fn ages_over_120_are_refused_as_implausible() {
        assert_eq!(age("1900-01", "2020-12-31"), (120, false));
        assert_eq!(
            born("1900-01").age_at(date("2021-01-01")),
            Err(AgeError::ImplausiblyOld { years: 121 })
        );
    }

    #[test]
    fn age_bands_change_at_five_eleven_sixteen_twenty_and_twenty_six() {
        use AgeBand::*;
        let edges = [
            (4, UnderFive),
            (5, FiveToTen),
            (10, FiveToTen),
            (11, ElevenToFifteen),
            (15, ElevenToFifteen),
            (16, SixteenToNineteen),
            (19, SixteenToNineteen),
            (20, TwentyToTwentyFive),
            (25, TwentyToTwentyFive),
        ];
        for (years, band) in edges {
            assert_eq!(AgeBand::for_age(years), Ok(band), "{years}");
        }
        assert_eq!(AgeBand::for_age(0), Ok(UnderFive));
        assert_eq!(
            AgeBand::for_age(26),
            Err(AgeError::OverTwentyFive { years: 26 })
        );
    }

    #[test]
    fn the_age_band_follows_the_birthday_convention_at_each_edge() {
        let birth = born("2020-06");
        let cases = [
            ("2025-05-31", AgeBand::UnderFive),
            ("2025-06-01", AgeBand::FiveToTen),
            ("2031-05-31", AgeBand::FiveToTen),
            ("2031-06-01", AgeBand::ElevenToFifteen),
            ("2036-05-31", AgeBand::ElevenToFifteen),
            ("2036-06-01", AgeBand::SixteenToNineteen),
            ("2040-05-31", AgeBand::SixteenToNineteen),
            ("2040-06-01", AgeBand::TwentyToTwentyFive),
            ("2046-05-31", AgeBand::TwentyToTwentyFive),
        ];
        for (on, band) in cases {
            assert_eq!(birth.age_band_at(date(on)), Ok(band), "{on}");
        }
        assert_eq!(
            birth.age_band_at(date("2046-06-01")),
            Err(AgeError::OverTwentyFive { years: 26 })
        );
    }

    #[test]
    fn age_band_labels_are_the_sen2_labels_and_read_back() {
        let labels: Vec<&str> = AgeBand::ALL.iter().map(AgeBand::label).collect();
        assert_eq!(labels, ["<5", "5-10", "11-15", "16-19", "20-25"]);
        for band in AgeBand::ALL {
            assert_eq!(band.label().parse::<AgeBand>(), Ok(band));
            assert_eq!(band.to_string(), band.label());
        }
    }

    #[test]
    fn age_band_labels_written_with_an_en_dash_are_accepted() {
        assert_eq!("5\u{2013}10".parse::<AgeBand>(), Ok(AgeBand::FiveToTen));
        assert_eq!(
            " 20\u{2013}25 ".parse::<AgeBand>(),
            Ok(AgeBand::TwentyToTwentyFive)
        );
        assert_eq!(
            "26-30".parse::<AgeBand>(),
            Err(AgeBandParseError {
                text: "26-30".to_owned()
            })
        );
    }

    #[test]
    fn reception_in_2026_27_is_born_september_2021_to_august_2022() {
        let on = date("2027-01-15");
        assert_eq!(born("2021-08").year_group_at(on), Ok(YearGroup::Year(1)));
        assert_eq!(born("2021-09").year_group_at(on), Ok(YearGroup::Reception));
        assert_eq!(born("2022-08").year_group_at(on), Ok(YearGroup::Reception));
        assert_eq!(born("2022-09").year_group_at(on), Ok(YearGroup::Nursery2));
        assert_eq!(born("2020-09").year_group_at(on), Ok(YearGroup::Year(1)));
        assert_eq!(born("2023-09").year_group_at(on), Ok(YearGroup::Nursery1));
        assert_eq!(born("2024-08").year_group_at(on), Ok(YearGroup::Nursery1));
        assert_eq!(
            born("2024-09").year_group_at(on),
            Ok(YearGroup::NotOfSchoolAge)
        );
    }

    #[test]
    fn a_september_born_child_moves_up_on_the_first_of_september() {
        // Born September 2015: oldest in the cohort starting Reception in September 2020.
        let birth = born("2015-09");
        assert_eq!(
            birth.year_group_at(date("2026-08-31")),
            Ok(YearGroup::Year(5))
        );
        assert_eq!(
            birth.year_group_at(date("2026-09-01")),
            Ok(YearGroup::Year(6))
        );
    }

    #[test]
    fn an_august_born_child_is_the_youngest_of_the_same_cohort() {
        // Born August 2016: same class as September 2015, a year below August 2015.
        let birth = born("2016-08");
        assert_eq!(
            birth.year_group_at(date("2026-08-31")),
            Ok(YearGroup::Year(5))
        );
        assert_eq!(
            birth.year_group_at(date("2026-09-01")),
            Ok(YearGroup::Year(6))
        );
        let older = born("2015-08");
        assert_eq!(
            older.year_group_at(date("2026-08-31")),
            Ok(YearGroup::Year(6))
        );
        assert_eq!(
            older.year_group_at(date("2026-09-01")),
            Ok(YearGroup::Year(7))
        );
    }

    #[test]
    fn young_people_past_year_13_count_the_years_beyond() {
        // Born September 2007: Reception 2012/13, Year 13 2025/26.
        let birth = born("2007-09");
        assert_eq!(
            birth.year_group_at(date("2026-08-31")),
            Ok(YearGroup::Year(13))
        );
        assert_eq!(
            birth.year_group_at(date("2026-09-01")),
            Ok(YearGroup::BeyondYear13 { years_past: 1 })
        );
        assert_eq!(
            birth.year_group_at(date("2028-06-30")),
            Ok(YearGroup::BeyondYear13 { years_past: 2 })
        );
    }

    #[test]
    fn year_group_labels_are_short_codes() {
        assert_eq!(YearGroup::NotOfSchoolAge.label(), "pre-N1");
        assert_eq!(YearGroup::Nursery1.label(), "N1");
        assert_eq!(YearGroup::Nursery2.label(), "N2");
        assert_eq!(YearGroup::Reception.label(), "R");
        assert_eq!(YearGroup::Year(1).label(), "Y1");
        assert_eq!(YearGroup::Year(13).to_string(), "Y13");
        assert_eq!(YearGroup::BeyondYear13 { years_past: 2 }.label(), "Y13+2");
    }

    #[test]
    fn key_stages_cover_years_one_to_eleven() {
        let stages: Vec<Option<u8>> = (1..=13).map(|n| YearGroup::Year(n).key_stage()).collect();
        let one = Some(1);
        let two = Some(2);
        let three = Some(3);
        let four = Some(4);
        assert_eq!(
            stages,
            [
                one, one, two, two, two, two, three, three, three, four, four, None, None
            ]
        );
        assert_eq!(YearGroup::Reception.key_stage(), None);
        assert_eq!(YearGroup::Nursery2.key_stage(), None);
        assert_eq!(YearGroup::BeyondYear13 { years_past: 1 }.key_stage(), None);
    }

    #[test]
    fn preparing_for_adulthood_starts_in_year_nine() {
        assert!(!YearGroup::Year(8).is_year_nine_or_above());
        assert!(YearGroup::Year(9).is_year_nine_or_above());
        assert!(YearGroup::Year(13).is_year_nine_or_above());
        assert!(YearGroup::BeyondYear13 { years_past: 3 }.is_year_nine_or_above());
        assert!(!YearGroup::Reception.is_year_nine_or_above());
        assert!(!YearGroup::NotOfSchoolAge.is_year_nine_or_above());
    }

    #[test]
    fn year_groups_sort_youngest_first() {
        assert!(YearGroup::NotOfSchoolAge < YearGroup::Nursery1);
        assert!(YearGroup::Reception < YearGroup::Year(1));
        assert!(YearGroup::Year(2) < YearGroup::Year(10));
        assert!(YearGroup::Year(13) < YearGroup::BeyondYear13 { years_past: 1 });
    }

    /// Academic years after Reception, or `None` before nursery age.
    fn rank(group: YearGroup) -> Option<i32> {
        match group {
            YearGroup::NotOfSchoolAge => None,
            YearGroup::Nursery1 => Some(-2),
            YearGroup::Nursery2 => Some(-1),
            YearGroup::Reception => Some(0),
            YearGroup::Year(number) => Some(i32::from(number)),
            YearGroup::BeyondYear13 { years_past } => Some(13 + i32::from(years_past)),
        }
    }

    fn birth_month() -> impl Strategy<Value = BirthMonth> {
        (1900i32..=2100, 1u8..=12).prop_map(|(year, month)| {
            BirthMonth::new(year, Month::try_from(month).unwrap()).unwrap()
        })
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (1890i32..=2240, 1u8..=12, 1u8..=28).prop_map(|(year, month, day)| {
            Date::from_calendar_date(year, Month::try_from(month).unwrap(), day).unwrap()
        })
    }

    proptest! {
        #[test]
        fn the_age_never_decreases_as_the_date_advances(
            birth in birth_month(),
            first in any_date(),
            days in 0i64..20_000,
        ) {
            let later = first + time::Duration::days(days);
            match (birth.age_at(first), birth.age_at(later)) {
                (Ok(earlier_age), Ok(later_age)) => {
                    prop_assert!(earlier_age.years <= later_age.years);
                }
                (Ok(_), Err(error)) => {
                    let too_old = matches!(error, AgeError::ImplausiblyOld { .. });
                    prop_assert!(too_old);
                }
                (Err(AgeError::ImplausiblyOld { .. }), later_result) => {
                    prop_assert!(later_result.is_err());
                }
                (Err(_), _) => {}
            }
        }

        #[test]
        fn the_age_is_uncertain_exactly_in_the_birth_month(
            birth in birth_month(),
            on in any_date(),
        ) {
            if let Ok(age) = birth.age_at(on) {
                prop_assert_eq!(age.uncertain, on.month() == birth.month());
            }
        }

        #[test]
        fn the_age_band_never_goes_down_as_the_age_goes_up(
            younger in 0u8..=25,
            gap in 0u8..=25,
        ) {
            let older = younger.saturating_add(gap);
            let younger_band = AgeBand::for_age(younger).unwrap();
            match AgeBand::for_age(older) {
                Ok(older_band) => prop_assert!(younger_band <= older_band),
                Err(error) => {
                    prop_assert!(older > 25);
                    prop_assert_eq!(error, AgeError::OverTwentyFive { years: older });
                }
            }
        }

        #[test]
        fn the_year_group_advances_by_exactly_one_each_academic_year(
            birth in birth_month(),
            on in any_date(),
        ) {
            let next_year =
                Date::from_calendar_date(on.year() + 1, on.month(), on.day()).unwrap();
            if let (Ok(now), Ok(next)) = (birth.year_group_at(on), birth.year_group_at(next_year)) {
                match rank(now) {
                    Some(now_rank) => prop_assert_eq!(rank(next), Some(now_rank + 1)),
                    None => {
                        let still_young =
                            matches!(next, YearGroup::NotOfSchoolAge | YearGroup::Nursery1);
                        prop_assert!(still_young);
                    }
                }
            }
        }
    }
}
