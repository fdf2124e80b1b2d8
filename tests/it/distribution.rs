//! Distribution lists and issuing: the 2020 scenario end to end, and the
//! invariants under concurrency.

use actix_web::http::StatusCode;
use futures::future::join_all;
use serde_json::{json, Value};

use crate::review::inspected;
use crate::stock::{available, receipt, storekeeper, vegetables, warehouse};
use crate::support::{day, distinct_household, spawn_app, TestApp};
use relief::domain::role::Role;

pub(crate) struct World {
    pub admin: String,
    pub officer: String,
    pub keeper: String,
    pub event_id: i64,
    pub store: i64,
    pub items: Vec<i64>,
}

/// An event with the 2020 norm (50/20/10/10 kg), a warehouse with its
/// keeper, and `households` decided applications (all members recognised).
pub(crate) async fn world<S, B>(app: &TestApp<S>, households: u32) -> World
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let items = vegetables(app, &admin).await;
    let norms = json!([
        {"item_id": items[0], "kg_per_person": "50"},
        {"item_id": items[1], "kg_per_person": "20"},
        {"item_id": items[2], "kg_per_person": "10"},
        {"item_id": items[3], "kg_per_person": "10"},
    ]);
    let request = actix_web::test::TestRequest::put()
        .uri(&format!("/api/v1/events/{event_id}/norms"))
        .set_json(&norms);
    assert_eq!(
        app.send(crate::support::with_token(request, Some(&admin)))
            .await
            .status,
        StatusCode::OK
    );
    let store = warehouse(app, &admin, "База №1").await;
    let keeper = storekeeper(app, &admin, "keeper", store).await;
    let mut ids = Vec::new();
    for n in 0..households {
        let application = inspected(
            app,
            &officer,
            &distinct_household(event_id, n),
            &format!("А-{n}"),
            "loss_confirmed",
        )
        .await;
        ids.push(application["id"].clone());
    }
    let bulk = app
        .post(
            &format!("/api/v1/events/{event_id}/decisions/bulk"),
            &json!({"protocol_number": "П-1", "decided_on": day(0), "application_ids": ids}),
            Some(&officer),
        )
        .await;
    assert_eq!(bulk.body["decided"], households, "{}", bulk.body);
    World {
        admin,
        officer,
        keeper,
        event_id,
        store,
        items,
    }
}

/// The world's stock received, and a list of every recognised household
/// created and approved; answers the approved list.
pub(crate) async fn approved_list<S, B>(app: &TestApp<S>, world: &World) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    receive_all(app, world, ["300", "120", "60", "60"]).await;
    let created = app
        .post(
            "/api/v1/distribution-lists",
            &new_list(world),
            Some(&world.officer),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_i64().unwrap();
    let approved = app
        .post(
            &format!("/api/v1/distribution-lists/{id}/approve"),
            &json!({}),
            Some(&world.officer),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    approved.body
}

pub(crate) fn new_list(world: &World) -> Value {
    json!({"event_id": world.event_id, "warehouse_id": world.store, "pickup_from": day(1), "pickup_until": day(14)})
}

pub(crate) async fn receive_all<S, B>(app: &TestApp<S>, world: &World, kgs: [&str; 4])
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    for (item, kg) in world.items.iter().zip(kgs) {
        let response = app
            .post(
                &format!("/api/v1/warehouses/{}/receipts", world.store),
                &receipt(*item, kg),
                Some(&world.keeper),
            )
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    }
}

fn issue_body() -> Value {
    json!({"received_by": "recipient"})
}

#[actix_web::test]
async fn the_2020_scenario_runs_end_to_end_with_exact_totals() {
    let app = spawn_app().await;
    let world = world(&app, 3).await;
    // Three households of two: 6 people × 90 kg.
    receive_all(&app, &world, ["300", "120", "60", "60"]).await;
    // The list of victims shows what each person is due.
    let victims = app
        .get(
            &format!("/api/v1/events/{}/victims", world.event_id),
            Some(&world.officer),
        )
        .await;
    assert_eq!(victims.body["total"], 6);
    assert_eq!(
        victims.body["items"][0]["aid_due"],
        json!([
            {"item_id": world.items[0], "kg": "50.000"},
            {"item_id": world.items[1], "kg": "20.000"},
            {"item_id": world.items[2], "kg": "10.000"},
            {"item_id": world.items[3], "kg": "10.000"},
        ])
    );

    let created = app
        .post(
            "/api/v1/distribution-lists",
            &new_list(&world),
            Some(&world.officer),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let list = &created.body;
    assert_eq!(list["number"], 1);
    assert_eq!(list["status"], "draft");
    assert_eq!(list["rows"].as_array().unwrap().len(), 3);
    assert_eq!(list["rows"][0]["persons"], 2);
    assert_eq!(
        list["rows"][0]["recipient_full_name"],
        "Иванова Аннаа Петровна"
    );
    assert_eq!(
        list["rows"][0]["items"][0],
        json!({"item_id": world.items[0], "kg": "100.000"})
    );
    assert_eq!(list["totals"][0]["kg"], "300.000");
    assert_eq!(list["totals"][1]["kg"], "120.000");
    let id = list["id"].as_i64().unwrap();

    // Nobody is on two open lists.
    app.post(
        "/api/v1/distribution-lists",
        &new_list(&world),
        Some(&world.officer),
    )
    .await
    .assert_error(409, "nothing_to_list");
    // Issuing waits for approval.
    let row_id = list["rows"][0]["id"].as_i64().unwrap();
    let issue_url = |row: i64| format!("/api/v1/distribution-lists/{id}/rows/{row}/issue");
    app.post(&issue_url(row_id), &issue_body(), Some(&world.keeper))
        .await
        .assert_error(409, "invalid_state");

    let approved = app
        .post(
            &format!("/api/v1/distribution-lists/{id}/approve"),
            &json!({}),
            Some(&world.officer),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert_eq!(approved.body["status"], "approved");
    let stock = app
        .get(
            &format!("/api/v1/warehouses/{}/stock", world.store),
            Some(&world.keeper),
        )
        .await;
    assert_eq!(stock.body["items"][0]["reserved_kg"], "300.000");
    assert_eq!(available(&stock.body, world.items[0]), "0.000");
    // Norms are fixed once a list is approved.
    let request = actix_web::test::TestRequest::put()
        .uri(&format!("/api/v1/events/{}/norms", world.event_id))
        .set_json(json!([{"item_id": world.items[0], "kg_per_person": "60"}]));
    app.send(crate::support::with_token(request, Some(&world.admin)))
        .await
        .assert_error(409, "norms_locked");

    // A proxy needs a name, a document and a power of attorney.
    let proxy_missing = app
        .post(
            &issue_url(row_id),
            &json!({"received_by": "proxy"}),
            Some(&world.keeper),
        )
        .await;
    proxy_missing.assert_error(422, "validation_failed");
    assert_eq!(
        proxy_missing.body["error"]["fields"]["proxy_full_name"][0]["code"],
        "required"
    );
    assert_eq!(
        proxy_missing.body["error"]["fields"]["proxy_document"][0]["code"],
        "required"
    );
    let by_proxy = app
        .post(
            &issue_url(row_id),
            &json!({"received_by": "proxy", "proxy_full_name": "Сидоров Семён", "proxy_document": "паспорт 1010 222333", "power_of_attorney_number": "Д-17"}),
            Some(&world.keeper),
        )
        .await;
    assert_eq!(by_proxy.status, StatusCode::OK, "{}", by_proxy.body);
    assert_eq!(by_proxy.body["status"], "issued");
    assert_eq!(by_proxy.body["proxy_full_name"], "Сидоров Семён");
    assert_eq!(by_proxy.body["received_by"], "proxy");
    assert_eq!(by_proxy.body["items"][0]["kg"], "100.000");
    let twice = app
        .post(&issue_url(row_id), &issue_body(), Some(&world.keeper))
        .await;
    twice.assert_error(409, "already_issued");
    let message = twice.body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("Уже выдано"), "{message}");
    // By whom: the keeper's name, as the admin created them.
    assert!(message.ends_with("(выдал: Кладовщик)"), "{message}");

    for row in list["rows"].as_array().unwrap().iter().skip(1) {
        let issued = app
            .post(
                &issue_url(row["id"].as_i64().unwrap()),
                &issue_body(),
                Some(&world.keeper),
            )
            .await;
        assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
    }
    let closed = app
        .post(
            &format!("/api/v1/distribution-lists/{id}/close"),
            &json!({}),
            Some(&world.officer),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    assert_eq!(closed.body["status"], "closed");
    let late = app
        .post(&issue_url(row_id), &issue_body(), Some(&world.keeper))
        .await;
    late.assert_error(409, "invalid_state");
    // A person reads the list's number and status in Russian, not a code.
    let number = closed.body["number"].as_i64().unwrap();
    assert_eq!(
        late.body["error"]["message"],
        format!("Действие недоступно для ведомости № {number} (статус: закрыта)")
    );
    let again = app
        .post(
            &format!("/api/v1/distribution-lists/{id}/close"),
            &json!({}),
            Some(&world.officer),
        )
        .await;
    again.assert_error(409, "invalid_state");
    assert!(!again.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("closed"));

    // Every kilogram accounted for: issued = norm × persons, nothing reserved.
    let stock = app
        .get(
            &format!("/api/v1/warehouses/{}/stock", world.store),
            Some(&world.admin),
        )
        .await;
    for (index, expected) in ["300.000", "120.000", "60.000", "60.000"]
        .iter()
        .enumerate()
    {
        let line = &stock.body["items"][index];
        assert_eq!(line["issued_kg"], *expected, "{}", stock.body);
        assert_eq!(line["reserved_kg"], "0.000");
        assert_eq!(line["available_kg"], "0.000");
    }
}

#[actix_web::test]
async fn a_shortfall_blocks_approval_and_closing_frees_people() {
    let app = spawn_app().await;
    let world = world(&app, 2).await;
    receive_all(&app, &world, ["150", "40", "40", "40"]).await;
    let list = app
        .post(
            "/api/v1/distribution-lists",
            &new_list(&world),
            Some(&world.officer),
        )
        .await
        .body;
    let id = list["id"].as_i64().unwrap();
    let refused = app
        .post(
            &format!("/api/v1/distribution-lists/{id}/approve"),
            &json!({}),
            Some(&world.officer),
        )
        .await;
    refused.assert_error(409, "insufficient_stock");
    let missing =
        &refused.body["error"]["fields"]["items"][world.items[0].to_string()][0]["message"];
    assert_eq!(missing, "Не хватает 50.000 кг", "{}", refused.body);
    let cabbage =
        &refused.body["error"]["fields"]["items"][world.items[1].to_string()][0]["message"];
    assert_eq!(cabbage, "Не хватает 40.000 кг");
    assert!(refused.body["error"]["fields"]["items"][world.items[2].to_string()].is_null());

    receive_all(&app, &world, ["50", "40", "0.001", "0.001"]).await;
    let approved = app
        .post(
            &format!("/api/v1/distribution-lists/{id}/approve"),
            &json!({}),
            Some(&world.officer),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    // One household collects, the other does not come.
    let first_row = list["rows"][0]["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/distribution-lists/{id}/rows/{first_row}/issue"),
        &issue_body(),
        Some(&world.keeper),
    )
    .await;
    let closed = app
        .post(
            &format!("/api/v1/distribution-lists/{id}/close"),
            &json!({}),
            Some(&world.officer),
        )
        .await;
    assert_eq!(closed.body["rows"][1]["status"], "not_collected");
    let stock = app
        .get(
            &format!("/api/v1/warehouses/{}/stock", world.store),
            Some(&world.admin),
        )
        .await;
    assert_eq!(stock.body["items"][0]["reserved_kg"], "0.000");
    assert_eq!(available(&stock.body, world.items[0]), "100.000");

    // The household that did not come can go onto a new list; the other cannot.
    let again = app
        .post(
            "/api/v1/distribution-lists",
            &new_list(&world),
            Some(&world.officer),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(again.body["number"], 2);
    assert_eq!(again.body["rows"].as_array().unwrap().len(), 1);
    assert_eq!(
        again.body["rows"][0]["application_id"],
        list["rows"][1]["application_id"]
    );
}

#[actix_web::test]
async fn thirty_two_concurrent_issues_of_one_row_give_one_success() {
    let app = spawn_app().await;
    let world = world(&app, 1).await;
    receive_all(&app, &world, ["100", "40", "20", "20"]).await;
    let list = app
        .post(
            "/api/v1/distribution-lists",
            &new_list(&world),
            Some(&world.officer),
        )
        .await
        .body;
    let id = list["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/distribution-lists/{id}/approve"),
        &json!({}),
        Some(&world.officer),
    )
    .await;
    let url = format!(
        "/api/v1/distribution-lists/{id}/rows/{}/issue",
        list["rows"][0]["id"]
    );
    let body = issue_body();
    let responses = join_all((0..32).map(|_| app.post(&url, &body, Some(&world.keeper)))).await;
    let ok = responses
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    let conflicts = responses
        .iter()
        .filter(|r| r.code() == "already_issued")
        .count();
    assert_eq!((ok, conflicts), (1, 31));
    let stock = app
        .get(
            &format!("/api/v1/warehouses/{}/stock", world.store),
            Some(&world.admin),
        )
        .await;
    assert_eq!(stock.body["items"][0]["issued_kg"], "100.000");
}

#[actix_web::test]
async fn two_concurrent_approvals_beyond_the_stock_give_one_success() {
    let app = spawn_app().await;
    let world = world(&app, 2).await;
    receive_all(&app, &world, ["100", "40", "20", "20"]).await;
    let make = |n: usize| {
        let mut body = new_list(&world);
        body["max_rows"] = json!(1);
        let _ = n;
        body
    };
    let first = app
        .post("/api/v1/distribution-lists", &make(0), Some(&world.officer))
        .await
        .body["id"]
        .clone();
    let second = app
        .post("/api/v1/distribution-lists", &make(1), Some(&world.officer))
        .await
        .body["id"]
        .clone();
    let (a, b) = (
        format!("/api/v1/distribution-lists/{first}/approve"),
        format!("/api/v1/distribution-lists/{second}/approve"),
    );
    let empty = json!({});
    let (x, y) = futures::join!(
        app.post(&a, &empty, Some(&world.officer)),
        app.post(&b, &empty, Some(&world.officer))
    );
    let mut statuses = [x.status.as_u16(), y.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", x.body, y.body);
}

#[actix_web::test]
async fn only_the_lists_warehouse_issues_and_only_an_admin_undoes() {
    let app = spawn_app().await;
    let world = world(&app, 1).await;
    receive_all(&app, &world, ["100", "40", "20", "20"]).await;
    let other_store = warehouse(&app, &world.admin, "База №2").await;
    let stranger = storekeeper(&app, &world.admin, "stranger", other_store).await;
    let list = app
        .post(
            "/api/v1/distribution-lists",
            &new_list(&world),
            Some(&world.officer),
        )
        .await
        .body;
    let id = list["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/distribution-lists/{id}/approve"),
        &json!({}),
        Some(&world.officer),
    )
    .await;
    let row = list["rows"][0]["id"].as_i64().unwrap();
    let issue = format!("/api/v1/distribution-lists/{id}/rows/{row}/issue");
    app.post(&issue, &issue_body(), Some(&stranger))
        .await
        .assert_error(404, "not_found");
    app.get(&format!("/api/v1/distribution-lists/{id}"), Some(&stranger))
        .await
        .assert_error(404, "not_found");
    app.post(&issue, &issue_body(), Some(&world.officer))
        .await
        .assert_error(403, "forbidden");
    assert_eq!(
        app.post(&issue, &issue_body(), Some(&world.keeper))
            .await
            .status,
        StatusCode::OK
    );

    let undo = format!("/api/v1/distribution-lists/{id}/rows/{row}/undo-issue");
    app.post(&undo, &json!({"reason": "Ошибка"}), Some(&world.keeper))
        .await
        .assert_error(403, "forbidden");
    let undone = app
        .post(
            &undo,
            &json!({"reason": "Выдано не тому лицу"}),
            Some(&world.admin),
        )
        .await;
    assert_eq!(undone.status, StatusCode::OK, "{}", undone.body);
    assert_eq!(undone.body["status"], "pending");
    let stock = app
        .get(
            &format!("/api/v1/warehouses/{}/stock", world.store),
            Some(&world.admin),
        )
        .await;
    assert_eq!(stock.body["items"][0]["issued_kg"], "0.000");
    assert_eq!(stock.body["items"][0]["reserved_kg"], "100.000");
    // Lists visible to the keeper are their warehouse's only.
    let visible = app.get("/api/v1/distribution-lists", Some(&stranger)).await;
    assert_eq!(visible.body.as_array().unwrap().len(), 0);
}

#[actix_web::test]
async fn bad_list_input_is_refused() {
    let app = spawn_app().await;
    let world = world(&app, 1).await;
    let mut inverted = new_list(&world);
    inverted["pickup_until"] = json!(day(0));
    inverted["pickup_from"] = json!(day(5));
    let response = app
        .post(
            "/api/v1/distribution-lists",
            &inverted,
            Some(&world.officer),
        )
        .await;
    response.assert_error(422, "validation_failed");
    assert_eq!(
        response.body["error"]["fields"]["pickup_until"][0]["code"],
        "window_inverted"
    );
    let mut unknown = new_list(&world);
    unknown["warehouse_id"] = json!(999_999);
    let response = app
        .post("/api/v1/distribution-lists", &unknown, Some(&world.officer))
        .await;
    assert_eq!(
        response.body["error"]["fields"]["warehouse_id"][0]["code"],
        "unknown_warehouse"
    );
    app.post(
        "/api/v1/distribution-lists",
        &new_list(&world),
        Some(&world.keeper),
    )
    .await
    .assert_error(403, "forbidden");
}

/// Closing a list while its rows are being issued: every row ends issued or
/// not collected, no stock stays reserved or goes negative, and nobody who
/// was issued can be put on another list. Repeated, since a race shows only
/// sometimes.
#[actix_web::test]
async fn closing_a_list_while_its_rows_are_issued_keeps_stock_and_people_straight() {
    let app = spawn_app().await;
    let world = world(&app, 8).await;
    let mut issued_households = std::collections::BTreeSet::new();
    let mut issued_rows_total = 0;
    for round in 0..4 {
        receive_all(&app, &world, ["10000", "4000", "2000", "2000"]).await;
        let created = app
            .post(
                "/api/v1/distribution-lists",
                &new_list(&world),
                Some(&world.officer),
            )
            .await;
        if created.status != StatusCode::CREATED {
            // Everyone has been issued: nobody is left for a list.
            assert_eq!(
                issued_households.len(),
                8,
                "round {round}: {}",
                created.body
            );
            break;
        }
        let list = created.body;
        let id = list["id"].as_i64().unwrap();
        for row in list["rows"].as_array().unwrap() {
            assert!(
                !issued_households.contains(&row["application_id"].as_i64().unwrap()),
                "round {round}: an issued household is on a new list"
            );
        }
        let approved = app
            .post(
                &format!("/api/v1/distribution-lists/{id}/approve"),
                &json!({}),
                Some(&world.officer),
            )
            .await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
        let rows: Vec<i64> = list["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        let body = issue_body();
        let urls: Vec<String> = rows
            .iter()
            .map(|row| format!("/api/v1/distribution-lists/{id}/rows/{row}/issue"))
            .collect();
        let close_url = format!("/api/v1/distribution-lists/{id}/close");
        let close_at = rows.len() / 2;
        let requests = urls.iter().enumerate().flat_map(|(i, url)| {
            let mut these = vec![(url.as_str(), &world.keeper, &body)];
            if i == close_at {
                these.insert(0, (close_url.as_str(), &world.officer, &body));
            }
            these
        });
        let answers =
            join_all(requests.map(|(url, token, body)| app.post(url, body, Some(token)))).await;
        for answer in &answers {
            assert!(
                answer.status == StatusCode::OK || answer.status == StatusCode::CONFLICT,
                "{}: {}",
                answer.status,
                answer.body
            );
        }
        let after = app
            .get(
                &format!("/api/v1/distribution-lists/{id}"),
                Some(&world.officer),
            )
            .await;
        assert_eq!(after.body["status"], "closed", "{}", after.body);
        let mut issued = 0;
        let mut not_collected = 0;
        for row in after.body["rows"].as_array().unwrap() {
            match row["status"].as_str() {
                Some("issued") => {
                    issued += 1;
                    issued_households.insert(row["application_id"].as_i64().unwrap());
                }
                Some("not_collected") => not_collected += 1,
                other => panic!("round {round}: a row left {other:?}"),
            }
        }
        assert_eq!(issued + not_collected, rows.len(), "round {round}");
        issued_rows_total += issued;
        let stock = app
            .get(
                &format!("/api/v1/warehouses/{}/stock", world.store),
                Some(&world.admin),
            )
            .await;
        for item in stock.body["items"].as_array().unwrap() {
            assert_eq!(
                item["reserved_kg"], "0.000",
                "round {round}: {}",
                stock.body
            );
        }
    }
    assert!(
        issued_rows_total > 0,
        "some rows were issued before the close"
    );
}

#[actix_web::test]
async fn the_issue_time_is_the_servers_and_only_an_administrator_backdates_with_a_reason() {
    let app = spawn_app().await;
    let world = world(&app, 2).await;
    let list = approved_list(&app, &world).await;
    let id = list["id"].as_i64().unwrap();
    let url = |row: usize| {
        format!(
            "/api/v1/distribution-lists/{id}/rows/{}/issue",
            list["rows"][row]["id"]
        )
    };
    let earlier = "2020-09-01T10:00:00Z";
    let keeper_dated = app
        .post(
            &url(0),
            &json!({"received_by": "recipient", "issued_at": earlier}),
            Some(&world.keeper),
        )
        .await;
    keeper_dated.assert_error(422, "validation_failed");
    assert_eq!(
        keeper_dated.body["error"]["fields"]["issued_at"][0]["code"],
        "not_allowed"
    );
    let before = chrono::Utc::now() - chrono::Duration::seconds(5);
    let issued = app.post(&url(0), &issue_body(), Some(&world.keeper)).await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
    let at: chrono::DateTime<chrono::Utc> =
        issued.body["issued_at"].as_str().unwrap().parse().unwrap();
    assert!(at >= before, "the server's clock: {at}");

    let no_reason = app
        .post(
            &url(1),
            &json!({"received_by": "recipient", "issued_at": earlier}),
            Some(&world.admin),
        )
        .await;
    no_reason.assert_error(422, "validation_failed");
    assert_eq!(
        no_reason.body["error"]["fields"]["backdate_reason"][0]["code"],
        "required"
    );
    let backdated = app
        .post(
            &url(1),
            &json!({"received_by": "recipient", "issued_at": earlier,
                    "backdate_reason": "Выдано по бумажной ведомости 01.09, внесено позже"}),
            Some(&world.admin),
        )
        .await;
    assert_eq!(backdated.status, StatusCode::OK, "{}", backdated.body);
    assert_eq!(backdated.body["issued_at"], "2020-09-01T10:00:00Z");
    let history = app
        .get(
            &format!(
                "/api/v1/applications/{}/history",
                list["rows"][1]["application_id"]
            ),
            Some(&world.admin),
        )
        .await;
    assert!(
        history.body.to_string().contains("внесено позже"),
        "the reason is in the audit trail: {}",
        history.body
    );
}
