//! Gathers what each printed document shows, with the same access rules as
//! the JSON views: a resident gets their own application's papers only, a
//! warehouse its own lists only. Drawing happens afterwards, off the
//! database connection.

use chrono::NaiveDateTime;

use super::applications::{self, invalid_state, member_full_name, Application};
use super::catalogue;
use crate::db::members::MemberRow;
use crate::db::{distribution as lists, events, stock, users, DbConnection};
use crate::domain::application::{ApplicationStatus, Relationship};
use crate::domain::distribution::RowStatus;
use crate::domain::event::{local_date, parse_utc_offset_minutes};
use crate::domain::labels;
use crate::domain::principal::Principal;
use crate::domain::review::MemberOutcome;
use crate::domain::role::Role;
use crate::domain::wording::{capitalised, full_name, identity_document, kg};
use crate::error::AppError;
use crate::print::decision::{DecisionNotice, MemberResult, Pickup};
use crate::print::receipt::{HouseholdLine, Receipt};
use crate::print::sheet::{Issued, Sheet, SheetItem, SheetRow};
use crate::print::victims::{VictimLine, VictimsList};

fn applicant_of(application: &Application) -> Result<&MemberRow, AppError> {
    application
        .members
        .iter()
        .find(|m| m.relationship == Relationship::Applicant)
        .ok_or_else(|| AppError::internal("an application without its applicant member"))
}

/// The date of a stored UTC moment in the event's own calendar.
fn event_date(event: &events::EventRow, at: NaiveDateTime) -> chrono::NaiveDate {
    match parse_utc_offset_minutes(event.utc_offset_minutes) {
        Ok(offset) => local_date(at, offset),
        Err(_) => at.date(),
    }
}

pub fn receipt(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    now: NaiveDateTime,
) -> Result<Named<Receipt>, AppError> {
    let application = applications::get(conn, user, id, now)?;
    let row = &application.row;
    let event = events::find(conn, row.event_id)?.ok_or(AppError::NotFound)?;
    let applicant = applicant_of(&application)?;
    // A paper application names the officer who took it; one filed online
    // leaves the line to be signed by hand.
    let officer = match users::find(conn, row.filed_by)? {
        Some(filer) if filer.role != Role::Resident.as_str() => filer.full_name,
        _ => String::new(),
    };
    let channel = labels::channel(row.channel);
    let members = application
        .members
        .iter()
        .map(|m| HouseholdLine {
            full_name: member_full_name(m),
            birth_date: m.birth_date,
            relationship: labels::relationship(m.relationship).to_owned(),
        })
        .collect();
    // Members are referred to by their row in the household table, so the
    // receipt names each person once there.
    let documents = application
        .members
        .iter()
        .enumerate()
        .map(|(index, m)| {
            let document = identity_document(
                &m.document_type,
                m.document_series.as_deref(),
                m.document_number.as_deref(),
                m.document_description.as_deref(),
            );
            let document = capitalised(&document);
            format!("{document} (член семьи № {})", index + 1)
        })
        .collect();
    Ok(Named::new(
        format!("receipt-{}", row.registration_number),
        Receipt {
            municipality: event.municipality.clone(),
            event_title: event.title.clone(),
            registration_number: row.registration_number.clone(),
            registered_on: event_date(&event, row.registered_at),
            channel: channel.to_owned(),
            applicant: member_full_name(applicant),
            phone: row.applicant_phone.clone(),
            email: row.applicant_email.clone(),
            postal_address: row.postal_address.clone(),
            property_address: row.property_address.clone(),
            cadastral_number: row.cadastral_number.clone(),
            members,
            documents,
            answer_due_on: row.answer_due_on,
            officer,
        },
    ))
}

pub fn decision(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    now: NaiveDateTime,
) -> Result<Named<DecisionNotice>, AppError> {
    let application = applications::get(conn, user, id, now)?;
    let status = application.status();
    if status != ApplicationStatus::Decided {
        return Err(invalid_state(&application.row));
    }
    let row = &application.row;
    let event = events::find(conn, row.event_id)?.ok_or(AppError::NotFound)?;
    let applicant = applicant_of(&application)?;
    let mut members = Vec::with_capacity(application.members.len());
    for member in &application.members {
        let decision = application
            .decisions
            .iter()
            .find(|d| d.member_id == member.id);
        let outcome = decision.map(|d| d.outcome);
        let explanation = match decision {
            Some(d) if outcome == Some(MemberOutcome::Refused) => {
                let sentence = d.reason.map_or("", labels::refusal_sentence);
                match d.comment.as_deref() {
                    Some(comment) if !comment.is_empty() => format!("{sentence} {comment}"),
                    _ => sentence.to_owned(),
                }
            }
            _ => String::new(),
        };
        members.push(MemberResult {
            full_name: member_full_name(member),
            birth_date: member.birth_date,
            recognized: outcome == Some(MemberOutcome::Recognized),
            outcome: outcome
                .map_or("решение не принято", labels::member_outcome)
                .to_owned(),
            explanation,
        });
    }
    let pickup = pickup_of(conn, &event, id)?;
    let outcome = row.outcome.map_or("", labels::application_outcome);
    Ok(Named::new(
        format!("decision-{}", row.registration_number),
        DecisionNotice {
            municipality: event.municipality.clone(),
            event_title: event.title.clone(),
            applicant: member_full_name(applicant),
            postal_address: row.postal_address.clone(),
            registration_number: row.registration_number.clone(),
            registered_on: event_date(&event, row.registered_at),
            decided_on: row.decided_on.unwrap_or(application.today),
            protocol_number: row.protocol_number.clone().unwrap_or_default(),
            outcome: outcome.to_owned(),
            members,
            pickup,
        },
    ))
}

/// Where and when the household collects its aid: known once the
/// application is on an approved list, and kept after it was issued.
pub fn pickup_of(
    conn: &mut DbConnection,
    event: &events::EventRow,
    application_id: i64,
) -> Result<Option<Pickup>, AppError> {
    Ok(match lists::row_of_application(conn, application_id)? {
        Some((list, list_row))
            if list.status.issues_rows() || list_row.status == RowStatus::Issued =>
        {
            let warehouse =
                stock::find_warehouse(conn, list.warehouse_id)?.ok_or(AppError::NotFound)?;
            Some(Pickup {
                list_number: list.number,
                warehouse_name: warehouse.name,
                warehouse_address: warehouse.address,
                opening_hours: warehouse.opening_hours,
                from: list.pickup_from,
                until: list.pickup_until,
                issued_on: list_row.issued_at.map(|at| event_date(event, at)),
            })
        }
        _ => None,
    })
}

/// A document with the ASCII stem of its file name, made from the numbers
/// the loaded data already holds.
pub struct Named<D> {
    pub stem: String,
    pub document: D,
}

impl<D> Named<D> {
    pub fn new(stem: String, document: D) -> Self {
        Self {
            stem: ascii_file_name(&stem),
            document,
        }
    }
}

pub fn sheet(
    conn: &mut DbConnection,
    user: &Principal,
    list_id: i64,
) -> Result<Named<Sheet>, AppError> {
    let full = super::distribution::get(conn, user, list_id)?;
    let event = events::find(conn, full.list.event_id)?.ok_or(AppError::NotFound)?;
    let warehouse =
        stock::find_warehouse(conn, full.list.warehouse_id)?.ok_or(AppError::NotFound)?;
    let mut item_ids: Vec<i64> = full.items.iter().map(|i| i.item_id).collect();
    item_ids.sort_unstable();
    item_ids.dedup();
    let catalogue = catalogue::items(conn)?;
    let items = item_ids
        .iter()
        .map(|id| {
            let item = catalogue.iter().find(|i| i.id == *id);
            SheetItem {
                name: item.map_or_else(String::new, |i| i.name.clone()),
            }
        })
        .collect();
    let rows = full
        .rows
        .iter()
        .map(|row| {
            let row_items = full.items_of(row.id);
            let grams = item_ids
                .iter()
                .map(|id| {
                    row_items
                        .iter()
                        .find(|(item, _)| item == id)
                        .map_or(0, |(_, g)| *g)
                })
                .collect();
            SheetRow {
                registration_number: full.registration_number(row.application_id).to_owned(),
                recipient: row.recipient_full_name.clone(),
                address: row.address.clone(),
                persons: i64::from(row.persons),
                grams,
                issued: row.issued_at.map(|at| Issued {
                    on: event_date(&event, at),
                    proxy: row.proxy_full_name.clone(),
                }),
            }
        })
        .collect();
    Ok(Named::new(
        format!("sheet-{}-{}", event.code, full.list.number),
        Sheet {
            municipality: event.municipality,
            event_title: event.title,
            number: full.list.number,
            approved: full.list.status.was_approved(),
            warehouse_name: warehouse.name,
            warehouse_address: warehouse.address,
            opening_hours: warehouse.opening_hours,
            pickup_from: full.list.pickup_from,
            pickup_until: full.list.pickup_until,
            items,
            rows,
        },
    ))
}

/// The list for the head to approve. Staff only, checked by the caller's
/// policy: it names every recognised person of the event.
pub fn victims(conn: &mut DbConnection, event_id: i64) -> Result<Named<VictimsList>, AppError> {
    let event = events::find(conn, event_id)?.ok_or(AppError::NotFound)?;
    let rules = catalogue::aid_rules(conn, event_id)?;
    let norm = rules
        .norms
        .iter()
        .map(|norm| {
            let name = rules
                .items
                .iter()
                .find(|i| i.id == norm.item_id)
                .map_or_else(String::new, |i| i.name.to_lowercase());
            match norm.grams_per_child {
                Some(child) if child != norm.grams_per_person => format!(
                    "{name} {} кг (детям до {} лет — {} кг)",
                    kg(norm.grams_per_person),
                    rules.child_age_limit,
                    kg(child)
                ),
                _ => format!("{name} {} кг", kg(norm.grams_per_person)),
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut lines = Vec::new();
    super::victims::for_each(conn, event_id, |row| {
        let aid_grams = rules.due_to(row.birth_date).iter().map(|(_, g)| g).sum();
        lines.push(VictimLine {
            full_name: full_name(&row.last_name, &row.first_name, row.patronymic.as_deref()),
            birth_date: row.birth_date,
            registration_address: row.property_address,
            registration_number: row.registration_number,
            aid_grams,
        });
    })?;
    Ok(Named::new(
        format!("victims-{}", event.code),
        VictimsList {
            municipality: event.municipality,
            event_title: event.title,
            norm,
            lines,
        },
    ))
}

/// Keeps a file name to ASCII letters, digits, `-`, `_` and `.`, as the
/// `Content-Disposition` header needs.
pub fn ascii_file_name(stem: &str) -> String {
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}
