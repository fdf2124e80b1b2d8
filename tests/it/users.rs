use actix_web::http::StatusCode;
use serde_json::json;

use crate::support::spawn_app;
use relief::domain::role::Role;

#[actix_web::test]
async fn an_admin_creates_staff_who_can_log_in() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let warehouse = app
        .post(
            "/api/v1/warehouses",
            &json!({"name": "База №1", "address": "г. Благовещенск", "opening_hours": "9–18"}),
            Some(&admin),
        )
        .await;
    let warehouse_id = warehouse.body["id"].clone();
    for role in ["officer", "warehouse", "admin", "resident"] {
        let login = format!("new-{role}");
        let mut body = json!({
            "login": login,
            "password": "long-enough-password",
            "role": role,
            "full_name": "Петров Пётр Петрович",
            "phone": "+7 914 000-00-00",
        });
        if role == "warehouse" {
            body["warehouse_id"] = warehouse_id.clone();
        }
        let response = app.post("/api/v1/users", &body, Some(&admin)).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
        assert_eq!(response.body["role"], role);
        assert_eq!(response.body["phone"], "+79140000000");
        assert_eq!(response.body["disabled"], false);
        let login_response = app.login(&login, "long-enough-password").await;
        assert_eq!(login_response.status, StatusCode::OK);
        assert_eq!(login_response.body["user"]["role"], role);
    }
}

#[actix_web::test]
async fn creating_a_user_validates_the_role_and_the_login() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let response = app
        .post(
            "/api/v1/users",
            &json!({"login": "x1", "password": "long-enough-password", "role": "root", "full_name": "X"}),
            Some(&admin),
        )
        .await;
    response.assert_error(422, "validation_failed");
    assert_eq!(
        response.body["error"]["fields"]["role"][0]["code"],
        "invalid_role"
    );
    assert_eq!(
        response.body["error"]["fields"]["login"][0]["code"],
        "invalid_login"
    );

    let taken = app
        .post(
            "/api/v1/users",
            &json!({"login": "ADMIN", "password": "long-enough-password", "role": "officer", "full_name": "X"}),
            Some(&admin),
        )
        .await;
    taken.assert_error(409, "conflict");
}

#[actix_web::test]
async fn the_user_list_is_paginated() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    for i in 0..4 {
        app.create_user(&format!("officer{i}"), Role::Officer).await;
    }
    let page = app
        .get("/api/v1/users?page=2&per_page=2", Some(&admin))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.body["total"], 5);
    assert_eq!(page.body["page"], 2);
    assert_eq!(page.body["per_page"], 2);
    let logins: Vec<&str> = page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins, ["officer1", "officer2"]);
    // No password hash leaves the server.
    assert!(!page.body.to_string().contains("argon2"));
}

#[actix_web::test]
async fn disabling_a_user_stops_their_login() {
    let app = spawn_app().await;
    let (admin_id, admin) = app.user_with_token("admin", Role::Admin).await;
    let officer = app.create_user("officer", Role::Officer).await;
    let response = app
        .post(
            &format!("/api/v1/users/{officer}/disable"),
            &json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body["disabled"], true);
    app.login("officer", crate::support::PASSWORD)
        .await
        .assert_error(401, "unauthorized");

    app.post(
        &format!("/api/v1/users/{admin_id}/disable"),
        &json!({}),
        Some(&admin),
    )
    .await
    .assert_error(409, "cannot_disable_self");
    app.post("/api/v1/users/999999/disable", &json!({}), Some(&admin))
        .await
        .assert_error(404, "not_found");
}
