//! People claimed twice in one event: checked on every filing and member
//! change, listed for officers, resolved by them.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use super::audit::{self, Actor, Subject};
use crate::db::decisions;
use crate::db::duplicates::{self, Candidate, CandidateKeys, MatchRow, NewMatch};
use crate::db::identifiers::{self, NewIdentifier};
use crate::db::members::{self, MemberRow};
use crate::db::{applications, write_transaction, DbConnection};
use crate::domain::duplicates::{
    scan_from, swapped_day_month, Claimed, Match, MatchKind, MatchStatus, Person, Resolution,
};
use crate::domain::identity::Identifier;
use crate::domain::labels;
use crate::domain::principal::Principal;
use crate::domain::review::DocumentId;
use crate::error::AppError;

fn person(member: &Candidate) -> Person<'_> {
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

/// What the event's members are looked up by, for members given as
/// `(SNILS, document number, birth date)`: a match needs one of them equal,
/// or the birth date with day and month swapped.
pub fn keys_of<'a>(
    members: impl IntoIterator<Item = (Option<&'a String>, Option<&'a String>, NaiveDate)>,
) -> CandidateKeys {
    let mut keys = CandidateKeys::default();
    for (snils, document_number, birth_date) in members {
        keys.snils.extend(snils.cloned());
        keys.document_numbers.extend(document_number.cloned());
        keys.birth_dates.push(birth_date);
        keys.birth_dates.extend(swapped_day_month(birth_date));
    }
    keys
}

/// Compares `checked` (members of one application) with the members of the
/// event's other applications and stores each pair that looks like one
/// person. Returns how many were found.
pub fn check_members(
    conn: &mut DbConnection,
    event_id: i64,
    application_id: i64,
    checked: &[MemberRow],
) -> Result<usize, AppError> {
    let keys = keys_of(
        checked
            .iter()
            .map(|m| (m.snils.as_ref(), m.document_number.as_ref(), m.birth_date)),
    );
    let known = duplicates::candidates(conn, event_id, &[application_id], &keys)?;
    record_matches(conn, event_id, &[checked], known)
}

/// Compares each household of `filed` (applications of one event, in the
/// order they were filed) with `known`, the candidates looked up for them,
/// and with the households before it, exactly as if each had been checked
/// alone right after it was stored; stores each pair that looks like one
/// person, dated when its member was stored. Returns how many were found.
pub fn record_matches(
    conn: &mut DbConnection,
    event_id: i64,
    filed: &[&[MemberRow]],
    known: Vec<Candidate>,
) -> Result<usize, AppError> {
    let first = known.len();
    let mut people = known;
    people.extend(
        filed
            .iter()
            .flat_map(|household| household.iter().map(Candidate::from)),
    );
    let stored_at: Vec<NaiveDateTime> = filed
        .iter()
        .flat_map(|household| household.iter().map(|member| member.created_at))
        .collect();
    let claimed: Vec<Claimed<'_>> = people
        .iter()
        .map(|candidate| Claimed {
            household: candidate.application_id,
            person: person(candidate),
        })
        .collect();
    let found = scan_from(&claimed, first);
    let found = drop_contradicted(conn, &people, found)?;
    let rows: Vec<NewMatch<'_>> = found
        .iter()
        .map(|(other, member, matched)| NewMatch {
            event_id,
            kind: matched.kind,
            member_id: people[*member].id,
            application_id: people[*member].application_id,
            other_member_id: people[*other].id,
            other_application_id: people[*other].application_id,
            explanation: &matched.explanation,
            status: MatchStatus::Open,
            created_at: stored_at[*member - first],
        })
        .collect();
    duplicates::insert_many(conn, &rows)?;
    Ok(rows.len())
}

/// Candidates found by their birthday alone were read without their SNILS
/// (see `duplicates::candidates`), so a name match with one of them may be
/// two people with different SNILS: those pairs are dropped here, after a
/// look-up of just the SNILS concerned.
fn drop_contradicted(
    conn: &mut DbConnection,
    people: &[Candidate],
    found: Vec<(usize, usize, Match)>,
) -> Result<Vec<(usize, usize, Match)>, AppError> {
    let by_name = |kind: MatchKind| matches!(kind, MatchKind::NameBirth | MatchKind::Fuzzy);
    let unread: Vec<i64> = found
        .iter()
        .filter(|(other, member, matched)| {
            by_name(matched.kind)
                && people[*member].snils.is_some()
                && people[*other].document_type.is_empty()
        })
        .map(|(other, _, _)| people[*other].id)
        .collect();
    if unread.is_empty() {
        return Ok(found);
    }
    let snils: HashMap<i64, String> = members::snils_of(conn, &unread)?.into_iter().collect();
    Ok(found
        .into_iter()
        .filter(|(other, member, matched)| {
            let theirs = snils.get(&people[*other].id);
            !(by_name(matched.kind)
                && theirs.is_some()
                && people[*member].snils.is_some()
                && theirs != people[*member].snils.as_ref())
        })
        .collect())
}

/// A match with the registration numbers of both applications.
#[derive(Debug, Clone)]
pub struct FoundMatch {
    pub row: MatchRow,
    pub registration_number: String,
    pub other_registration_number: String,
}

pub fn with_numbers(
    conn: &mut DbConnection,
    rows: Vec<MatchRow>,
) -> Result<Vec<FoundMatch>, AppError> {
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
    user: &Principal,
    id: i64,
    resolution: Resolution,
    comment: Option<&str>,
    now: NaiveDateTime,
) -> Result<FoundMatch, AppError> {
    write_transaction(conn, |conn| {
        let before = duplicates::find(conn, id)?.ok_or(AppError::NotFound)?;
        let already = |status: MatchStatus| {
            AppError::conflict(
                "already_resolved",
                format!(
                    "Совпадение № {id} уже рассмотрено: {}",
                    labels::match_status(status)
                ),
            )
        };
        let next = before
            .status
            .resolve(resolution)
            .ok_or_else(|| already(before.status))?;
        if duplicates::resolve(conn, id, (before.status, next), comment, user.id, now)? == 0 {
            // Resolved a moment ago by another request: say to what.
            let now_status = duplicates::find(conn, id)?.map_or(next, |m| m.status);
            return Err(already(now_status));
        }
        if next == MatchStatus::Confirmed {
            hold_confirmed(conn, &before)?;
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
                "status": { "before": before.status, "after": next },
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

/// A confirmed match makes its two members one person: when one of them is
/// recognised already, the match becomes an identifier they hold, so the
/// other cannot be recognised too. When both already are (decided before
/// the match was resolved), the first keeps it and `relief check
/// recognitions` reports the pair.
///
/// A confirmed property match is one plot: the application with a
/// recognition already holds it, so the other gets none.
fn hold_confirmed(conn: &mut DbConnection, confirmed: &MatchRow) -> Result<(), AppError> {
    let (recognized, identifier) = if confirmed.kind == MatchKind::Property {
        (
            decisions::first_recognized_in(
                conn,
                &[confirmed.application_id, confirmed.other_application_id],
            )?,
            Identifier::plot(confirmed.id),
        )
    } else {
        (
            decisions::recognized_among(conn, &[confirmed.member_id, confirmed.other_member_id])?,
            Identifier::confirmed_match(confirmed.id),
        )
    };
    let rows: Vec<NewIdentifier<'_>> = recognized
        .iter()
        .take(1)
        .map(|&(member_id, application_id)| NewIdentifier {
            event_id: confirmed.event_id,
            identifier: identifier.as_str(),
            member_id,
            application_id,
        })
        .collect();
    identifiers::insert_many(conn, &rows)?;
    Ok(())
}

/// `resolve`, for a match reached through an application's page: the match
/// must concern that application, or it is unknown there.
pub fn resolve_on(
    conn: &mut DbConnection,
    user: &Principal,
    application_id: i64,
    id: i64,
    resolution: Resolution,
    comment: Option<&str>,
    now: NaiveDateTime,
) -> Result<FoundMatch, AppError> {
    let found = duplicates::find(conn, id)?;
    if found.is_none_or(|m| {
        m.application_id != application_id && m.other_application_id != application_id
    }) {
        return Err(AppError::NotFound);
    }
    resolve(conn, user, id, resolution, comment, now)
}
