//! An officer's work for today in one event, read on one connection: what
//! waits for an answer (the law's 30 days run for each), the visits due,
//! the possible double claims no one has looked at, and the lists waiting
//! for approval. Each part is bounded, so the page costs the same on the
//! first day and on the last.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::applications::{self, Application, ListQuery};
use super::events;
use crate::db::distribution::ListRow;
use crate::db::{distribution, duplicates, inspections, DbConnection};
use crate::domain::application::ApplicationStatus;
use crate::domain::distribution::ListStatus;
use crate::domain::duplicates::MatchStatus;
use crate::domain::principal::Principal;
use crate::error::AppError;

/// The most applications each part of the page lists; the counts are of all.
pub const SHOWN: i64 = 50;

/// How many days of visits ahead the page shows.
pub const VISIT_DAYS: i64 = 7;

pub struct OfficerDay {
    /// The municipality's date today.
    pub today: NaiveDate,
    /// Still awaiting an answer, the soonest due (and so the overdue) first.
    pub awaiting: Vec<Application>,
    pub awaiting_total: i64,
    pub overdue_total: i64,
    /// Applications with a visit pending up to [`VISIT_DAYS`] ahead, earlier
    /// ones not yet recorded included, with their inspections.
    pub visits: Vec<Application>,
    pub open_matches: i64,
    pub drafts: Vec<ListRow>,
}

pub fn officer_day(
    conn: &mut DbConnection,
    user: &Principal,
    event_id: i64,
    now: NaiveDateTime,
) -> Result<OfficerDay, AppError> {
    let event = events::get(conn, event_id)?;
    let (today, _) = events::intake_on(&event, now)?;
    let awaiting_query = ListQuery {
        event_id: Some(event_id),
        awaiting_by_due: true,
        ..ListQuery::default()
    };
    let (awaiting, awaiting_total) =
        applications::list(conn, user, &awaiting_query, 0, SHOWN, now)?;
    let overdue_query = ListQuery {
        event_id: Some(event_id),
        overdue: true,
        ..ListQuery::default()
    };
    let (_, overdue_total) = applications::list(conn, user, &overdue_query, 0, 0, now)?;
    let visits_query = ListQuery {
        event_id: Some(event_id),
        status: Some(ApplicationStatus::InspectionScheduled),
        inspection_due_before: Some(today + Duration::days(VISIT_DAYS + 1)),
        ..ListQuery::default()
    };
    let (mut visits, _) = applications::list(conn, user, &visits_query, 0, SHOWN * 4, now)?;
    let ids: Vec<i64> = visits.iter().map(|a| a.row.id).collect();
    let mut found: std::collections::HashMap<i64, Vec<_>> = std::collections::HashMap::new();
    for inspection in inspections::for_applications(conn, &ids)? {
        found
            .entry(inspection.application_id)
            .or_default()
            .push(inspection);
    }
    for visit in &mut visits {
        visit.inspections = found.remove(&visit.row.id).unwrap_or_default();
    }
    let open_matches = duplicates::count_for_event(conn, event_id, Some(MatchStatus::Open))?;
    let drafts = distribution::lists(conn, Some(event_id), None, Some(ListStatus::Draft))?;
    Ok(OfficerDay {
        today,
        awaiting,
        awaiting_total,
        overdue_total,
        visits,
        open_matches,
        drafts,
    })
}
