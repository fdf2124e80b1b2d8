//! People claimed twice in one event: checked on every filing and member
//! change, listed for officers, resolved by them.

use chrono::NaiveDateTime;
use serde_json::json;

use super::audit::{self, Actor, Subject};
use crate::auth::CurrentUser;
use crate::db::duplicates::{self, CandidateKeys, MatchRow, NewMatch};
use crate::db::members::MemberRow;
use crate::db::{applications, write_transaction, DbConnection};
use crate::domain::duplicates::{compare, swapped_day_month, MatchStatus, Person};
use crate::domain::review::DocumentId;
use crate::error::AppError;

fn person(member: &MemberRow) -> Person<'_> {
    Person {
        snils: member.snils.as_deref(),
        document: match (&member.document_series, &member.document_number) {
            (Some(series), Some(number)) => Some(DocumentId {
                kind: &member.document_type,
                series,
                number,
            }),
            _ => None,
        },
        name_key: &member.match_key,
        birth_date: member.birth_date,
    }
}

/// Compares `checked` (members of one application) with the members of the
/// event's other applications and stores each pair that looks like one
/// person. Returns how many were found.
pub fn check_members(
    conn: &mut DbConnection,
    event_id: i64,
    application_id: i64,
    checked: &[MemberRow],
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    if checked.is_empty() {
        return Ok(0);
    }
    let mut keys = CandidateKeys::default();
    for member in checked {
        keys.snils.extend(member.snils.clone());
        keys.document_numbers.extend(member.document_number.clone());
        keys.birth_dates.push(member.birth_date);
        keys.birth_dates
            .extend(swapped_day_month(member.birth_date));
    }
    let candidates = duplicates::candidates(conn, event_id, application_id, &keys)?;
    let mut found = 0;
    for member in checked {
        let this = person(member);
        for other in &candidates {
            if let Some(matched) = compare(&this, &person(other)) {
                duplicates::insert(
                    conn,
                    &NewMatch {
                        event_id,
                        kind: matched.kind.as_str(),
                        member_id: member.id,
                        application_id,
                        other_member_id: other.id,
                        other_application_id: other.application_id,
                        explanation: &matched.explanation,
                        status: MatchStatus::Open.as_str(),
                        created_at: now,
                    },
                )?;
                found += 1;
            }
        }
    }
    Ok(found)
}

/// A match with the registration numbers of both applications.
#[derive(Debug, Clone)]
pub struct FoundMatch {
    pub row: MatchRow,
    pub registration_number: String,
    pub other_registration_number: String,
}

fn with_numbers(conn: &mut DbConnection, rows: Vec<MatchRow>) -> Result<Vec<FoundMatch>, AppError> {
    let ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.application_id, r.other_application_id])
        .collect();
    let numbers = applications::registration_numbers(conn, &ids)?;
    let number = |id: i64| {
        numbers
            .iter()
            .find(|(app, _)| *app == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    Ok(rows
        .into_iter()
        .map(|row| FoundMatch {
            registration_number: number(row.application_id),
            other_registration_number: number(row.other_application_id),
            row,
        })
        .collect())
}

pub fn list(
    conn: &mut DbConnection,
    event_id: i64,
    status: Option<MatchStatus>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<FoundMatch>, i64), AppError> {
    let status = status.map(MatchStatus::as_str);
    let total = duplicates::count_for_event(conn, event_id, status)?;
    let rows = duplicates::page_for_event(conn, event_id, status, offset, limit)?;
    Ok((with_numbers(conn, rows)?, total))
}

/// The matches beside one application, for the officer reading it.
pub fn of_application(
    conn: &mut DbConnection,
    application_id: i64,
) -> Result<Vec<FoundMatch>, AppError> {
    let rows = duplicates::for_application(conn, application_id)?;
    with_numbers(conn, rows)
}

pub fn resolve(
    conn: &mut DbConnection,
    user: &CurrentUser,
    id: i64,
    resolution: MatchStatus,
    comment: Option<&str>,
    now: NaiveDateTime,
) -> Result<FoundMatch, AppError> {
    write_transaction(conn, |conn| {
        let before = duplicates::find(conn, id)?.ok_or(AppError::NotFound)?;
        if duplicates::resolve(conn, id, resolution.as_str(), comment, user.id, now)? == 0 {
            return Err(AppError::conflict(
                "already_resolved",
                format!("Совпадение уже рассмотрено: {}", before.status),
            ));
        }
        audit::record(
            conn,
            Actor::user(user.id, now),
            "duplicate.resolved",
            Subject {
                entity: "duplicate",
                entity_id: id,
                application_id: Some(before.application_id),
            },
            json!({
                "status": { "before": before.status, "after": resolution.as_str() },
                "comment": { "before": null, "after": comment },
            }),
        )?;
        let row = duplicates::find(conn, id)?.ok_or(AppError::NotFound)?;
        with_numbers(conn, vec![row])?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    })
}
