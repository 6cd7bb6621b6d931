//! Dates as the newsletter gives them: a year, a month or a day.
//!
//! "The deadline is June 18" is a day; "signed in February 2019" is a month; "SESEC I (2006-2009)" is a
//! year. A [`PartialDate`] keeps the precision it was given and covers the whole interval it names, so
//! "comment deadline in June 2019" matches both `2019-06` and `2019-06-18`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

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
        let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Self {
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
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day of the interval this date names, as days since 1970-01-01.
    pub fn last_day(&self) -> i64 {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        days_from_civil(self.year, month, day)
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

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The civil date of a day number (days since 1970-01-01); the inverse of [`days_from_civil`].
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// A Unix time in milliseconds as RFC 3339 UTC (`2026-11-25T19:40:00.123Z`).
pub fn format_timestamp(unix_ms: i64) -> String {
    let (days, ms) = (
        unix_ms.div_euclid(86_400_000),
        unix_ms.rem_euclid(86_400_000),
    );
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z")
}

/// Parses an RFC 3339 time (`2026-11-25T19:40:00Z`, `2026-11-25T20:40:00.5+01:00`) or a whole day
/// (`2026-11-25`, meaning its start in UTC) into Unix milliseconds.
pub fn parse_timestamp(input: &str) -> Result<i64, DateError> {
    let err = |reason: &'static str| DateError {
        input: input.to_owned(),
        reason,
    };
    let s = input.trim();
    let (date, time) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let day: PartialDate = date.parse()?;
    let Some(d) = day.day() else {
        return Err(err("a time needs a full date (YYYY-MM-DD)"));
    };
    let days = days_from_civil(day.year(), day.month().unwrap_or(1), d);
    let Some(time) = time else {
        return Ok(days * 86_400_000);
    };
    let (clock, offset_min) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(i) = time.rfind(['+', '-']) {
        let (c, off) = time.split_at(i);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (h, m) = off[1..]
            .split_once(':')
            .ok_or_else(|| err("the offset must read +HH:MM"))?;
        let h: i64 = h.parse().map_err(|_| err("bad offset hours"))?;
        let m: i64 = m.parse().map_err(|_| err("bad offset minutes"))?;
        if h > 23 || m > 59 {
            return Err(err("the offset is out of range"));
        }
        (c, sign * (h * 60 + m))
    } else {
        return Err(err("a time needs `Z` or an offset such as +01:00"));
    };
    let mut parts = clock.splitn(3, ':');
    let mut field = |max: i64| -> Result<i64, DateError> {
        let text = parts
            .next()
            .ok_or_else(|| err("the time must read HH:MM:SS"))?;
        match text.parse::<i64>() {
            Ok(v) if (0..=max).contains(&v) && text.len() == 2 => Ok(v),
            _ => Err(err("hours or minutes are out of range")),
        }
    };
    let (h, m) = (field(23)?, field(59)?);
    let seconds = parts
        .next()
        .ok_or_else(|| err("the time must read HH:MM:SS"))?;
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let sec: i64 = whole.parse().map_err(|_| err("bad seconds"))?;
    if whole.len() != 2 || sec > 60 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err("bad seconds"));
    }
    let ms = format!("{fraction:0<3}")[..3].parse::<i64>().unwrap_or(0);
    Ok(days * 86_400_000 + ((h * 60 + m - offset_min) * 60 + sec) * 1000 + ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => {
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
        assert_eq!(
            parse_timestamp("2026-11-25").unwrap(),
            days_from_civil(2026, 11, 25) * 86_400_000
        );
        for bad in [
            "2026-11",
            "2026-11-25T19:40Z",
            "2026-11-25T25:00:00Z",
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
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(18_231), (2019, 12, 1));
        assert_eq!(civil_from_days(days_from_civil(2000, 2, 29)), (2000, 2, 29));
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
        assert_eq!(days_from_civil(2019, 12, 1), 18_231);
    }
}
