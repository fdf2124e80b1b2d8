//! The commission's decision on each member of an application, one at a
//! time or in bulk. Both paths ask `domain::review::entitlement` what a
//! member may get and write through `apply_decision`, so no rule is known
//! to one path only.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::Connection;
use serde_json::{json, Map, Value};

use super::applications::{get, invalid_state, load, load_many, transition, Application};
use super::audit::Actor;
use crate::db::decisions::{self, NewDecision};
use crate::db::duplicates::{self as matches, MatchRow};
use crate::db::events::EventRow;
use crate::db::identifiers::{self, Holder, NewIdentifier};
use crate::db::members::MemberRow;
use crate::db::{events, write_transaction, DbConnection};
use crate::domain::application::{ApplicationStatus, Transition};
use crate::domain::duplicates::{MatchKind, MatchStatus};
use crate::domain::event::{local_date, parse_utc_offset_minutes};
use crate::domain::identity::{identifiers_of, Identifier, IdentifierKind};
use crate::domain::principal::Principal;
use crate::domain::review::{
    check_decision, entitlement, ApplicationOutcome, DecisionError, DecisionFacts, DocumentId,
    Entitlement, FoundLoss, InspectionOutcome, MemberDecision, MemberOutcome, RecognitionRules,
};
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

pub struct Decision {
    pub protocol_number: String,
    pub decided_on: NaiveDate,
    pub members: Vec<MemberDecision>,
}

fn rules_of(event: &EventRow) -> RecognitionRules {
    RecognitionRules {
        require_registration: event.require_registration,
        require_residence: event.require_residence,
        require_full_loss: event.require_full_loss,
    }
}

/// The identifiers a stored member's own record carries.
pub(crate) fn member_identifiers(member: &MemberRow) -> Vec<Identifier> {
    let document = match (&member.document_series, &member.document_number) {
        (Some(series), Some(number)) => Some(DocumentId {
            kind: &member.document_type,
            series,
            number,
        }),
        _ => None,
    };
    identifiers_of(member.snils.as_deref(), document)
}

/// What the event already knows about who the members of some applications
/// are: loaded once per decision, or once per chunk of a bulk decision.
struct Standing {
    /// Each member's identifiers: their record's, and one per confirmed
    /// match that touches them.
    identifiers: HashMap<i64, Vec<Identifier>>,
    /// Each application's plot identifiers, one per confirmed property
    /// match: whichever of its members is recognised first holds them.
    plots: HashMap<i64, Vec<Identifier>>,
    /// Who holds each of those identifiers as a recognised member.
    holders: HashMap<String, Holder>,
    /// The open matches touching each member; a property match touches
    /// every member of both applications.
    open: HashMap<i64, Vec<MatchRow>>,
}

impl Standing {
    fn load(
        conn: &mut DbConnection,
        event_id: i64,
        applications: &[&Application],
    ) -> Result<Standing, AppError> {
        let application_ids: Vec<i64> = applications.iter().map(|a| a.row.id).collect();
        let mut identifiers: HashMap<i64, Vec<Identifier>> = applications
            .iter()
            .flat_map(|a| &a.members)
            .map(|m| (m.id, member_identifiers(m)))
            .collect();
        let members_of: HashMap<i64, Vec<i64>> = applications
            .iter()
            .map(|a| (a.row.id, a.members.iter().map(|m| m.id).collect()))
            .collect();
        let mut plots: HashMap<i64, Vec<Identifier>> = HashMap::new();
        let mut open: HashMap<i64, Vec<MatchRow>> = HashMap::new();
        for row in matches::for_applications(conn, &application_ids)? {
            let status = row.status;
            if row.kind == MatchKind::Property {
                for application_id in [row.application_id, row.other_application_id] {
                    let Some(members) = members_of.get(&application_id) else {
                        continue;
                    };
                    match status {
                        MatchStatus::Open => {
                            for member_id in members {
                                open.entry(*member_id).or_default().push(row.clone());
                            }
                        }
                        MatchStatus::Confirmed => plots
                            .entry(application_id)
                            .or_default()
                            .push(Identifier::plot(row.id)),
                        MatchStatus::Dismissed => {}
                    }
                }
                continue;
            }
            for member_id in [row.member_id, row.other_member_id] {
                if !identifiers.contains_key(&member_id) {
                    continue;
                }
                match status {
                    MatchStatus::Open => open.entry(member_id).or_default().push(row.clone()),
                    MatchStatus::Confirmed => identifiers
                        .entry(member_id)
                        .or_default()
                        .push(Identifier::confirmed_match(row.id)),
                    MatchStatus::Dismissed => {}
                }
            }
        }
        let wanted: Vec<String> = identifiers
            .values()
            .chain(plots.values())
            .flatten()
            .map(|i| i.as_str().to_owned())
            .collect();
        let holders = identifiers::holders(conn, event_id, &wanted)?
            .into_iter()
            .map(|h| (h.identifier.clone(), h))
            .collect();
        Ok(Standing {
            identifiers,
            plots,
            holders,
            open,
        })
    }

    fn identifiers_of(&self, member_id: i64) -> &[Identifier] {
        self.identifiers
            .get(&member_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn plots_of(&self, application_id: i64) -> &[Identifier] {
        self.plots
            .get(&application_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The recognised member who already holds one of the member's
    /// identifiers, or one of their application's plots, if any.
    fn holder_of(&self, member: &MemberRow) -> Option<&Holder> {
        self.identifiers_of(member.id)
            .iter()
            .chain(self.plots_of(member.application_id))
            .find_map(|i| self.holders.get(i.as_str()))
    }

    fn open_matches(&self, member_id: i64) -> &[MatchRow] {
        self.open
            .get(&member_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// The outcome of the latest inspection that has one, and the extent of
/// the loss it found.
fn inspection_outcome(
    application: &Application,
) -> Result<(InspectionOutcome, FoundLoss), AppError> {
    let latest = application
        .inspections
        .iter()
        .rev()
        .find_map(|row| row.outcome.map(|o| (o, row)));
    let (outcome, row) = latest.ok_or_else(|| {
        AppError::conflict(
            "inspection_required",
            "Решение принимается после обследования участка",
        )
    })?;
    // Every recorded act has its extent (the migration filled in older
    // ones); were one missing, "none" refuses rather than grants.
    let found = row.loss_extent_found.unwrap_or(FoundLoss::None);
    Ok((outcome, found))
}

/// The facts of one application that every member's decision reads.
struct Case<'a> {
    application: &'a Application,
    inspection: InspectionOutcome,
    loss_extent_found: FoundLoss,
    rules: RecognitionRules,
}

impl<'a> Case<'a> {
    fn of(application: &'a Application, rules: RecognitionRules) -> Result<Case<'a>, AppError> {
        let status = application.status();
        if status != ApplicationStatus::Inspected {
            return Err(invalid_state(&application.row));
        }
        let (inspection, loss_extent_found) = inspection_outcome(application)?;
        Ok(Case {
            application,
            inspection,
            loss_extent_found,
            rules,
        })
    }

    /// `earlier` holds the identifiers of members recognised before this
    /// one in the same application: one person listed twice in a household
    /// is recognised once.
    fn facts(
        &self,
        member: &MemberRow,
        standing: &Standing,
        earlier: &HashSet<&Identifier>,
    ) -> DecisionFacts {
        let identifiers = standing.identifiers_of(member.id);
        DecisionFacts {
            inspection: self.inspection,
            loss_extent_found: self.loss_extent_found,
            registered_at_property: member.registered_at_property,
            lives_at_property: member.lives_at_property,
            recognized_elsewhere: standing.holder_of(member).is_some()
                || identifiers.iter().any(|i| earlier.contains(i)),
            open_match: !standing.open_matches(member.id).is_empty(),
        }
    }

    fn member(&self, id: i64) -> Result<&'a MemberRow, AppError> {
        self.application
            .members
            .iter()
            .find(|m| m.id == id)
            .ok_or(AppError::NotFound)
    }
}

/// Decides on every member at once. The identifier rows that a recognition
/// writes keep one person from being recognised in two applications, even
/// when both are decided at the same moment.
pub fn decide(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    decision: &Decision,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let application = get(conn, user, id, now)?;
        let event = events::find(conn, application.row.event_id)?.ok_or(AppError::NotFound)?;
        let case = Case::of(&application, rules_of(&event))?;
        let mut standing = Standing::load(conn, event.id, &[&application])?;
        apply_decision(
            conn,
            Actor::user(user.id, now),
            &case,
            &mut standing,
            decision,
        )?;
        load(conn, id, now)
    })
}

/// Checks and writes one application's decision inside the caller's
/// transaction; shared by the single and the bulk decision. On success the
/// members it recognised are added to `standing`'s holders.
fn apply_decision(
    conn: &mut DbConnection,
    actor: Actor,
    case: &Case<'_>,
    standing: &mut Standing,
    decision: &Decision,
) -> Result<ApplicationOutcome, AppError> {
    let application = case.application;
    // Every member exactly once.
    let mut covered: Vec<i64> = decision.members.iter().map(|d| d.member_id).collect();
    covered.sort_unstable();
    let mut expected: Vec<i64> = application.members.iter().map(|m| m.id).collect();
    expected.sort_unstable();
    if covered != expected {
        return Err(AppError::invalid_field(
            &["members"],
            FieldError::new(
                "members_not_covered",
                "Решение должно касаться каждого члена семьи ровно один раз",
            ),
        ));
    }
    check_all(case, standing, decision)?;

    let (id, event_id) = (application.row.id, application.row.event_id);
    let mut outcomes = Vec::with_capacity(decision.members.len());
    let mut recognized = Vec::new();
    for member_decision in &decision.members {
        let row = NewDecision {
            member_id: member_decision.member_id,
            application_id: id,
            event_id,
            outcome: member_decision.outcome,
            reason: member_decision.reason,
            comment: member_decision.comment.as_deref(),
            protocol_number: &decision.protocol_number,
            decided_on: decision.decided_on,
            created_at: actor.at,
        };
        decisions::insert(conn, &row)?;
        outcomes.push(member_decision.outcome);
        if member_decision.outcome == MemberOutcome::Recognized {
            recognized.push(member_decision.member_id);
        }
    }
    hold_identifiers(conn, case, standing, decision, &recognized)?;

    let outcome = ApplicationOutcome::derive(&outcomes);
    decisions::set_application_outcome(
        conn,
        id,
        outcome.as_str(),
        &decision.protocol_number,
        decision.decided_on,
    )?;
    let details = json!({
        "outcome": { "before": null, "after": outcome.as_str() },
        "protocol_number": { "before": null, "after": decision.protocol_number },
        "members": { "before": null, "after": decision.members.iter().map(|d| json!({
            "member_id": d.member_id,
            "outcome": d.outcome.as_str(),
            "reason": d.reason.map(|r| r.as_str()),
            "comment": d.comment,
        })).collect::<Vec<_>>() },
    });
    transition(
        conn,
        actor,
        application,
        Transition::Decide,
        "application.decided",
        details,
    )?;
    Ok(outcome)
}

/// Every member's decision against the rules. A broken rule anywhere is
/// reported first (422, all of them), then a person recognised elsewhere,
/// then open matches (409 each): the officer fixes the form before
/// chasing other applications.
fn check_all(case: &Case<'_>, standing: &Standing, decision: &Decision) -> Result<(), AppError> {
    let mut invalid = FieldErrors::new();
    let mut already: Option<AppError> = None;
    let mut held = FieldErrors::new();
    let mut earlier: HashSet<&Identifier> = HashSet::new();
    for (index, member_decision) in decision.members.iter().enumerate() {
        let member = case.member(member_decision.member_id)?;
        let facts = case.facts(member, standing, &earlier);
        let index = index.to_string();
        let path = ["members", index.as_str()];
        match check_decision(member_decision, facts, case.rules) {
            Ok(()) => {}
            Err(DecisionError::Invalid(error)) => invalid.add(&path, error),
            Err(DecisionError::AlreadyRecognized) => {
                if already.is_none() {
                    let holder = standing.holder_of(member);
                    let matched = holder.map(|h| h.identifier.clone()).or_else(|| {
                        standing
                            .identifiers_of(member.id)
                            .iter()
                            .find(|i| earlier.contains(i))
                            .map(|i| i.as_str().to_owned())
                    });
                    already = Some(already_recognized(
                        &path,
                        holder
                            .map(|h| h.application_id)
                            .unwrap_or(case.application.row.id),
                        holder
                            .map(|h| h.registration_number.as_str())
                            .unwrap_or(&case.application.row.registration_number),
                        matched.as_deref().unwrap_or_default(),
                    ));
                }
            }
            Err(DecisionError::OpenDuplicates) => {
                add_open_matches(&mut held, &path, standing.open_matches(member.id))
            }
        }
        if member_decision.outcome == MemberOutcome::Recognized {
            earlier.extend(standing.identifiers_of(member.id));
        }
    }
    if !invalid.is_empty() {
        return Err(AppError::invalid(invalid));
    }
    if let Some(error) = already {
        return Err(error);
    }
    if !held.is_empty() {
        return Err(open_duplicates(held));
    }
    Ok(())
}

/// Writes the identifier rows of the members just recognised. A clash
/// means someone recognised the same person after `standing` was read:
/// the savepoint keeps the transaction usable to find out who.
fn hold_identifiers(
    conn: &mut DbConnection,
    case: &Case<'_>,
    standing: &mut Standing,
    decision: &Decision,
    recognized: &[i64],
) -> Result<(), AppError> {
    let (application_id, event_id) = (case.application.row.id, case.application.row.event_id);
    // The plot is held once per application, by its first recognition.
    let plots = recognized.first().into_iter().flat_map(|&member_id| {
        standing
            .plots_of(application_id)
            .iter()
            .map(move |i| (member_id, i.clone()))
    });
    let rows: Vec<(i64, Identifier)> = recognized
        .iter()
        .flat_map(|&member_id| {
            standing
                .identifiers_of(member_id)
                .iter()
                .map(move |i| (member_id, i.clone()))
        })
        .chain(plots)
        .collect();
    let new_rows: Vec<NewIdentifier<'_>> = rows
        .iter()
        .map(|(member_id, identifier)| NewIdentifier {
            event_id,
            identifier: identifier.as_str(),
            member_id: *member_id,
            application_id,
        })
        .collect();
    match conn.transaction(|conn| identifiers::insert_many(conn, &new_rows)) {
        Ok(()) => {}
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            let wanted: Vec<String> = rows.iter().map(|(_, i)| i.as_str().to_owned()).collect();
            let holder = identifiers::holders(conn, event_id, &wanted)?
                .into_iter()
                .next()
                .ok_or_else(|| AppError::internal("an identifier clashed with no holder"))?;
            let member_id = rows
                .iter()
                .find(|(_, i)| i.as_str() == holder.identifier)
                .map_or(0, |(m, _)| *m);
            let index = decision
                .members
                .iter()
                .position(|d| d.member_id == member_id)
                .unwrap_or_default()
                .to_string();
            return Err(already_recognized(
                &["members", &index],
                holder.application_id,
                &holder.registration_number,
                &holder.identifier,
            ));
        }
        Err(other) => return Err(other.into()),
    }
    for (member_id, identifier) in rows {
        let holder = Holder {
            identifier: identifier.as_str().to_owned(),
            member_id,
            application_id,
            registration_number: case.application.row.registration_number.clone(),
        };
        standing.holders.insert(holder.identifier.clone(), holder);
    }
    Ok(())
}

fn already_recognized(
    path: &[&str],
    other_application_id: i64,
    other_registration_number: &str,
    identifier: &str,
) -> AppError {
    let kind = Identifier::from_stored(identifier.to_owned()).kind();
    let what = kind.map(|k| k.describe()).unwrap_or("совпадают данные");
    let message = if kind == Some(IdentifierKind::Plot) {
        format!("По этому участку пострадавшие уже признаны по заявлению {other_registration_number}: {what}")
    } else {
        format!(
            "Этот человек уже признан пострадавшим по заявлению {other_registration_number}: {what}"
        )
    };
    let mut details = Map::new();
    details.insert("other_application_id".into(), other_application_id.into());
    details.insert(
        "other_registration_number".into(),
        other_registration_number.into(),
    );
    details.insert(
        "identifier".into(),
        kind.map_or(Value::Null, |k| k.as_str().into()),
    );
    let mut fields = FieldErrors::new();
    fields.add_with(
        path,
        FieldError::new("already_recognized", message.clone()),
        details,
    );
    AppError::Conflict {
        code: "already_recognized",
        message,
        fields,
    }
}

const OPEN_DUPLICATES_MESSAGE: &str =
    "Есть нерешённые совпадения с другими заявлениями: решите их до признания";

fn add_open_matches(fields: &mut FieldErrors, path: &[&str], open: &[MatchRow]) {
    let listed: Vec<Value> = open
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "kind": m.kind,
                "application_id": m.application_id,
                "other_application_id": m.other_application_id,
            })
        })
        .collect();
    let mut details = Map::new();
    details.insert("matches".into(), Value::Array(listed));
    fields.add_with(
        path,
        FieldError::new("open_duplicates", OPEN_DUPLICATES_MESSAGE),
        details,
    );
}

fn open_duplicates(fields: FieldErrors) -> AppError {
    AppError::Conflict {
        code: "open_duplicates",
        message: OPEN_DUPLICATES_MESSAGE.to_owned(),
        fields,
    }
}

/// What happened to one application of a bulk decision.
#[derive(Debug)]
pub struct BulkResult {
    pub application_id: i64,
    pub result: Result<ApplicationOutcome, AppError>,
}

/// Applications decided per transaction: few enough to keep each short,
/// many enough that 10,000 applications need only 50 commits.
const BULK_CHUNK: usize = 200;

/// Decides many inspected applications of an event: each member is given
/// what the event's rules give them (a person already recognised
/// elsewhere is refused as `duplicate`); an application with a member held
/// by an open match is left undecided with `open_duplicates`. Each
/// application is decided in its own savepoint, so one that fails leaves
/// the others decided.
pub fn decide_bulk(
    conn: &mut DbConnection,
    user: &Principal,
    event_id: i64,
    protocol_number: &str,
    decided_on: NaiveDate,
    application_ids: &[i64],
    now: NaiveDateTime,
) -> Result<Vec<BulkResult>, AppError> {
    let event = events::find(conn, event_id)?.ok_or(AppError::NotFound)?;
    let rules = rules_of(&event);
    let actor = Actor::user(user.id, now);
    let offset = parse_utc_offset_minutes(event.utc_offset_minutes).map_err(AppError::internal)?;
    let today = local_date(now, offset);
    let mut results = Vec::with_capacity(application_ids.len());
    for chunk in application_ids.chunks(BULK_CHUNK) {
        let chunk_results = write_transaction(conn, |conn| {
            // The chunk's applications and who their people are, in a few
            // queries rather than several per application.
            let loaded = load_many(conn, chunk, today)?;
            let ours: Vec<&Application> = loaded
                .iter()
                .filter(|a| a.row.event_id == event_id)
                .collect();
            let mut standing = Standing::load(conn, event_id, &ours)?;
            let mut chunk_results = Vec::with_capacity(chunk.len());
            for &id in chunk {
                let result = match ours.iter().find(|a| a.row.id == id) {
                    None => Err(AppError::NotFound),
                    Some(application) => conn.transaction(|conn| {
                        decide_by_rules(
                            conn,
                            actor,
                            Case::of(application, rules)?,
                            &mut standing,
                            protocol_number,
                            decided_on,
                        )
                    }),
                };
                chunk_results.push(BulkResult {
                    application_id: id,
                    result,
                });
            }
            Ok::<_, AppError>(chunk_results)
        })?;
        results.extend(chunk_results);
    }
    Ok(results)
}

/// What the rules give each member of the case; `Err` when a member is
/// held by an open match.
fn rule_decisions(case: &Case<'_>, standing: &Standing) -> Result<Vec<MemberDecision>, AppError> {
    let mut earlier: HashSet<&Identifier> = HashSet::new();
    let mut held = FieldErrors::new();
    let mut members = Vec::with_capacity(case.application.members.len());
    for (index, member) in case.application.members.iter().enumerate() {
        let (outcome, reason) =
            match entitlement(case.facts(member, standing, &earlier), case.rules) {
                Entitlement::Recognize => {
                    earlier.extend(standing.identifiers_of(member.id));
                    (MemberOutcome::Recognized, None)
                }
                Entitlement::Refuse(reason) => (MemberOutcome::Refused, Some(reason)),
                Entitlement::Held => {
                    let path = index.to_string();
                    add_open_matches(
                        &mut held,
                        &["members", &path],
                        standing.open_matches(member.id),
                    );
                    continue;
                }
            };
        members.push(MemberDecision {
            member_id: member.id,
            outcome,
            reason,
            comment: None,
        });
    }
    if !held.is_empty() {
        return Err(open_duplicates(held));
    }
    Ok(members)
}

fn decide_by_rules(
    conn: &mut DbConnection,
    actor: Actor,
    case: Case<'_>,
    standing: &mut Standing,
    protocol_number: &str,
    decided_on: NaiveDate,
) -> Result<ApplicationOutcome, AppError> {
    if case.inspection != InspectionOutcome::LossConfirmed {
        return Err(AppError::conflict(
            "inspection_not_confirmed",
            "Обследование не подтвердило утрату урожая: решите заявление отдельно",
        ));
    }
    let decision = Decision {
        protocol_number: protocol_number.to_owned(),
        decided_on,
        members: rule_decisions(&case, standing)?,
    };
    apply_decision(conn, actor, &case, standing, &decision)
}
