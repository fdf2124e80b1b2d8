//! Group commit for filings.
//!
//! Filed alone, every application pays for a transaction of its own: a WAL
//! flush on either backend and, on PostgreSQL, the wait for the event's
//! counter row, which the previous filing holds until it commits. Instead,
//! requests hand their filings to the registrar's writer threads and await
//! the answer. A writer takes every filing queued at that moment, registers
//! them in one transaction (`registration`: a few statements for the whole
//! group) and answers each after the commit, then takes the next group.
//!
//! A waiting request holds no thread: it awaits its own answer, so a
//! group's commit wakes exactly its requests. An earlier design had the
//! waiting requests take turns leading on the blocking pool and woke all of
//! them at every commit; on two cores those wake-ups took the CPU the
//! writer needed.
//!
//! Nothing counted is kept here: numbers still come from the counter row in
//! the database, so instances sharing one PostgreSQL batch their own
//! requests and stay gapless together.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::oneshot;

use super::registration::{self, Answer, Registration};
use crate::db::connection::settle_writer;
use crate::db::pool::PooledConnection;
use crate::db::{Backend, DbPool};
use crate::error::AppError;

/// Filings registered in one transaction at most: a bound on how long the
/// first of them waits for the commit, and on a multi-row insert, which
/// PostgreSQL takes with at most 65,535 binds: 64 households of 30 members,
/// 20 columns each, are 38,400.
const MAX_GROUP: usize = 64;

type Job = (Registration, oneshot::Sender<Answer>);

pub struct Registrar {
    queue: SyncSender<Job>,
}

impl Registrar {
    /// Starts the writers. SQLite takes one writer at a time, so it gets
    /// one: a second would only wait for the lock. PostgreSQL gets
    /// `writers`, each writing on its own connection. The threads end when
    /// the registrar is dropped.
    ///
    /// At most `capacity` filings wait for a writer: past that, the
    /// database is not keeping up, and a request told so at once (503 with
    /// Retry-After) is better than one that holds its memory and its
    /// connection for as long as the queue takes to drain.
    pub fn start(pool: DbPool, backend: Backend, writers: usize, capacity: usize) -> Self {
        let writers = match backend {
            Backend::Sqlite => 1,
            Backend::Postgres => writers.max(1),
        };
        let (queue, jobs) = sync_channel::<Job>(capacity.max(1));
        let jobs = Arc::new(Mutex::new(jobs));
        // A pool too small to spare the writers a connection each keeps
        // none back from the other requests.
        let keep = usize::try_from(pool.max_size()).is_ok_and(|size| size > writers);
        for number in 0..writers {
            let (pool, jobs) = (pool.clone(), Arc::clone(&jobs));
            let started = std::thread::Builder::new()
                .name(format!("registrar-{number}"))
                .spawn(move || write_groups(&pool, &jobs, keep));
            if let Err(error) = started {
                tracing::error!(%error, "could not start a filing writer");
            }
        }
        Self { queue }
    }

    /// Registers the filing, alone or with others queued beside it, and
    /// answers once it is committed or refused.
    pub async fn register(&self, registration: Registration) -> Answer {
        let (reply, answer) = oneshot::channel();
        self.queue
            .try_send((registration, reply))
            .map_err(|error| {
                AppError::Unavailable(
                    match error {
                        TrySendError::Full(_) => "the filing queue is full",
                        TrySendError::Disconnected(_) => "the filing writers have stopped",
                    }
                    .into(),
                )
            })?;
        answer
            .await
            .unwrap_or_else(|_| Err(AppError::internal("the filing group was interrupted")))
    }
}

/// One writer's life: takes the next group, registers it, answers it. A
/// panic while registering answers that group with errors (its repliers are
/// dropped) and the writer goes on with a fresh connection.
///
/// With `keep`, the connection is kept between groups: on SQLite a write by
/// another connection empties a connection's page cache, and writing on
/// whichever connection came, each group read the member indexes' pages
/// afresh.
fn write_groups(pool: &DbPool, jobs: &Mutex<Receiver<Job>>, keep: bool) {
    let mut kept: Option<PooledConnection> = None;
    while let Some(group) = next_group(jobs) {
        let (registrations, replies): (Vec<Registration>, Vec<oneshot::Sender<Answer>>) =
            group.into_iter().unzip();
        let written = catch_unwind(AssertUnwindSafe(|| {
            let mut conn = match kept.take() {
                Some(conn) => conn,
                None => connection(pool)?,
            };
            let answers = registration::register(&mut conn, &registrations);
            // An error that may have come from the connection itself sends
            // it back to the pool, which checks it.
            if keep
                && !answers.iter().any(|answer| {
                    matches!(
                        answer,
                        Err(AppError::Internal(_) | AppError::Unavailable(_))
                    )
                })
            {
                kept = Some(conn);
            }
            Ok::<_, AppError>(answers)
        }));
        match written {
            Ok(Ok(answers)) => {
                for (reply, answer) in replies.into_iter().zip(answers) {
                    // The request may have gone; its filing stands.
                    let _ = reply.send(answer);
                }
            }
            Ok(Err(error)) => {
                let message = error.to_string();
                for reply in replies {
                    let _ = reply.send(Err(AppError::Unavailable(message.clone())));
                }
            }
            // The replies go unanswered and their requests get an error.
            Err(_) => tracing::error!("a filing group panicked"),
        }
    }
}

/// Waits for a filing, then takes whatever else is queued, up to a full
/// group. `None` once the registrar is gone.
fn next_group(jobs: &Mutex<Receiver<Job>>) -> Option<Vec<Job>> {
    let jobs = jobs.lock().unwrap_or_else(PoisonError::into_inner);
    let first = jobs.recv().ok()?;
    let mut group = vec![first];
    while group.len() < MAX_GROUP {
        match jobs.try_recv() {
            Ok(job) => group.push(job),
            Err(_) => break,
        }
    }
    Some(group)
}

fn connection(pool: &DbPool) -> Result<PooledConnection, AppError> {
    let mut conn = pool.get()?;
    settle_writer(&mut conn)?;
    Ok(conn)
}
