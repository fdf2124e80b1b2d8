//! The one error shape, for every way a request can be wrong.

use actix_web::test::TestRequest;
use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::support::{spawn_app, with_token};
use relief::domain::role::Role;

#[actix_web::test]
async fn malformed_json_is_400_on_the_body() {
    let app = spawn_app().await;
    for raw in [
        r#"{"login": "x", "#,
        "not json",
        r#"{"login":"a"} trailing"#,
        "",
    ] {
        let request = TestRequest::post()
            .uri("/api/v1/auth/login")
            .insert_header(("Content-Type", "application/json"))
            .set_payload(raw);
        let response = app.send(request).await;
        response.assert_error(400, "validation_failed");
        assert_eq!(
            response.body["error"]["fields"]["body"][0]["code"], "malformed_json",
            "{raw}: {}",
            response.body
        );
    }
}

#[actix_web::test]
async fn a_wrong_type_is_422_on_the_field() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/login",
            &json!({"login": 42, "password": "x"}),
            None,
        )
        .await;
    response.assert_error(422, "validation_failed");
    assert_eq!(
        response.body["error"]["fields"]["login"][0]["code"],
        "invalid_type"
    );
}

#[actix_web::test]
async fn a_missing_field_is_422_on_the_field() {
    let app = spawn_app().await;
    let response = app
        .post("/api/v1/auth/login", &json!({"login": "someone"}), None)
        .await;
    response.assert_error(422, "validation_failed");
    assert_eq!(
        response.body["error"]["fields"]["password"][0]["code"],
        "required"
    );
}

#[actix_web::test]
async fn every_broken_rule_is_reported_at_once() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/register",
            &json!({"login": "a b", "password": "short", "full_name": " ", "phone": "12345"}),
            None,
        )
        .await;
    response.assert_error(422, "validation_failed");
    let fields = &response.body["error"]["fields"];
    assert_eq!(fields["login"][0]["code"], "invalid_login");
    assert_eq!(fields["password"][0]["code"], "password_too_short");
    assert_eq!(fields["full_name"][0]["code"], "invalid_full_name");
    assert_eq!(fields["phone"][0]["code"], "invalid_phone");
    // Russian text for the person filling the form.
    assert!(fields["phone"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Телефон"));
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_415() {
    let app = spawn_app().await;
    let request = TestRequest::post()
        .uri("/api/v1/auth/login")
        .insert_header(("Content-Type", "text/plain"))
        .set_payload("login=admin");
    app.send(request)
        .await
        .assert_error(415, "validation_failed");
}

#[actix_web::test]
async fn an_unknown_route_is_404_json() {
    let app = spawn_app().await;
    app.get("/api/v1/no-such-thing", None)
        .await
        .assert_error(404, "not_found");
    app.get("/no-such-page", None)
        .await
        .assert_error(404, "not_found");
}

#[actix_web::test]
async fn a_wrong_method_is_405_json_with_allow() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/auth/login", None).await;
    answer.assert_error(405, "method_not_allowed");
    assert_eq!(answer.headers.get("allow").unwrap(), "POST");
    // A path with several methods names them all, as the document does.
    let answer = app.delete("/api/v1/events", None).await;
    answer.assert_error(405, "method_not_allowed");
    assert_eq!(answer.headers.get("allow").unwrap(), "GET, POST");
}

#[actix_web::test]
async fn a_non_numeric_id_in_the_path_is_404() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_token("admin", Role::Admin).await;
    app.post("/api/v1/users/abc/disable", &json!({}), Some(&token))
        .await
        .assert_error(404, "not_found");
}

#[actix_web::test]
async fn a_bad_query_is_422_on_the_query() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_token("admin", Role::Admin).await;
    let response = app.get("/api/v1/users?page=abc", Some(&token)).await;
    response.assert_error(422, "validation_failed");
    assert!(response.body["error"]["fields"]["query"].is_array());

    let response = app.get("/api/v1/users?per_page=500", Some(&token)).await;
    response.assert_error(422, "validation_failed");
    assert_eq!(
        response.body["error"]["fields"]["per_page"][0]["code"],
        "range"
    );
}

#[actix_web::test]
async fn a_500_names_only_internal_and_a_request_id() {
    let app = spawn_app().await;
    app.create_user("officer", Role::Officer).await;
    // Break the database under the running app.
    let mut conn = app.state.pool.get().unwrap();
    conn.batch_execute("DROP TABLE login_attempts").unwrap();
    drop(conn);

    let request = TestRequest::post()
        .uri("/api/v1/auth/login")
        .set_json(json!({"login": "officer", "password": "whatever-it-is"}));
    let response = app.send(with_token(request, None)).await;
    response.assert_error(500, "internal");
    let header_id = response
        .headers
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(response.body["error"]["request_id"], header_id);
    let text = response.body.to_string();
    assert!(!text.contains("login_attempts"), "the cause leaked: {text}");
    assert!(
        !text.to_lowercase().contains("table"),
        "the cause leaked: {text}"
    );
}

#[actix_web::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let ok = app.get("/health", None).await;
    let err = app.get("/nowhere", None).await;
    let a = ok.headers.get("x-request-id").expect("id on success");
    let b = err.headers.get("x-request-id").expect("id on error");
    assert_ne!(a, b);
    assert_eq!(a.len(), 36, "a UUID");
}
