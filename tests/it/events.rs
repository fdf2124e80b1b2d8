use actix_web::http::StatusCode;
use serde_json::json;

use crate::support::{event_body, spawn_app};
use relief::domain::role::Role;

#[actix_web::test]
async fn an_admin_creates_reads_lists_and_changes_events() {
    let app = spawn_app().await;
    let (admin, id) = app.open_event("BLG2020").await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;

    let one = app
        .get(&format!("/api/v1/events/{id}"), Some(&resident))
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.body["code"], "BLG2020");
    assert_eq!(one.body["municipality"], "г. Благовещенск");

    let list = app.get("/api/v1/events", Some(&resident)).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1);

    let changed = app
        .patch(
            &format!("/api/v1/events/{id}"),
            &json!({"title": "Паводок 2020 года"}),
            Some(&admin),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.body["title"], "Паводок 2020 года");
    assert_eq!(changed.body["code"], "BLG2020");
}

#[actix_web::test]
async fn only_admins_create_or_change_events() {
    let app = spawn_app().await;
    let (_, id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    app.post("/api/v1/events", &event_body("OTHER"), Some(&officer))
        .await
        .assert_error(403, "forbidden");
    app.patch(
        &format!("/api/v1/events/{id}"),
        &json!({"title": "x"}),
        Some(&officer),
    )
    .await
    .assert_error(403, "forbidden");
}

#[actix_web::test]
async fn event_rules_are_checked() {
    let app = spawn_app().await;
    let (admin, id) = app.open_event("BLG2020").await;
    app.post("/api/v1/events", &event_body("BLG2020"), Some(&admin))
        .await
        .assert_error(409, "conflict");

    let mut bad = event_body("lower");
    bad["intake_closes_on"] = json!("2000-01-01");
    let response = app.post("/api/v1/events", &bad, Some(&admin)).await;
    response.assert_error(422, "validation_failed");
    assert_eq!(
        response.body["error"]["fields"]["code"][0]["code"],
        "invalid_event_code"
    );
    assert_eq!(
        response.body["error"]["fields"]["intake_closes_on"][0]["code"],
        "window_inverted"
    );

    app.patch(
        &format!("/api/v1/events/{id}"),
        &json!({"intake_closes_on": "2000-01-01"}),
        Some(&admin),
    )
    .await
    .assert_error(422, "validation_failed");
    app.get("/api/v1/events/999999", Some(&admin))
        .await
        .assert_error(404, "not_found");
}
