use actix_web::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::support::{spawn_app, PASSWORD};
use relief::domain::role::Role;

fn registration(login: &str) -> serde_json::Value {
    json!({
        "login": login,
        "password": "очень-длинный-пароль",
        "full_name": "Иванова Мария Петровна",
        "phone": "8 (914) 123-45-67",
    })
}

#[actix_web::test]
async fn register_creates_a_resident_with_a_normalised_phone() {
    let app = spawn_app().await;
    let mut body = registration("ivanova");
    // Self-service can never choose a role.
    body["role"] = json!("admin");
    let response = app.post("/api/v1/auth/register", &body, None).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    assert_eq!(response.body["role"], "resident");
    assert_eq!(response.body["phone"], "+79141234567");
    assert_eq!(response.body["full_name"], "Иванова Мария Петровна");
    assert!(response.body["id"].as_i64().is_some());
}

#[actix_web::test]
async fn register_refuses_a_short_password_and_a_taken_login() {
    let app = spawn_app().await;
    let mut short = registration("petrov");
    short["password"] = json!("123456789");
    let response = app.post("/api/v1/auth/register", &short, None).await;
    response.assert_error(422, "validation_failed");
    assert_eq!(
        response.body["error"]["fields"]["password"][0]["code"],
        "password_too_short"
    );

    let first = app
        .post("/api/v1/auth/register", &registration("Petrov"), None)
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    // Logins are unique whatever their case, Cyrillic included.
    let again = app
        .post("/api/v1/auth/register", &registration("PETROV"), None)
        .await;
    again.assert_error(409, "conflict");
    assert_eq!(
        again.body["error"]["fields"]["login"][0]["code"],
        "login_taken"
    );

    let cyrillic = app
        .post("/api/v1/auth/register", &registration("Сидоров"), None)
        .await;
    assert_eq!(cyrillic.status, StatusCode::CREATED);
    let cyrillic_again = app
        .post("/api/v1/auth/register", &registration("сИДОРОВ"), None)
        .await;
    cyrillic_again.assert_error(409, "conflict");
}

#[actix_web::test]
async fn login_answers_a_bearer_token_and_me_reads_it() {
    let app = spawn_app().await;
    let registered = app
        .post("/api/v1/auth/register", &registration("ivanova"), None)
        .await;
    assert_eq!(registered.status, StatusCode::CREATED);

    // Any case of the login works.
    let response = app.login("IVANOVA", "очень-длинный-пароль").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.body["token_type"], "Bearer");
    assert_eq!(response.body["user"]["login"], "ivanova");
    assert_eq!(response.body["user"]["role"], "resident");
    assert_eq!(response.body["user"]["full_name"], "Иванова Мария Петровна");
    let expires_at: DateTime<Utc> = response.body["expires_at"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("expires_at is a timestamp");
    let ttl = expires_at - Utc::now();
    assert!(
        ttl.num_minutes() > 7 * 60 && ttl.num_minutes() <= 8 * 60,
        "{ttl}"
    );

    let token = response.body["token"].as_str().unwrap();
    let me = app.get("/api/v1/auth/me", Some(token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(
        me.body,
        json!({
            "id": registered.body["id"],
            "login": "ivanova",
            "role": "resident",
            "full_name": "Иванова Мария Петровна",
            "phone": "+79141234567",
        })
    );
}

#[actix_web::test]
async fn unknown_login_and_wrong_password_answer_the_same() {
    let app = spawn_app().await;
    app.create_user("officer1", Role::Officer).await;
    let wrong_password = app.login("officer1", "not-the-password").await;
    let unknown_login = app.login("nobody-here", "not-the-password").await;
    wrong_password.assert_error(401, "unauthorized");
    assert_eq!(wrong_password.status, unknown_login.status);
    assert_eq!(wrong_password.body, unknown_login.body);
}

#[actix_web::test]
async fn changing_the_password_revokes_earlier_tokens() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_token("ivanov", Role::Resident).await;

    let wrong = app
        .post(
            "/api/v1/auth/password",
            &json!({"current_password": "not-it-at-all", "new_password": "new-long-password"}),
            Some(&token),
        )
        .await;
    wrong.assert_error(422, "validation_failed");
    assert_eq!(
        wrong.body["error"]["fields"]["current_password"][0]["code"],
        "wrong_password"
    );
    // A failed attempt changed nothing: the token still works.
    assert_eq!(
        app.get("/api/v1/auth/me", Some(&token)).await.status,
        StatusCode::OK
    );

    let changed = app
        .post(
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": "new-long-password"}),
            Some(&token),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.body);

    app.get("/api/v1/auth/me", Some(&token))
        .await
        .assert_error(401, "unauthorized");
    app.login("ivanov", PASSWORD)
        .await
        .assert_error(401, "unauthorized");
    assert_eq!(
        app.login("ivanov", "new-long-password").await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn a_weak_new_password_is_refused() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_token("ivanov", Role::Resident).await;
    let response = app
        .post(
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": "short"}),
            Some(&token),
        )
        .await;
    response.assert_error(422, "validation_failed");
    assert_eq!(
        response.body["error"]["fields"]["new_password"][0]["code"],
        "password_too_short"
    );
    assert_eq!(app.login("ivanov", PASSWORD).await.status, StatusCode::OK);
}

#[actix_web::test]
async fn logout_revokes_the_token() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_token("ivanov", Role::Officer).await;
    let response = app
        .post("/api/v1/auth/logout", &json!({}), Some(&token))
        .await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    app.get("/api/v1/auth/me", Some(&token))
        .await
        .assert_error(401, "unauthorized");
}

/// The registration is parsed once, at the edge, and every field it
/// refuses is named in the one answer, so a person fixes them together.
#[actix_web::test]
async fn a_registration_names_every_refused_field_at_once() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/register",
            &serde_json::json!({"login": "ab", "password": "short", "full_name": " ", "phone": "12345"}),
            None,
        )
        .await;
    response.assert_error(422, "validation_failed");
    let fields = &response.body["error"]["fields"];
    for (field, code) in [
        ("login", "invalid_login"),
        ("password", "password_too_short"),
        ("full_name", "invalid_full_name"),
        ("phone", "invalid_phone"),
    ] {
        assert_eq!(fields[field][0]["code"], code, "{field}: {}", response.body);
    }
}
