//! Prepares the issuing benchmark: an event with `ROWS` recognised
//! one-person households, a warehouse stocked for all of them, and one
//! approved distribution list of `ROWS` rows. Prints `READY <list id>
//! <first row id> <last row id>` for `benches/issuing.sh`, which then
//! issues every row over HTTP from 16 parallel clients.
//!
//! `DATABASE_URL=… ROWS=10000 cargo bench --bench issuing` (the database
//! must be empty). `PERSONS` (default `ROWS`) spreads that many people over
//! the households, three to a household first, then two, then one:
//! `ROWS=633 PERSONS=1815` is the 2020 event, which `benches/documents.sh`
//! prints.

// A benchmark is a measurement run by hand: it stops at its first failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Duration;
use relief::auth::{password, Principal};
use relief::config::Settings;
use relief::db::applications::NewApplicationRow;
use relief::db::decisions::{self, NewDecision};
use relief::db::members::{self, NewMemberRow};
use relief::db::{applications, write_transaction};
use relief::domain::application::{ApplicationStatus, Channel, LossExtent, Relationship};
use relief::domain::clock;
use relief::domain::event::IntakeWindow;
use relief::domain::login::Login;
use relief::domain::review::MemberOutcome;
use relief::domain::role::Role;
use relief::service::accounts::{self, NewAccount};
use relief::service::audit::Actor;
use relief::service::{distribution, events, stock};

const PASSWORD: &str = "bench-password-1";

fn main() {
    let rows: usize = std::env::var("ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let persons: usize = std::env::var("PERSONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(rows)
        .max(rows);
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        let dir = std::env::temp_dir().join(format!("relief-issuing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir.join("issuing.sqlite").display().to_string()
    });
    let pool = relief::startup::open_database_once(&Settings::new(url)).expect("open database");
    let mut conn = pool.get().expect("connection");
    let now = clock::now();
    let today = now.date();
    let hash = password::hash(PASSWORD).expect("hash");
    let account = |login: &str, role: Role, warehouse_id: Option<i64>| NewAccount {
        login: Login::parse(login).expect("login"),
        password_hash: hash.clone(),
        role,
        full_name: login.to_owned(),
        phone: None,
        warehouse_id,
    };
    let admin = accounts::create(&mut conn, &account("bench-admin", Role::Admin, None), now)
        .expect("admin");
    let actor = Actor::user(admin.id, now);
    let admin_user = Principal {
        id: admin.id,
        login: admin.login.clone(),
        role: Role::Admin,
        full_name: admin.full_name.clone(),
        phone: None,
        warehouse_id: None,
    };
    let warehouse = stock::create_warehouse(&mut conn, actor, "База №1", "г. Благовещенск", "9–18")
        .expect("warehouse");
    accounts::create(
        &mut conn,
        &account("bench-keeper", Role::Warehouse, Some(warehouse.id)),
        now,
    )
    .expect("keeper");
    let event = events::create(
        &mut conn,
        actor,
        &events::EventDraft {
            code: "ISSUE".into(),
            title: "Выдача".into(),
            municipality: "г. Благовещенск".into(),
            emergency_declared_on: today,
            window: IntakeWindow::new(today, today + Duration::days(365)).expect("window"),
            utc_offset_minutes: 0,
            require_registration: true,
            require_residence: true,
            require_full_loss: true,
            child_age_limit: 18,
        },
    )
    .expect("event");
    let mut norms = Vec::new();
    for (code, name, grams) in [
        ("potatoes", "Картофель", 50_000),
        ("cabbage", "Капуста", 20_000),
        ("carrots", "Морковь", 10_000),
        ("beets", "Свёкла", 10_000),
    ] {
        let item =
            relief::service::catalogue::create_item(&mut conn, actor, code, name).expect("item");
        norms.push(relief::domain::aid::Norm {
            item_id: item.id,
            grams_per_person: grams,
            grams_per_child: None,
        });
    }
    relief::service::catalogue::set_norms(&mut conn, actor, event.id, norms.clone())
        .expect("norms");

    write_transaction(&mut conn, |conn| {
        for n in 0..rows {
            let number = format!("ISSUE-{:06}", n + 1);
            let address = format!("г. Благовещенск, СНТ «Берёзка», участок {}", n + 1);
            let id = applications::insert(
                conn,
                &NewApplicationRow {
                    event_id: event.id,
                    seq: n as i64 + 1,
                    registration_number: &number,
                    status: ApplicationStatus::Decided,
                    channel: Channel::Post,
                    filed_by: admin.id,
                    registered_at: now,
                    answer_due_on: today + Duration::days(30),
                    late_reason: None,
                    applicant_phone: "+79141234567",
                    applicant_email: None,
                    postal_address: "г. Благовещенск",
                    property_address: &address,
                    cadastral_number: None,
                    property_key: "",
                    plot_area_m2: 600,
                    crops_lost: "[]",
                    loss_extent: LossExtent::Full,
                    description: "Синтетическое заявление",
                    consent_personal_data: true,
                    updated_at: now,
                },
            )?;
            for m in 0..household_size(n, rows, persons) {
                insert_person(conn, event.id, id, n, m, today, now)?;
            }
        }
        Ok::<_, diesel::result::Error>(())
    })
    .expect("households");
    for norm in &norms {
        stock::receive(
            &mut conn,
            &admin_user,
            warehouse.id,
            &stock::Receipt {
                item_id: norm.item_id,
                grams: norm.grams_per_person * persons as i64,
                received_on: today,
                supplier: "ООО «Агро»".into(),
                document_number: "ТН-1".into(),
                unit_price_kopecks: None,
            },
            actor,
        )
        .expect("receipt");
    }
    let list = distribution::create(
        &mut conn,
        actor,
        &distribution::NewList {
            event_id: event.id,
            warehouse_id: warehouse.id,
            pickup_from: today,
            pickup_until: today + Duration::days(14),
            application_ids: None,
            max_rows: rows,
        },
    )
    .expect("list");
    distribution::approve(&mut conn, actor, list.list.id).expect("approve");
    let first = list.rows.first().map_or(0, |r| r.id);
    let last = list.rows.last().map_or(0, |r| r.id);
    println!("READY {} {first} {last}", list.list.id);
}

/// Three people to a household while the surplus over one a household
/// lasts, then two, then one.
fn household_size(n: usize, rows: usize, persons: usize) -> usize {
    let extra = persons - rows;
    let threes = (extra / 2).min(rows);
    if n < threes {
        3
    } else if n < threes + (extra - 2 * threes) {
        2
    } else {
        1
    }
}

const SURNAMES: [&str; 8] = [
    "Иванова",
    "Кузнецов",
    "Смирнова",
    "Попов",
    "Васильева",
    "Петров",
    "Соколова",
    "Михайлов",
];
const NAMES: [&str; 6] = ["Анна", "Сергей", "Мария", "Алексей", "Елена", "Дмитрий"];

/// One recognised person, member `m` of household `n`.
fn insert_person(
    conn: &mut relief::db::DbConnection,
    event_id: i64,
    application_id: i64,
    n: usize,
    m: usize,
    today: chrono::NaiveDate,
    now: chrono::NaiveDateTime,
) -> diesel::QueryResult<()> {
    let last_name = SURNAMES[n % SURNAMES.len()];
    let first_name = NAMES[(n + m) % NAMES.len()];
    let member_id = members::insert(
        conn,
        &NewMemberRow {
            application_id,
            event_id,
            last_name: last_name.into(),
            first_name: first_name.into(),
            patronymic: Some("Петровна".into()),
            match_key: format!("{last_name}|{first_name}|{n}|{m}"),
            search_key: format!("{last_name} {first_name}").to_lowercase(),
            birth_date: today - Duration::days(20_000 + (n * 3 + m) as i64),
            relationship: if m == 0 {
                Relationship::Applicant
            } else {
                Relationship::Other
            },
            document_type: "other".into(),
            document_series: None,
            document_number: None,
            document_issued_on: None,
            document_issued_by: None,
            document_subdivision_code: None,
            document_description: Some("справка".into()),
            snils: None,
            registered_at_property: true,
            lives_at_property: true,
            created_at: now,
        },
    )?;
    decisions::insert(
        conn,
        &NewDecision {
            member_id,
            application_id,
            event_id,
            outcome: MemberOutcome::Recognized,
            reason: None,
            comment: None,
            protocol_number: "П-1",
            decided_on: today,
            created_at: now,
        },
    )
}
