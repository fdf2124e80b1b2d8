//! One plot, one application: every filing, and every amendment of a
//! plot, is compared with the event's other applications by cadastral
//! number and folded address, and each repeat becomes a `property` match
//! between the two applicants, which holds both decisions until an officer
//! resolves it.

use std::collections::HashSet;

use chrono::NaiveDateTime;

use crate::db::applications::{self, SamePlot};
use crate::db::duplicates::{self, NewMatch};
use crate::db::DbConnection;
use crate::domain::duplicates::{MatchKind, MatchStatus};
use crate::domain::property::address_key;
use crate::error::AppError;

/// The earliest applications a new one is compared with, per key. A plot
/// claimed more often than this is an anomaly an officer sees already; the
/// earliest claims, the ones most likely aided, are always among them.
const COMPARED_PER_KEY: i64 = 50;

/// One application's plot as filed.
#[derive(Debug, Clone, Copy)]
pub struct Plot<'a> {
    pub application_id: i64,
    pub applicant_id: i64,
    pub cadastral_number: Option<&'a str>,
    pub property_key: &'a str,
    pub at: NaiveDateTime,
}

impl Plot<'_> {
    fn same_as(&self, cadastral_number: Option<&str>, property_key: Option<&str>) -> bool {
        (self.cadastral_number.is_some() && self.cadastral_number == cadastral_number)
            || (!self.property_key.is_empty() && Some(self.property_key) == property_key)
    }

    fn explanation(&self, other_cadastral_number: Option<&str>) -> String {
        match self.cadastral_number {
            Some(number) if Some(number) == other_cadastral_number => {
                format!("Тот же участок: кадастровый номер {number}")
            }
            _ => "Тот же участок: совпадает адрес".to_owned(),
        }
    }

    fn matched_with(&self, event_id: i64, other: &SamePlot) -> Found {
        Found {
            event_id,
            member_id: self.applicant_id,
            application_id: self.application_id,
            other_member_id: other.applicant_id,
            other_application_id: other.application_id,
            explanation: self.explanation(other.cadastral_number.as_deref()),
            created_at: self.at,
        }
    }
}

struct Found {
    event_id: i64,
    member_id: i64,
    application_id: i64,
    other_member_id: i64,
    other_application_id: i64,
    explanation: String,
    created_at: NaiveDateTime,
}

fn store(conn: &mut DbConnection, found: &[Found]) -> Result<usize, AppError> {
    let rows: Vec<NewMatch<'_>> = found
        .iter()
        .map(|f| NewMatch {
            event_id: f.event_id,
            kind: MatchKind::Property,
            member_id: f.member_id,
            application_id: f.application_id,
            other_member_id: f.other_member_id,
            other_application_id: f.other_application_id,
            explanation: &f.explanation,
            status: MatchStatus::Open,
            created_at: f.created_at,
        })
        .collect();
    duplicates::insert_many(conn, &rows)?;
    Ok(rows.len())
}

/// Compares each of `filed` (applications of one event, in the order they
/// were numbered) with the event's applications stored before them and
/// with those before it in `filed`, as if each had been checked alone.
/// Returns how many matches were stored.
pub fn record_filed(
    conn: &mut DbConnection,
    event_id: i64,
    filed: &[Plot<'_>],
) -> Result<usize, AppError> {
    let batch: Vec<i64> = filed.iter().map(|p| p.application_id).collect();
    let mut found = Vec::new();
    for (index, plot) in filed.iter().enumerate() {
        let stored = applications::same_plot(
            conn,
            event_id,
            &batch,
            plot.cadastral_number,
            plot.property_key,
            COMPARED_PER_KEY,
        )?;
        let earlier_in_batch = filed[..index]
            .iter()
            .filter(|earlier| plot.same_as(earlier.cadastral_number, Some(earlier.property_key)))
            .map(|earlier| SamePlot {
                application_id: earlier.application_id,
                applicant_id: earlier.applicant_id,
                cadastral_number: earlier.cadastral_number.map(str::to_owned),
                property_key: Some(earlier.property_key.to_owned()),
            });
        found.extend(
            stored
                .into_iter()
                .chain(earlier_in_batch)
                .map(|other| plot.matched_with(event_id, &other)),
        );
    }
    store(conn, &found)
}

/// The plot of an application was amended: its open property matches are
/// dropped and it is compared again with every other application of the
/// event, except those an officer already resolved a match with.
pub fn recheck(conn: &mut DbConnection, event_id: i64, plot: Plot<'_>) -> Result<usize, AppError> {
    duplicates::delete_open_property(conn, plot.application_id)?;
    let resolved: HashSet<i64> = duplicates::for_application(conn, plot.application_id)?
        .into_iter()
        .filter(|m| m.kind == MatchKind::Property)
        .flat_map(|m| [m.application_id, m.other_application_id])
        .collect();
    let found: Vec<Found> = applications::same_plot(
        conn,
        event_id,
        &[plot.application_id],
        plot.cadastral_number,
        plot.property_key,
        COMPARED_PER_KEY,
    )?
    .into_iter()
    .filter(|other| !resolved.contains(&other.application_id))
    .map(|other| plot.matched_with(event_id, &other))
    .collect();
    store(conn, &found)
}

/// Gives applications stored before property keys existed theirs, so that
/// later filings are compared with them; run at start-up, idempotent, so
/// instances starting together may both run it.
pub fn fill_missing_keys(conn: &mut DbConnection) -> Result<usize, AppError> {
    let mut filled = 0;
    loop {
        let batch = applications::without_property_key(conn, 500)?;
        if batch.is_empty() {
            return Ok(filled);
        }
        for (id, address) in &batch {
            applications::set_property_key(conn, *id, &address_key(address))?;
        }
        filled += batch.len();
    }
}
