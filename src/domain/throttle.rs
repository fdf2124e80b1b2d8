use chrono::{Duration, NaiveDateTime};

/// How many sign-in attempts one login may take from one source address in
/// a window before it must wait.
///
/// Counted per login *and* source: guesses from one address slow down that
/// address only, so nobody can lock a user out from elsewhere. The counts
/// are rows in the database, not counters in memory, so the limit holds
/// when several instances share one database.
#[derive(Debug, Clone, Copy)]
pub struct LoginThrottle {
    pub max_failures: i64,
    pub window: Duration,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            max_failures: 5,
            window: Duration::minutes(15),
        }
    }
}

impl LoginThrottle {
    /// A window that started at or before this moment has ended.
    pub fn window_cutoff(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - self.window
    }

    /// `attempts` counts this attempt too, made in the window that started
    /// at `window_started_at`; a successful sign-in clears the count, so
    /// every earlier one failed. Returns how many whole seconds the caller
    /// must wait, if it must.
    pub fn retry_after(
        &self,
        window_started_at: NaiveDateTime,
        attempts: i64,
        now: NaiveDateTime,
    ) -> Option<u64> {
        if attempts <= self.max_failures {
            return None;
        }
        let wait = (window_started_at + self.window - now)
            .num_milliseconds()
            .max(0);
        Some((wait as u64).div_ceil(1000).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2020, 9, 21)
            .unwrap()
            .and_hms_opt(10, minute, 0)
            .unwrap()
    }

    #[test]
    fn five_failures_then_a_sixth_attempt_is_still_checked() {
        let policy = LoginThrottle::default();
        assert_eq!(policy.retry_after(at(0), 5, at(4)), None);
    }

    #[test]
    fn the_attempt_after_five_failures_waits_until_the_window_ends() {
        let policy = LoginThrottle::default();
        // The window opened at 10:00 ends at 10:15.
        assert_eq!(policy.retry_after(at(0), 6, at(5)), Some(10 * 60));
        assert_eq!(policy.retry_after(at(0), 60, at(14)), Some(60));
    }
}
