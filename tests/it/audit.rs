use actix_web::http::StatusCode;
use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::support::{application_body, spawn_app};
use relief::domain::role::Role;

#[actix_web::test]
async fn every_write_is_in_the_history_with_documents_masked() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (resident_id, resident) = app.user_with_token("resident", Role::Resident).await;
    let (officer_id, officer) = app.user_with_token("officer", Role::Officer).await;
    let id = app.file(&application_body(event_id), &resident).await.body["id"]
        .as_i64()
        .unwrap();
    let url = format!("/api/v1/applications/{id}");
    app.patch(
        &url,
        &json!({"postal_address": "г. Благовещенск, ул. Ленина, 5"}),
        Some(&officer),
    )
    .await;
    app.post(
        &format!("{url}/extend"),
        &json!({"days": 10, "reason": "Паводок"}),
        Some(&officer),
    )
    .await;
    app.post(&format!("{url}/withdraw"), &json!({}), Some(&resident))
        .await;

    let history = app.get(&format!("{url}/history"), Some(&resident)).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    let entries = history.body.as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "application.filed",
            "application.amended",
            "application.extended",
            "application.withdrawn"
        ]
    );
    assert_eq!(entries[0]["actor_id"], resident_id);
    assert_eq!(entries[1]["actor_id"], officer_id);
    assert_eq!(
        entries[1]["changes"],
        json!({"postal_address": {
            "before": "г. Благовещенск, ул. Зейская, д. 1, кв. 2",
            "after": "г. Благовещенск, ул. Ленина, 5"
        }})
    );
    assert_eq!(
        entries[3]["changes"]["status"],
        json!({"before": "submitted", "after": "withdrawn"})
    );
    let filed_members = &entries[0]["changes"]["members"]["after"];
    assert_eq!(filed_members[0]["document_number"], "****56");
    assert_eq!(filed_members[0]["snils"], "****95");
    let text = history.body.to_string();
    assert!(
        !text.contains("\"123456\""),
        "passport number leaked: {text}"
    );
    assert!(!text.contains("11223344595"), "SNILS leaked: {text}");

    let staff_view = app.get(&format!("{url}/history"), Some(&officer)).await;
    assert_eq!(staff_view.body, history.body);
}

#[actix_web::test]
async fn the_audit_log_refuses_updates_and_deletes() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    app.file(&application_body(event_id), &officer).await;
    let mut conn = app.state.pool.get().unwrap();
    assert!(conn
        .batch_execute("UPDATE audit_log SET action = 'forged'")
        .is_err());
    assert!(conn.batch_execute("DELETE FROM audit_log").is_err());
    drop(conn);
    let (_, admin) = app.user_with_token("admin2", Role::Admin).await;
    let history = app
        .get("/api/v1/applications/1/history", Some(&admin))
        .await;
    assert_eq!(history.body[0]["action"], "application.filed");
}
