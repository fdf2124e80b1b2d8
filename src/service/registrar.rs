//! Group commit for filings.
//!
//! Filed alone, every application pays for a commit of its own: a WAL flush
//! on either backend and, on PostgreSQL, the wait for the event's counter
//! row, which the previous filing holds until it commits. Under load the
//! registrar has one of the waiting requests (the leader) register every
//! filing queued at that moment in one transaction: each is stored in turn
//! as it would be alone, then all are numbered at once and committed
//! together, and the next waiting request leads. A filing is answered only
//! after the commit that stores it.
//!
//! Nothing counted is kept here: numbers still come from the counter row in
//! the database, so instances sharing one PostgreSQL batch their own
//! requests and stay gapless together.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::applications::{self, Application, Registration};
use crate::db::{write_transaction, Backend, DbConnection, DbPool};
use crate::error::AppError;

/// Filings registered in one transaction at most: a bound on how long the
/// first of them waits for the commit.
const MAX_BATCH: usize = 64;

pub type Answer = Result<Application, AppError>;

pub struct Registrar {
    /// Batches registered at once.
    leaders: usize,
    desk: Mutex<Desk>,
    /// Signalled when a batch is answered and the leader steps down.
    turn: Condvar,
}

#[derive(Default)]
struct Desk {
    next_ticket: u64,
    queue: Vec<(u64, Registration)>,
    leading: usize,
    answers: HashMap<u64, Answer>,
}

impl Registrar {
    /// SQLite takes one writer at a time, so one batch at a time: a second
    /// would only wait for its lock. PostgreSQL runs several at once in
    /// parallel backends, as many as `leaders`; each holds a pooled
    /// connection while it writes.
    pub fn new(backend: Backend, leaders: usize) -> Self {
        Self {
            leaders: match backend {
                Backend::Sqlite => 1,
                Backend::Postgres => leaders.max(1),
            },
            desk: Mutex::default(),
            turn: Condvar::new(),
        }
    }

    /// Registers the filing, alone or with others queued beside it, and
    /// returns once it is committed or refused. Blocks: call it off the
    /// async workers. A connection is taken from `pool` only to lead.
    pub fn register(&self, pool: &DbPool, registration: Registration) -> Answer {
        let mut desk = self.desk();
        let ticket = desk.next_ticket;
        desk.next_ticket += 1;
        desk.queue.push((ticket, registration));
        loop {
            if let Some(answer) = desk.answers.remove(&ticket) {
                return answer;
            }
            if desk.leading == self.leaders || desk.queue.is_empty() {
                desk = self.turn.wait(desk).unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            desk.leading += 1;
            let take = desk.queue.len().min(MAX_BATCH);
            let batch: Vec<(u64, Registration)> = desk.queue.drain(..take).collect();
            drop(desk);
            let shift = Shift {
                registrar: self,
                tickets: batch.iter().map(|(ticket, _)| *ticket).collect(),
                answered: false,
            };
            let jobs: Vec<Registration> = batch.into_iter().map(|(_, job)| job).collect();
            let answers = match pool.get() {
                Ok(mut conn) => register_together(&mut conn, &jobs),
                Err(error) => {
                    let message = error.to_string();
                    jobs.iter()
                        .map(|_| Err(AppError::Unavailable(message.clone())))
                        .collect()
                }
            };
            desk = shift.hand_over(answers);
        }
    }

    fn desk(&self) -> MutexGuard<'_, Desk> {
        self.desk.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The leader's batch until it is answered. Dropped unanswered (a panic
/// while registering), it answers every filing of the batch with an error
/// and steps down, so no request waits for ever.
struct Shift<'a> {
    registrar: &'a Registrar,
    tickets: Vec<u64>,
    answered: bool,
}

impl<'a> Shift<'a> {
    fn hand_over(mut self, answers: Vec<Answer>) -> MutexGuard<'a, Desk> {
        let mut desk = self.registrar.desk();
        desk.answers
            .extend(std::mem::take(&mut self.tickets).into_iter().zip(answers));
        desk.leading -= 1;
        self.answered = true;
        self.registrar.turn.notify_all();
        desk
    }
}

impl Drop for Shift<'_> {
    fn drop(&mut self) {
        if self.answered {
            return;
        }
        let mut desk = self.registrar.desk();
        for ticket in self.tickets.drain(..) {
            desk.answers.insert(
                ticket,
                Err(AppError::internal("the filing batch was interrupted")),
            );
        }
        desk.leading -= 1;
        self.registrar.turn.notify_all();
    }
}

/// One transaction for the whole batch. If any filing in it is refused, the
/// transaction may be unusable (PostgreSQL aborts it at the first error) and
/// the others must not commit beside a half-done one: it is rolled back and
/// every filing is registered again alone, so each gets its own answer.
pub fn register_together(conn: &mut DbConnection, jobs: &[Registration]) -> Vec<Answer> {
    if let [job] = jobs {
        return vec![applications::register(conn, job)];
    }
    let together = write_transaction(conn, |conn| {
        let stored = jobs
            .iter()
            .map(|job| applications::store(conn, job))
            .collect::<Result<Vec<_>, AppError>>()?;
        applications::number(conn, stored)
    });
    match together {
        Ok(applications) => applications.into_iter().map(Ok).collect(),
        Err(_) => jobs
            .iter()
            .map(|job| applications::register(conn, job))
            .collect(),
    }
}
