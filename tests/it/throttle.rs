use std::rc::Rc;

use actix_web::http::StatusCode;

use crate::support::{spawn_app, spawn_app_on, PASSWORD};
use relief::domain::role::Role;

#[actix_web::test]
async fn five_failures_lock_the_login_even_for_the_right_password() {
    let app = spawn_app().await;
    app.create_user("officer", Role::Officer).await;
    for attempt in 1..=5 {
        let response = app.login("officer", "wrong-password").await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    for password in ["wrong-password", PASSWORD] {
        let response = app.login("officer", password).await;
        response.assert_error(429, "too_many_requests");
        let retry_after: u64 = response
            .headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("a numeric Retry-After");
        assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    }
}

#[actix_web::test]
async fn failures_count_whatever_the_case_of_the_login() {
    let app = spawn_app().await;
    app.create_user("officer", Role::Officer).await;
    for login in ["OFFICER", "Officer", "officer", "oFFICER", "officeR"] {
        assert_eq!(
            app.login(login, "wrong-password").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    app.login("officer", PASSWORD)
        .await
        .assert_error(429, "too_many_requests");
}

#[actix_web::test]
async fn unknown_logins_are_throttled_too() {
    let app = spawn_app().await;
    for _ in 0..5 {
        app.login("ghost", "wrong-password")
            .await
            .assert_error(401, "unauthorized");
    }
    app.login("ghost", "wrong-password")
        .await
        .assert_error(429, "too_many_requests");
}

#[actix_web::test]
async fn a_success_clears_earlier_failures() {
    let app = spawn_app().await;
    app.create_user("officer", Role::Officer).await;
    for _ in 0..4 {
        assert_eq!(
            app.login("officer", "wrong-password").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(app.login("officer", PASSWORD).await.status, StatusCode::OK);
    for _ in 0..4 {
        assert_eq!(
            app.login("officer", "wrong-password").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(app.login("officer", PASSWORD).await.status, StatusCode::OK);
}

#[actix_web::test]
async fn other_logins_are_not_affected() {
    let app = spawn_app().await;
    app.create_user("officer", Role::Officer).await;
    app.create_user("admin", Role::Admin).await;
    for _ in 0..6 {
        app.login("officer", "wrong-password").await;
    }
    assert_eq!(app.login("admin", PASSWORD).await.status, StatusCode::OK);
}

#[actix_web::test]
async fn the_count_holds_across_instances_sharing_the_database() {
    let first = spawn_app().await;
    let second = spawn_app_on(Rc::clone(&first.db)).await;
    first.create_user("officer", Role::Officer).await;
    for _ in 0..3 {
        first.login("officer", "wrong-password").await;
    }
    for _ in 0..2 {
        second.login("officer", "wrong-password").await;
    }
    first
        .login("officer", PASSWORD)
        .await
        .assert_error(429, "too_many_requests");
    second
        .login("officer", PASSWORD)
        .await
        .assert_error(429, "too_many_requests");
}

#[actix_web::test]
async fn guessing_the_current_password_is_throttled_too() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_token("ivanov", Role::Resident).await;
    let body =
        serde_json::json!({"current_password": "guess-guess", "new_password": "new-long-password"});
    for _ in 0..5 {
        app.post("/api/v1/auth/password", &body, Some(&token))
            .await
            .assert_error(422, "validation_failed");
    }
    app.post("/api/v1/auth/password", &body, Some(&token))
        .await
        .assert_error(429, "too_many_requests");
}
