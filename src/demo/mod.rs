//! `relief demo`: the 2020 Blagoveshchensk flood replayed on a fresh
//! database through the same services the API uses, with the city's own
//! figures: 633 applications, 1815 people recognised, 163,350 kg due.
//!
//! Everything is seeded, so every run gives the same households, and the
//! service clock is set to the autumn of 2020, so registration dates,
//! inspections, 59-FZ deadlines and issues fall where they did.

pub mod people;
pub mod random;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use self::people::{Documents, Shape, WordLists};
use self::random::Seeded;
use crate::auth::{password, Principal};
use crate::domain::aid::Norm;
use crate::domain::application::Channel;
use crate::domain::duplicates::{MatchStatus, Resolution};
use crate::domain::event::IntakeWindow;
use crate::domain::login::Login;
use crate::domain::review::{
    FoundLoss, InspectionOutcome, MemberDecision, MemberOutcome, RefusalReason,
};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::service::accounts::{self, NewAccount};
use crate::service::applications::Filing;
use crate::service::audit::Actor;
use crate::service::decision::{self, Decision};
use crate::service::registration;
use crate::service::review::{self, InspectionAct};
use crate::service::Connection;
use crate::service::{catalogue, distribution, duplicates, events, stock};

pub const EVENT_CODE: &str = "BLG2020";
pub const APPLICATIONS: usize = 633;
pub const RECOGNIZED: usize = 1815;

/// Applications whose inspection did not confirm the loss: everyone in
/// them is refused. Two people each.
const NOT_CONFIRMED: [usize; 3] = [97, 311, 523];
/// Applications naming a grown child registered at the house who lives
/// elsewhere: that member is refused.
fn has_absent_member(i: usize) -> bool {
    i % 31 == 15
}
/// Applications that name again a person from an earlier application: the
/// repeat is refused as a duplicate.
fn repeats_earlier(i: usize) -> Option<usize> {
    (i % 50 == 40 && i >= 40).then(|| i - 17)
}
/// Every other repeat gives the person's SNILS, which the first claim did
/// not: the same passport still makes them one person.
fn repeat_adds_snils(i: usize) -> bool {
    (i / 50) % 2 == 1
}

pub struct DemoUser {
    pub login: &'static str,
    pub password: &'static str,
    pub role: Role,
    pub full_name: &'static str,
}

pub const USERS: [DemoUser; 5] = [
    DemoUser {
        login: "demo-admin",
        password: "demo-admin-2020",
        role: Role::Admin,
        full_name: "Администратор Демо",
    },
    DemoUser {
        login: "demo-officer",
        password: "demo-officer-2020",
        role: Role::Officer,
        full_name: "Петрова Ольга Ивановна",
    },
    DemoUser {
        login: "demo-sklad",
        password: "demo-sklad-2020",
        role: Role::Warehouse,
        full_name: "Сидоров Алексей Андреевич",
    },
    DemoUser {
        login: "demo-sklad2",
        password: "demo-sklad2-2020",
        role: Role::Warehouse,
        full_name: "Козлова Марина Викторовна",
    },
    DemoUser {
        login: "demo-resident",
        password: "demo-resident-2020",
        role: Role::Resident,
        full_name: "Житель Демо",
    },
];

pub struct Summary {
    pub event_id: i64,
    pub applications: usize,
    pub recognized: usize,
}

/// Whether the demo event is already in the database.
pub fn is_loaded(conn: &mut Connection) -> Result<bool, AppError> {
    Ok(events::list(conn)?.iter().any(|e| e.code == EVENT_CODE))
}

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, month, d).unwrap_or_default()
}

/// Blagoveshchensk is UTC+9: a local time of day on `date`, as stored (UTC).
fn at(date: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    let local = date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
    local - Duration::hours(9)
}

/// Household sizes: 1 to 6, about 2.9 on average, adjusted so that the
/// households not refused wholesale hold exactly `RECOGNIZED` people.
fn sizes(rng: &mut Seeded) -> Vec<usize> {
    let weights = [(1, 12), (2, 24), (3, 34), (4, 20), (5, 7), (6, 3)];
    let mut sizes: Vec<usize> = (0..APPLICATIONS)
        .map(|_| {
            let mut roll = rng.below(100);
            for (size, weight) in weights {
                if roll < weight {
                    return size;
                }
                roll -= weight;
            }
            3
        })
        .collect();
    for i in NOT_CONFIRMED {
        sizes[i] = 2;
    }
    let adjustable = |i: usize| !NOT_CONFIRMED.contains(&i);
    loop {
        let total: usize = (0..APPLICATIONS)
            .filter(|i| adjustable(*i))
            .map(|i| sizes[i])
            .sum();
        if total == RECOGNIZED {
            return sizes;
        }
        let i = rng.below(APPLICATIONS as u64) as usize;
        if !adjustable(i) {
            continue;
        }
        if total > RECOGNIZED && sizes[i] > 1 {
            sizes[i] -= 1;
        } else if total < RECOGNIZED && sizes[i] < 6 {
            sizes[i] += 1;
        }
    }
}

fn channel_of(rng: &mut Seeded) -> Channel {
    match rng.below(100) {
        0..=44 => Channel::InPerson,
        45..=64 => Channel::Post,
        65..=79 => Channel::Website,
        80..=89 => Channel::OpenRegion,
        90..=96 => Channel::FeedbackPlatform,
        _ => Channel::SocialNetwork,
    }
}

/// An event of the city of Blagoveshchensk (UTC+9) under the 2020 rules,
/// declared on the day its intake opens.
fn city_event(
    code: &str,
    title: &str,
    opens_on: chrono::NaiveDate,
    closes_on: chrono::NaiveDate,
) -> Result<events::EventDraft, AppError> {
    Ok(events::EventDraft {
        code: code.into(),
        title: title.into(),
        municipality: "Администрация города Благовещенска".into(),
        emergency_declared_on: opens_on,
        window: IntakeWindow::new(opens_on, closes_on)
            .map_err(|e| AppError::internal(e.message))?,
        utc_offset_minutes: 540,
        require_registration: true,
        require_residence: true,
        require_full_loss: true,
        child_age_limit: 18,
    })
}

/// An event whose intake is open on the day the demo is loaded, with the
/// same norms, so a newcomer can file, inspect, decide and issue today
/// (the 2020 event's intake closed long ago).
fn practice_event(conn: &mut Connection, actor: Actor, norms: &[Norm]) -> Result<(), AppError> {
    let today = crate::domain::clock::now().date();
    let event = events::create(
        conn,
        actor,
        &city_event(
            "PRACTICE",
            "Учебное событие (приём заявлений открыт)",
            today - Duration::days(3),
            today + Duration::days(60),
        )?,
    )?;
    catalogue::set_norms(conn, actor, event.id, norms.to_vec())?;
    Ok(())
}

/// Loads the demo into an empty database only: its users have published
/// passwords, so it must never land beside real accounts and claims.
pub fn load(conn: &mut Connection) -> Result<Summary, AppError> {
    if is_loaded(conn)? {
        return Err(AppError::conflict(
            "demo_loaded",
            "Демонстрационные данные уже загружены",
        ));
    }
    if accounts::count(conn)? > 0 || !events::list(conn)?.is_empty() {
        return Err(AppError::conflict(
            "database_not_empty",
            "Демонстрационные данные загружаются только в пустую базу",
        ));
    }
    let setup = at(day(9, 18), 10, 0);
    let mut users = Vec::new();
    let warehouses = [
        (
            "База № 1 (Зейская)",
            "г. Благовещенск, ул. Зейская, 301",
            "пн–сб 9:00–18:00",
        ),
        (
            "База № 2 (Северная)",
            "г. Благовещенск, ул. Студенческая, 52",
            "пн–пт 10:00–17:00",
        ),
    ];
    let mut warehouse_ids = Vec::new();
    // The administrator first: everything else is done in their name or
    // by the staff they create.
    let mut admin_actor = Actor::user(0, setup);
    let mut keepers = 0;
    for user in &USERS {
        let warehouse_id = match user.role {
            Role::Warehouse => {
                if warehouse_ids.is_empty() {
                    for (name, address, hours) in warehouses {
                        warehouse_ids.push(
                            stock::create_warehouse(conn, admin_actor, name, address, hours)?.id,
                        );
                    }
                }
                keepers += 1;
                warehouse_ids.get(keepers - 1).copied()
            }
            _ => None,
        };
        let row = accounts::create(
            conn,
            &NewAccount {
                login: Login::parse(user.login).map_err(|e| AppError::internal(e.message))?,
                password_hash: password::hash(user.password)?,
                role: user.role,
                full_name: user.full_name.to_owned(),
                phone: None,
                warehouse_id,
            },
            setup,
        )?;
        if user.role == Role::Admin {
            admin_actor = Actor::user(row.id, setup);
        }
        users.push(row.into_principal(user.role));
    }
    let [admin, officer, keeper1, keeper2, resident] = match <[Principal; 5]>::try_from(users) {
        Ok(users) => users,
        Err(_) => return Err(AppError::internal("demo users")),
    };

    let event = events::create(
        conn,
        admin_actor,
        &events::EventDraft {
            emergency_declared_on: day(8, 18),
            ..city_event(EVENT_CODE, "Подтопление 18.08.2020", day(9, 21), day(11, 1))?
        },
    )?;
    let existing = catalogue::items(conn)?;
    let mut norms = Vec::new();
    let mut prices = Vec::new();
    for (code, name, grams, kopecks) in [
        ("potatoes", "Картофель", 50_000, 2_500),
        ("cabbage", "Капуста", 20_000, 3_000),
        ("carrots", "Морковь", 10_000, 3_500),
        ("beets", "Свёкла", 10_000, 3_200),
    ] {
        let item = match existing.iter().find(|i| i.code == code) {
            Some(item) => item.clone(),
            None => catalogue::create_item(conn, admin_actor, code, name)?,
        };
        prices.push((item.id, kopecks));
        norms.push(Norm {
            item_id: item.id,
            grams_per_person: grams,
            grams_per_child: None,
        });
    }
    catalogue::set_norms(conn, admin_actor, event.id, norms.clone())?;
    practice_event(conn, admin_actor, &norms)?;

    // Filing, inspection and decision, one household after another, each
    // on its own dates.
    let words = WordLists::load();
    let mut rng = Seeded::new(18_082_020);
    let mut documents = Documents::new();
    let sizes = sizes(&mut rng);
    let mut inputs = Vec::with_capacity(APPLICATIONS);
    let mut planted: Vec<i64> = Vec::new();
    let mut decided: Vec<(i64, bool)> = Vec::with_capacity(APPLICATIONS);
    for (i, size) in sizes.iter().enumerate() {
        let filed_on = day(9, 21) + Duration::days((i * 30 / APPLICATIONS) as i64);
        let filed_at = at(filed_on, 9 + (i % 8) as u32, (i * 7 % 60) as u32);
        let channel = channel_of(&mut rng);
        let shape = Shape {
            size: *size,
            absent_member: has_absent_member(i),
        };
        let mut input = people::household(
            &words,
            &mut rng,
            &mut documents,
            event.id,
            shape,
            channel,
            filed_on,
        );
        let repeat = repeats_earlier(i);
        if let Some(earlier) = repeat {
            let source: &crate::commands::application::ApplicationInput = &inputs[earlier];
            if let Some(person) = source.members.last().cloned() {
                input
                    .members
                    .push(crate::commands::application::MemberInput {
                        relationship: crate::domain::application::Relationship::Other,
                        lives_at_property: true,
                        snils: repeat_adds_snils(i).then(|| {
                            crate::domain::snils::Snils::with_check_digits(200_000_000 + i as u32)
                                .digits()
                                .to_owned()
                        }),
                        ..person
                    });
            }
        }
        let draft = input.parse(filed_on).map_err(AppError::invalid)?;
        // A few residents file online themselves; officers register the rest.
        let filer = if i % 211 == 5 { &resident } else { &officer };
        let application = registration::file(
            conn,
            filer,
            &Filing {
                event_id: event.id,
                draft,
                late_reason: None,
                idempotency: None,
            },
            filed_at,
        )?;
        let id = application.row.id;
        if repeat.is_some() {
            if let Some(copy) = application.members.last() {
                planted.push(copy.id);
            }
        }
        inputs.push(input);

        let inspect_on = filed_on + Duration::days(2 + (i % 3) as i64);
        let scheduled = review::schedule_inspection(
            conn,
            &officer,
            id,
            inspect_on,
            &["Петрова О. И.".to_owned(), "Сидоров А. А.".to_owned()],
            at(filed_on, 17, 0),
        )?;
        let inspection_id = scheduled
            .inspections
            .last()
            .map(|r| r.id)
            .ok_or_else(|| AppError::internal("no inspection scheduled"))?;
        let confirmed = !NOT_CONFIRMED.contains(&i);
        review::record_inspection(
            conn,
            &officer,
            inspection_id,
            &InspectionAct {
                act_number: format!("А-{}", i + 1),
                inspected_on: inspect_on,
                outcome: if confirmed {
                    InspectionOutcome::LossConfirmed
                } else {
                    InspectionOutcome::LossNotConfirmed
                },
                loss_extent_found: Some(if confirmed {
                    FoundLoss::Full
                } else {
                    FoundLoss::None
                }),
                lost_area_m2: None,
                present_persons: Some("заявитель".into()),
                notes: None,
                rescheduled_on: None,
            },
            at(inspect_on, 16, 0),
        )?;
        let decided_on = inspect_on + Duration::days(7 + (i % 14) as i64);
        // Open matches hold a decision, so the commission resolves this
        // application's first.
        let beside = duplicates::of_application(conn, id)?;
        resolve_open(conn, &officer, beside, &planted, at(decided_on, 11, 0))?;
        let members = application
            .members
            .iter()
            .map(|m| {
                let refusal = if !confirmed {
                    Some(RefusalReason::InspectionNotConfirmed)
                } else if planted.contains(&m.id) {
                    Some(RefusalReason::Duplicate)
                } else if !m.lives_at_property {
                    Some(RefusalReason::NotLivingAtProperty)
                } else {
                    None
                };
                MemberDecision {
                    member_id: m.id,
                    outcome: if refusal.is_some() {
                        MemberOutcome::Refused
                    } else {
                        MemberOutcome::Recognized
                    },
                    reason: refusal,
                    comment: None,
                }
            })
            .collect();
        decision::decide(
            conn,
            &officer,
            id,
            &Decision {
                protocol_number: format!("П-{}", (decided_on - day(9, 21)).num_weeks() + 1),
                decided_on,
                members,
            },
            at(decided_on, 15, 0),
        )?;
        decided.push((id, confirmed));
    }

    // Matches raised by later filings against members already decided.
    let resolved_at = at(day(10, 23), 11, 0);
    loop {
        let (open, _) = duplicates::list(conn, event.id, Some(MatchStatus::Open), 0, 200)?;
        if open.is_empty() {
            break;
        }
        resolve_open(conn, &officer, open, &planted, resolved_at)?;
    }

    // Two lists, one per warehouse, stocked and approved, most rows issued.
    let listable: Vec<i64> = decided
        .iter()
        .filter(|(_, c)| *c)
        .map(|(id, _)| *id)
        .collect();
    let split = listable.len() * 55 / 100;
    let parts = [
        (&listable[..split], warehouse_ids[0], &keeper1, 80_u64),
        (&listable[split..], warehouse_ids[1], &keeper2, 62_u64),
    ];
    for (number, (ids, warehouse_id, keeper, share)) in parts.into_iter().enumerate() {
        let list_actor = Actor::user(officer.id, at(day(10, 6), 10, 0));
        let list = distribution::create(
            conn,
            list_actor,
            &distribution::NewList {
                event_id: event.id,
                warehouse_id,
                pickup_from: day(10, 12),
                pickup_until: day(11, 1),
                application_ids: Some(ids.to_vec()),
                max_rows: ids.len(),
            },
        )?;
        for (item_id, grams) in list.totals() {
            let kopecks = prices
                .iter()
                .find(|(id, _)| *id == item_id)
                .map(|(_, k)| *k);
            stock::receive(
                conn,
                &admin,
                warehouse_id,
                &stock::Receipt {
                    item_id,
                    // 200 kg over the list: spare stock, which is also
                    // what a newcomer's list for the practice event draws on.
                    grams: grams + 200_000,
                    received_on: day(10, 7),
                    supplier: "ООО «Амурагро»".into(),
                    document_number: format!("ТН-{}-{item_id}", number + 1),
                    unit_price_kopecks: kopecks,
                },
                Actor::user(admin.id, at(day(10, 7), 12, 0)),
            )?;
        }
        distribution::approve(
            conn,
            Actor::user(officer.id, at(day(10, 9), 10, 0)),
            list.list.id,
        )?;
        for (row_no, row) in list.rows.iter().enumerate() {
            if !rng.chance(share) {
                continue;
            }
            let issued_on = day(10, 12) + Duration::days((row_no % 18) as i64);
            let proxy = row_no % 12 == 7;
            let request = distribution::IssueRequest {
                received_by: if proxy { "proxy" } else { "recipient" }.into(),
                proxy_full_name: proxy.then(|| "Доверенное лицо по доверенности".into()),
                proxy_document: proxy.then(|| "паспорт 1012 345678".into()),
                power_of_attorney_number: proxy.then(|| format!("Д-{}", row_no + 1)),
                // The replay's own clock: the issue is recorded as it happens.
                issued_at: at(issued_on, 10 + (row_no % 7) as u32, 0),
                backdate_reason: None,
            };
            distribution::issue(
                conn,
                keeper,
                Actor::user(keeper.id, request.issued_at),
                list.list.id,
                row.id,
                &request,
            )?;
        }
    }
    Ok(Summary {
        event_id: event.id,
        applications: APPLICATIONS,
        recognized: RECOGNIZED,
    })
}

/// The commission's view of possible duplicates: the planted repeats are
/// one person, namesakes are not.
fn resolve_open(
    conn: &mut Connection,
    officer: &Principal,
    found: Vec<duplicates::FoundMatch>,
    planted: &[i64],
    at: NaiveDateTime,
) -> Result<(), AppError> {
    for found in found {
        if found.row.status != MatchStatus::Open {
            continue;
        }
        let repeat =
            planted.contains(&found.row.member_id) || planted.contains(&found.row.other_member_id);
        let (status, comment) = if repeat {
            (Resolution::Confirmed, "Повторное заявление")
        } else {
            (Resolution::Dismissed, "Разные лица")
        };
        duplicates::resolve(conn, officer, found.row.id, status, Some(comment), at)?;
    }
    Ok(())
}
