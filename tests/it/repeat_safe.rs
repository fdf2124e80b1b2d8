//! Stock writes under an `Idempotency-Key`: a client that lost the answer
//! sends the request again, and the stock moves once.

use actix_web::http::StatusCode;
use futures::future::join_all;
use serde_json::json;

use crate::distribution::{receive_all, world};
use crate::stock::{available, receipt, storekeeper, vegetables, warehouse};
use crate::support::spawn_app;
use relief::domain::role::Role;

#[actix_web::test]
async fn a_repeated_receipt_or_adjustment_moves_stock_once() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let ids = vegetables(&app, &admin).await;
    let store = warehouse(&app, &admin, "База №1").await;
    let keeper = storekeeper(&app, &admin, "keeper", store).await;
    let receipts = format!("/api/v1/warehouses/{store}/receipts");
    let adjustments = format!("/api/v1/warehouses/{store}/adjustments");

    let first = app
        .post_with_key(&receipts, &receipt(ids[0], "100"), Some(&keeper), "r-1")
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(available(&first.body, ids[0]), "100.000");
    let again = app
        .post_with_key(&receipts, &receipt(ids[0], "100"), Some(&keeper), "r-1")
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(available(&again.body, ids[0]), "100.000");
    assert_eq!(again.body["items"][0]["received_kg"], "100.000");

    // The same key for another body is a client's mistake, not a retry.
    app.post_with_key(&receipts, &receipt(ids[0], "5"), Some(&keeper), "r-1")
        .await
        .assert_error(409, "idempotency_key_reused");
    // Nor is it a retry on another operation.
    let write_off = json!({"item_id": ids[0], "quantity_kg": "-10", "reason": "Гниль"});
    app.post_with_key(&adjustments, &write_off, Some(&keeper), "r-1")
        .await
        .assert_error(409, "idempotency_key_reused");

    let first = app
        .post_with_key(&adjustments, &write_off, Some(&keeper), "a-1")
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = app
        .post_with_key(&adjustments, &write_off, Some(&keeper), "a-1")
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(available(&again.body, ids[0]), "90.000");

    // A key is the user's own: another keeper's "r-1" is another request.
    let other = storekeeper(&app, &admin, "keeper2", store).await;
    let theirs = app
        .post_with_key(&receipts, &receipt(ids[0], "100"), Some(&other), "r-1")
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.body);
    assert_eq!(available(&theirs.body, ids[0]), "190.000");

    // A refused write keeps no key: the corrected request goes through.
    let too_much = json!({"item_id": ids[0], "quantity_kg": "-1000", "reason": "Гниль"});
    app.post_with_key(&adjustments, &too_much, Some(&keeper), "a-2")
        .await
        .assert_error(409, "insufficient_stock");
    let corrected = json!({"item_id": ids[0], "quantity_kg": "-190", "reason": "Гниль"});
    let response = app
        .post_with_key(&adjustments, &corrected, Some(&keeper), "a-2")
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    assert_eq!(available(&response.body, ids[0]), "0.000");

    for bad in ["", &"k".repeat(201)] {
        let response = app
            .post_with_key(&receipts, &receipt(ids[0], "1"), Some(&keeper), bad)
            .await;
        response.assert_error(422, "validation_failed");
        assert_eq!(
            response.body["error"]["fields"]["Idempotency-Key"][0]["code"],
            "invalid_idempotency_key"
        );
    }
}

#[actix_web::test]
async fn parallel_retries_under_one_key_receive_once() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let ids = vegetables(&app, &admin).await;
    let store = warehouse(&app, &admin, "База №1").await;
    let keeper = storekeeper(&app, &admin, "keeper", store).await;
    let receipts = format!("/api/v1/warehouses/{store}/receipts");
    let body = receipt(ids[1], "10");
    let responses =
        join_all((0..8).map(|_| app.post_with_key(&receipts, &body, Some(&keeper), "same-truck")))
            .await;
    let created = responses
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let repeated = responses
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    assert_eq!((created, repeated), (1, 7), "{:?}", responses.last());
    let stock = app
        .get(&format!("/api/v1/warehouses/{store}/stock"), Some(&admin))
        .await;
    assert_eq!(available(&stock.body, ids[1]), "10.000");
}

#[actix_web::test]
async fn a_repeated_issue_answers_the_row_instead_of_already_issued() {
    let app = spawn_app().await;
    let world = world(&app, 1).await;
    receive_all(&app, &world, ["100", "40", "20", "20"]).await;
    let list = app
        .post(
            "/api/v1/distribution-lists",
            &crate::distribution::new_list(&world),
            Some(&world.officer),
        )
        .await
        .body;
    let id = list["id"].as_i64().unwrap();
    let approved = app
        .post(
            &format!("/api/v1/distribution-lists/{id}/approve"),
            &json!({}),
            Some(&world.officer),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    let url = format!(
        "/api/v1/distribution-lists/{id}/rows/{}/issue",
        list["rows"][0]["id"]
    );
    let body = json!({"received_by": "recipient"});
    let responses =
        join_all((0..8).map(|_| app.post_with_key(&url, &body, Some(&world.keeper), "row-1")))
            .await;
    for response in &responses {
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        assert_eq!(response.body["status"], "issued");
        assert_eq!(response.body["issued_at"], responses[0].body["issued_at"]);
    }
    // Without the key, a second issue is the conflict it always was.
    app.post(&url, &body, Some(&world.keeper))
        .await
        .assert_error(409, "already_issued");
    let proxy = json!({"received_by": "proxy", "proxy_full_name": "Петров Пётр Петрович", "proxy_document": "паспорт 1010 123456", "power_of_attorney_number": "Д-1"});
    app.post_with_key(&url, &proxy, Some(&world.keeper), "row-1")
        .await
        .assert_error(409, "idempotency_key_reused");
    let stock = app
        .get(
            &format!("/api/v1/warehouses/{}/stock", world.store),
            Some(&world.admin),
        )
        .await;
    assert_eq!(stock.body["items"][0]["issued_kg"], "100.000");
    assert_eq!(available(&stock.body, world.items[0]), "0.000");
}
