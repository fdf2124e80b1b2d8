//! Filing, reading and amending aid applications. Each write is one
//! transaction that checks the status, changes rows and appends to the
//! audit trail.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Value};

use super::audit::{self, Actor, Subject};
use super::duplicates;
use super::plots::{self, Plot};
use crate::db::applications::{self, ApplicationChanges, ApplicationFilter, ApplicationRow};
use crate::db::decisions::{self, DecisionRow};
use crate::db::inspections::{self, InspectionRow};
use crate::db::members::{self, MemberRow, NewMemberRow};
use crate::db::{events, write_transaction, DbConnection};
use crate::domain::application::ApplicationPatch;
use crate::domain::application::{ApplicationStatus, Relationship, Transition};
use crate::domain::deadline;
use crate::domain::document::IdentityDocument;
use crate::domain::event::{local_date, parse_utc_offset_minutes};
use crate::domain::household::ApplicationDraft;
use crate::domain::household::{MemberDraft, MAX_MEMBERS};
use crate::domain::labels;
use crate::domain::person_name::fold;
use crate::domain::principal::Principal;
use crate::domain::property::address_key;
use crate::domain::role::Role;
use crate::domain::snils::mask_tail;
use crate::domain::FieldError;
use crate::error::AppError;

/// An application with its household, as stored.
#[derive(Debug, Clone)]
pub struct Application {
    pub row: ApplicationRow,
    pub members: Vec<MemberRow>,
    pub decisions: Vec<DecisionRow>,
    /// Loaded for the single-application view only.
    pub inspections: Vec<InspectionRow>,
    /// The municipality's date today, to tell whether it is overdue.
    pub today: NaiveDate,
}

impl Application {
    pub fn status(&self) -> ApplicationStatus {
        self.row.status
    }

    pub fn is_overdue(&self) -> bool {
        self.status().awaits_answer() && self.row.answer_due_on < self.today
    }
}

#[derive(Clone)]
pub struct Filing {
    pub event_id: i64,
    pub draft: ApplicationDraft,
    pub late_reason: Option<String>,
    /// `Idempotency-Key` and a hash of the request body.
    pub idempotency: Option<(String, String)>,
}

fn member_subject(member_id: i64, application_id: i64) -> Subject<'static> {
    Subject {
        entity: "member",
        entity_id: member_id,
        application_id: Some(application_id),
    }
}

pub(super) fn application_subject(id: i64) -> Subject<'static> {
    Subject {
        entity: "application",
        entity_id: id,
        application_id: Some(id),
    }
}

pub(super) fn new_member_row(
    application_id: i64,
    event_id: i64,
    member: &MemberDraft,
    now: NaiveDateTime,
) -> NewMemberRow {
    let mut row = NewMemberRow {
        application_id,
        event_id,
        last_name: member.name.last.clone(),
        first_name: member.name.first.clone(),
        patronymic: member.name.patronymic.clone(),
        match_key: member.name.match_key(),
        search_key: member.name.search_key(),
        birth_date: member.birth_date,
        relationship: member.relationship,
        document_type: member.document.kind().to_owned(),
        document_series: None,
        document_number: None,
        document_issued_on: None,
        document_issued_by: None,
        document_subdivision_code: None,
        document_description: None,
        snils: member.snils.as_ref().map(|s| s.digits().to_owned()),
        registered_at_property: member.registered_at_property,
        lives_at_property: member.lives_at_property,
        created_at: now,
    };
    match &member.document {
        IdentityDocument::PassportRf {
            series,
            number,
            issued_on,
            issued_by,
            subdivision_code,
        } => {
            row.document_series = Some(series.clone());
            row.document_number = Some(number.clone());
            row.document_issued_on = Some(*issued_on);
            row.document_issued_by = Some(issued_by.clone());
            row.document_subdivision_code = Some(subdivision_code.clone());
        }
        IdentityDocument::BirthCertificate {
            series,
            number,
            issued_on,
        } => {
            row.document_series = Some(series.clone());
            row.document_number = Some(number.clone());
            row.document_issued_on = Some(*issued_on);
        }
        IdentityDocument::Other { description } => {
            row.document_description = Some(description.clone());
        }
    }
    row
}

/// A member as the audit trail keeps it: document number and SNILS masked.
pub(super) fn member_snapshot(row: &MemberRow) -> Value {
    json!({
        "id": row.id,
        "last_name": row.last_name,
        "first_name": row.first_name,
        "patronymic": row.patronymic,
        "birth_date": row.birth_date,
        "relationship": row.relationship,
        "document_type": row.document_type,
        "document_number": row.document_number.as_deref().map(mask_tail),
        "snils": row.snils.as_deref().map(mask_tail),
        "registered_at_property": row.registered_at_property,
        "lives_at_property": row.lives_at_property,
    })
}

pub(super) fn application_snapshot(row: &ApplicationRow) -> Value {
    json!({
        "registration_number": row.registration_number,
        "status": row.status,
        "channel": row.channel,
        "answer_due_on": row.answer_due_on,
        "late_reason": row.late_reason,
        "applicant_phone": row.applicant_phone,
        "applicant_email": row.applicant_email,
        "postal_address": row.postal_address,
        "property_address": row.property_address,
        "cadastral_number": row.cadastral_number,
        "plot_area_m2": row.plot_area_m2,
        "crops_lost": row.crops_lost,
        "loss_extent": row.loss_extent,
        "description": row.description,
        "extended_days": row.extended_days,
        "extension_reason": row.extension_reason,
    })
}

/// Reloads an application after a change to its own fields and appends the
/// fields that changed to the audit trail.
fn record_change(
    conn: &mut DbConnection,
    actor: Actor,
    action: &str,
    before: &ApplicationRow,
) -> Result<Application, AppError> {
    let after = load(conn, before.id, actor.at)?;
    let changes = audit::diff(
        &application_snapshot(before),
        &application_snapshot(&after.row),
    );
    audit::record(conn, actor, action, application_subject(before.id), changes)?;
    Ok(after)
}

fn today_for(
    conn: &mut DbConnection,
    event_id: i64,
    now: NaiveDateTime,
) -> Result<NaiveDate, AppError> {
    let event = events::find(conn, event_id)?.ok_or(AppError::NotFound)?;
    let offset = parse_utc_offset_minutes(event.utc_offset_minutes).map_err(AppError::internal)?;
    Ok(local_date(now, offset))
}

pub(crate) fn load(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    let row = applications::find(conn, id)?.ok_or(AppError::NotFound)?;
    let members = members::for_application(conn, id)?;
    let decisions = decisions::for_applications(conn, &[id])?;
    let inspections = inspections::for_application(conn, id)?;
    let today = today_for(conn, row.event_id, now)?;
    Ok(Application {
        row,
        members,
        decisions,
        inspections,
        today,
    })
}

/// Applications with their members and decisions (and inspections, when
/// asked) in one query per table, not one per application.
fn assemble(
    conn: &mut DbConnection,
    rows: Vec<ApplicationRow>,
    today: NaiveDate,
    with_inspections: bool,
) -> Result<Vec<Application>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut members_of: HashMap<i64, Vec<MemberRow>> = HashMap::new();
    for member in members::for_applications(conn, &ids)? {
        members_of
            .entry(member.application_id)
            .or_default()
            .push(member);
    }
    let mut decisions_of: HashMap<i64, Vec<DecisionRow>> = HashMap::new();
    for decision in decisions::for_applications(conn, &ids)? {
        decisions_of
            .entry(decision.application_id)
            .or_default()
            .push(decision);
    }
    let mut inspections_of: HashMap<i64, Vec<InspectionRow>> = HashMap::new();
    if with_inspections {
        for inspection in inspections::for_applications(conn, &ids)? {
            inspections_of
                .entry(inspection.application_id)
                .or_default()
                .push(inspection);
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| Application {
            members: members_of.remove(&row.id).unwrap_or_default(),
            decisions: decisions_of.remove(&row.id).unwrap_or_default(),
            inspections: inspections_of.remove(&row.id).unwrap_or_default(),
            row,
            today,
        })
        .collect())
}

/// Many applications at once, in id order, for bulk work.
pub(crate) fn load_many(
    conn: &mut DbConnection,
    ids: &[i64],
    today: NaiveDate,
) -> Result<Vec<Application>, AppError> {
    let rows = applications::find_many(conn, ids)?;
    assemble(conn, rows, today, true)
}

/// The application if `user` may see it. Someone else's is "not found", so
/// a resident cannot even learn which ids exist.
pub fn get(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    let application = load(conn, id, now)?;
    check_access(user, &application.row)?;
    Ok(as_read_by(user, application))
}

/// The application as `user` may read it: who was present at a visit and
/// what the commission noted are the staff's working record, as in the
/// history, so a resident's copy goes without them. Every answer that
/// hands a resident their application passes through here.
fn as_read_by(user: &Principal, mut application: Application) -> Application {
    if user.role == Role::Resident {
        for inspection in &mut application.inspections {
            inspection.present_persons = None;
            inspection.notes = None;
        }
    }
    application
}

/// Whether `user` may see application `id` at all, read without its members:
/// a request about someone else's application is "not found" before anything
/// in its body is judged.
pub fn check_visible(conn: &mut DbConnection, user: &Principal, id: i64) -> Result<(), AppError> {
    let row = applications::find(conn, id)?.ok_or(AppError::NotFound)?;
    check_access(user, &row)
}

fn check_access(user: &Principal, row: &ApplicationRow) -> Result<(), AppError> {
    match user.role {
        Role::Officer | Role::Admin => Ok(()),
        Role::Resident if row.filed_by == user.id => Ok(()),
        Role::Resident | Role::Warehouse => Err(AppError::NotFound),
    }
}

/// «Фамилия Имя Отчество» of a stored member, as lists and papers print it.
pub fn member_full_name(member: &MemberRow) -> String {
    crate::domain::wording::full_name(
        &member.last_name,
        &member.first_name,
        member.patronymic.as_deref(),
    )
}

/// The refusal of an action the application's status does not allow,
/// naming the application and its status as it stands.
pub fn invalid_state(row: &ApplicationRow) -> AppError {
    AppError::InvalidState {
        number: row.registration_number.clone(),
        current: row.status.as_str(),
        wording: labels::status(row.status),
    }
}

#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub event_id: Option<i64>,
    pub status: Option<ApplicationStatus>,
    pub channel: Option<crate::domain::application::Channel>,
    pub overdue: bool,
    pub q: Option<String>,
    pub has_open_duplicates: Option<bool>,
    pub inspection_due_before: Option<NaiveDate>,
    /// Only those still awaiting an answer, the soonest due first.
    pub awaiting_by_due: bool,
}

/// `%text%` for LIKE, with the pattern characters in `text` escaped.
fn contains_pattern(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    escaped.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

pub fn list(
    conn: &mut DbConnection,
    user: &Principal,
    query: &ListQuery,
    offset: i64,
    limit: i64,
    now: NaiveDateTime,
) -> Result<(Vec<Application>, i64), AppError> {
    let today = match query.event_id {
        Some(event_id) => today_for(conn, event_id, now).unwrap_or(now.date()),
        None => now.date(),
    };
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let filter = ApplicationFilter {
        event_id: query.event_id,
        filed_by: match user.role {
            Role::Resident => Some(user.id),
            Role::Officer | Role::Admin | Role::Warehouse => None,
        },
        status: query.status.map(|s| s.as_str().to_owned()),
        channel: query.channel.map(|c| c.as_str().to_owned()),
        overdue_on: query.overdue.then_some(today),
        awaiting_statuses: ApplicationStatus::ALL
            .iter()
            .filter(|s| s.awaits_answer())
            .map(|s| s.as_str().to_owned())
            .collect(),
        number_pattern: q.map(|q| contains_pattern(&q.to_uppercase())),
        name_pattern: q.map(|q| contains_pattern(&fold(q))).filter(|p| p != "%%"),
        has_open_duplicates: query.has_open_duplicates,
        inspection_due_before: query.inspection_due_before,
        awaiting_by_due: query.awaiting_by_due,
    };
    let total = applications::count(conn, &filter)?;
    let rows = applications::page(conn, &filter, offset, limit)?;
    let items = assemble(conn, rows, today, false)?;
    Ok((items, total))
}

fn editable(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    let application = get(conn, user, id, now)?;
    let status = application.status();
    if !status.is_editable() {
        return Err(invalid_state(&application.row));
    }
    Ok(application)
}

pub fn amend(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    patch: ApplicationPatch,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    let mut changes = ApplicationChanges::from_patch(patch).map_err(AppError::internal)?;
    write_transaction(conn, |conn| {
        let before = editable(conn, user, id, now)?;
        if user.role == Role::Resident {
            // A resident's filing stays a website filing.
            changes.channel = None;
        }
        changes.updated_at = Some(now);
        changes.property_key = changes.property_address.as_deref().map(address_key);
        let plot_changed = changes.property_address.is_some() || changes.cadastral_number.is_some();
        let status = before.status();
        if applications::update_if_status(conn, id, status.as_str(), &changes)? == 0 {
            return Err(invalid_state(&load(conn, id, now)?.row));
        }
        let actor = Actor::user(user.id, now);
        let after = record_change(conn, actor, "application.amended", &before.row)?;
        if plot_changed {
            recheck_plot(conn, &after, now)?;
        }
        resubmit_if_incomplete(conn, actor, &before)?;
        Ok(as_read_by(user, load(conn, after.row.id, now)?))
    })
}

/// Compares an amended plot with the event's other applications again.
fn recheck_plot(
    conn: &mut DbConnection,
    application: &Application,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let applicant = application
        .members
        .iter()
        .find(|m| m.relationship == Relationship::Applicant)
        .ok_or_else(|| AppError::internal("an application without its applicant"))?;
    let key = address_key(&application.row.property_address);
    plots::recheck(
        conn,
        application.row.event_id,
        Plot {
            application_id: application.row.id,
            applicant_id: applicant.id,
            cadastral_number: application.row.cadastral_number.as_deref(),
            property_key: &key,
            at: now,
        },
    )?;
    Ok(())
}

pub fn add_member(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    member: &MemberDraft,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let application = editable(conn, user, id, now)?;
        if application.members.len() >= MAX_MEMBERS {
            return Err(AppError::invalid_field(
                &["members"],
                FieldError::new(
                    "member_count",
                    "В заявлении не может быть больше 30 членов семьи",
                ),
            ));
        }
        if member.relationship == Relationship::Applicant {
            return Err(AppError::invalid_field(
                &["relationship"],
                FieldError::new("applicant_count", "Заявитель в заявлении уже указан"),
            ));
        }
        let row = new_member_row(id, application.row.event_id, member, now);
        let member_id = members::insert(conn, &row)?;
        let stored = row.stored(member_id);
        duplicates::check_members(
            conn,
            application.row.event_id,
            id,
            std::slice::from_ref(&stored),
        )?;
        let added = member_snapshot(&stored);
        audit::record(
            conn,
            Actor::user(user.id, now),
            "member.added",
            member_subject(member_id, id),
            audit::diff(&json!({}), &added),
        )?;
        resubmit_if_incomplete(conn, Actor::user(user.id, now), &application)?;
        Ok(as_read_by(user, load(conn, id, now)?))
    })
}

pub fn remove_member(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    member_id: i64,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let application = editable(conn, user, id, now)?;
        let member = application
            .members
            .iter()
            .find(|m| m.id == member_id)
            .ok_or(AppError::NotFound)?;
        if member.relationship == Relationship::Applicant {
            return Err(AppError::conflict(
                "cannot_remove_applicant",
                "Заявителя нельзя удалить из заявления",
            ));
        }
        let snapshot = member_snapshot(member);
        crate::db::duplicates::delete_for_member(conn, member_id)?;
        members::delete(conn, id, member_id)?;
        audit::record(
            conn,
            Actor::user(user.id, now),
            "member.removed",
            member_subject(member_id, id),
            audit::diff(&snapshot, &json!({})),
        )?;
        resubmit_if_incomplete(conn, Actor::user(user.id, now), &application)?;
        Ok(as_read_by(user, load(conn, id, now)?))
    })
}

/// A change to an application whose documents were requested sends it
/// back to `submitted` and clears the request.
fn resubmit_if_incomplete(
    conn: &mut DbConnection,
    actor: Actor,
    application: &Application,
) -> Result<(), AppError> {
    if application.status() == ApplicationStatus::Incomplete {
        transition(
            conn,
            actor,
            application,
            Transition::Amend,
            "application.resubmitted",
            json!({}),
        )?;
        applications::set_status_note(conn, application.row.id, None)?;
    }
    Ok(())
}

/// The one way a status changes: the domain says where `transition` leads
/// from the current status, and the row changes only if it still has it.
pub fn transition(
    conn: &mut DbConnection,
    actor: Actor,
    application: &Application,
    transition: Transition,
    action: &str,
    details: Value,
) -> Result<ApplicationStatus, AppError> {
    let current = application.status();
    let next = current
        .apply(transition)
        .ok_or_else(|| invalid_state(&application.row))?;
    let id = application.row.id;
    if applications::set_status(conn, id, current, next, actor.at)? == 0 {
        let now_status = applications::find(conn, id)?.ok_or(AppError::NotFound)?;
        return Err(invalid_state(&now_status));
    }
    let mut changes = audit::diff(
        &json!({"status": current.as_str()}),
        &json!({"status": next.as_str()}),
    );
    if let (Some(map), Some(extra)) = (changes.as_object_mut(), details.as_object()) {
        map.extend(extra.clone());
    }
    audit::record(conn, actor, action, application_subject(id), changes)?;
    Ok(next)
}

pub fn withdraw(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    reason: Option<String>,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let application = get(conn, user, id, now)?;
        let actor = Actor::user(user.id, now);
        let details = json!({ "reason": { "before": null, "after": reason } });
        transition(
            conn,
            actor,
            &application,
            Transition::Withdraw,
            "application.withdrawn",
            details,
        )?;
        Ok(as_read_by(user, load(conn, id, now)?))
    })
}

pub fn extend(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    days: i64,
    reason: &str,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let application = get(conn, user, id, now)?;
        let status = application.status();
        if !status.awaits_answer() {
            return Err(invalid_state(&application.row));
        }
        let new_due = deadline::extend(
            application.row.answer_due_on,
            application.row.extended_days.is_some(),
            days,
        )
        .map_err(|e| match e.code.as_ref() {
            "already_extended" => AppError::conflict("already_extended", e.message),
            _ => AppError::invalid_field(&["days"], e),
        })?;
        let days = i32::try_from(days).map_err(AppError::internal)?;
        if applications::extend(conn, id, days, new_due, reason, now)? == 0 {
            return Err(AppError::conflict(
                "already_extended",
                "Срок рассмотрения можно продлить только один раз",
            ));
        }
        record_change(
            conn,
            Actor::user(user.id, now),
            "application.extended",
            &application.row,
        )
    })
}

pub fn history(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    now: NaiveDateTime,
) -> Result<Vec<crate::db::audit::AuditRow>, AppError> {
    get(conn, user, id, now)?;
    let rows = crate::db::audit::for_application(conn, id)?;
    Ok(readable_history(user, rows))
}

/// The history as `user` may read it: staff see the whole trail, a filer
/// the steps without the staff's working notes.
pub fn readable_history(
    user: &Principal,
    rows: Vec<crate::db::audit::AuditRow>,
) -> Vec<crate::db::audit::AuditRow> {
    match user.role {
        Role::Officer | Role::Admin => rows,
        Role::Resident | Role::Warehouse => rows
            .into_iter()
            .filter_map(|mut row| {
                let changes = serde_json::from_str(&row.changes).unwrap_or_default();
                let shown = crate::domain::history::for_filer(&row.action, changes)?;
                row.changes = shown.to_string();
                Some(row)
            })
            .collect(),
    }
}
