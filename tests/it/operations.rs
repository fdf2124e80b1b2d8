use std::collections::BTreeSet;
use std::sync::Arc;

use actix_web::http::StatusCode;
use chrono::Duration;
use diesel::r2d2::Pool;

use crate::support::{spawn_app, TEST_SECRET};
use relief::auth::client::TrustedProxies;
use relief::auth::hashing::PasswordWork;
use relief::auth::TokenKeys;
use relief::db::pool::Manager;
use relief::db::Backend;
use relief::domain::throttle::LoginThrottle;
use relief::rate_limit::RateLimiters;
use relief::service::registrar::Registrar;
use relief::AppState;

#[actix_web::test]
async fn health_and_ready_answer_when_the_database_is_up() {
    let app = spawn_app().await;
    let health = app.get("/health", None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body["status"], "ok");
    let ready = app.get("/ready", None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["status"], "ready");
}

#[actix_web::test]
async fn ready_is_503_when_the_database_is_down() {
    // A pool that cannot open a single connection, as when the database
    // server has gone away.
    let url = if std::env::var("TEST_DATABASE_URL").is_ok() {
        "postgres://127.0.0.1:1/nowhere".to_owned()
    } else {
        "/nonexistent-directory/relief.sqlite".to_owned()
    };
    let pool = Pool::builder()
        .max_size(1)
        .min_idle(Some(0))
        .connection_timeout(std::time::Duration::from_millis(500))
        .build_unchecked(Manager::new(url.clone()));
    let state = AppState {
        registrar: Arc::new(Registrar::start(pool.clone(), Backend::of_url(&url), 1, 16)),
        anonymous: AppState::anonymous_turns(&pool),
        pool,
        tokens: Arc::new(TokenKeys::new(TEST_SECRET.as_bytes(), Duration::hours(1)).unwrap()),
        throttle: LoginThrottle::default(),
        passwords: Arc::new(PasswordWork::per_core()),
        limits: Arc::new(RateLimiters::new(Default::default())),
        proxies: TrustedProxies::default(),
    };
    let service = actix_web::test::init_service(relief::build_app(state)).await;
    let request = actix_web::test::TestRequest::get()
        .uri("/ready")
        .to_request();
    let response = actix_web::test::call_service(&service, request).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers().get("retry-after").unwrap(), "5");
    let body: serde_json::Value = actix_web::test::read_body_json(response).await;
    assert_eq!(body["error"]["code"], "unavailable");

    let request = actix_web::test::TestRequest::get()
        .uri("/health")
        .to_request();
    let response = actix_web::test::call_service(&service, request).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "liveness does not need the database"
    );
}

#[actix_web::test]
async fn the_openapi_document_covers_every_route() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(response.status, StatusCode::OK);
    let doc = &response.body;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    // The router's own table: a route added without documentation fails here.
    let routes = relief::api::table().served();
    let served: BTreeSet<(String, String)> = routes
        .iter()
        .map(|(m, p)| (m.clone(), p.to_string()))
        .collect();
    assert_eq!(served.len(), routes.len(), "a route is served twice");
    assert_eq!(documented, served);
    let conflict = doc["paths"]["/api/v1/applications/{id}/decision"]["post"]["responses"]["409"]
        ["description"]
        .as_str()
        .unwrap_or_default();
    for code in [
        "already_recognized",
        "open_duplicates",
        "confirmed match",
        "property match",
    ] {
        assert!(conflict.contains(code), "the decision's 409 lacks {code}");
    }
    let kinds = &doc["components"]["schemas"]["MatchKind"];
    assert!(
        kinds.to_string().contains("\"property\""),
        "the match kinds lack property: {kinds}"
    );
    let act = &doc["components"]["schemas"]["InspectionResultInput"]["properties"];
    assert!(act.get("loss_extent_found").is_some(), "{act}");

    // Each served route answers something other than "no such route".
    for (method, path) in &routes {
        let uri = path
            .replace("{id}", "1")
            .replace("{member_id}", "1")
            .replace("{row_id}", "1")
            .replace("{year}", "2020");
        let response = app.send(crate::openapi_truth::request(method, &uri)).await;
        assert_ne!(
            response.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        if response.status == StatusCode::NOT_FOUND {
            panic!("{method} {path} is documented but not served");
        }
    }

    // Requests, responses and errors all have schemas.
    for name in [
        "RegisterRequest",
        "LoginResponse",
        "MeView",
        "UserView",
        "ErrorBody",
    ] {
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "schema {name}"
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let login_responses = &doc["paths"]["/api/v1/auth/login"]["post"]["responses"];
    for status in ["200", "401", "422", "429"] {
        assert!(
            login_responses[status].is_object(),
            "login documents {status}"
        );
    }
}
