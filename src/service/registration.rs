//! Registering filed applications: each gets its gapless number, its 59-FZ
//! answer date, its duplicate check and its audit entry in the transaction
//! that stores it.
//!
//! A group of filings (see the registrar) is registered together: whatever
//! only reads (the events, idempotency keys, the duplicate look-up) is done
//! first, outside the transaction, then the whole group is written in one
//! transaction, each table's rows at once (`insert_rows!`), its duplicate
//! look-up one statement for all its members. Filed one at a time, a filing
//! cost about fourteen statements through diesel's `MultiConnection`, and
//! building, binding and running them, not the rows, was most of the work.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use super::applications::{
    application_snapshot, application_subject, load, member_snapshot, new_member_row, Application,
    Filing,
};
use super::audit::{self, Actor};
use super::duplicates;
use super::plots::{self, Plot};
use crate::db::applications::{self as stored_applications, NewApplicationRow};
use crate::db::connection::reuse_plans_in_transaction;
use crate::db::duplicates::{self as candidates, Candidate, CandidateKeys};
use crate::db::events::EventRow;
use crate::db::members::{self, MemberRow, NewMemberRow};
use crate::db::{audit as audit_log, events, idempotency, write_transaction, DbConnection};
use crate::domain::application::{ApplicationStatus, Channel, Relationship};
use crate::domain::deadline;
use crate::domain::principal::Principal;
use crate::domain::property::address_key;
use crate::domain::role::Role;
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

pub type Answer = Result<Application, AppError>;

const APPLICATION_COUNTER: &str = "application";

/// A filing ready to register: its filer and its moment fixed.
pub struct Registration {
    pub user: Principal,
    pub filing: Filing,
    pub now: NaiveDateTime,
}

/// Registers one filing in a transaction of its own, as the import and the
/// demo do.
pub fn file(
    conn: &mut DbConnection,
    user: &Principal,
    filing: &Filing,
    now: NaiveDateTime,
) -> Answer {
    register_one(
        conn,
        &Registration {
            user: user.clone(),
            filing: filing.clone(),
            now,
        },
    )
}

/// Registers the filings and answers each, in order: everything that only
/// reads is done first, outside the transaction, then all are written in
/// one transaction. A filing refused by
/// a check made before writing (an unknown event, closed intake, a reused
/// key) is answered alone and the rest go on. If the transaction itself
/// fails, PostgreSQL may have aborted it and nothing of it may commit: it
/// is rolled back and every filing is registered again alone, so that one
/// cannot take the others with it.
pub fn register(conn: &mut DbConnection, jobs: &[Registration]) -> Vec<Answer> {
    if let [job] = jobs {
        return vec![register_one(conn, job)];
    }
    match attempt(conn, jobs) {
        Ok(answers) => answers,
        Err(_) => jobs.iter().map(|job| register_one(conn, job)).collect(),
    }
}

fn register_one(conn: &mut DbConnection, job: &Registration) -> Answer {
    let alone = |conn: &mut DbConnection| {
        attempt(conn, std::slice::from_ref(job))?
            .pop()
            .unwrap_or_else(|| Err(AppError::internal("a filing was left unanswered")))
    };
    match (alone(conn), &job.filing.idempotency) {
        // Two requests with one key raced; the other stored it first.
        (
            Err(AppError::Conflict {
                code: "conflict", ..
            }),
            Some(_),
        ) => alone(conn),
        (answer, _) => answer,
    }
}

/// Reads, then writes. An `Err` means nothing was written; a refused
/// filing is an `Err` among the answers.
fn attempt(conn: &mut DbConnection, jobs: &[Registration]) -> Result<Vec<Answer>, AppError> {
    let mut event_ids: Vec<i64> = jobs.iter().map(|job| job.filing.event_id).collect();
    event_ids.sort_unstable();
    event_ids.dedup();
    let events = events::find_many(conn, &event_ids)?;
    let group = Group::read(conn, jobs, &events)?;
    write_transaction(conn, |conn| group.write(conn))
}

/// What the checks made before writing decided for one filing.
enum Plan<'a> {
    Refused(AppError),
    /// A repeat of an idempotent request whose application is stored.
    Stored(i64),
    /// A repeat of an idempotent request earlier in the same group.
    SameAs(usize),
    New(Accepted<'a>),
}

/// A filing that will be written.
struct Accepted<'a> {
    job: &'a Registration,
    event: &'a EventRow,
    today: NaiveDate,
    channel: Channel,
    late_reason: Option<&'a str>,
}

/// The keys of the group's idempotent requests: `(user, key)` to the first
/// filing that carried it and its body's hash.
type KeysInGroup<'a> = HashMap<(i64, &'a str), (usize, &'a str)>;

/// A group of filings decided and looked up, ready to write.
struct Group<'a> {
    jobs: &'a [Registration],
    plans: Vec<Plan<'a>>,
    /// The households of the accepted filings, in order, as they will be
    /// stored, their application not yet known.
    households: Vec<Vec<NewMemberRow>>,
    look_ups: Vec<LookUp>,
}

impl<'a> Group<'a> {
    /// Everything that only reads: the decision on each filing and the
    /// duplicate look-up for the accepted ones. Outside the write
    /// transaction, so that another group can be written meanwhile.
    fn read(
        conn: &mut DbConnection,
        jobs: &'a [Registration],
        events: &'a [EventRow],
    ) -> Result<Self, AppError> {
        let mut keys = KeysInGroup::new();
        let mut plans = Vec::with_capacity(jobs.len());
        for (index, job) in jobs.iter().enumerate() {
            let plan = plan(conn, job, events, &keys)?;
            // A refused filing leaves its key free: a repeat is decided afresh.
            if let (Plan::New(_) | Plan::Stored(_), Some((key, hash))) =
                (&plan, &job.filing.idempotency)
            {
                keys.insert((job.user.id, key.as_str()), (index, hash.as_str()));
            }
            plans.push(plan);
        }
        let accepted = accepted(&plans);
        let households: Vec<Vec<NewMemberRow>> = accepted
            .iter()
            .map(|filing| {
                let Registration { filing: f, now, .. } = filing.job;
                f.draft
                    .members
                    .iter()
                    .map(|member| new_member_row(0, filing.event.id, member, *now))
                    .collect()
            })
            .collect();
        let look_ups = distinct_events(&accepted)
            .into_iter()
            .map(|event| {
                let members = accepted
                    .iter()
                    .zip(&households)
                    .filter(|(filing, _)| filing.event.id == event.id)
                    .flat_map(|(_, household)| household);
                LookUp::before(conn, event.id, members)
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok(Self {
            jobs,
            plans,
            households,
            look_ups,
        })
    }

    /// Writes the accepted filings and answers every one, inside the
    /// transaction the caller holds.
    fn write(self, conn: &mut DbConnection) -> Result<Vec<Answer>, AppError> {
        let Group {
            jobs,
            plans,
            households,
            look_ups,
        } = self;
        let mut written = store(conn, &accepted(&plans), households, look_ups)?.into_iter();
        let mut answers: Vec<Answer> = Vec::with_capacity(jobs.len());
        for (plan, job) in plans.into_iter().zip(jobs) {
            answers.push(match plan {
                Plan::Refused(error) => Err(error),
                Plan::Stored(id) => load(conn, id, job.now),
                Plan::SameAs(first) => match answers.get(first) {
                    Some(Ok(application)) => Ok(application.clone()),
                    _ => Err(AppError::internal("a repeated filing lost its first")),
                },
                Plan::New(_) => written
                    .next()
                    .ok_or_else(|| AppError::internal("a stored filing was not returned")),
            });
        }
        Ok(answers)
    }
}

fn accepted<'p, 'a>(plans: &'p [Plan<'a>]) -> Vec<&'p Accepted<'a>> {
    plans
        .iter()
        .filter_map(|plan| match plan {
            Plan::New(accepted) => Some(accepted),
            _ => None,
        })
        .collect()
}

/// Decides one filing from the event and the keys already stored or seen
/// earlier in the group; writes nothing.
fn plan<'a>(
    conn: &mut DbConnection,
    job: &'a Registration,
    events: &'a [EventRow],
    keys: &KeysInGroup<'_>,
) -> Result<Plan<'a>, AppError> {
    let Registration { user, filing, now } = job;
    let Some(event) = events.iter().find(|event| event.id == filing.event_id) else {
        return Ok(Plan::Refused(AppError::invalid_field(
            &["event_id"],
            FieldError::new("unknown_event", "Такого события нет"),
        )));
    };
    if let Some((key, hash)) = &filing.idempotency {
        let reused = || {
            AppError::conflict(
                "idempotency_key_reused",
                "Этот Idempotency-Key уже использован для другого запроса",
            )
        };
        if let Some((first, first_hash)) = keys.get(&(user.id, key.as_str())) {
            return Ok(if first_hash == hash {
                Plan::SameAs(*first)
            } else {
                Plan::Refused(reused())
            });
        }
        if let Some(previous) = idempotency::find(conn, user.id, key)? {
            return Ok(if &previous.request_hash == hash {
                Plan::Stored(previous.application_id)
            } else {
                Plan::Refused(reused())
            });
        }
    }
    let (today, window) = super::events::intake_on(event, *now)?;
    // A resident files online, always; staff register what came on paper.
    let (channel, late_reason) = match user.role {
        Role::Resident => (Channel::Website, None),
        Role::Officer | Role::Admin | Role::Warehouse => {
            (filing.draft.channel, filing.late_reason.as_deref())
        }
    };
    let late_reason = if window.contains(today) {
        None
    } else if late_reason.is_some() {
        late_reason
    } else {
        return Ok(Plan::Refused(AppError::Conflict {
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
        }));
    };
    Ok(Plan::New(Accepted {
        job,
        event,
        today,
        channel,
        late_reason,
    }))
}

/// Writes the accepted filings, in order: numbers, applications, members,
/// duplicate matches, idempotency keys and audit entries.
///
/// The numbers are taken first. On PostgreSQL that locks the event's
/// counter row until the commit, and on SQLite the transaction holds the
/// database: the groups of one event are written one after another, and
/// each group's check sees every household numbered before it, whichever
/// writer or instance filed it, though it looked up before its transaction
/// (`LookUp::catch_up`).
fn store(
    conn: &mut DbConnection,
    accepted: &[&Accepted<'_>],
    households: Vec<Vec<NewMemberRow>>,
    mut look_ups: Vec<LookUp>,
) -> Result<Vec<Application>, AppError> {
    if accepted.is_empty() {
        return Ok(Vec::new());
    }
    let numbers = take_numbers(conn, accepted)?;
    for look_up in &mut look_ups {
        let first = accepted
            .iter()
            .zip(&numbers)
            .filter(|(filing, _)| filing.event.id == look_up.event_id)
            .map(|(_, (seq, _))| *seq)
            .min()
            .ok_or_else(|| AppError::internal("an event of the group was not numbered"))?;
        look_up.catch_up(conn, first - 1)?;
    }
    reuse_plans_in_transaction(conn)?;
    let crops = accepted
        .iter()
        .map(|filing| serde_json::to_string(&filing.job.filing.draft.crops_lost))
        .collect::<Result<Vec<_>, _>>()
        .map_err(AppError::internal)?;
    let plots: Vec<String> = accepted
        .iter()
        .map(|filing| address_key(&filing.job.filing.draft.property_address))
        .collect();
    let rows: Vec<NewApplicationRow<'_>> = accepted
        .iter()
        .zip(&numbers)
        .zip(crops.iter().zip(&plots))
        .map(|((filing, (seq, number)), (crops, plot))| {
            application_row(filing, *seq, number, crops, plot)
        })
        .collect();
    let ids = stored_applications::insert_many(conn, &rows)?;
    let new_members: Vec<NewMemberRow> = households
        .into_iter()
        .zip(&ids)
        .flat_map(|(household, id)| {
            household.into_iter().map(move |member| NewMemberRow {
                application_id: *id,
                ..member
            })
        })
        .collect();
    let member_ids = members::insert_many(conn, &new_members)?;
    let mut stored_members = new_members
        .into_iter()
        .zip(member_ids)
        .map(|(row, id)| row.stored(id));
    let households: Vec<Vec<MemberRow>> = accepted
        .iter()
        .map(|filing| {
            stored_members
                .by_ref()
                .take(filing.job.filing.draft.members.len())
                .collect()
        })
        .collect();
    for look_up in look_ups {
        let filed: Vec<&[MemberRow]> = accepted
            .iter()
            .zip(&households)
            .filter(|(filing, _)| filing.event.id == look_up.event_id)
            .map(|(_, members)| members.as_slice())
            .collect();
        duplicates::record_matches(conn, look_up.event_id, &filed, look_up.known)?;
        let filed_plots: Vec<Plot<'_>> = accepted
            .iter()
            .zip(&ids)
            .zip(households.iter().zip(&plots))
            .filter(|((filing, _), _)| filing.event.id == look_up.event_id)
            .filter_map(|((filing, id), (members, plot))| {
                let applicant = members
                    .iter()
                    .find(|m| m.relationship == Relationship::Applicant)?;
                Some(Plot {
                    application_id: *id,
                    applicant_id: applicant.id,
                    cadastral_number: filing.job.filing.draft.cadastral_number.as_deref(),
                    property_key: plot,
                    at: filing.job.now,
                })
            })
            .collect();
        plots::record_filed(conn, look_up.event_id, &filed_plots)?;
    }
    for (filing, id) in accepted.iter().zip(&ids) {
        let Registration { user, filing, now } = filing.job;
        if let Some((key, hash)) = &filing.idempotency {
            idempotency::insert(conn, user.id, key, hash, *id, *now)?;
        }
    }
    let applications: Vec<Application> = rows
        .iter()
        .zip(&ids)
        .zip(households)
        .zip(accepted)
        .map(|(((row, id), members), filing)| Application {
            row: row.stored(*id),
            members,
            decisions: Vec::new(),
            inspections: Vec::new(),
            today: filing.today,
        })
        .collect();
    let entries: Vec<audit_log::NewAuditEntry<'_>> = applications
        .iter()
        .zip(accepted)
        .map(|(application, filing)| {
            let mut after = application_snapshot(&application.row);
            after["members"] = application.members.iter().map(member_snapshot).collect();
            audit::entry(
                Actor::user(filing.job.user.id, filing.job.now),
                "application.filed",
                application_subject(application.row.id),
                audit::diff(&json!({}), &after),
            )
        })
        .collect();
    audit_log::append_many(conn, &entries)?;
    Ok(applications)
}

/// One event's candidates for the group's duplicate check.
struct LookUp {
    event_id: i64,
    keys: CandidateKeys,
    /// The event's counter as the look-up saw it.
    seen: i64,
    known: Vec<Candidate>,
}

impl LookUp {
    /// Looks up before the write transaction, so that other writers write
    /// meanwhile. The counter is read first: every group numbered up to it
    /// has committed, so the look-up, which comes later, sees it.
    fn before<'a>(
        conn: &mut DbConnection,
        event_id: i64,
        members: impl Iterator<Item = &'a NewMemberRow>,
    ) -> Result<Self, AppError> {
        let seen = events::counter_value(conn, event_id, APPLICATION_COUNTER)?;
        let keys = duplicates::keys_of(
            members.map(|m| (m.snils.as_ref(), m.document_number.as_ref(), m.birth_date)),
        );
        let known = candidates::candidates(conn, event_id, &[], &keys)?;
        Ok(Self {
            event_id,
            keys,
            seen,
            known,
        })
    }

    /// Adds the candidates of the groups numbered after the look-up and
    /// before this one (`up_to` is the number before this group's first):
    /// other writers, or other instances, committed them meanwhile.
    fn catch_up(&mut self, conn: &mut DbConnection, up_to: i64) -> Result<(), AppError> {
        if up_to <= self.seen {
            return Ok(());
        }
        let more =
            candidates::candidates_numbered(conn, self.event_id, self.seen, up_to, &self.keys)?;
        for candidate in more {
            if !self.known.iter().any(|known| known.id == candidate.id) {
                self.known.push(candidate);
            }
        }
        Ok(())
    }
}

/// The events of the accepted filings, each once, in the order first met.
fn distinct_events<'a>(accepted: &[&Accepted<'a>]) -> Vec<&'a EventRow> {
    let mut events: Vec<&EventRow> = Vec::new();
    for filing in accepted {
        if !events.iter().any(|event| event.id == filing.event.id) {
            events.push(filing.event);
        }
    }
    events
}

/// `(seq, registration number)` for each filing, in order: one counter
/// update per event for all its filings in the group.
fn take_numbers(
    conn: &mut DbConnection,
    accepted: &[&Accepted<'_>],
) -> Result<Vec<(i64, String)>, AppError> {
    let mut next: Vec<(i64, i64)> = Vec::new();
    for event in distinct_events(accepted) {
        let count = accepted
            .iter()
            .filter(|filing| filing.event.id == event.id)
            .count();
        let count = i64::try_from(count).map_err(AppError::internal)?;
        let last = events::take_numbers(conn, event.id, APPLICATION_COUNTER, count)?;
        next.push((event.id, last - count + 1));
    }
    accepted
        .iter()
        .map(|filing| {
            let free = next
                .iter_mut()
                .find(|(event, _)| *event == filing.event.id)
                .ok_or_else(|| AppError::internal("no number taken for a filing"))?;
            let seq = free.1;
            free.1 += 1;
            Ok((seq, format!("{}-{seq:05}", filing.event.code)))
        })
        .collect()
}

fn application_row<'a>(
    filing: &'a Accepted<'_>,
    seq: i64,
    registration_number: &'a str,
    crops_lost: &'a str,
    property_key: &'a str,
) -> NewApplicationRow<'a> {
    let draft = &filing.job.filing.draft;
    let now = filing.job.now;
    NewApplicationRow {
        event_id: filing.event.id,
        seq,
        registration_number,
        status: ApplicationStatus::Submitted,
        channel: filing.channel,
        filed_by: filing.job.user.id,
        registered_at: now,
        answer_due_on: deadline::answer_due_on(filing.today),
        late_reason: filing.late_reason,
        applicant_phone: draft.applicant_phone.as_str(),
        applicant_email: draft.applicant_email.as_deref(),
        postal_address: &draft.postal_address,
        property_address: &draft.property_address,
        cadastral_number: draft.cadastral_number.as_deref(),
        property_key,
        plot_area_m2: draft.plot_area_m2,
        crops_lost,
        loss_extent: draft.loss_extent,
        description: &draft.description,
        consent_personal_data: true,
        updated_at: now,
    }
}
