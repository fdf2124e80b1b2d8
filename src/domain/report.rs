//! The figures of the city's report on an event, computed from plain facts
//! so the arithmetic (weeks, deadlines, growth) is tested without a
//! database, and the Russian wording of the report's opening paragraph.

use chrono::{Datelike, Duration, NaiveDate};

use super::application::{ApplicationStatus, Channel};

/// What the report needs of one application.
#[derive(Debug, Clone, Copy)]
pub struct ApplicationFacts {
    /// Registration date in the event's calendar.
    pub registered_on: NaiveDate,
    pub channel: Channel,
    pub status: ApplicationStatus,
    pub answer_due_on: NaiveDate,
    pub decided_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intake {
    pub total: i64,
    /// Every channel, in the order of [`Channel::ALL`], zeros included.
    pub by_channel: Vec<(Channel, i64)>,
    /// Monday of each week that received applications, with the count.
    pub by_week: Vec<(NaiveDate, i64)>,
    pub decided: i64,
    pub overdue: i64,
    /// Decided within 30 (59-FZ) and within 60 days (with the one
    /// extension the law allows) of registration.
    pub answered_within_30: i64,
    pub answered_within_60: i64,
}

pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

pub fn intake(facts: &[ApplicationFacts], today: NaiveDate) -> Intake {
    let mut by_channel: Vec<(Channel, i64)> = Channel::ALL.iter().map(|c| (*c, 0)).collect();
    let mut weeks = std::collections::BTreeMap::new();
    let mut intake = Intake::default();
    for fact in facts {
        intake.total += 1;
        if let Some(slot) = by_channel.iter_mut().find(|(c, _)| *c == fact.channel) {
            slot.1 += 1;
        }
        *weeks.entry(week_start(fact.registered_on)).or_insert(0) += 1;
        if fact.status.awaits_answer() && fact.answer_due_on < today {
            intake.overdue += 1;
        }
        if let (ApplicationStatus::Decided, Some(decided_on)) = (fact.status, fact.decided_on) {
            intake.decided += 1;
            let days = (decided_on - fact.registered_on).num_days();
            if days <= 30 {
                intake.answered_within_30 += 1;
            }
            if days <= 60 {
                intake.answered_within_60 += 1;
            }
        }
    }
    intake.by_channel = by_channel;
    intake.by_week = weeks.into_iter().collect();
    intake
}

/// Change from one year's figure to the next: absolute, and in percent of
/// the earlier year (none when the earlier year is zero).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Growth {
    pub absolute: i64,
    pub percent: Option<f64>,
}

pub fn growth(before: i64, after: i64) -> Growth {
    let absolute = after - before;
    let percent = (before != 0).then(|| absolute as f64 * 100.0 / before as f64);
    Growth { absolute, percent }
}

/// One decimal with a comma, as Russian reports write percentages: `13,8`.
/// The decimal is cut, not rounded: the city's own 2020 report gives
/// 4583 → 5218 as «13,8 %» (13.86), and our figures must read the same.
pub fn percent_text(value: f64) -> String {
    let tenths = (value.abs() * 10.0 + 1e-9).trunc() / 10.0;
    format!("{tenths:.1}").replace('.', ",")
}

/// The yearly figures the city compares from one year to the next.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Appeals (обращения) received.
    Appeals,
    /// Appeals examined with a visit on site.
    ExaminedOnSite,
    /// People recognised as victims.
    Recognized,
}

stored_names!(Metric {
    Appeals => "appeals",
    ExaminedOnSite => "examined_on_site",
    Recognized => "recognized",
});

impl Metric {
    /// What grew, in the genitive, and the noun counted, in its three forms.
    fn wording(self) -> (&'static str, [&'static str; 3]) {
        match self {
            Metric::Appeals => (
                "количества обращений",
                ["обращение", "обращения", "обращений"],
            ),
            Metric::ExaminedOnSite => (
                "количества обращений, рассмотренных с выездом на место,",
                ["обращение", "обращения", "обращений"],
            ),
            Metric::Recognized => (
                "числа граждан, признанных пострадавшими,",
                ["человек", "человека", "человек"],
            ),
        }
    }
}

/// «Рост количества обращений составил 13,8 % или 635 обращений», in the
/// form of the city's annual report; a fall reads «Снижение … составило».
pub fn growth_sentence(metric: Metric, before: i64, after: i64) -> String {
    let (what, [one, few, many]) = metric.wording();
    let change = growth(before, after);
    let amount = change.absolute.abs();
    let noun = super::wording::plural(amount, one, few, many);
    let amount = super::wording::grouped(amount);
    let percent = change
        .percent
        .map(|p| format!("{} % или ", percent_text(p)))
        .unwrap_or_default();
    match change.absolute {
        0 => format!("Изменений {} нет", what.trim_end_matches(',')),
        n if n > 0 => format!("Рост {what} составил {percent}{amount} {noun}"),
        _ => format!("Снижение {what} составило {percent}{amount} {noun}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, m, d).unwrap()
    }

    fn fact(
        registered: NaiveDate,
        status: ApplicationStatus,
        decided: Option<NaiveDate>,
    ) -> ApplicationFacts {
        ApplicationFacts {
            registered_on: registered,
            channel: Channel::Post,
            status,
            answer_due_on: registered + Duration::days(30),
            decided_on: decided,
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(day(9, 21)), day(9, 21)); // a Monday
        assert_eq!(week_start(day(9, 27)), day(9, 21)); // Sunday
        assert_eq!(week_start(day(9, 28)), day(9, 28));
    }

    #[test]
    fn intake_counts_deadlines_weeks_and_channels() {
        let facts = [
            fact(day(9, 21), ApplicationStatus::Decided, Some(day(10, 21))), // 30 days
            fact(day(9, 22), ApplicationStatus::Decided, Some(day(10, 23))), // 31 days
            fact(day(9, 28), ApplicationStatus::Decided, Some(day(11, 28))), // 61 days
            fact(day(9, 29), ApplicationStatus::Inspected, None),
            fact(day(10, 1), ApplicationStatus::Withdrawn, None),
        ];
        let report = intake(&facts, day(11, 15));
        assert_eq!(report.total, 5);
        assert_eq!(report.decided, 3);
        assert_eq!(report.answered_within_30, 1);
        assert_eq!(report.answered_within_60, 2);
        // Due 29.10 and still awaiting an answer; the withdrawn one is not.
        assert_eq!(report.overdue, 1);
        assert_eq!(report.by_week, vec![(day(9, 21), 2), (day(9, 28), 3)]);
        assert_eq!(report.by_channel.len(), Channel::ALL.len());
        assert!(report.by_channel.contains(&(Channel::Post, 5)));
        assert!(report.by_channel.contains(&(Channel::Website, 0)));
    }

    #[test]
    fn growth_in_absolute_and_percent() {
        let g = growth(4583, 5218);
        assert_eq!(g.absolute, 635);
        assert_eq!(percent_text(g.percent.unwrap()), "13,8");
        let g = growth(4110, 4583);
        assert_eq!(percent_text(g.percent.unwrap()), "11,5");
        assert_eq!(percent_text(50.0), "50,0");
        assert_eq!(growth(0, 10).percent, None);
        assert_eq!(growth(10, 5).absolute, -5);
    }

    #[test]
    fn growth_reads_as_in_the_city_report() {
        assert_eq!(
            growth_sentence(Metric::Appeals, 4583, 5218),
            "Рост количества обращений составил 13,8 % или 635 обращений"
        );
        assert_eq!(
            growth_sentence(Metric::Appeals, 100, 79),
            "Снижение количества обращений составило 21,0 % или 21 обращение"
        );
        assert_eq!(
            growth_sentence(Metric::ExaminedOnSite, 481, 596),
            "Рост количества обращений, рассмотренных с выездом на место, составил 23,9 % или 115 обращений"
        );
        assert_eq!(
            growth_sentence(Metric::Recognized, 0, 1815),
            "Рост числа граждан, признанных пострадавшими, составил 1 815 человек"
        );
        assert_eq!(
            growth_sentence(Metric::Appeals, 5, 5),
            "Изменений количества обращений нет"
        );
        assert_eq!(
            growth_sentence(Metric::Recognized, 2, 4),
            "Рост числа граждан, признанных пострадавшими, составил 100,0 % или 2 человека"
        );
    }
}
