use chrono::{Duration, NaiveDateTime};

/// How many failed logins one login name may collect before it must wait.
///
/// The failures themselves are rows in the database, not counters in
/// memory, so the limit holds when several instances share one database.
#[derive(Debug, Clone, Copy)]
pub struct LoginThrottle {
    pub max_failures: usize,
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
    /// The oldest moment whose failures still count.
    pub fn window_start(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - self.window
    }

    /// `failures` are the times of failed attempts inside the window, oldest
    /// first. Returns how many whole seconds the caller must wait, if any.
    pub fn retry_after(&self, failures: &[NaiveDateTime], now: NaiveDateTime) -> Option<u64> {
        if failures.len() < self.max_failures {
            return None;
        }
        // The attempt that frees a slot is the one that leaves the window
        // when the newest `max_failures - 1` are all that remain.
        let freeing = failures[failures.len() - self.max_failures];
        let wait = (freeing + self.window - now).num_milliseconds().max(0);
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
    fn four_failures_do_not_throttle() {
        let policy = LoginThrottle::default();
        let failures = [at(0), at(1), at(2), at(3)];
        assert_eq!(policy.retry_after(&failures, at(4)), None);
    }

    #[test]
    fn fifth_failure_throttles_until_the_oldest_leaves_the_window() {
        let policy = LoginThrottle::default();
        let failures = [at(0), at(1), at(2), at(3), at(4)];
        // The failure at 10:00 leaves the window at 10:15.
        assert_eq!(policy.retry_after(&failures, at(5)), Some(10 * 60));
    }

    #[test]
    fn uses_the_failure_that_frees_a_slot_when_there_are_more() {
        let policy = LoginThrottle::default();
        let failures = [at(0), at(1), at(2), at(3), at(4), at(6)];
        assert_eq!(policy.retry_after(&failures, at(7)), Some(9 * 60));
    }
}
