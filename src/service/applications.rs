//! Filing, reading and amending aid applications. Each write is one
//! transaction that checks the status, changes rows and appends to the
//! audit trail.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Value};

use super::audit::{self, Actor, Subject};
use super::duplicates;
use crate::auth::CurrentUser;
use crate::db::applications::{
    self, ApplicationChanges, ApplicationFilter, ApplicationRow, NewApplicationRow,
};
use crate::db::decisions::{self, DecisionRow};
use crate::db::events::EventRow;
use crate::db::inspections::{self, InspectionRow};
use crate::db::members::{self, MemberRow, NewMemberRow};
use crate::db::{events, idempotency, write_transaction, DbConnection};
use crate::domain::application::{ApplicationStatus, Relationship, Transition};
use crate::domain::deadline;
use crate::domain::document::IdentityDocument;
use crate::domain::event::{local_date, parse_utc_offset_minutes};
use crate::domain::household::ApplicationDraft;
use crate::domain::household::{MemberDraft, MAX_MEMBERS};
use crate::domain::person_name::fold;
use crate::domain::role::Role;
use crate::domain::snils::mask_tail;
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

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
    pub fn status(&self) -> Result<ApplicationStatus, AppError> {
        status_of(&self.row)
    }

    pub fn is_overdue(&self) -> bool {
        self.status().is_ok_and(ApplicationStatus::awaits_answer)
            && self.row.answer_due_on < self.today
    }
}

fn status_of(row: &ApplicationRow) -> Result<ApplicationStatus, AppError> {
    ApplicationStatus::from_stored(&row.status)
        .ok_or_else(|| AppError::internal(format!("unknown status {} stored", row.status)))
}

#[derive(Clone)]
pub struct Filing {
    pub event_id: i64,
    pub draft: ApplicationDraft,
    pub late_reason: Option<String>,
    /// `Idempotency-Key` and a hash of the request body.
    pub idempotency: Option<(String, String)>,
}

const APPLICATION_COUNTER: &str = "application";

fn member_subject(member_id: i64, application_id: i64) -> Subject<'static> {
    Subject {
        entity: "member",
        entity_id: member_id,
        application_id: Some(application_id),
    }
}

fn application_subject(id: i64) -> Subject<'static> {
    Subject {
        entity: "application",
        entity_id: id,
        application_id: Some(id),
    }
}

/// Registers a new application in the transaction that stores it: the
/// gapless number, the registration time and the 59-FZ answer date.
pub fn file(
    conn: &mut DbConnection,
    user: &CurrentUser,
    filing: &Filing,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    let registration = Registration::prepare(conn, user.clone(), filing.clone(), now)?;
    register(conn, &registration)
}

/// A filing ready to register: its event read, its filer and moment fixed.
pub struct Registration {
    pub user: CurrentUser,
    pub filing: Filing,
    pub event: EventRow,
    pub now: NaiveDateTime,
}

impl Registration {
    /// Reads the event the filing names, before the write transaction: on
    /// SQLite one writer at a time holds it, so everything done under it
    /// limits the filing rate. An unknown event is refused here.
    pub fn prepare(
        conn: &mut DbConnection,
        user: CurrentUser,
        filing: Filing,
        now: NaiveDateTime,
    ) -> Result<Self, AppError> {
        let event = events::find(conn, filing.event_id)?.ok_or_else(|| {
            AppError::invalid_field(
                &["event_id"],
                FieldError::new("unknown_event", "Такого события нет"),
            )
        })?;
        Ok(Self {
            user,
            filing,
            event,
            now,
        })
    }
}

/// Registers one filing in a transaction of its own.
pub fn register(
    conn: &mut DbConnection,
    registration: &Registration,
) -> Result<Application, AppError> {
    let result = write_transaction(conn, |conn| register_within(conn, registration));
    match (result, &registration.filing.idempotency) {
        // Two requests with one key raced; the other stored it first.
        (
            Err(AppError::Conflict {
                code: "conflict", ..
            }),
            Some(_),
        ) => write_transaction(conn, |conn| register_within(conn, registration)),
        (result, _) => result,
    }
}

/// Registers one filing inside a transaction the caller holds.
fn register_within(
    conn: &mut DbConnection,
    registration: &Registration,
) -> Result<Application, AppError> {
    let stored = store(conn, registration)?;
    let mut numbered = number(conn, vec![stored])?;
    numbered
        .pop()
        .ok_or_else(|| AppError::internal("a stored filing was not numbered"))
}

/// A filing as `store` leaves it.
pub(super) enum Stored {
    /// A repeat of an idempotent request: the application filed first,
    /// read once numbered, since it may be in the same batch.
    Earlier { id: i64, now: NaiveDateTime },
    /// Written with a placeholder number, not yet audited.
    New {
        application: Box<Application>,
        event_code: String,
        actor: Actor,
    },
}

/// Stores a filing without its number, inside a transaction the caller
/// holds and finishes with `number`, possibly with other filings.
pub(super) fn store(
    conn: &mut DbConnection,
    registration: &Registration,
) -> Result<Stored, AppError> {
    let Registration {
        user,
        filing,
        event,
        now,
    } = registration;
    let now = *now;
    if let Some((key, hash)) = &filing.idempotency {
        if let Some(previous) = idempotency::find(conn, user.id, key)? {
            if &previous.request_hash != hash {
                return Err(AppError::conflict(
                    "idempotency_key_reused",
                    "Этот Idempotency-Key уже использован для другого запроса",
                ));
            }
            return Ok(Stored::Earlier {
                id: previous.application_id,
                now,
            });
        }
    }
    let (today, window) = super::events::intake_on(event, now)?;
    let draft = &filing.draft;
    // A resident files online, always; staff register what came on paper.
    let (channel, late_reason) = match user.role {
        Role::Resident => (crate::domain::application::Channel::Website, None),
        Role::Officer | Role::Admin | Role::Warehouse => {
            (draft.channel, filing.late_reason.as_deref())
        }
    };
    if !window.contains(today) && late_reason.is_none() {
        return Err(AppError::Conflict {
            code: "intake_closed",
            message: format!(
                "Приём заявлений открыт с {} по {}",
                window.opens_on.format("%d.%m.%Y"),
                window.closes_on.format("%d.%m.%Y")
            ),
            fields: if user.role == Role::Resident {
                FieldErrors::new()
            } else {
                FieldErrors::single(
                    &["late_reason"],
                    FieldError::new("required", "Для заявления вне срока приёма укажите причину"),
                )
            },
        });
    }
    // Unique until the real number replaces it below; never committed.
    let pending_number = format!("pending:{}", uuid::Uuid::new_v4());
    let crops = serde_json::to_string(&draft.crops_lost).map_err(AppError::internal)?;
    let new_row = NewApplicationRow {
        event_id: event.id,
        seq: 0,
        registration_number: &pending_number,
        status: ApplicationStatus::Submitted.as_str(),
        channel: channel.as_str(),
        filed_by: user.id,
        registered_at: now,
        answer_due_on: deadline::answer_due_on(today),
        late_reason: if window.contains(today) {
            None
        } else {
            late_reason
        },
        applicant_phone: draft.applicant_phone.as_str(),
        applicant_email: draft.applicant_email.as_deref(),
        postal_address: &draft.postal_address,
        property_address: &draft.property_address,
        cadastral_number: draft.cadastral_number.as_deref(),
        plot_area_m2: draft.plot_area_m2,
        crops_lost: &crops,
        loss_extent: draft.loss_extent.as_str(),
        description: &draft.description,
        consent_personal_data: true,
        updated_at: now,
    };
    let id = applications::insert(conn, &new_row)?;
    let mut member_rows = Vec::with_capacity(draft.members.len());
    for member in &draft.members {
        let row = new_member_row(id, event.id, member, now);
        let member_id = members::insert(conn, &row)?;
        member_rows.push(row.stored(member_id));
    }
    duplicates::check_members(conn, event.id, id, &member_rows, now)?;
    if let Some((key, hash)) = &filing.idempotency {
        idempotency::insert(conn, user.id, key, hash, id, now)?;
    }
    Ok(Stored::New {
        application: Box::new(Application {
            row: new_row.stored(id),
            members: member_rows,
            decisions: Vec::new(),
            inspections: Vec::new(),
            today,
        }),
        event_code: event.code.clone(),
        actor: Actor::user(user.id, now),
    })
}

/// Numbers and audits the stored filings, in order. The numbers are taken
/// last and all at once: from then to the commit the event's counter row is
/// locked, and every other filing of the event waits for it.
pub(super) fn number(
    conn: &mut DbConnection,
    stored: Vec<Stored>,
) -> Result<Vec<Application>, AppError> {
    let mut wanted: Vec<(i64, i64)> = Vec::new();
    for filing in &stored {
        if let Stored::New { application, .. } = filing {
            match wanted
                .iter_mut()
                .find(|(event, _)| *event == application.row.event_id)
            {
                Some((_, count)) => *count += 1,
                None => wanted.push((application.row.event_id, 1)),
            }
        }
    }
    // The next number free for each event: the counter's last minus what
    // this call takes, plus one.
    let mut next: Vec<(i64, i64)> = Vec::with_capacity(wanted.len());
    for (event_id, count) in wanted {
        let last = events::take_numbers(conn, event_id, APPLICATION_COUNTER, count)?;
        next.push((event_id, last - count + 1));
    }
    let mut numbered = Vec::with_capacity(stored.len());
    let mut earlier = Vec::new();
    for filing in stored {
        let (mut application, event_code, actor) = match filing {
            Stored::Earlier { id, now } => {
                earlier.push((numbered.len(), id, now));
                numbered.push(None);
                continue;
            }
            Stored::New {
                application,
                event_code,
                actor,
            } => (application, event_code, actor),
        };
        let free = next
            .iter_mut()
            .find(|(event, _)| *event == application.row.event_id)
            .ok_or_else(|| AppError::internal("no number taken for a stored filing"))?;
        let seq = free.1;
        free.1 += 1;
        let id = application.row.id;
        let registration_number = format!("{event_code}-{seq:05}");
        applications::set_number(conn, id, seq, &registration_number)?;
        application.row.seq = seq;
        application.row.registration_number = registration_number;
        let mut after = application_snapshot(&application.row);
        after["members"] = application.members.iter().map(member_snapshot).collect();
        audit::record(
            conn,
            actor,
            "application.filed",
            application_subject(id),
            audit::diff(&json!({}), &after),
        )?;
        numbered.push(Some(*application));
    }
    for (slot, id, now) in earlier {
        numbered[slot] = Some(load(conn, id, now)?);
    }
    numbered
        .into_iter()
        .map(|application| {
            application.ok_or_else(|| AppError::internal("a filing was left unanswered"))
        })
        .collect()
}

fn new_member_row(
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
        relationship: member.relationship.as_str().to_owned(),
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
fn member_snapshot(row: &MemberRow) -> Value {
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

fn application_snapshot(row: &ApplicationRow) -> Value {
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
    user: &CurrentUser,
    id: i64,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    let application = load(conn, id, now)?;
    check_access(user, &application.row)?;
    Ok(application)
}

fn check_access(user: &CurrentUser, row: &ApplicationRow) -> Result<(), AppError> {
    match user.role {
        Role::Officer | Role::Admin => Ok(()),
        Role::Resident if row.filed_by == user.id => Ok(()),
        Role::Resident | Role::Warehouse => Err(AppError::NotFound),
    }
}

/// «Фамилия Имя Отчество» of a stored member, as lists and papers print it.
pub fn member_full_name(member: &MemberRow) -> String {
    crate::print::format::full_name(
        &member.last_name,
        &member.first_name,
        member.patronymic.as_deref(),
    )
}

pub fn invalid_state(current: ApplicationStatus) -> AppError {
    AppError::InvalidState {
        current: current.as_str(),
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
    user: &CurrentUser,
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
    };
    let total = applications::count(conn, &filter)?;
    let rows = applications::page(conn, &filter, offset, limit)?;
    let items = assemble(conn, rows, today, false)?;
    Ok((items, total))
}

/// Fields an amendment may change, parsed.
#[derive(Debug, Clone, Default)]
pub struct Amendment {
    pub changes: ApplicationChanges,
}

fn editable(
    conn: &mut DbConnection,
    user: &CurrentUser,
    id: i64,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    let application = get(conn, user, id, now)?;
    let status = application.status()?;
    if !status.is_editable() {
        return Err(invalid_state(status));
    }
    Ok(application)
}

pub fn amend(
    conn: &mut DbConnection,
    user: &CurrentUser,
    id: i64,
    mut changes: ApplicationChanges,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let before = editable(conn, user, id, now)?;
        if user.role == Role::Resident {
            // A resident's filing stays a website filing.
            changes.channel = None;
        }
        changes.updated_at = Some(now);
        let status = before.status()?;
        if applications::update_if_status(conn, id, status.as_str(), &changes)? == 0 {
            return Err(invalid_state(load(conn, id, now)?.status()?));
        }
        let actor = Actor::user(user.id, now);
        let after = record_change(conn, actor, "application.amended", &before.row)?;
        resubmit_if_incomplete(conn, actor, &before)?;
        load(conn, after.row.id, now)
    })
}

pub fn add_member(
    conn: &mut DbConnection,
    user: &CurrentUser,
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
            now,
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
        load(conn, id, now)
    })
}

pub fn remove_member(
    conn: &mut DbConnection,
    user: &CurrentUser,
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
        if member.relationship == Relationship::Applicant.as_str() {
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
        load(conn, id, now)
    })
}

/// A change to an application whose documents were requested sends it
/// back to `submitted` and clears the request.
fn resubmit_if_incomplete(
    conn: &mut DbConnection,
    actor: Actor,
    application: &Application,
) -> Result<(), AppError> {
    if application.status()? == ApplicationStatus::Incomplete {
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
    let current = application.status()?;
    let next = current
        .apply(transition)
        .ok_or_else(|| invalid_state(current))?;
    let id = application.row.id;
    if applications::set_status(conn, id, current.as_str(), next.as_str(), actor.at)? == 0 {
        let now_status = applications::find(conn, id)?.ok_or(AppError::NotFound)?;
        return Err(invalid_state(status_of(&now_status)?));
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
    user: &CurrentUser,
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
        load(conn, id, now)
    })
}

pub fn extend(
    conn: &mut DbConnection,
    user: &CurrentUser,
    id: i64,
    days: i64,
    reason: &str,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let application = get(conn, user, id, now)?;
        let status = application.status()?;
        if !status.awaits_answer() {
            return Err(invalid_state(status));
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
    user: &CurrentUser,
    id: i64,
    now: NaiveDateTime,
) -> Result<Vec<crate::db::audit::AuditRow>, AppError> {
    get(conn, user, id, now)?;
    Ok(crate::db::audit::for_application(conn, id)?)
}
