//! Items, norms, warehouses and the stock ledger.

use actix_web::http::StatusCode;
use diesel::connection::SimpleConnection;
use futures::future::join_all;
use serde_json::{json, Value};

use crate::support::{day, spawn_app, TestApp};
use relief::domain::role::Role;

/// Potatoes, cabbage, carrots and beets, as in Blagoveshchensk; their ids.
pub(crate) async fn vegetables<S, B>(app: &TestApp<S>, admin: &str) -> Vec<i64>
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut ids = Vec::new();
    for (code, name) in [
        ("potatoes", "Картофель"),
        ("cabbage", "Капуста"),
        ("carrots", "Морковь"),
        ("beets", "Свёкла"),
    ] {
        let response = app
            .post(
                "/api/v1/items",
                &json!({"code": code, "name": name}),
                Some(admin),
            )
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
        assert_eq!(response.body["unit"], "kg");
        ids.push(response.body["id"].as_i64().unwrap());
    }
    ids
}

pub(crate) async fn warehouse<S, B>(app: &TestApp<S>, admin: &str, name: &str) -> i64
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let response = app
        .post(
            "/api/v1/warehouses",
            &json!({"name": name, "address": "г. Благовещенск, ул. Промышленная, 5", "opening_hours": "пн–сб 9:00–18:00"}),
            Some(admin),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    response.body["id"].as_i64().unwrap()
}

/// A warehouse user of `warehouse_id`, created by the admin; their token.
pub(crate) async fn storekeeper<S, B>(
    app: &TestApp<S>,
    admin: &str,
    login: &str,
    warehouse_id: i64,
) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let created = app
        .post(
            "/api/v1/users",
            &json!({"login": login, "password": "склад-пароль-1", "role": "warehouse", "full_name": "Кладовщик", "warehouse_id": warehouse_id}),
            Some(admin),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["warehouse_id"], warehouse_id);
    app.login(login, "склад-пароль-1").await.body["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub(crate) fn receipt(item_id: i64, kg: &str) -> Value {
    json!({"item_id": item_id, "quantity_kg": kg, "received_on": day(0), "supplier": "ООО «Агро»", "document_number": "ТН-1", "unit_price_rub": "25.50"})
}

pub(crate) fn available(stock: &Value, item_id: i64) -> Value {
    stock["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item_id"] == item_id)
        .map(|i| i["available_kg"].clone())
        .unwrap_or(Value::Null)
}

#[actix_web::test]
async fn the_catalogue_and_norms_of_an_event() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let ids = vegetables(&app, &admin).await;
    app.post(
        "/api/v1/items",
        &json!({"code": "potatoes", "name": "Картофель"}),
        Some(&admin),
    )
    .await
    .assert_error(409, "conflict");
    app.post(
        "/api/v1/items",
        &json!({"code": "Onions!", "name": "Лук"}),
        Some(&admin),
    )
    .await
    .assert_error(422, "validation_failed");
    app.post(
        "/api/v1/items",
        &json!({"code": "onions", "name": "Лук"}),
        Some(&officer),
    )
    .await
    .assert_error(403, "forbidden");
    assert_eq!(
        app.get("/api/v1/items", Some(&officer))
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        4
    );

    let url = format!("/api/v1/events/{event_id}/norms");
    let norms = json!([
        {"item_id": ids[0], "kg_per_person": "50", "kg_per_child": "40.5"},
        {"item_id": ids[1], "kg_per_person": "20"},
        {"item_id": ids[2], "kg_per_person": "10"},
        {"item_id": ids[3], "kg_per_person": "10.000"},
    ]);
    let request = actix_web::test::TestRequest::put()
        .uri(&url)
        .set_json(&norms);
    let saved = app
        .send(crate::support::with_token(request, Some(&admin)))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.body[0]["kg_per_person"], "50.000");
    assert_eq!(saved.body[0]["kg_per_child"], "40.500");
    assert_eq!(saved.body[1]["kg_per_child"], Value::Null);
    let read = app.get(&url, Some(&officer)).await;
    assert_eq!(read.body, saved.body);

    for (bad, path, code) in [
        (
            json!([{"item_id": 999_999, "kg_per_person": "1"}]),
            ("0", "item_id"),
            "unknown_item",
        ),
        (
            json!([{"item_id": ids[0], "kg_per_person": "1.0005"}]),
            ("0", "kg_per_person"),
            "invalid_quantity",
        ),
        (
            json!([{"item_id": ids[0], "kg_per_person": "0"}]),
            ("0", "kg_per_person"),
            "not_positive",
        ),
        (
            json!([{"item_id": ids[0], "kg_per_person": "-5"}]),
            ("0", "kg_per_person"),
            "not_positive",
        ),
        (
            json!([{"item_id": ids[0], "kg_per_person": "много"}]),
            ("0", "kg_per_person"),
            "invalid_type",
        ),
        (
            json!([{"item_id": ids[0], "kg_per_person": "1"}, {"item_id": ids[0], "kg_per_person": "2"}]),
            ("1", "item_id"),
            "repeated_item",
        ),
    ] {
        let request = actix_web::test::TestRequest::put().uri(&url).set_json(&bad);
        let response = app
            .send(crate::support::with_token(request, Some(&admin)))
            .await;
        response.assert_error(422, "validation_failed");
        assert_eq!(
            response.body["error"]["fields"][path.0][path.1][0]["code"], code,
            "{}",
            response.body
        );
    }
    // Nothing of the refused norms was stored.
    assert_eq!(app.get(&url, Some(&officer)).await.body, saved.body);
}

#[actix_web::test]
async fn warehouse_users_belong_to_one_existing_warehouse() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let first = warehouse(&app, &admin, "База №1").await;
    let user = |login: &str, role: &str, warehouse_id: Value| json!({"login": login, "password": "long-enough-pass", "role": role, "full_name": "Х", "warehouse_id": warehouse_id});
    for (body, code) in [
        (user("store1", "warehouse", Value::Null), "required"),
        (
            user("store2", "warehouse", json!(999_999)),
            "unknown_warehouse",
        ),
        (user("clerk1", "officer", json!(first)), "not_allowed"),
    ] {
        let response = app.post("/api/v1/users", &body, Some(&admin)).await;
        response.assert_error(422, "validation_failed");
        assert_eq!(
            response.body["error"]["fields"]["warehouse_id"][0]["code"],
            code
        );
    }
}

#[actix_web::test]
async fn receipts_adjustments_and_balances_per_warehouse() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let ids = vegetables(&app, &admin).await;
    let first = warehouse(&app, &admin, "База №1").await;
    let second = warehouse(&app, &admin, "База №2").await;
    let keeper = storekeeper(&app, &admin, "keeper", first).await;

    let received = app
        .post(
            &format!("/api/v1/warehouses/{first}/receipts"),
            &receipt(ids[0], "1000.5"),
            Some(&keeper),
        )
        .await;
    assert_eq!(received.status, StatusCode::CREATED, "{}", received.body);
    let potatoes = &received.body["items"][0];
    assert_eq!(potatoes["code"], "potatoes");
    assert_eq!(potatoes["name"], "Картофель");
    assert_eq!(potatoes["received_kg"], "1000.500");
    assert_eq!(potatoes["available_kg"], "1000.500");
    assert_eq!(potatoes["issued_kg"], "0.000");
    assert_eq!(potatoes["reserved_kg"], "0.000");

    // Another warehouse's records do not exist for this user.
    app.post(
        &format!("/api/v1/warehouses/{second}/receipts"),
        &receipt(ids[0], "1"),
        Some(&keeper),
    )
    .await
    .assert_error(404, "not_found");
    app.get(&format!("/api/v1/warehouses/{second}/stock"), Some(&keeper))
        .await
        .assert_error(404, "not_found");
    let visible = app.get("/api/v1/warehouses", Some(&keeper)).await;
    assert_eq!(visible.body.as_array().unwrap().len(), 1);
    assert_eq!(
        app.get("/api/v1/warehouses", Some(&admin))
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );
    app.get(&format!("/api/v1/warehouses/{first}/stock"), Some(&officer))
        .await
        .assert_error(403, "forbidden");

    let url = format!("/api/v1/warehouses/{first}/receipts");
    for (kg, code) in [
        ("0", "not_positive"),
        ("-3", "not_positive"),
        ("1.0001", "invalid_quantity"),
    ] {
        let response = app.post(&url, &receipt(ids[0], kg), Some(&keeper)).await;
        response.assert_error(422, "validation_failed");
        assert_eq!(
            response.body["error"]["fields"]["quantity_kg"][0]["code"],
            code
        );
    }
    let mut priced = receipt(ids[0], "1");
    priced["unit_price_rub"] = json!("1.005");
    app.post(&url, &priced, Some(&keeper))
        .await
        .assert_error(422, "validation_failed");
    let mut wrong_type = receipt(ids[0], "1");
    wrong_type["quantity_kg"] = json!("сто");
    let response = app.post(&url, &wrong_type, Some(&keeper)).await;
    assert_eq!(
        response.body["error"]["fields"]["quantity_kg"][0]["code"],
        "invalid_type"
    );
    let response = app.post(&url, &receipt(999_999, "1"), Some(&keeper)).await;
    assert_eq!(
        response.body["error"]["fields"]["item_id"][0]["code"],
        "unknown_item"
    );
    app.post(
        "/api/v1/warehouses/999999/receipts",
        &receipt(ids[0], "1"),
        Some(&admin),
    )
    .await
    .assert_error(404, "not_found");

    let adjust = format!("/api/v1/warehouses/{first}/adjustments");
    let too_much = app
        .post(
            &adjust,
            &json!({"item_id": ids[0], "quantity_kg": "-1000.501", "reason": "Гниль"}),
            Some(&keeper),
        )
        .await;
    too_much.assert_error(409, "insufficient_stock");
    let spoiled = app
        .post(
            &adjust,
            &json!({"item_id": ids[0], "quantity_kg": "-0.5", "reason": "Гниль"}),
            Some(&keeper),
        )
        .await;
    assert_eq!(spoiled.status, StatusCode::CREATED, "{}", spoiled.body);
    assert_eq!(available(&spoiled.body, ids[0]), "1000.000");
    app.post(
        &adjust,
        &json!({"item_id": ids[0], "quantity_kg": "-1", "reason": " "}),
        Some(&keeper),
    )
    .await
    .assert_error(422, "validation_failed");

    // The ledger is the balance, and it cannot be rewritten.
    let mut conn = app.state.pool.get().unwrap();
    assert!(conn
        .batch_execute("UPDATE stock_ledger SET on_hand_grams = 0")
        .is_err());
    assert!(conn.batch_execute("DELETE FROM stock_ledger").is_err());
    drop(conn);
    let stock = app
        .get(&format!("/api/v1/warehouses/{first}/stock"), Some(&admin))
        .await;
    assert_eq!(stock.body["items"][0]["received_kg"], "1000.000");
    assert_eq!(available(&stock.body, ids[0]), "1000.000");
}

#[actix_web::test]
async fn concurrent_write_offs_never_take_stock_below_zero() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let ids = vegetables(&app, &admin).await;
    let store = warehouse(&app, &admin, "База №1").await;
    app.post(
        &format!("/api/v1/warehouses/{store}/receipts"),
        &receipt(ids[1], "100"),
        Some(&admin),
    )
    .await;
    let url = format!("/api/v1/warehouses/{store}/adjustments");
    let body = json!({"item_id": ids[1], "quantity_kg": "-10", "reason": "Списание"});
    let attempts = (0..16).map(|_| app.post(&url, &body, Some(&admin)));
    let responses = join_all(attempts).await;
    let succeeded = responses
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let refused = responses
        .iter()
        .filter(|r| r.code() == "insufficient_stock")
        .count();
    assert_eq!((succeeded, refused), (10, 6));
    let stock = app
        .get(&format!("/api/v1/warehouses/{store}/stock"), Some(&admin))
        .await;
    assert_eq!(available(&stock.body, ids[1]), "0.000");
}

#[actix_web::test]
async fn quantities_and_prices_are_bounded_and_a_report_never_overflows() {
    let app = spawn_app().await;
    let world = crate::distribution::world(&app, 1).await;
    let url = format!("/api/v1/warehouses/{}/receipts", world.store);
    let item = world.items[0];
    let with = |kg: &str, rub: &str| {
        let mut body = receipt(item, kg);
        body["unit_price_rub"] = json!(rub);
        body
    };
    for (kg, rub, field) in [
        ("9200000000000000", "99999", "quantity_kg"),
        ("1000000.001", "1", "quantity_kg"),
        ("1", "100000.01", "unit_price_rub"),
    ] {
        let refused = app.post(&url, &with(kg, rub), Some(&world.keeper)).await;
        refused.assert_error(422, "validation_failed");
        assert_eq!(
            refused.body["error"]["fields"][field][0]["code"], "too_large",
            "{kg} at {rub}: {}",
            refused.body
        );
    }
    let at_limit = app
        .post(&url, &with("1000000", "100000"), Some(&world.keeper))
        .await;
    assert_eq!(at_limit.status, StatusCode::CREATED, "{}", at_limit.body);
    let adjust = app
        .post(
            &format!("/api/v1/warehouses/{}/adjustments", world.store),
            &json!({"item_id": item, "quantity_kg": "-1000000.001", "reason": "пересчёт"}),
            Some(&world.keeper),
        )
        .await;
    adjust.assert_error(422, "validation_failed");
    let too_long = app
        .post(
            "/api/v1/distribution-lists",
            &json!({"event_id": world.event_id, "warehouse_id": world.store,
                    "pickup_from": day(1), "pickup_until": day(2), "max_rows": 10_001}),
            Some(&world.officer),
        )
        .await;
    too_long.assert_error(422, "validation_failed");

    // A ledger written before the bounds, whose products of grams and
    // prices overflow BIGINT: the report still answers.
    let mut conn = app.state.pool.get().expect("a connection");
    for _ in 0..3 {
        conn.batch_execute(&format!(
            "INSERT INTO stock_ledger (warehouse_id, item_id, kind, on_hand_grams, reserved_grams, \
             received_on, supplier, document_number, unit_price_kopecks, created_at) \
             VALUES ({}, {item}, 'receipt', 9200000000000000, 0, '2020-08-20', 'x', 'y', 9999900, \
             '2020-08-20 10:00:00')",
            world.store
        ))
        .expect("an old receipt");
    }
    drop(conn);
    let report = app
        .get(
            &format!("/api/v1/events/{}/report", world.event_id),
            Some(&world.admin),
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
}

#[actix_web::test]
async fn a_keeper_without_a_warehouse_is_refused_by_the_database_and_would_see_nothing() {
    let app = crate::support::spawn_app().await;
    let world = crate::distribution::world(&app, 1).await;
    let listed = crate::distribution::approved_list(&app, &world).await;
    assert!(listed["id"].is_i64());
    let mut conn = app.state.pool.get().expect("a connection");
    let refused = conn.batch_execute(
        "INSERT INTO users (login, login_key, password_hash, role, full_name, disabled, \
         token_version, created_at) VALUES ('k', 'k', 'x', 'warehouse', 'К', false, 0, \
         '2020-08-20 10:00:00')",
    );
    assert!(refused.is_err(), "a keeper with no warehouse was stored");
    // The same row for an officer is accepted: the refusal is the rule's.
    conn.batch_execute(
        "INSERT INTO users (login, login_key, password_hash, role, full_name, disabled, \
         token_version, created_at) VALUES ('k', 'k', 'x', 'officer', 'К', false, 0, \
         '2020-08-20 10:00:00')",
    )
    .expect("an officer with no warehouse");
    let officer_at_store = conn.batch_execute(&format!(
        "INSERT INTO users (login, login_key, password_hash, role, full_name, disabled, \
         token_version, created_at, warehouse_id) VALUES ('o', 'o', 'x', 'officer', 'О', false, 0, \
         '2020-08-20 10:00:00', {})",
        world.store
    ));
    assert!(
        officer_at_store.is_err(),
        "an officer tied to a warehouse was stored"
    );
    // Were one to slip in, the lists are closed to them, not open.
    let stray = relief::auth::Principal {
        id: 1,
        login: "stray".into(),
        role: Role::Warehouse,
        full_name: "Без склада".into(),
        phone: None,
        warehouse_id: None,
    };
    let lists =
        relief::service::distribution::list(&mut conn, &stray, None, None, None).expect("lists");
    assert!(lists.is_empty(), "{} lists seen", lists.len());
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        for table in ["audit_log", "stock_ledger"] {
            let truncated = conn.batch_execute(&format!("TRUNCATE {table} CASCADE"));
            assert!(truncated.is_err(), "TRUNCATE {table} went through");
        }
    }
}
