//! `relief check recognitions`: who is recognised more than once in an
//! event under the rule that a person is all of their identifiers. The
//! database refuses such a recognition since that rule came in; data
//! recognised before it (one key per record) may still hold some.

use std::collections::HashMap;

use super::applications::member_full_name;
use super::decision::member_identifiers;
use crate::db::{decisions, duplicates, events, DbConnection};
use crate::domain::identity::{same_people, Identifier};
use crate::error::AppError;

/// A recognised member and all of their identifiers.
type Known = (i64, Vec<Identifier>);

/// One recognition of a person found recognised more than once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognition {
    pub member_id: i64,
    pub application_id: i64,
    pub registration_number: String,
    pub full_name: String,
}

/// The people of one event recognised more than once, each as all of
/// their recognitions.
#[derive(Debug)]
pub struct EventFindings {
    pub event_code: String,
    pub people: Vec<Vec<Recognition>>,
}

/// Every event with someone recognised more than once; empty when none.
pub fn check(conn: &mut DbConnection) -> Result<Vec<EventFindings>, AppError> {
    let recognized = decisions::all_recognized(conn)?;
    let mut confirmed: HashMap<i64, Vec<Identifier>> = HashMap::new();
    for row in duplicates::all_confirmed(conn)? {
        for member_id in [row.member_id, row.other_member_id] {
            confirmed
                .entry(member_id)
                .or_default()
                .push(Identifier::confirmed_match(row.id));
        }
    }
    let mut by_event: Vec<(i64, Vec<Known>)> = Vec::new();
    let mut recognitions: HashMap<i64, Recognition> = HashMap::new();
    for (member, registration_number) in &recognized {
        let mut identifiers = member_identifiers(member);
        identifiers.extend(confirmed.get(&member.id).into_iter().flatten().cloned());
        match by_event.last_mut() {
            Some((event_id, members)) if *event_id == member.event_id => {
                members.push((member.id, identifiers))
            }
            _ => by_event.push((member.event_id, vec![(member.id, identifiers)])),
        }
        recognitions.insert(
            member.id,
            Recognition {
                member_id: member.id,
                application_id: member.application_id,
                registration_number: registration_number.clone(),
                full_name: member_full_name(member),
            },
        );
    }
    let mut findings = Vec::new();
    for (event_id, members) in by_event {
        let people: Vec<Vec<Recognition>> = same_people(&members)
            .into_iter()
            .map(|group| {
                group
                    .iter()
                    .filter_map(|id| recognitions.get(id).cloned())
                    .collect()
            })
            .collect();
        if people.is_empty() {
            continue;
        }
        let event_code = events::find(conn, event_id)?
            .map(|e| e.code)
            .unwrap_or_else(|| event_id.to_string());
        findings.push(EventFindings { event_code, people });
    }
    Ok(findings)
}
