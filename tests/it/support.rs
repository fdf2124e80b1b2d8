use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use diesel::connection::SimpleConnection;
use diesel::Connection;
use serde_json::Value;

use relief::config::{Secret, Settings};
use relief::domain::clock;
use relief::domain::login::Login;
use relief::domain::role::Role;
use relief::service::accounts::{self, NewAccount};
use relief::AppState;

/// The secret every test app signs with, so tests can forge tokens.
pub const TEST_SECRET: &str = "test-secret-test-secret-test-secret-0123";
pub const PASSWORD: &str = "correct-horse-battery";

/// A fresh, empty database: a temporary SQLite file, or a new schema in the
/// PostgreSQL database named by `TEST_DATABASE_URL`, dropped afterwards.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_schema: Option<(String, String)>,
}

impl TestDb {
    pub fn new() -> Self {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(base) if !base.is_empty() => Self::postgres(&base),
            _ => Self::sqlite(),
        }
    }

    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = dir.path().join("relief.sqlite").display().to_string();
        Self {
            url,
            _dir: Some(dir),
            pg_schema: None,
        }
    }

    pub fn postgres(base: &str) -> Self {
        let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = diesel::PgConnection::establish(base).expect("connect to TEST_DATABASE_URL");
        conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
            .expect("create test schema");
        let separator = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{separator}options=-csearch_path%3D{schema}");
        Self {
            url,
            _dir: None,
            pg_schema: Some((base.to_owned(), schema)),
        }
    }

    pub fn settings(&self) -> Settings {
        let mut settings = Settings::new(self.url.clone());
        settings.jwt_secret = Some(Secret::new(TEST_SECRET.to_owned()));
        settings.pool_size = Some(4);
        settings
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.pg_schema {
            if let Ok(mut conn) = diesel::PgConnection::establish(base) {
                let _ = conn.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
            }
        }
    }
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl TestResponse {
    /// The stable error code of an error body.
    pub fn code(&self) -> &str {
        self.body["error"]["code"]
            .as_str()
            .unwrap_or("<no error code>")
    }

    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.code(), code, "body: {}", self.body);
        assert!(
            self.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "an error carries a message: {}",
            self.body
        );
        assert!(
            self.body["error"]["fields"].is_object(),
            "body: {}",
            self.body
        );
    }
}

pub struct TestApp<S> {
    pub service: S,
    pub state: AppState,
    pub db: std::rc::Rc<TestDb>,
}

/// An app on a fresh database.
pub async fn spawn_app() -> TestApp<
    impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
> {
    spawn_app_on(std::rc::Rc::new(TestDb::new())).await
}

/// Another instance on the same database, as behind a load balancer.
pub async fn spawn_app_on(
    db: std::rc::Rc<TestDb>,
) -> TestApp<
    impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
> {
    let settings = db.settings();
    spawn_app_with(db, &settings).await
}

/// An instance on the database with settings of the test's own.
pub async fn spawn_app_with(
    db: std::rc::Rc<TestDb>,
    settings: &relief::config::Settings,
) -> TestApp<
    impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
> {
    let state = relief::startup::prepare(settings).expect("prepare app");
    let service = actix_test::init_service(relief::build_app(state.clone())).await;
    TestApp { service, state, db }
}

impl<S, B> TestApp<S>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    pub async fn send(&self, request: actix_test::TestRequest) -> TestResponse {
        let response = actix_test::call_service(&self.service, request.to_request()).await;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = actix_test::read_body(response).await;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!(
                    "non-JSON body ({status}): {}",
                    String::from_utf8_lossy(&bytes)
                )
            })
        };
        TestResponse {
            status,
            headers,
            body,
        }
    }

    /// A response whose body is not JSON (a PDF, a CSV), as bytes.
    pub async fn get_bytes(
        &self,
        path: &str,
        token: Option<&str>,
    ) -> (StatusCode, HeaderMap, actix_web::web::Bytes) {
        let request = with_token(actix_test::TestRequest::get().uri(path), token);
        let response = actix_test::call_service(&self.service, request.to_request()).await;
        let status = response.status();
        let headers = response.headers().clone();
        (status, headers, actix_test::read_body(response).await)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.send(with_token(actix_test::TestRequest::get().uri(path), token))
            .await
    }

    pub async fn post(&self, path: &str, body: &Value, token: Option<&str>) -> TestResponse {
        let request = actix_test::TestRequest::post().uri(path).set_json(body);
        self.send(with_token(request, token)).await
    }

    /// A POST under an `Idempotency-Key`, as a client that retries sends it.
    pub async fn post_with_key(
        &self,
        path: &str,
        body: &Value,
        token: Option<&str>,
        key: &str,
    ) -> TestResponse {
        let request = actix_test::TestRequest::post()
            .uri(path)
            .insert_header(("Idempotency-Key", key))
            .set_json(body);
        self.send(with_token(request, token)).await
    }

    /// A user straight in the database, as `relief user add` makes one.
    pub async fn create_user(&self, login: &str, role: Role) -> i64 {
        // A warehouse user works at a warehouse: give them one of their own.
        let warehouse_id = match role {
            Role::Warehouse => {
                let name = format!("Склад {login}");
                let warehouse = self
                    .state
                    .db(move |conn| {
                        relief::service::stock::create_warehouse(
                            conn,
                            relief::service::audit::Actor {
                                user_id: None,
                                at: clock::now(),
                            },
                            &name,
                            "г. Благовещенск",
                            "9:00–18:00",
                        )
                    })
                    .await
                    .expect("create warehouse");
                Some(warehouse.id)
            }
            Role::Resident | Role::Officer | Role::Admin => None,
        };
        let account = NewAccount {
            login: Login::parse(login).expect("valid login"),
            password_hash: relief::auth::password::hash(PASSWORD).expect("hash"),
            role,
            full_name: format!("Тестовый {login}"),
            phone: None,
            warehouse_id,
        };
        self.state
            .db(move |conn| accounts::create(conn, &account, clock::now()))
            .await
            .expect("create user")
            .id
    }

    pub async fn login(&self, login: &str, password: &str) -> TestResponse {
        self.post(
            "/api/v1/auth/login",
            &serde_json::json!({ "login": login, "password": password }),
            None,
        )
        .await
    }

    /// A login over a connection from `peer`, with `X-Forwarded-For` if
    /// given, as the limits per client address see it.
    pub async fn login_from(
        &self,
        login: &str,
        password: &str,
        peer: &str,
        forwarded_for: Option<&str>,
    ) -> TestResponse {
        let mut request = actix_test::TestRequest::post()
            .uri("/api/v1/auth/login")
            .peer_addr(peer.parse().expect("a socket address"))
            .set_json(serde_json::json!({ "login": login, "password": password }));
        if let Some(hops) = forwarded_for {
            request = request.insert_header(("X-Forwarded-For", hops));
        }
        self.send(request).await
    }

    /// A new user of `role` and a token for them, through the real login.
    pub async fn user_with_token(&self, login: &str, role: Role) -> (i64, String) {
        let id = self.create_user(login, role).await;
        let response = self.login(login, PASSWORD).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let token = response.body["token"].as_str().expect("token").to_owned();
        (id, token)
    }
}

pub fn with_token(
    request: actix_test::TestRequest,
    token: Option<&str>,
) -> actix_test::TestRequest {
    match token {
        Some(token) => request.insert_header(("Authorization", format!("Bearer {token}"))),
        None => request,
    }
}

/// Today on the UTC calendar, shifted by `days`.
pub fn day(days: i64) -> chrono::NaiveDate {
    chrono::Utc::now().date_naive() + chrono::Duration::days(days)
}

/// An event whose intake window is open today (UTC+0 calendar).
pub fn event_body(code: &str) -> Value {
    serde_json::json!({
        "code": code,
        "title": "Паводок",
        "municipality": "г. Благовещенск",
        "emergency_declared_on": day(-30),
        "intake_opens_on": day(-10),
        "intake_closes_on": day(30),
        "utc_offset_minutes": 0,
    })
}

/// A household of two: the applicant, with passport and SNILS, and a child
/// of eight with a birth certificate.
pub fn application_body(event_id: i64) -> Value {
    serde_json::json!({
        "event_id": event_id,
        "channel": "post",
        "applicant_phone": "8 (914) 123-45-67",
        "applicant_email": "ivanova@example.ru",
        "postal_address": "г. Благовещенск, ул. Зейская, д. 1, кв. 2",
        "property_address": "СНТ «Берёзка», участок 5",
        "cadastral_number": "28:01:0130123:456",
        "plot_area_sotka": "6.5",
        "crops_lost": ["картофель", "капуста"],
        "loss_extent": "full",
        "description": "Участок затоплен, урожай погиб полностью",
        "consent_personal_data": true,
        "members": [
            {
                "last_name": "Иванова",
                "first_name": "Алёна",
                "patronymic": "Петровна",
                "birth_date": "1980-05-01",
                "relationship": "applicant",
                "document": {
                    "type": "passport_rf",
                    "series": "10 05",
                    "number": "123456",
                    "issued_on": "2015-06-01",
                    "issued_by": "УФМС России по Амурской области",
                    "subdivision_code": "280-001"
                },
                "snils": "112-233-445 95",
                "registered_at_property": true,
                "lives_at_property": true
            },
            child_member("Иванов", "Пётр"),
        ]
    })
}

pub fn child_member(last_name: &str, first_name: &str) -> Value {
    serde_json::json!({
        "last_name": last_name,
        "first_name": first_name,
        "birth_date": day(-8 * 366),
        "relationship": "child",
        "document": {
            "type": "birth_certificate",
            "series": "III-ОТ",
            "number": "654321",
            "issued_on": day(-8 * 366 + 20),
        },
        "registered_at_property": true,
        "lives_at_property": true
    })
}

impl<S, B> TestApp<S>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    pub async fn patch(&self, path: &str, body: &Value, token: Option<&str>) -> TestResponse {
        let request = actix_test::TestRequest::patch().uri(path).set_json(body);
        self.send(with_token(request, token)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.send(with_token(
            actix_test::TestRequest::delete().uri(path),
            token,
        ))
        .await
    }

    /// An admin token and an open event; returns (admin token, event id).
    pub async fn open_event(&self, code: &str) -> (String, i64) {
        let (_, admin) = self
            .user_with_token(&format!("admin-{}", code.to_lowercase()), Role::Admin)
            .await;
        let response = self
            .post("/api/v1/events", &event_body(code), Some(&admin))
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
        (admin, response.body["id"].as_i64().expect("event id"))
    }

    /// Moves an event's intake window into the past.
    pub async fn close_intake(&self, admin: &str, event_id: i64) {
        let closed = self
            .patch(
                &format!("/api/v1/events/{event_id}"),
                &serde_json::json!({"intake_opens_on": day(-60), "intake_closes_on": day(-1)}),
                Some(admin),
            )
            .await;
        assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    }

    /// Filing from a client at `peer`, as the limits per address see it.
    pub async fn file_from(&self, body: &Value, token: &str, peer: &str) -> TestResponse {
        let request = actix_test::TestRequest::post()
            .uri("/api/v1/applications")
            .peer_addr(peer.parse().expect("a socket address"))
            .set_json(body);
        self.send(with_token(request, Some(token))).await
    }

    pub async fn file(&self, body: &Value, token: &str) -> TestResponse {
        self.post("/api/v1/applications", body, Some(token)).await
    }

    /// How many applications exist, as an administrator sees them.
    pub async fn application_count(&self, admin: &str) -> i64 {
        let response = self.get("/api/v1/applications", Some(admin)).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        response.body["total"].as_i64().expect("total")
    }
}

/// A household that shares nothing with household `m != n`: names, birth
/// dates, documents and plots all differ, so no duplicate is found between
/// them.
pub fn distinct_household(event_id: i64, n: u32) -> Value {
    let suffix: String = n
        .to_string()
        .chars()
        .map(|d| {
            ['а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к'][d.to_digit(10).unwrap_or(0) as usize]
        })
        .collect();
    let mut body = application_body(event_id);
    // One plot, one application: each household has its own.
    body["property_address"] = serde_json::json!(format!("СНТ «Берёзка», участок {}", 1000 + n));
    body["cadastral_number"] = serde_json::json!(format!("28:01:0130123:{}", 1000 + n));
    let applicant = &mut body["members"][0];
    applicant["first_name"] = serde_json::json!(format!("Анна{suffix}"));
    applicant["birth_date"] = serde_json::json!(
        chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap() + chrono::Duration::days(i64::from(n))
    );
    applicant["document"]["number"] = serde_json::json!(format!("{:06}", 100_000 + n));
    applicant["snils"] = Value::Null;
    let child = &mut body["members"][1];
    child["first_name"] = serde_json::json!(format!("Пётр{suffix}"));
    child["birth_date"] = serde_json::json!(day(-8 * 366 - i64::from(n)));
    child["document"]["issued_on"] = serde_json::json!(day(-8 * 366 - i64::from(n) + 20));
    child["document"]["number"] = serde_json::json!(format!("{:06}", 300_000 + n));
    body
}

impl<S, B> TestApp<S>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    /// Resolves every open duplicate match that touches `application_id`
    /// as an officer would, answering the ids resolved.
    pub async fn resolve_matches(
        &self,
        officer: &str,
        event_id: i64,
        application_id: i64,
        resolution: &str,
    ) -> Vec<i64> {
        let open = self
            .get(
                &format!("/api/v1/events/{event_id}/duplicates?status=open&per_page=100"),
                Some(officer),
            )
            .await;
        assert_eq!(open.status, StatusCode::OK, "{}", open.body);
        let mut resolved = Vec::new();
        for item in open.body["items"].as_array().cloned().unwrap_or_default() {
            let touches = [&item["application_id"], &item["other_application_id"]]
                .iter()
                .any(|id| id.as_i64() == Some(application_id));
            if !touches {
                continue;
            }
            let id = item["id"].as_i64().unwrap();
            let answer = self
                .post(
                    &format!("/api/v1/duplicates/{id}/resolve"),
                    &serde_json::json!({"resolution": resolution, "comment": "Проверено"}),
                    Some(officer),
                )
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            resolved.push(id);
        }
        resolved
    }
}
