//! The anchor for the filing benchmark: how many bare transactions writing
//! five rows (one application, three members, one audit entry in a real
//! filing) the same database commits per second, from 16 threads by default, through
//! the same pool and connection settings as the service.
//!
//! `DATABASE_URL=… cargo bench --bench bare_transaction` (default: a
//! temporary SQLite file). `BENCH_SECONDS` sets the duration (default 10),
//! `THREADS` the number of writers (default 16).

// A benchmark is a measurement run by hand: it stops at its first failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::RunQueryDsl;
use relief::config::Settings;
use relief::db::{write_transaction, Backend};

fn main() {
    let dir = tempfile_dir();
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| format!("{dir}/bare.sqlite"));
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let threads: usize = std::env::var("THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(16);
    let mut settings = Settings::new(url.clone());
    settings.pool_size = Some(threads as u32);
    let pool = relief::startup::open_database_once(&settings).expect("open database");
    let ddl = match Backend::of_url(&url) {
        Backend::Sqlite => "DROP TABLE IF EXISTS bench_rows; CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)",
        Backend::Postgres => "DROP TABLE IF EXISTS bench_rows; CREATE TABLE bench_rows (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload TEXT NOT NULL)",
    };
    pool.get()
        .expect("connection")
        .batch_execute(ddl)
        .expect("create table");

    let done = Arc::new(AtomicU64::new(0));
    let retried = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (pool, done, retried) = (pool.clone(), Arc::clone(&done), Arc::clone(&retried));
            std::thread::spawn(move || {
                let mut conn = pool.get().expect("connection");
                while Instant::now() < deadline {
                    let written = write_transaction(&mut conn, |conn| {
                        for _ in 0..5 {
                            diesel::sql_query(
                                "INSERT INTO bench_rows (payload) VALUES ('Иванова Алёна Петровна, ул. Зейская, 1')",
                            )
                            .execute(conn)?;
                        }
                        Ok::<_, diesel::result::Error>(())
                    });
                    match written {
                        Ok(()) => done.fetch_add(1, Ordering::Relaxed),
                        // SQLite's busy handler is not fair: among 16
                        // writers one may sleep through its whole timeout.
                        // It tries again, as a real writer would.
                        Err(diesel::result::Error::DatabaseError(_, info))
                            if info.message().contains("locked") =>
                        {
                            retried.fetch_add(1, Ordering::Relaxed)
                        }
                        Err(error) => panic!("transaction: {error}"),
                    };
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let count = done.load(Ordering::Relaxed);
    println!(
        "bare 5-row transactions: {count} in {elapsed:.1} s = {:.0}/s ({threads} threads, {:?}; {} timed out waiting for the lock and retried)",
        count as f64 / elapsed,
        Backend::of_url(&url),
        retried.load(Ordering::Relaxed)
    );
    pool.get()
        .expect("connection")
        .batch_execute("DROP TABLE bench_rows")
        .expect("drop table");
}

fn tempfile_dir() -> String {
    let dir = std::env::temp_dir().join(format!("relief-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.display().to_string()
}
