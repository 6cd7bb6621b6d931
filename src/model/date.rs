//! Dates as the newsletter gives them: a year, a month or a day.
//!
//! "The deadline is June 18" is a day; "signed in February 2019" is a month; "SESEC I (2006-2009)" is a
//! year. A [`PartialDate`] keeps the precision it was given and covers the whole interval it names, so
//! "comment deadline in June 2019" matches both `2019-06` and `2019-06-18`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use jiff::{Timestamp, civil};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date with year, month or day precision (`2019`, `2019-06`, `2019-06-18`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a date string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a date: {reason} (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
pub struct DateError {
    pub input: String,
    pub reason: &'static str,
}

impl PartialDate {
    /// A day-precision date; `None` when the day does not exist.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        civil(year, month, day).map(|_| Self {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> Option<u8> {
        self.month
    }

    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The first day of the interval this date names, as days since 1970-01-01.
    pub fn first_day(&self) -> i64 {
        epoch_day(self.civil_first())
    }

    /// The last day of the interval this date names, as days since 1970-01-01.
    pub fn last_day(&self) -> i64 {
        let last = match (self.month, self.day) {
            (_, Some(_)) => self.civil_first(),
            (Some(_), None) => self.civil_first().last_of_month(),
            (None, None) => self.civil_first().last_of_year(),
        };
        epoch_day(last)
    }

    /// The first day of the interval, as a calendar date. Every `PartialDate` names days that exist
    /// (its constructors check them), within jiff's years -9999 to 9999 (years have four digits).
    fn civil_first(&self) -> civil::Date {
        civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("a PartialDate names an existing day")
    }

    /// True when a fact dated from `self` to `end` (inclusive) can be placed in the range `[from, to]`:
    /// it overlaps the range, and neither of its dates is known less precisely than the range is long.
    /// "2019" overlaps April 2019 but cannot be placed in it; a meeting on 16-17 April 2019 can be placed
    /// on 16 April.
    pub fn placed_in(&self, end: Option<PartialDate>, from: i64, to: i64) -> bool {
        let span = to.saturating_sub(from);
        let precise = |d: &PartialDate| d.last_day() - d.first_day() <= span;
        self.may_fall_in(end, from, to) && precise(self) && end.as_ref().is_none_or(precise)
    }

    /// True when a fact dated from `self` to `end` (inclusive) may fall in the range `[from, to]`:
    /// the intervals its dates name overlap the range, however long they are ("2018" may fall in
    /// November 2018).
    pub fn may_fall_in(&self, end: Option<PartialDate>, from: i64, to: i64) -> bool {
        let last = end
            .map_or(self.last_day(), |e| e.last_day())
            .max(self.first_day());
        self.first_day() <= to && last >= from
    }
}

/// The calendar day `year-month-day`, when it exists (jiff checks months, days in the month and leap
/// years).
fn civil(year: i32, month: u8, day: u8) -> Option<civil::Date> {
    let year = i16::try_from(year).ok()?;
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    civil::Date::new(year, month, day).ok()
}

/// Days since 1970-01-01 of a calendar date.
fn epoch_day(date: civil::Date) -> i64 {
    const EPOCH: civil::Date = civil::date(1970, 1, 1);
    date.duration_since(EPOCH).as_secs().div_euclid(86_400)
}

/// A Unix time in milliseconds as RFC 3339 UTC, always with milliseconds (`2026-11-25T19:40:00.123Z`).
/// Times beyond jiff's range (years -9999 to 9999) show as its first or last instant.
pub fn format_timestamp(unix_ms: i64) -> String {
    let at = Timestamp::from_millisecond(unix_ms).unwrap_or(if unix_ms < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    });
    format!("{at:.3}")
}

/// Parses an RFC 3339 time (`2026-11-25T19:40:00Z`, `2026-11-25T20:40:00.5+01:00`; jiff's parser, which
/// also takes ISO 8601 times without seconds) or a whole day (`2026-11-25`, meaning its start in UTC)
/// into Unix milliseconds.
pub fn parse_timestamp(input: &str) -> Result<i64, DateError> {
    let err = |reason: &'static str| DateError {
        input: input.to_owned(),
        reason,
    };
    let s = input.trim();
    if !s.contains(['T', 't', ' ']) {
        let day: PartialDate = s.parse()?;
        if day.day().is_none() {
            return Err(err("a time needs a full date (YYYY-MM-DD)"));
        }
        return Ok(day.first_day() * 86_400_000);
    }
    let at: Timestamp = s.parse().map_err(|_| {
        err("a time must read YYYY-MM-DDTHH:MM:SS with `Z` or an offset such as +01:00")
    })?;
    Ok(at.as_millisecond())
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = |reason| DateError {
            input: input.to_owned(),
            reason,
        };
        let mut parts = input.trim().split('-');
        let year_part = parts.next().unwrap_or_default();
        if year_part.len() != 4 || !year_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("the year must have four digits"));
        }
        let year: i32 = year_part.parse().map_err(|_| err("bad year"))?;
        let mut number = |name: &'static str| -> Result<Option<u8>, DateError> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(Some(p.parse().map_err(|_| err(name))?))
                }
                Some(_) => Err(err(name)),
            }
        };
        let month = number("the month must have two digits")?;
        let day = number("the day must have two digits")?;
        if parts.next().is_some() {
            return Err(err("too many parts"));
        }
        match (month, day) {
            (Some(m), _) if !(1..=12).contains(&m) => Err(err("the month is out of range")),
            (Some(m), Some(d)) if civil(year, m, d).is_none() => {
                Err(err("the day does not exist in that month"))
            }
            _ => Ok(Self { year, month, day }),
        }
    }
}

impl fmt::Display for PartialDate {
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

/// Chronological by first day; on a tie the coarser date (the whole month) sorts first.
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.month, self.day).cmp(&(other.year, other.month, other.day))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip() {
        let t = parse_timestamp("2026-11-25T19:40:00.123Z").unwrap();
        assert_eq!(format_timestamp(t), "2026-11-25T19:40:00.123Z");
        assert_eq!(parse_timestamp("2026-11-25T20:40:00.123+01:00").unwrap(), t);
        assert_eq!(parse_timestamp("2026-11-25").unwrap(), 1_795_564_800_000);
        // jiff also takes ISO 8601's time without seconds.
        assert_eq!(
            parse_timestamp("2026-11-25T19:40Z").unwrap(),
            parse_timestamp("2026-11-25T19:40:00Z").unwrap()
        );
        assert_eq!(
            format_timestamp(1_795_564_800_000),
            "2026-11-25T00:00:00.000Z"
        );
        for bad in [
            "2026-11",
            "2026-11-25T25:00:00Z",
            "2026-11-25T10:60:00Z",
            "2026-02-30T10:00:00Z",
            "x",
            "2026-11-25T10:00:00",
        ] {
            assert!(parse_timestamp(bad).is_err(), "{bad}");
        }
    }

    fn check(input: &str, expected: Result<&str, &str>) {
        match (input.parse::<PartialDate>(), expected) {
            (Ok(d), Ok(want)) => assert_eq!(d.to_string(), want),
            (Err(e), Err(want)) => assert_eq!(e.reason, want, "{input}"),
            (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn parses_each_precision_and_rejects_nonsense() {
        check("2019", Ok("2019"));
        check("2019-06", Ok("2019-06"));
        check("2019-06-18", Ok("2019-06-18"));
        check("2019-6-18", Err("the month must have two digits"));
        check("2019-13", Err("the month is out of range"));
        check("2019-02-29", Err("the day does not exist in that month"));
        check("2020-02-29", Ok("2020-02-29"));
        check("19", Err("the year must have four digits"));
        check("2019-06-18-1", Err("too many parts"));
    }

    #[test]
    fn a_month_covers_all_its_days() {
        let june: PartialDate = "2019-06".parse().unwrap();
        let deadline: PartialDate = "2019-06-18".parse().unwrap();
        assert!(deadline.placed_in(None, june.first_day(), june.last_day()));
        assert_eq!(june.last_day() - june.first_day(), 29);
        let day = |s: &str| s.parse::<PartialDate>().unwrap();
        assert_eq!(day("1970-01-01").first_day(), 0);
        assert_eq!(day("1969-12-31").first_day(), -1);
        assert_eq!(day("2019-12-01").first_day(), 18_231);
        assert_eq!(day("2020-02").last_day() - day("2020-02").first_day(), 28);
        assert_eq!(day("2019").last_day(), day("2019-12-31").first_day());
        assert_eq!(
            format_timestamp(1_574_164_800_123),
            "2019-11-19T12:00:00.123Z"
        );
        let april = "2019-04".parse::<PartialDate>().unwrap();
        let (from, to) = (april.first_day(), april.last_day());
        assert!(
            !"2019"
                .parse::<PartialDate>()
                .unwrap()
                .placed_in(None, from, to)
        );
        assert!("2019-04-26".parse::<PartialDate>().unwrap().placed_in(
            "2019-05-07".parse().ok(),
            from,
            to
        ));
        assert!(
            !"2019-05-02"
                .parse::<PartialDate>()
                .unwrap()
                .placed_in(None, from, to)
        );
    }
}
