//! 59-FZ deadlines: an answer within 30 days of registration, extendable
//! once by the head by up to 30 more days.

use chrono::{Duration, NaiveDate};

use super::FieldError;

pub const ANSWER_DAYS: i64 = 30;
pub const MAX_EXTENSION_DAYS: i64 = 30;

pub fn answer_due_on(registered_on: NaiveDate) -> NaiveDate {
    registered_on + Duration::days(ANSWER_DAYS)
}

/// The new due date after an extension, if one is still allowed.
pub fn extend(
    due_on: NaiveDate,
    already_extended: bool,
    days: i64,
) -> Result<NaiveDate, FieldError> {
    if already_extended {
        return Err(FieldError::new(
            "already_extended",
            "Срок рассмотрения можно продлить только один раз",
        ));
    }
    if !(1..=MAX_EXTENSION_DAYS).contains(&days) {
        return Err(FieldError::new(
            "invalid_extension",
            "Срок продлевается на 1–30 дней",
        ));
    }
    Ok(due_on + Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn due_thirty_days_after_registration() {
        assert_eq!(answer_due_on(date(2020, 9, 21)), date(2020, 10, 21));
    }

    #[test]
    fn extends_once_by_at_most_thirty_days() {
        assert_eq!(
            extend(date(2020, 10, 21), false, 30).unwrap(),
            date(2020, 11, 20)
        );
        assert!(extend(date(2020, 10, 21), true, 10).is_err());
        assert!(extend(date(2020, 10, 21), false, 31).is_err());
        assert!(extend(date(2020, 10, 21), false, 0).is_err());
    }
}
