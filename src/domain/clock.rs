use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

/// The current UTC time at the precision both databases keep.
///
/// SQLite would keep nanoseconds and PostgreSQL only microseconds; truncating
/// before storing makes a value read back equal to the value written.
pub fn now() -> NaiveDateTime {
    truncate(Utc::now()).naive_utc()
}

pub fn truncate(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    #[test]
    fn now_has_no_digits_below_a_microsecond() {
        assert_eq!(now().nanosecond() % 1_000, 0);
    }
}
