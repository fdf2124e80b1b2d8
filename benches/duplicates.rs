//! Duplicate detection and bulk decision at the design scale: one event of
//! 180,000 people (100 × Blagoveshchensk) with about 1 % planted duplicates
//! of each kind.
//!
//! 1. The full in-memory scan: time, peak memory, recall on the planted
//!    pairs (must be all of them) and pairs found beyond them.
//! 2. With the event stored (`DATABASE_URL`, default a temporary SQLite
//!    file): filing one 5-member application, duplicate check included,
//!    and the duplicate check alone.
//! 3. A bulk decision of 10,000 inspected applications.
//!
//! `cargo bench --bench duplicates` (`PEOPLE=…` for another size).

// A benchmark is a measurement run by hand: it stops at its first failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use diesel::connection::SimpleConnection;
use relief::auth::Principal;
use relief::config::Settings;
use relief::db::applications::NewApplicationRow;
use relief::db::members::{self, NewMemberRow};
use relief::db::{applications, write_transaction};
use relief::domain::application::{ApplicationStatus, Channel, LossExtent, Relationship};
use relief::domain::clock;
use relief::domain::document::IdentityDocument;
use relief::domain::duplicates::{scan, swapped_day_month, Claimed, Person};
use relief::domain::event::IntakeWindow;
use relief::domain::household::{ApplicationDraft, MemberDraft};
use relief::domain::login::Login;
use relief::domain::person_name::PersonName;
use relief::domain::phone::Phone;
use relief::domain::review::DocumentId;
use relief::domain::role::Role;
use relief::service::accounts::{self, NewAccount};
use relief::service::applications::Filing;
use relief::service::audit::Actor;
use relief::service::registration as filing;
use relief::service::{decision, duplicates, events};

const LAST: &[&str] = &[
    "Иванов",
    "Петров",
    "Сидоров",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
];
const FIRST: &[&str] = &[
    "Александр",
    "Алексей",
    "Андрей",
    "Артём",
    "Борис",
    "Вадим",
    "Василий",
    "Виктор",
    "Владимир",
    "Геннадий",
    "Георгий",
    "Денис",
    "Дмитрий",
    "Евгений",
    "Егор",
    "Иван",
    "Игорь",
    "Илья",
    "Кирилл",
    "Константин",
    "Максим",
    "Михаил",
    "Никита",
    "Николай",
    "Олег",
    "Павел",
    "Пётр",
    "Роман",
    "Сергей",
    "Степан",
];
const PATRONYMIC: &[&str] = &[
    "Александрович",
    "Алексеевич",
    "Андреевич",
    "Борисович",
    "Викторович",
    "Владимирович",
    "Геннадьевич",
    "Дмитриевич",
    "Евгеньевич",
    "Иванович",
    "Игоревич",
    "Михайлович",
    "Николаевич",
    "Олегович",
    "Павлович",
    "Петрович",
    "Романович",
    "Сергеевич",
    "Степанович",
    "Юрьевич",
];

/// A small deterministic generator, so every run plants the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Clone)]
struct Synthetic {
    household: i64,
    name: PersonName,
    key: String,
    birth_date: NaiveDate,
    snils: String,
    series: String,
    number: String,
}

fn peak_memory_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Changes one letter of a name part, as a typing error would.
fn typo(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = 1 + rng.below(chars.len() - 1);
    chars[at] = if chars[at] == 'а' { 'о' } else { 'а' };
    chars.into_iter().collect()
}

fn generate(people: usize) -> (Vec<Synthetic>, Vec<(usize, usize)>) {
    let mut rng = Rng(0x5eed_1815_0633);
    let epoch = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap_or(NaiveDate::MIN);
    let planted_per_kind = people / 100;
    let base = people - 5 * planted_per_kind;
    let mut all = Vec::with_capacity(people);
    for i in 0..base {
        let name = PersonName {
            last: LAST[rng.below(LAST.len())].to_owned(),
            first: FIRST[rng.below(FIRST.len())].to_owned(),
            patronymic: Some(PATRONYMIC[rng.below(PATRONYMIC.len())].to_owned()),
        };
        all.push(Synthetic {
            household: (i / 3) as i64,
            key: name.match_key(),
            name,
            birth_date: epoch + Duration::days(rng.below(80 * 365) as i64),
            snils: format!("{:011}", 10_000_000_000_u64 + i as u64),
            series: format!("{:04}", 1000 + i % 9000),
            number: format!("{:06}", i % 1_000_000),
        });
    }
    let mut planted = Vec::new();
    let mut next_household = (base / 3 + 1) as i64;
    // Five ways to claim someone again, each about 1 % of the event.
    for kind in 0..5 {
        for _ in 0..planted_per_kind {
            let mut original = rng.below(base);
            if kind == 4 {
                // A date whose day could be a month.
                while swapped_day_month(all[original].birth_date).is_none() {
                    original = rng.below(base);
                }
            }
            let source = all[original].clone();
            let mut copy = Synthetic {
                household: next_household,
                snils: format!("{:011}", 20_000_000_000_u64 + all.len() as u64),
                series: "9999".into(),
                number: format!("{:06}", all.len() % 1_000_000),
                ..source.clone()
            };
            next_household += 1;
            match kind {
                0 => {
                    // Same SNILS, another name and birth date.
                    copy.snils = source.snils.clone();
                    copy.name.first = "Иной".into();
                    copy.birth_date = source.birth_date + Duration::days(400);
                }
                1 => {
                    // Same document, another name.
                    copy.series = source.series.clone();
                    copy.number = source.number.clone();
                    copy.name.last = "Другой".into();
                }
                2 => {
                    // Same name written with ё as е and other case.
                    copy.name.last = source.name.last.replace('ё', "е").to_uppercase();
                }
                3 => copy.name.first = typo(&source.name.first, &mut rng),
                _ => {
                    // Day and month swapped: only dates where both read as a date.
                    let Some(mirror) = swapped_day_month(source.birth_date) else {
                        continue;
                    };
                    copy.birth_date = mirror;
                }
            }
            copy.key = copy.name.match_key();
            planted.push((original, all.len()));
            all.push(copy);
        }
    }
    (all, planted)
}

fn main() {
    let people: usize = std::env::var("PEOPLE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(180_000);
    let (all, planted) = generate(people);
    println!(
        "synthetic event: {} people, {} planted duplicates",
        all.len(),
        planted.len()
    );

    // 1. The full scan, in memory.
    let before = peak_memory_mib();
    let started = Instant::now();
    let claimed: Vec<Claimed<'_>> = all
        .iter()
        .map(|p| Claimed {
            household: p.household,
            person: Person {
                snils: Some(&p.snils),
                document: Some(DocumentId {
                    kind: "passport_rf",
                    series: &p.series,
                    number: &p.number,
                }),
                name_key: &p.key,
                birth_date: p.birth_date,
            },
        })
        .collect();
    let found = scan(&claimed);
    let elapsed = started.elapsed();
    let pairs: HashSet<(usize, usize)> = found
        .iter()
        .map(|(a, b, _)| (*a.min(b), *a.max(b)))
        .collect();
    let recalled = planted
        .iter()
        .filter(|(a, b)| pairs.contains(&(*a.min(b), *a.max(b))))
        .count();
    let planted_set: HashSet<(usize, usize)> = planted
        .iter()
        .map(|(a, b)| (*a.min(b), *a.max(b)))
        .collect();
    let beyond = pairs.difference(&planted_set).count();
    println!(
        "full scan: {:.2} s, peak memory {:.0} MiB (was {:.0} MiB before the scan), recall {recalled}/{} planted, {beyond} further pairs found",
        elapsed.as_secs_f64(),
        peak_memory_mib(),
        before,
        planted.len(),
    );

    // 2. and 3. need the event stored.
    stored_event(&all);
}

fn stored_event(all: &[Synthetic]) {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        let dir = std::env::temp_dir().join(format!("relief-dup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir.join("dup.sqlite").display().to_string()
    });
    let pool = relief::startup::open_database_once(&Settings::new(url)).expect("open database");
    let mut conn = pool.get().expect("connection");
    let now = clock::now();
    let today = now.date();
    let officer = accounts::create(
        &mut conn,
        &NewAccount {
            login: Login::parse("bench-officer").expect("login"),
            password_hash: "unused".into(),
            role: Role::Officer,
            full_name: "Бенчмарк".into(),
            phone: None,
            warehouse_id: None,
        },
        now,
    )
    .expect("officer");
    let user = Principal {
        id: officer.id,
        login: officer.login.clone(),
        role: Role::Officer,
        full_name: officer.full_name.clone(),
        phone: None,
        warehouse_id: None,
    };
    let event = events::create(
        &mut conn,
        Actor::user(officer.id, now),
        &events::EventDraft {
            code: "SCALE".into(),
            title: "Масштаб".into(),
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

    let started = Instant::now();
    let households = all.iter().map(|p| p.household).max().unwrap_or(0) + 1;
    let mut application_ids = vec![0_i64; households as usize];
    write_transaction(&mut conn, |conn| {
        for (seq, slot) in application_ids.iter_mut().enumerate() {
            let number = format!("SCALE-{:06}", seq + 1);
            *slot = applications::insert(
                conn,
                &NewApplicationRow {
                    event_id: event.id,
                    seq: seq as i64 + 1,
                    registration_number: &number,
                    status: ApplicationStatus::Submitted,
                    channel: Channel::Post,
                    filed_by: officer.id,
                    registered_at: now,
                    answer_due_on: today + Duration::days(30),
                    late_reason: None,
                    applicant_phone: "+79141234567",
                    applicant_email: None,
                    postal_address: "г. Благовещенск",
                    property_address: "СНТ «Берёзка»",
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
        }
        for person in all {
            members::insert(
                conn,
                &NewMemberRow {
                    application_id: application_ids[person.household as usize],
                    event_id: event.id,
                    last_name: person.name.last.clone(),
                    first_name: person.name.first.clone(),
                    patronymic: person.name.patronymic.clone(),
                    match_key: person.key.clone(),
                    search_key: person.name.search_key(),
                    birth_date: person.birth_date,
                    relationship: Relationship::Other,
                    document_type: "passport_rf".into(),
                    document_series: Some(person.series.clone()),
                    document_number: Some(person.number.clone()),
                    document_issued_on: Some(today),
                    document_issued_by: Some("УФМС".into()),
                    document_subdivision_code: Some("280-001".into()),
                    document_description: None,
                    snils: Some(person.snils.clone()),
                    registered_at_property: true,
                    lives_at_property: true,
                    created_at: now,
                },
            )?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .expect("store the event");
    println!(
        "stored {} applications and {} members in {:.1} s",
        households,
        all.len(),
        started.elapsed().as_secs_f64()
    );

    // A new household of five, two of whom are already claimed.
    let member = |source: &Synthetic, relationship: Relationship, number: &str| MemberDraft {
        name: source.name.clone(),
        birth_date: source.birth_date,
        relationship,
        document: IdentityDocument::PassportRf {
            series: "7777".into(),
            number: number.into(),
            issued_on: today,
            issued_by: "УФМС".into(),
            subdivision_code: "280-001".into(),
        },
        snils: None,
        registered_at_property: true,
        lives_at_property: true,
    };
    let draft = ApplicationDraft {
        channel: Channel::Post,
        applicant_phone: Phone::parse("+79141234567").expect("phone"),
        applicant_email: None,
        postal_address: "г. Благовещенск".into(),
        property_address: "СНТ «Берёзка»".into(),
        cadastral_number: None,
        plot_area_m2: 600,
        crops_lost: vec!["картофель".into()],
        loss_extent: LossExtent::Full,
        description: "Новое заявление".into(),
        members: (0..5)
            .map(|i| {
                let relationship = if i == 0 {
                    Relationship::Applicant
                } else {
                    Relationship::Child
                };
                member(
                    &all[i * 7919 % all.len()],
                    relationship,
                    &format!("{:06}", 900_000 + i),
                )
            })
            .collect(),
    };
    let filing_request = Filing {
        event_id: event.id,
        draft,
        late_reason: None,
        idempotency: None,
    };
    let started = Instant::now();
    let filed = filing::file(&mut conn, &user, &filing_request, clock::now()).expect("filing");
    println!(
        "filing one 5-member application against the event, duplicate check included: {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let started = Instant::now();
    let found = write_transaction(&mut conn, |conn| {
        conn.batch_execute("DELETE FROM duplicate_matches")
            .map_err(relief::error::AppError::from)?;
        let found = duplicates::check_members(conn, event.id, filed.row.id, &filed.members)?;
        // Measured, not kept: roll back.
        Err::<(), _>(relief::error::AppError::conflict(
            "rollback",
            found.to_string(),
        ))
    });
    let message = found.err().map(|e| e.message()).unwrap_or_default();
    println!(
        "duplicate check alone for those 5 members: {:.1} ms ({message} matches)",
        started.elapsed().as_secs_f64() * 1000.0
    );

    // 3. Bulk decision of 10,000 inspected applications.
    let bulk: Vec<i64> = application_ids.iter().copied().take(10_000).collect();
    let ids = bulk
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    conn.batch_execute(&format!(
        "UPDATE applications SET status = 'inspected' WHERE id IN ({ids});
         INSERT INTO inspections (application_id, event_id, scheduled_on, inspectors, act_number, inspected_on, outcome, loss_extent_found, created_at)
         SELECT id, event_id, '{today}', '[]', 'A-' || id, '{today}', 'loss_confirmed', 'full', '{now}' FROM applications WHERE id IN ({ids});",
        now = now.format("%Y-%m-%d %H:%M:%S")
    ))
    .expect("mark inspected");
    let started = Instant::now();
    let results = decision::decide_bulk(
        &mut conn,
        &user,
        event.id,
        "П-1",
        today,
        &bulk,
        clock::now(),
    )
    .expect("bulk");
    let decided = results.iter().filter(|r| r.result.is_ok()).count();
    println!(
        "bulk decision of {} applications: {:.1} s, {decided} decided",
        bulk.len(),
        started.elapsed().as_secs_f64()
    );
}
