//! `relief bench replay`: the whole process of an event, `scale` times the
//! 2020 flood, driven through the HTTP API of a running server as its users
//! would: filing, inspection, decision, lists, issuing and the report, each
//! phase timed with its throughput and latency percentiles.

pub mod client;
pub mod stats;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::time::Instant;

use chrono::{Duration, NaiveDate, Utc};
use serde_json::{json, Value};

use self::client::Api;
use self::stats::PhaseStats;
use crate::demo::people::{self, Documents, Shape, WordLists};
use crate::demo::random::Seeded;
use crate::domain::application::Channel;

pub struct Options {
    pub url: String,
    /// Applications to file: 633 per unit of scale.
    pub applications: usize,
    pub concurrency: usize,
    pub admin_login: String,
    pub admin_password: String,
}

const PASSWORD: &str = "replay-password-1";

/// An application as filed: its id and its members' ids.
type Filed = (i64, Vec<i64>);

/// Runs `job(i)` for every `i` in `0..count` from `concurrency` tasks; each
/// job answers the latencies of the requests it made.
async fn phase<F, Fut>(
    name: &'static str,
    count: usize,
    concurrency: usize,
    job: F,
) -> Result<PhaseStats, String>
where
    F: Fn(usize) -> Fut + Clone + 'static,
    Fut: Future<Output = Result<Vec<f64>, String>> + 'static,
{
    let next = Rc::new(Cell::new(0_usize));
    let latencies = Rc::new(RefCell::new(Vec::with_capacity(count * 2)));
    let failure: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency.max(1) {
        let (next, latencies, failure, job) = (
            next.clone(),
            latencies.clone(),
            failure.clone(),
            job.clone(),
        );
        workers.push(actix_web::rt::spawn(async move {
            loop {
                let i = next.get();
                if i >= count || failure.borrow().is_some() {
                    return;
                }
                next.set(i + 1);
                match job(i).await {
                    Ok(times) => latencies.borrow_mut().extend(times),
                    Err(e) => {
                        failure.borrow_mut().get_or_insert(e);
                    }
                }
            }
        }));
    }
    for worker in workers {
        worker.await.map_err(|e| e.to_string())?;
    }
    if let Some(error) = failure.borrow_mut().take() {
        return Err(format!("{name}: {error}"));
    }
    let seconds = started.elapsed().as_secs_f64();
    let samples = latencies.borrow().clone();
    Ok(PhaseStats::new(name, samples, seconds))
}

async fn login(api: &Api, login: &str, password: &str) -> Result<String, String> {
    let (body, _) = api
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(&json!({"login": login, "password": password})),
        )
        .await?;
    body["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no token for {login}"))
}

fn id(value: &Value) -> Result<i64, String> {
    value["id"]
        .as_i64()
        .ok_or_else(|| format!("no id in {value}"))
}

/// The households the replay files, one plot each, as request bodies.
pub fn households(count: usize, event_id: i64, today: NaiveDate) -> Vec<Value> {
    let words = WordLists::load();
    let mut rng = Seeded::new(2020);
    let mut documents = Documents::new();
    (0..count)
        .map(|i| {
            let shape = Shape {
                size: size(&mut rng),
                absent_member: false,
            };
            let mut input = people::household(
                &words,
                &mut rng,
                &mut documents,
                event_id,
                shape,
                Channel::InPerson,
                today,
            );
            // One plot per application, as in 2020. The generator's
            // random addresses repeat at this count, and a repeated plot
            // is held for an officer to resolve (a `property` match),
            // which is not the load this replays.
            input.property_address = format!("{}, участок {}", input.property_address, i + 1);
            input.cadastral_number =
                Some(format!("28:01:{:07}:{}", 100_000 + i / 900, 1 + i % 900));
            serde_json::to_value(input).unwrap_or(Value::Null)
        })
        .collect()
}

/// Household sizes of the 2020 event: 1 to 5, about 2.9 on average.
fn size(rng: &mut Seeded) -> usize {
    match rng.below(100) {
        0..=11 => 1,
        12..=35 => 2,
        36..=69 => 3,
        70..=91 => 4,
        _ => 5,
    }
}

pub async fn run(options: Options) -> Result<Vec<PhaseStats>, String> {
    let api = Api::new(&options.url);
    let admin = login(&api, &options.admin_login, &options.admin_password).await?;
    let today = Utc::now().date_naive();
    let suffix = format!("{:X}", Utc::now().timestamp() % 0xFF_FFFF);
    let code = format!("RPL{suffix}");

    // Setup, untimed: event, items and norms, a warehouse, two users.
    let (event, _) = api
        .call(
            "POST",
            "/api/v1/events",
            Some(&admin),
            Some(&json!({"code": code, "title": format!("Повтор 2020: {} заявлений", options.applications),
                "municipality": "г. Благовещенск", "emergency_declared_on": today - Duration::days(10),
                "intake_opens_on": today - Duration::days(5), "intake_closes_on": today + Duration::days(30),
                "utc_offset_minutes": 0})),
        )
        .await?;
    let event_id = id(&event)?;
    let (items, _) = api.call("GET", "/api/v1/items", Some(&admin), None).await?;
    let mut norms = Vec::new();
    for (item_code, name, kg) in [
        ("potatoes", "Картофель", 50),
        ("cabbage", "Капуста", 20),
        ("carrots", "Морковь", 10),
        ("beets", "Свёкла", 10),
    ] {
        let existing = items
            .as_array()
            .and_then(|all| all.iter().find(|i| i["code"] == item_code).cloned());
        let item = match existing {
            Some(item) => item,
            None => {
                api.call(
                    "POST",
                    "/api/v1/items",
                    Some(&admin),
                    Some(&json!({"code": item_code, "name": name})),
                )
                .await?
                .0
            }
        };
        norms.push((id(&item)?, kg));
    }
    let norm_body: Vec<Value> = norms
        .iter()
        .map(|(item, kg)| json!({"item_id": item, "kg_per_person": kg.to_string()}))
        .collect();
    api.call(
        "PUT",
        &format!("/api/v1/events/{event_id}/norms"),
        Some(&admin),
        Some(&json!(norm_body)),
    )
    .await?;
    let (warehouse, _) = api
        .call("POST", "/api/v1/warehouses", Some(&admin), Some(&json!({"name": format!("База {code}"), "address": "г. Благовещенск", "opening_hours": "9–18"})))
        .await?;
    let warehouse_id = id(&warehouse)?;
    let officer_login = format!("replay-officer-{suffix}").to_lowercase();
    let keeper_login = format!("replay-keeper-{suffix}").to_lowercase();
    api.call("POST", "/api/v1/users", Some(&admin), Some(&json!({"login": officer_login, "password": PASSWORD, "role": "officer", "full_name": "Инспектор Повтор"})))
        .await?;
    api.call("POST", "/api/v1/users", Some(&admin), Some(&json!({"login": keeper_login, "password": PASSWORD, "role": "warehouse", "full_name": "Кладовщик Повтор", "warehouse_id": warehouse_id})))
        .await?;
    let officer: Rc<str> = login(&api, &officer_login, PASSWORD).await?.into();
    let keeper: Rc<str> = login(&api, &keeper_login, PASSWORD).await?.into();

    // The households, generated before the clock starts.
    let count = options.applications;
    let bodies: Rc<Vec<Value>> = Rc::new(households(count, event_id, today));
    let filed: Rc<RefCell<Vec<Option<Filed>>>> = Rc::new(RefCell::new(vec![None; count]));
    let mut results = Vec::new();

    let (a, o, f, b) = (api.clone(), officer.clone(), filed.clone(), bodies.clone());
    results.push(
        phase("filing", count, options.concurrency, move |i| {
            let (api, officer, filed, bodies) = (a.clone(), o.clone(), f.clone(), b.clone());
            async move {
                let (app, ms) = api
                    .call(
                        "POST",
                        "/api/v1/applications",
                        Some(&officer),
                        Some(&bodies[i]),
                    )
                    .await?;
                let members = app["members"]
                    .as_array()
                    .map(|m| m.iter().filter_map(|m| m["id"].as_i64()).collect())
                    .unwrap_or_default();
                filed.borrow_mut()[i] = Some((id(&app)?, members));
                Ok(vec![ms])
            }
        })
        .await?,
    );
    let applications: Rc<Vec<Filed>> = Rc::new(filed.borrow_mut().drain(..).flatten().collect());

    let (a, o, apps) = (api.clone(), officer.clone(), applications.clone());
    results.push(
        phase("inspection", applications.len(), options.concurrency, move |i| {
            let (api, officer, apps) = (a.clone(), o.clone(), apps.clone());
            async move {
                let application = apps[i].0;
                let (scheduled, first) = api
                    .call("POST", &format!("/api/v1/applications/{application}/inspections"), Some(&officer),
                        Some(&json!({"scheduled_on": today, "inspectors": ["Петров П. П.", "Сидорова А. А."]})))
                    .await?;
                let inspection = scheduled["inspections"]
                    .as_array()
                    .and_then(|list| list.last())
                    .and_then(|i| i["id"].as_i64())
                    .ok_or("no inspection scheduled")?;
                let (_, second) = api
                    .call("POST", &format!("/api/v1/inspections/{inspection}/result"), Some(&officer),
                        Some(&json!({"act_number": format!("А-{}", i + 1), "inspected_on": today, "outcome": "loss_confirmed", "loss_extent_found": "full", "lost_area_sotka": "6"})))
                    .await?;
                Ok(vec![first, second])
            }
        })
        .await?,
    );

    let (a, o, apps) = (api.clone(), officer.clone(), applications.clone());
    results.push(
        phase("decision", applications.len(), options.concurrency, move |i| {
            let (api, officer, apps) = (a.clone(), o.clone(), apps.clone());
            async move {
                let (application, members) = &apps[i];
                let members: Vec<Value> = members
                    .iter()
                    .map(|m| json!({"member_id": m, "outcome": "recognized"}))
                    .collect();
                let (_, ms) = api
                    .call("POST", &format!("/api/v1/applications/{application}/decision"), Some(&officer),
                        Some(&json!({"protocol_number": "П-1", "decided_on": today, "members": members})))
                    .await?;
                Ok(vec![ms])
            }
        })
        .await?,
    );

    // Lists: stock for everyone, then lists of 500 rows until nobody is left.
    let persons: i64 = applications.iter().map(|(_, m)| m.len() as i64).sum();
    let started = Instant::now();
    let mut latencies = Vec::new();
    for (item, kg) in &norms {
        let (_, ms) = api
            .call("POST", &format!("/api/v1/warehouses/{warehouse_id}/receipts"), Some(&admin),
                Some(&json!({"item_id": item, "quantity_kg": (persons * kg).to_string(), "received_on": today,
                    "supplier": "ООО «Амурагро»", "document_number": "ТН-1", "unit_price_rub": "25.00"})))
            .await?;
        latencies.push(ms);
    }
    let mut rows: Vec<(i64, i64)> = Vec::new();
    loop {
        let created = api
            .call("POST", "/api/v1/distribution-lists", Some(&officer),
                Some(&json!({"event_id": event_id, "warehouse_id": warehouse_id, "pickup_from": today,
                    "pickup_until": today + Duration::days(14), "max_rows": 500})))
            .await;
        let (list, ms) = match created {
            Ok(answer) => answer,
            Err(e) if e.contains("nothing_to_list") => break,
            Err(e) => return Err(e),
        };
        latencies.push(ms);
        let list_id = id(&list)?;
        let (_, ms) = api
            .call(
                "POST",
                &format!("/api/v1/distribution-lists/{list_id}/approve"),
                Some(&officer),
                Some(&json!({})),
            )
            .await?;
        latencies.push(ms);
        for row in list["rows"].as_array().into_iter().flatten() {
            rows.push((list_id, id(row)?));
        }
    }
    results.push(PhaseStats::new(
        "lists",
        latencies,
        started.elapsed().as_secs_f64(),
    ));

    let rows = Rc::new(rows);
    let (a, k, r) = (api.clone(), keeper.clone(), rows.clone());
    results.push(
        phase("issue", rows.len(), options.concurrency, move |i| {
            let (api, keeper, rows) = (a.clone(), k.clone(), r.clone());
            async move {
                let (list, row) = rows[i];
                let (_, ms) = api
                    .call(
                        "POST",
                        &format!("/api/v1/distribution-lists/{list}/rows/{row}/issue"),
                        Some(&keeper),
                        Some(&json!({"received_by": "recipient"})),
                    )
                    .await?;
                Ok(vec![ms])
            }
        })
        .await?,
    );

    let (a, o) = (api.clone(), officer.clone());
    results.push(
        phase("report", 10, 1, move |i| {
            let (api, officer) = (a.clone(), o.clone());
            async move {
                let path = if i % 2 == 0 {
                    format!("/api/v1/events/{event_id}/report")
                } else {
                    format!("/api/v1/events/{event_id}/report?format=csv")
                };
                let (_, ms) = api.call("GET", &path, Some(&officer), None).await?;
                Ok(vec![ms])
            }
        })
        .await?,
    );
    Ok(results)
}
