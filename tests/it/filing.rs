//! Filing and registration: numbers, deadlines, channels, intake window,
//! idempotency.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::support::{application_body, day, spawn_app};
use relief::domain::role::Role;

#[actix_web::test]
async fn a_resident_files_and_the_application_is_registered() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (resident_id, resident) = app.user_with_token("ivanova", Role::Resident).await;

    let response = app.file(&application_body(event_id), &resident).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    let body = &response.body;
    assert_eq!(body["registration_number"], "BLG2020-00001");
    assert_eq!(body["status"], "submitted");
    // Residents file online, whatever they write.
    assert_eq!(body["channel"], "website");
    assert_eq!(body["filed_by"], resident_id);
    assert_eq!(body["answer_due_on"], json!(day(30)));
    assert_eq!(body["overdue"], false);
    assert_eq!(body["applicant_phone"], "+79141234567");
    assert_eq!(body["plot_area_sotka"], "6.50");
    assert_eq!(body["crops_lost"], json!(["картофель", "капуста"]));
    let applicant = &body["members"][0];
    assert_eq!(applicant["last_name"], "Иванова");
    assert_eq!(applicant["first_name"], "Алёна");
    assert_eq!(applicant["snils"], "11223344595");
    assert_eq!(applicant["document"]["series"], "1005");
    assert_eq!(applicant["document"]["number"], "123456");
    assert_eq!(body["members"][1]["document"]["type"], "birth_certificate");
    assert!(body["registered_at"].as_str().is_some());
}

#[actix_web::test]
async fn an_officer_registers_a_paper_application() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (officer_id, officer) = app.user_with_token("officer", Role::Officer).await;
    let response = app.file(&application_body(event_id), &officer).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    assert_eq!(response.body["channel"], "post");
    assert_eq!(response.body["filed_by"], officer_id);
}

#[actix_web::test]
async fn numbers_are_sequential_per_event() {
    let app = spawn_app().await;
    let (admin, first) = app.open_event("AAA").await;
    let mut other = crate::support::event_body("BBB");
    other["title"] = json!("Другое событие");
    let second = app.post("/api/v1/events", &other, Some(&admin)).await.body["id"]
        .as_i64()
        .unwrap();
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let mut numbers = Vec::new();
    for event_id in [first, second, first, first, second] {
        let response = app.file(&application_body(event_id), &officer).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
        numbers.push(
            response.body["registration_number"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(
        numbers,
        [
            "AAA-00001",
            "BBB-00001",
            "AAA-00002",
            "AAA-00003",
            "BBB-00002"
        ]
    );
}

async fn closed_event_app() -> (
    crate::support::TestApp<
        impl actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
            Error = actix_web::Error,
        >,
    >,
    String,
    i64,
) {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("OLD").await;
    app.close_intake(&admin, event_id).await;
    (app, admin, event_id)
}

#[actix_web::test]
async fn outside_the_window_a_resident_is_refused() {
    let (app, admin, event_id) = closed_event_app().await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    let mut body = application_body(event_id);
    // A resident cannot get around the window with a reason.
    body["late_reason"] = json!("Был в больнице");
    app.file(&body, &resident)
        .await
        .assert_error(409, "intake_closed");
    assert_eq!(app.application_count(&admin).await, 0);
}

#[actix_web::test]
async fn outside_the_window_an_officer_needs_a_late_reason() {
    let (app, admin, event_id) = closed_event_app().await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let refused = app.file(&application_body(event_id), &officer).await;
    refused.assert_error(409, "intake_closed");
    assert_eq!(
        refused.body["error"]["fields"]["late_reason"][0]["code"],
        "required"
    );
    assert_eq!(app.application_count(&admin).await, 0);

    let mut body = application_body(event_id);
    body["late_reason"] = json!("Заявление поступило почтой 31.10, штемпель в срок");
    let accepted = app.file(&body, &officer).await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{}", accepted.body);
    assert_eq!(
        accepted.body["late_reason"],
        "Заявление поступило почтой 31.10, штемпель в срок"
    );
}

#[actix_web::test]
async fn the_same_idempotency_key_and_body_return_the_first_result() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    let (app, resident) = (&app, &resident);
    let send = |body: serde_json::Value| async move {
        app.post_with_key("/api/v1/applications", &body, Some(resident), "form-42")
            .await
    };
    let first = send(application_body(event_id)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = send(application_body(event_id)).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(
        again.body["registration_number"],
        first.body["registration_number"]
    );
    assert_eq!(app.application_count(&admin).await, 1);

    let mut changed = application_body(event_id);
    changed["description"] = json!("Другое описание");
    send(changed)
        .await
        .assert_error(409, "idempotency_key_reused");
    assert_eq!(app.application_count(&admin).await, 1);

    // Without the key, the same body is a new application.
    assert_eq!(
        app.file(&application_body(event_id), resident).await.status,
        StatusCode::CREATED
    );
    assert_eq!(app.application_count(&admin).await, 2);
}

#[actix_web::test]
async fn warehouse_staff_cannot_file_or_read_applications() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, warehouse) = app.user_with_token("store", Role::Warehouse).await;
    app.file(&application_body(event_id), &warehouse)
        .await
        .assert_error(403, "forbidden");
    app.get("/api/v1/applications", Some(&warehouse))
        .await
        .assert_error(403, "forbidden");
}
