//! Every way a bearer token can be wrong, each crafted by hand.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Utc;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::support::{spawn_app, with_token, TEST_SECRET};
use relief::domain::role::Role;

fn sign(claims: &Value, algorithm: Algorithm, secret: &str) -> String {
    encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap()
}

fn claims(user_id: i64, role: &str, ver: i32, exp_offset_secs: i64) -> Value {
    let now = Utc::now().timestamp();
    json!({
        "sub": user_id.to_string(),
        "role": role,
        "ver": ver,
        "iat": now - 10,
        "exp": now + exp_offset_secs,
    })
}

#[actix_web::test]
async fn a_correct_token_is_accepted() {
    let app = spawn_app().await;
    let id = app.create_user("officer", Role::Officer).await;
    let token = sign(
        &claims(id, "officer", 0, 600),
        Algorithm::HS256,
        TEST_SECRET,
    );
    let response = app.get("/api/v1/auth/me", Some(&token)).await;
    assert_eq!(response.status.as_u16(), 200, "{}", response.body);
    assert_eq!(response.body["id"], id);
}

#[actix_web::test]
async fn no_token_is_401() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/auth/me", None).await;
    response.assert_error(401, "unauthorized");
    assert_eq!(response.headers.get("www-authenticate").unwrap(), "Bearer");
}

#[actix_web::test]
async fn a_malformed_token_or_header_is_401() {
    let app = spawn_app().await;
    for header in [
        "Bearer",
        "Bearer not.a.jwt",
        "Bearer abc",
        "Basic dXNlcjpwYXNz",
        "token",
    ] {
        let request = actix_web::test::TestRequest::get()
            .uri("/api/v1/auth/me")
            .insert_header(("Authorization", header));
        app.send(request).await.assert_error(401, "unauthorized");
    }
}

#[actix_web::test]
async fn a_bad_signature_is_401() {
    let app = spawn_app().await;
    let id = app.create_user("officer", Role::Officer).await;
    let forged = sign(
        &claims(id, "officer", 0, 600),
        Algorithm::HS256,
        "another-secret-another-secret-another",
    );
    app.get("/api/v1/auth/me", Some(&forged))
        .await
        .assert_error(401, "unauthorized");

    // A valid token with its payload swapped keeps the old signature.
    let good = sign(
        &claims(id, "officer", 0, 600),
        Algorithm::HS256,
        TEST_SECRET,
    );
    let parts: Vec<&str> = good.split('.').collect();
    let payload = URL_SAFE_NO_PAD.encode(claims(id, "admin", 0, 600).to_string());
    let tampered = format!("{}.{}.{}", parts[0], payload, parts[2]);
    app.get("/api/v1/auth/me", Some(&tampered))
        .await
        .assert_error(401, "unauthorized");
}

#[actix_web::test]
async fn alg_none_and_other_algorithms_are_401() {
    let app = spawn_app().await;
    let id = app.create_user("officer", Role::Officer).await;
    let body = URL_SAFE_NO_PAD.encode(claims(id, "officer", 0, 600).to_string());
    for alg in ["none", "None", "NONE"] {
        let header = URL_SAFE_NO_PAD.encode(json!({"alg": alg, "typ": "JWT"}).to_string());
        for token in [format!("{header}.{body}."), format!("{header}.{body}")] {
            app.get("/api/v1/auth/me", Some(&token))
                .await
                .assert_error(401, "unauthorized");
        }
    }
    // Same secret, but a different HMAC: still not HS256.
    for algorithm in [Algorithm::HS384, Algorithm::HS512] {
        let token = sign(&claims(id, "officer", 0, 600), algorithm, TEST_SECRET);
        app.get("/api/v1/auth/me", Some(&token))
            .await
            .assert_error(401, "unauthorized");
    }
}

#[actix_web::test]
async fn an_expired_token_is_401() {
    let app = spawn_app().await;
    let id = app.create_user("officer", Role::Officer).await;
    let token = sign(
        &claims(id, "officer", 0, -3600),
        Algorithm::HS256,
        TEST_SECRET,
    );
    app.get("/api/v1/auth/me", Some(&token))
        .await
        .assert_error(401, "unauthorized");
}

#[actix_web::test]
async fn a_token_without_expiry_is_401() {
    let app = spawn_app().await;
    let id = app.create_user("officer", Role::Officer).await;
    let mut no_exp = claims(id, "officer", 0, 600);
    no_exp.as_object_mut().unwrap().remove("exp");
    let token = sign(&no_exp, Algorithm::HS256, TEST_SECRET);
    app.get("/api/v1/auth/me", Some(&token))
        .await
        .assert_error(401, "unauthorized");
}

#[actix_web::test]
async fn a_stale_version_is_401() {
    let app = spawn_app().await;
    let id = app.create_user("officer", Role::Officer).await;
    // The user's token_version is 0; a token for version 1 is not theirs.
    let token = sign(
        &claims(id, "officer", 1, 600),
        Algorithm::HS256,
        TEST_SECRET,
    );
    app.get("/api/v1/auth/me", Some(&token))
        .await
        .assert_error(401, "unauthorized");
}

#[actix_web::test]
async fn an_unknown_user_is_401() {
    let app = spawn_app().await;
    let token = sign(
        &claims(987_654, "admin", 0, 600),
        Algorithm::HS256,
        TEST_SECRET,
    );
    app.get("/api/v1/auth/me", Some(&token))
        .await
        .assert_error(401, "unauthorized");
}

#[actix_web::test]
async fn a_role_claim_that_differs_from_the_database_is_401() {
    let app = spawn_app().await;
    let id = app.create_user("resident", Role::Resident).await;
    let token = sign(&claims(id, "admin", 0, 600), Algorithm::HS256, TEST_SECRET);
    app.get("/api/v1/users", Some(&token))
        .await
        .assert_error(401, "unauthorized");
}

#[actix_web::test]
async fn a_disabled_user_is_401() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let (officer_id, officer) = app.user_with_token("officer", Role::Officer).await;
    assert_eq!(
        app.get("/api/v1/auth/me", Some(&officer))
            .await
            .status
            .as_u16(),
        200
    );
    let disabled = app
        .post(
            &format!("/api/v1/users/{officer_id}/disable"),
            &json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(disabled.status.as_u16(), 200, "{}", disabled.body);
    // Even a freshly forged token for the right version is refused.
    let ver = 1; // disabling bumps the version
    let fresh = sign(
        &claims(officer_id, "officer", ver, 600),
        Algorithm::HS256,
        TEST_SECRET,
    );
    for token in [officer.as_str(), fresh.as_str()] {
        app.get("/api/v1/auth/me", Some(token))
            .await
            .assert_error(401, "unauthorized");
    }
}

#[actix_web::test]
async fn a_valid_user_in_the_wrong_role_is_403() {
    let app = spawn_app().await;
    for (login, role) in [
        ("resident", Role::Resident),
        ("officer", Role::Officer),
        ("warehouse", Role::Warehouse),
    ] {
        let (_, token) = app.user_with_token(login, role).await;
        app.get("/api/v1/users", Some(&token))
            .await
            .assert_error(403, "forbidden");
        let request = actix_web::test::TestRequest::post()
            .uri("/api/v1/users")
            .set_json(json!({"login": "x-new", "password": "long-enough-1", "role": "admin", "full_name": "X"}));
        app.send(with_token(request, Some(&token)))
            .await
            .assert_error(403, "forbidden");
    }
}
