//! The event report the city files: intake, deadlines, inspections,
//! recognition, duplicates, aid by item with its value, and the lists.

use chrono::NaiveDate;

use super::audit::{self, Actor, Subject};
use super::catalogue;
use crate::db::events::EventRow;
use crate::db::{annual, events, reports, write_transaction, DbConnection};
use crate::domain::distribution::RowStatus;
use crate::domain::duplicates::MatchStatus;
use crate::domain::event::{local_date, parse_utc_offset_minutes};
use crate::domain::event_report::{
    DuplicateCounts, EventReport, InspectionCounts, ItemFigures, ListFigures, ReportedEvent,
};
use crate::domain::report::{self, ApplicationFacts, Metric};
use crate::domain::review::{InspectionOutcome, MemberOutcome, RefusalReason};
use crate::error::AppError;

fn today_of(event: &EventRow, now: chrono::NaiveDateTime) -> NaiveDate {
    parse_utc_offset_minutes(event.utc_offset_minutes).map_or(now.date(), |o| local_date(now, o))
}

pub fn event_report(
    conn: &mut DbConnection,
    event_id: i64,
    now: chrono::NaiveDateTime,
) -> Result<EventReport, AppError> {
    let event = events::find(conn, event_id)?.ok_or(AppError::NotFound)?;
    let today = today_of(&event, now);
    let offset = parse_utc_offset_minutes(event.utc_offset_minutes).ok();
    let facts: Vec<ApplicationFacts> = reports::application_facts(conn, event_id)?
        .into_iter()
        .map(
            |(registered_at, channel, status, answer_due_on, decided_on)| ApplicationFacts {
                registered_on: offset
                    .map_or(registered_at.date(), |o| local_date(registered_at, o)),
                channel,
                status,
                answer_due_on,
                decided_on,
            },
        )
        .collect();
    let intake = report::intake(&facts, today);

    let mut inspections = InspectionCounts::default();
    for (outcome, count) in reports::inspections_by_outcome(conn, event_id)? {
        match outcome {
            Some(InspectionOutcome::LossConfirmed) => inspections.loss_confirmed += count,
            Some(InspectionOutcome::LossNotConfirmed) => inspections.loss_not_confirmed += count,
            Some(InspectionOutcome::NotPossible) => inspections.not_possible += count,
            None => inspections.scheduled += count,
        }
    }

    let mut refusals: Vec<(RefusalReason, i64)> =
        RefusalReason::ALL.iter().map(|r| (*r, 0)).collect();
    let (mut recognized, mut refused) = (0, 0);
    for (outcome, reason, count) in reports::decisions_by_reason(conn, event_id)? {
        match outcome {
            MemberOutcome::Recognized => {
                recognized += count;
                continue;
            }
            MemberOutcome::Refused => refused += count,
        }
        if let Some(slot) = refusals.iter_mut().find(|(r, _)| Some(*r) == reason) {
            slot.1 += count;
        }
    }

    let mut duplicates = DuplicateCounts::default();
    for (status, count) in reports::duplicates_by_status(conn, event_id)? {
        duplicates.found += count;
        match status {
            MatchStatus::Open => duplicates.open += count,
            MatchStatus::Confirmed => duplicates.confirmed += count,
            MatchStatus::Dismissed => duplicates.dismissed += count,
        }
    }

    let items = item_figures(conn, event_id)?;
    let lists = list_figures(conn, event_id)?;
    Ok(EventReport {
        event: ReportedEvent {
            id: event.id,
            code: event.code,
            title: event.title,
            municipality: event.municipality,
            emergency_declared_on: event.emergency_declared_on,
        },
        today,
        intake,
        inspections,
        persons_listed: reports::persons_listed(conn, event_id)?,
        persons_recognized: recognized,
        persons_refused: refused,
        refusals,
        duplicates,
        items,
        lists,
    })
}

/// Aid by item: due under the norms to everyone recognised, received,
/// issued and not collected on the event's lists, on hand, and the value
/// issued at the receipts' average unit price.
fn item_figures(conn: &mut DbConnection, event_id: i64) -> Result<Vec<ItemFigures>, AppError> {
    let rules = catalogue::aid_rules(conn, event_id)?;
    let birth_dates = reports::recognized_birth_dates(conn, event_id)?;
    let due = crate::domain::aid::due(
        &birth_dates,
        &rules.norms,
        rules.child_age_limit,
        rules.emergency_on,
    );
    let lists = reports::list_grams(conn, event_id)?;
    let stock = reports::stock_sums(conn)?;
    let priced_receipts = reports::priced_receipts(conn)?;
    // Saturating: a report must answer whatever the ledger holds.
    let sum = |rows: &[reports::ItemSum], item: i64, kind: &str| -> i64 {
        rows.iter()
            .filter(|r| r.item_id == item && r.kind == kind)
            .filter_map(|r| r.grams)
            .fold(0_i64, i64::saturating_add)
    };
    let on_lists = |item: i64, status: RowStatus| -> i64 {
        lists
            .iter()
            .filter(|r| r.item_id == item && r.status == status)
            .filter_map(|r| r.grams)
            .fold(0_i64, i64::saturating_add)
    };
    let mut out = Vec::new();
    for item in &rules.items {
        let figures = ItemFigures {
            item_id: item.id,
            code: item.code.clone(),
            name: item.name.clone(),
            due: due
                .iter()
                .find(|(id, _)| *id == item.id)
                .map_or(0, |(_, g)| *g),
            received: sum(&stock, item.id, "received"),
            issued: on_lists(item.id, RowStatus::Issued),
            not_collected: on_lists(item.id, RowStatus::NotCollected),
            in_stock: sum(&stock, item.id, "on_hand"),
            issued_value_kopecks: 0,
        };
        let priced = sum(&stock, item.id, "priced");
        // Grams × kopecks per kg, exact in i128 for any ledger of i64 rows.
        let value: i128 = priced_receipts
            .iter()
            .filter(|r| r.item_id == item.id)
            .map(|r| i128::from(r.grams.unwrap_or(0)) * i128::from(r.unit_price_kopecks))
            .fold(0_i128, i128::saturating_add);
        let issued_value_kopecks = if priced > 0 {
            let exact =
                i128::from(figures.issued).saturating_mul(value) / (i128::from(priced) * 1000);
            i64::try_from(exact).unwrap_or(i64::MAX)
        } else {
            0
        };
        let relevant = figures.due != 0 || figures.received != 0 || figures.issued != 0;
        if relevant {
            out.push(ItemFigures {
                issued_value_kopecks,
                ..figures
            });
        }
    }
    Ok(out)
}

fn list_figures(conn: &mut DbConnection, event_id: i64) -> Result<Vec<ListFigures>, AppError> {
    let mut out: Vec<ListFigures> = Vec::new();
    for row in reports::list_rows(conn, event_id)? {
        if out.last().is_none_or(|l| l.id != row.list_id) {
            out.push(ListFigures {
                id: row.list_id,
                number: row.number,
                warehouse_id: row.warehouse_id,
                status: row.list_status,
                rows: 0,
                issued: 0,
                open: 0,
                not_collected: 0,
            });
        }
        if let Some(list) = out.last_mut() {
            list.rows += row.rows;
            match row.row_status {
                Some(RowStatus::Issued) => list.issued += row.rows,
                Some(RowStatus::NotCollected) => list.not_collected += row.rows,
                Some(RowStatus::Pending) => list.open += row.rows,
                // A list without rows: the outer join's one empty line.
                None => {}
            }
        }
    }
    Ok(out)
}

/// One year's value of a metric: counted by the system from that year's
/// events, or entered by an administrator (which takes precedence: it is
/// entered where the system does not hold everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub value: i64,
    pub entered: bool,
}

#[derive(Debug, Clone)]
pub struct YearFigures {
    pub year: i32,
    /// `None` where there is no data: no event that year and nothing entered.
    pub values: Vec<(Metric, Option<Figure>)>,
}

#[derive(Debug, Clone)]
pub struct Comparison {
    pub metric: Metric,
    pub from_year: i32,
    pub to_year: i32,
    pub growth: report::Growth,
    pub sentence: String,
}

#[derive(Debug, Clone)]
pub struct AnnualReport {
    pub year: i32,
    /// The year and the two before it, oldest first.
    pub years: Vec<YearFigures>,
    pub comparisons: Vec<Comparison>,
}

pub fn annual_report(conn: &mut DbConnection, year: i32) -> Result<AnnualReport, AppError> {
    let span = [year - 2, year - 1, year];
    let entered = annual::entered(conn, &span)?;
    let mut years = Vec::with_capacity(span.len());
    for y in span {
        let events = annual::events_of_year(conn, y)?;
        let mut values = Vec::with_capacity(Metric::ALL.len());
        for metric in Metric::ALL {
            let typed = entered
                .iter()
                .find(|(ey, m, _)| *ey == y && m == metric.as_str())
                .map(|(_, _, v)| Figure {
                    value: *v,
                    entered: true,
                });
            let counted = if events.is_empty() {
                None
            } else {
                let value = match metric {
                    Metric::Appeals => annual::appeals(conn, &events)?,
                    Metric::ExaminedOnSite => annual::examined_on_site(conn, &events)?,
                    Metric::Recognized => annual::recognized(conn, &events)?,
                };
                Some(Figure {
                    value,
                    entered: false,
                })
            };
            values.push((*metric, typed.or(counted)));
        }
        years.push(YearFigures { year: y, values });
    }
    let mut comparisons = Vec::new();
    for pair in years.windows(2) {
        for (index, metric) in Metric::ALL.iter().enumerate() {
            if let (Some(before), Some(after)) = (pair[0].values[index].1, pair[1].values[index].1)
            {
                comparisons.push(Comparison {
                    metric: *metric,
                    from_year: pair[0].year,
                    to_year: pair[1].year,
                    growth: report::growth(before.value, after.value),
                    sentence: report::growth_sentence(*metric, before.value, after.value),
                });
            }
        }
    }
    Ok(AnnualReport {
        year,
        years,
        comparisons,
    })
}

/// Records an administrator's figures for a year, each audited.
pub fn enter_annual(
    conn: &mut DbConnection,
    actor: Actor,
    year: i32,
    values: &[(Metric, i64)],
) -> Result<AnnualReport, AppError> {
    let user_id = actor
        .user_id
        .ok_or_else(|| AppError::internal("annual figures entered without a user"))?;
    write_transaction(conn, |conn| {
        let before = annual::entered(conn, &[year])?;
        for (metric, value) in values {
            annual::set_entered(conn, year, metric.as_str(), *value, user_id, actor.at)?;
            let old = before
                .iter()
                .find(|(_, m, _)| m == metric.as_str())
                .map(|(_, _, v)| *v);
            audit::record(
                conn,
                actor,
                "enter_annual_figure",
                Subject {
                    entity: "annual_figures",
                    entity_id: i64::from(year),
                    application_id: None,
                },
                serde_json::json!({ metric.as_str(): {"before": old, "after": value} }),
            )?;
        }
        Ok::<_, AppError>(())
    })?;
    annual_report(conn, year)
}
