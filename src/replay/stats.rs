//! Throughput and latency percentiles of one phase of the replay.

#[derive(Debug, Clone)]
pub struct PhaseStats {
    pub name: &'static str,
    pub requests: usize,
    pub seconds: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
}

/// The value below which `share` of the sorted samples fall.
pub fn percentile(sorted: &[f64], share: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64) * share).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl PhaseStats {
    pub fn new(name: &'static str, mut latencies: Vec<f64>, seconds: f64) -> Self {
        latencies.sort_by(f64::total_cmp);
        Self {
            name,
            requests: latencies.len(),
            seconds,
            p50: percentile(&latencies, 0.50),
            p95: percentile(&latencies, 0.95),
            p99: percentile(&latencies, 0.99),
        }
    }

    pub fn line(&self) -> String {
        format!(
            "| {:<10} | {:>8} | {:>8.1} | {:>8.0} | {:>7.1} | {:>7.1} | {:>7.1} |",
            self.name,
            self.requests,
            self.seconds,
            self.requests as f64 / self.seconds.max(1e-9),
            self.p50,
            self.p95,
            self.p99
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_hundred_samples() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&samples, 0.50), 50.0);
        assert_eq!(percentile(&samples, 0.95), 95.0);
        assert_eq!(percentile(&samples, 0.99), 99.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
        assert_eq!(percentile(&[7.0], 0.99), 7.0);
    }
}
