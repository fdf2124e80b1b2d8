//! The emergency event: its code, its intake window and its local calendar.

use chrono::{Duration, FixedOffset, NaiveDate, NaiveDateTime};

use super::FieldError;

/// Short code that prefixes every registration number, e.g. `BLG2020`.
pub fn parse_event_code(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim();
    if super::patterns::EVENT_CODE.matches(raw) {
        Ok(code.to_owned())
    } else {
        Err(FieldError::new(
            "invalid_event_code",
            "Код события: от 2 до 16 латинских заглавных букв, цифр и дефисов, начиная с буквы",
        ))
    }
}

/// Russia has no daylight saving time since 2014, so a fixed offset is
/// the municipality's clock; Blagoveshchensk is UTC+9.
pub fn parse_utc_offset_minutes(minutes: i32) -> Result<FixedOffset, FieldError> {
    // The range is checked first: it is the world's (UTC-12 to UTC+14),
    // and it keeps `minutes * 60` from overflowing on a hostile value.
    if (-720..=840).contains(&minutes) && minutes % 15 == 0 {
        if let Some(offset) = FixedOffset::east_opt(minutes * 60) {
            return Ok(offset);
        }
    }
    Err(FieldError::new(
        "invalid_utc_offset",
        "Смещение от UTC в минутах, кратное 15, от -720 до 840",
    ))
}

/// The date on the municipality's calendar at a UTC moment: a paper filed at
/// 08:00 in Blagoveshchensk is filed "today", although UTC still says
/// yesterday.
pub fn local_date(at_utc: NaiveDateTime, offset: FixedOffset) -> NaiveDate {
    (at_utc + Duration::seconds(i64::from(offset.local_minus_utc()))).date()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeWindow {
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
}

impl IntakeWindow {
    pub fn new(opens_on: NaiveDate, closes_on: NaiveDate) -> Result<Self, FieldError> {
        if closes_on < opens_on {
            return Err(FieldError::new(
                "window_inverted",
                "Приём заявлений не может закончиться раньше, чем начнётся",
            ));
        }
        Ok(Self {
            opens_on,
            closes_on,
        })
    }

    /// Both ends count: the closing day is still a day of intake.
    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.opens_on..=self.closes_on).contains(&day)
    }
}

/// Full years of age on `on` (a birthday counts from that day).
pub fn age_on(birth_date: NaiveDate, on: NaiveDate) -> u32 {
    on.years_since(birth_date).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn codes_are_upper_case_latin() {
        assert!(parse_event_code("BLG2020").is_ok());
        assert!(parse_event_code("AMUR-21").is_ok());
        assert!(parse_event_code("blg2020").is_err());
        assert!(parse_event_code("2020").is_err());
        assert!(parse_event_code("БЛГ").is_err());
    }

    #[test]
    fn local_date_follows_the_municipality() {
        let offset = parse_utc_offset_minutes(540).unwrap();
        let utc = date(2020, 9, 20).and_hms_opt(23, 30, 0).unwrap();
        assert_eq!(local_date(utc, offset), date(2020, 9, 21));
        assert!(parse_utc_offset_minutes(7).is_err());
        assert!(parse_utc_offset_minutes(840).is_ok() && parse_utc_offset_minutes(-720).is_ok());
        assert!(parse_utc_offset_minutes(855).is_err() && parse_utc_offset_minutes(-735).is_err());
        assert!(parse_utc_offset_minutes(i32::MAX - 7).is_err());
    }

    #[test]
    fn window_includes_both_ends() {
        let window = IntakeWindow::new(date(2020, 9, 21), date(2020, 10, 31)).unwrap();
        assert!(window.contains(date(2020, 9, 21)));
        assert!(window.contains(date(2020, 10, 31)));
        assert!(!window.contains(date(2020, 9, 20)));
        assert!(!window.contains(date(2020, 11, 1)));
        assert!(IntakeWindow::new(date(2020, 9, 21), date(2020, 9, 20)).is_err());
    }

    #[test]
    fn age_counts_from_the_birthday() {
        assert_eq!(age_on(date(2006, 9, 21), date(2020, 9, 20)), 13);
        assert_eq!(age_on(date(2006, 9, 21), date(2020, 9, 21)), 14);
    }
}
