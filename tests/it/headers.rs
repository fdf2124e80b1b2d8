//! The browser-security headers and the caching of personal data.

use actix_web::http::header::{self, HeaderMap};
use actix_web::http::StatusCode;
use relief::domain::role::Role;

use crate::support::{application_body, spawn_app};

fn value(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(&name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
}

#[track_caller]
fn assert_defended(what: &str, headers: &HeaderMap) {
    assert_eq!(
        value(headers, header::X_CONTENT_TYPE_OPTIONS),
        "nosniff",
        "{what}"
    );
    assert_eq!(
        value(headers, header::REFERRER_POLICY),
        "no-referrer",
        "{what}"
    );
    assert_eq!(value(headers, header::CACHE_CONTROL), "no-store", "{what}");
}

#[actix_web::test]
async fn pages_forbid_foreign_content_and_nothing_personal_is_cached() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    let filed = app.file(&application_body(event_id), &resident).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_i64().expect("id");

    // Pages, signed in or not, and an error page.
    let cookie = format!("relief_session={resident}");
    for path in [
        "/login",
        "/",
        &format!("/applications/{id}"),
        "/no-such-page",
    ] {
        let request = actix_web::test::TestRequest::get()
            .uri(path)
            .insert_header(("Cookie", cookie.as_str()))
            .insert_header((header::ACCEPT, "text/html"));
        let response = actix_web::test::call_service(&app.service, request.to_request()).await;
        let headers = response.headers();
        assert_defended(path, headers);
        let csp = value(headers, header::CONTENT_SECURITY_POLICY);
        for rule in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "script-src 'self'",
        ] {
            assert!(csp.contains(rule), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
    }

    // JSON, a PDF and a CSV with personal data.
    let officer = app.user_with_token("officer", Role::Officer).await.1;
    let json = app
        .get(&format!("/api/v1/applications/{id}"), Some(&resident))
        .await;
    assert_eq!(json.status, StatusCode::OK);
    assert_defended("application JSON", &json.headers);
    let list = app.get("/api/v1/applications", Some(&admin)).await;
    assert_defended("application list", &list.headers);
    for path in [
        format!("/api/v1/applications/{id}/receipt.pdf"),
        format!("/api/v1/events/{event_id}/victims?format=csv"),
    ] {
        let (status, headers, _) = app.get_bytes(&path, Some(&officer)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_defended(&path, &headers);
    }

    // The static assets, which hold nothing personal, may be cached.
    let (_, headers, _) = app.get_bytes("/static/app.js", None).await;
    assert_eq!(
        value(&headers, header::CACHE_CONTROL),
        "public, max-age=3600"
    );
    assert_eq!(value(&headers, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
}
