//! Filing through the service layer alone, without HTTP: separates what the
//! database transaction costs from what the web layer adds. Files 3-member
//! households like those of `benches/filing.lua`, a different one each time.
//!
//! `DATABASE_URL=… THREADS=16 BENCH_SECONDS=8 cargo bench --bench filing_direct`
//! (`FILINGS`: how many households are prepared, 50,000 by default)
//! (default: a temporary SQLite file). The database must be empty.

// A benchmark is a measurement run by hand: it stops at its first failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use relief::auth::Principal;
use relief::commands::application::ApplicationInput;
use relief::config::Settings;
use relief::domain::application::Channel;
use relief::domain::clock;
use relief::domain::event::IntakeWindow;
use relief::domain::login::Login;
use relief::domain::role::Role;
use relief::service::accounts::{self, NewAccount};
use relief::service::applications::Filing;
use relief::service::audit::Actor;
use relief::service::events::{self, EventDraft};
use relief::service::registration;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// The `n`th household: a different one each time, as `benches/filing.lua`
/// files them (the same one filed again and again would match every earlier
/// copy and measure that instead). Names differ by whole syllables, beyond
/// the fuzzy match's reach; document numbers are `n`; birth dates spread as
/// in a town.
fn household(n: u64) -> serde_json::Value {
    const SYLLABLES: [&str; 10] = [
        "бар", "вес", "гит", "доф", "жух", "зыц", "кэч", "люш", "мящ", "нйп",
    ];
    let suffix: String = n
        .to_string()
        .bytes()
        .map(|digit| SYLLABLES[usize::from(digit - b'0')])
        .collect();
    let day = |from: &str, days: u64| {
        let start = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").expect("date");
        (start + chrono::Days::new(days)).to_string()
    };
    let today = clock::now().date();
    let child_born = (today - chrono::Days::new(31 + n % 5000)).to_string();
    let certificate_issued = (today - chrono::Days::new(1 + n % 5000)).to_string();
    let passport = |series: &str| {
        serde_json::json!({"type": "passport_rf", "series": series, "number": format!("{:06}", n % 1_000_000),
            "issued_on": "2015-06-01", "issued_by": "УФМС", "subdivision_code": "280-001"})
    };
    serde_json::json!({
        "event_id": 0, "channel": "in_person", "applicant_phone": "8 914 123-45-67",
        "postal_address": "г. Благовещенск, ул. Зейская, д. 1", "property_address": "СНТ Берёзка, уч. 5",
        "plot_area_sotka": "6.5", "crops_lost": ["картофель", "капуста", "морковь"], "loss_extent": "full",
        "description": "Урожай погиб", "consent_personal_data": true,
        "members": [
            {"last_name": "Иванова", "first_name": format!("Алёна{suffix}"), "patronymic": "Петровна",
             "birth_date": day("1950-01-01", n % 20000), "relationship": "applicant", "document": passport("1005"),
             "registered_at_property": true, "lives_at_property": true},
            {"last_name": "Иванов", "first_name": format!("Пётр{suffix}"), "patronymic": "Ильич",
             "birth_date": day("1951-01-01", n % 20000), "relationship": "spouse", "document": passport("1006"),
             "registered_at_property": true, "lives_at_property": true},
            {"last_name": "Иванова", "first_name": format!("Дарья{suffix}"), "birth_date": child_born,
             "relationship": "child",
             "document": {"type": "birth_certificate", "series": "III-ОТ", "number": format!("{:06}", n % 1_000_000),
                          "issued_on": certificate_issued},
             "registered_at_property": true, "lives_at_property": true}
        ]
    })
}

fn main() {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        let dir = std::env::temp_dir().join(format!("relief-filing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir.join("filing.sqlite").display().to_string()
    });
    let threads = env_number("THREADS", 16) as usize;
    let seconds = env_number("BENCH_SECONDS", 8);
    let mut settings = Settings::new(url);
    settings.pool_size = Some(threads as u32);
    let pool = relief::startup::open_database_once(&settings).expect("open database");
    let mut conn = pool.get().expect("connection");
    let now = clock::now();
    let account = NewAccount {
        login: Login::parse("bench-officer").expect("login"),
        password_hash: "unused".into(),
        role: Role::Officer,
        full_name: "Бенчмарк".into(),
        phone: None,
        warehouse_id: None,
    };
    let officer = accounts::create(&mut conn, &account, now).expect("officer");
    let today = now.date();
    let event = events::create(
        &mut conn,
        Actor::user(officer.id, now),
        &EventDraft {
            code: "BENCH".into(),
            title: "Бенчмарк".into(),
            municipality: "г. Благовещенск".into(),
            emergency_declared_on: today,
            window: IntakeWindow::new(today, today + chrono::Duration::days(365)).expect("window"),
            utc_offset_minutes: 0,
            require_registration: true,
            require_residence: true,
            require_full_loss: true,
            child_age_limit: 18,
        },
    )
    .expect("event");
    drop(conn);
    // Parsed before the clock starts: the service layer is what is timed.
    let drafts: Vec<_> = (0..env_number("FILINGS", 50_000))
        .map(|n| {
            let input: ApplicationInput = serde_json::from_value(household(n)).expect("input");
            let mut draft = input.parse(today).expect("valid household");
            draft.channel = Channel::InPerson;
            draft
        })
        .collect();
    let drafts = Arc::new(drafts);
    let event_id = event.id;
    let next = Arc::new(AtomicU64::new(0));
    let user = Principal {
        id: officer.id,
        login: officer.login,
        role: Role::Officer,
        full_name: officer.full_name,
        phone: None,
        warehouse_id: None,
    };

    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (pool, done, user) = (pool.clone(), Arc::clone(&done), user.clone());
            let (drafts, next) = (Arc::clone(&drafts), Arc::clone(&next));
            std::thread::spawn(move || {
                let mut conn = pool.get().expect("connection");
                while Instant::now() < deadline {
                    let n = usize::try_from(next.fetch_add(1, Ordering::Relaxed)).expect("index");
                    let Some(draft) = drafts.get(n) else { break };
                    let filing = Filing {
                        event_id,
                        draft: draft.clone(),
                        late_reason: None,
                        idempotency: None,
                    };
                    registration::file(&mut conn, &user, &filing, clock::now()).expect("filing");
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker");
    }
    let count = done.load(Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "filings through the service layer: {count} in {elapsed:.1} s = {:.0}/s ({threads} threads)",
        count as f64 / elapsed
    );
}
