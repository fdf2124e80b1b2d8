//! Filing through the service layer alone, without HTTP: separates what the
//! database transaction costs from what the web layer adds. Files the same
//! 3-member household as `benches/filing.lua`.
//!
//! `DATABASE_URL=… THREADS=16 BENCH_SECONDS=8 cargo bench --bench filing_direct`
//! (default: a temporary SQLite file). The database must be empty.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use relief::api::applications::input::ApplicationInput;
use relief::auth::CurrentUser;
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

fn household() -> serde_json::Value {
    let passport = |series: &str, number: &str| {
        serde_json::json!({"type": "passport_rf", "series": series, "number": number,
            "issued_on": "2015-06-01", "issued_by": "УФМС", "subdivision_code": "280-001"})
    };
    serde_json::json!({
        "event_id": 0, "channel": "in_person", "applicant_phone": "8 914 123-45-67",
        "postal_address": "г. Благовещенск, ул. Зейская, д. 1", "property_address": "СНТ Берёзка, уч. 5",
        "plot_area_sotka": "6.5", "crops_lost": ["картофель", "капуста", "морковь"], "loss_extent": "full",
        "description": "Урожай погиб", "consent_personal_data": true,
        "members": [
            {"last_name": "Иванова", "first_name": "Алёна", "patronymic": "Петровна", "birth_date": "1980-05-01",
             "relationship": "applicant", "document": passport("1005", "123456"), "snils": "112-233-445 95",
             "registered_at_property": true, "lives_at_property": true},
            {"last_name": "Иванов", "first_name": "Пётр", "patronymic": "Ильич", "birth_date": "1978-01-01",
             "relationship": "spouse", "document": passport("1006", "654321"),
             "registered_at_property": true, "lives_at_property": true},
            {"last_name": "Иванова", "first_name": "Дарья", "birth_date": "2018-03-01", "relationship": "child",
             "document": {"type": "birth_certificate", "series": "III-ОТ", "number": "111222", "issued_on": "2018-03-20"},
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
            require_full_loss: true,
            child_age_limit: 18,
        },
    )
    .expect("event");
    drop(conn);
    let input: ApplicationInput = serde_json::from_value(household()).expect("input");
    let mut draft = input.parse(today).expect("valid household");
    draft.channel = Channel::InPerson;
    let user = CurrentUser {
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
            let filing = Filing {
                event_id: event.id,
                draft: draft.clone(),
                late_reason: None,
                idempotency: None,
            };
            std::thread::spawn(move || {
                let mut conn = pool.get().expect("connection");
                while Instant::now() < deadline {
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
