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

#[actix_web::test]
async fn twenty_failures_from_one_address_do_not_stop_the_right_password_from_another() {
    let app = spawn_app().await;
    app.create_user("admin", Role::Admin).await;
    let attacker = "203.0.113.5:40000";
    let mut refused = 0;
    for _ in 0..20 {
        let response = app.login_from("admin", "guess", attacker, None).await;
        match response.status.as_u16() {
            401 => {}
            429 => refused += 1,
            other => panic!("{other}: {}", response.body),
        }
    }
    assert_eq!(refused, 15, "the attacker's address is slowed after five");
    // Without a trusted proxy a forged X-Forwarded-For changes nothing.
    app.login_from("admin", "guess", attacker, Some("192.0.2.77"))
        .await
        .assert_error(429, "too_many_requests");
    let owner = app
        .login_from("admin", PASSWORD, "198.51.100.7:50000", None)
        .await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.body);
}

#[actix_web::test]
async fn parallel_guesses_are_counted_one_by_one() {
    let app = spawn_app().await;
    app.create_user("officer", Role::Officer).await;
    let guesses = (0..30).map(|_| app.login_from("officer", "guess", "203.0.113.9:1", None));
    let answers = futures::future::join_all(guesses).await;
    let checked = answers.iter().filter(|r| r.status == 401).count();
    let refused = answers.iter().filter(|r| r.status == 429).count();
    assert_eq!(
        (checked, refused),
        (5, 25),
        "only five passwords were checked"
    );
}

#[actix_web::test]
async fn behind_a_trusted_proxy_the_forwarded_client_is_counted() {
    let db = Rc::new(crate::support::TestDb::new());
    let mut settings = db.settings();
    settings.trusted_proxies =
        relief::auth::client::TrustedProxies::parse("10.0.0.1").expect("an address");
    let app = crate::support::spawn_app_with(db, &settings).await;
    app.create_user("officer", Role::Officer).await;
    let proxy = "10.0.0.1:443";
    for _ in 0..5 {
        let response = app
            .login_from("officer", "guess", proxy, Some("1.2.3.4, 203.0.113.5"))
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }
    app.login_from("officer", "guess", proxy, Some("203.0.113.5"))
        .await
        .assert_error(429, "too_many_requests");
    // Another client behind the same proxy is not held up.
    let other = app
        .login_from("officer", PASSWORD, proxy, Some("198.51.100.7"))
        .await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);
}

#[actix_web::test]
async fn windows_that_ended_are_purged() {
    use diesel::connection::SimpleConnection;
    let app = spawn_app().await;
    let mut conn = app.state.pool.get().expect("a connection");
    conn.batch_execute(
        "INSERT INTO login_attempts (login_key, source, window_started_at, attempts) \
         VALUES ('old', '192.0.2.1', '2020-08-01 00:00:00', 3)",
    )
    .expect("an old row");
    drop(conn);
    app.login_from("someone", "guess", "192.0.2.2:1", None)
        .await
        .assert_error(401, "unauthorized");
    let mut conn = app.state.pool.get().expect("a connection");
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    use diesel::RunQueryDsl;
    let left: Count = diesel::sql_query(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM login_attempts WHERE login_key = 'old'",
    )
    .get_result(&mut conn)
    .expect("count");
    assert_eq!(left.n, 0);
}

#[actix_web::test]
async fn two_hundred_parallel_logins_do_not_hold_up_a_reader() {
    // A pool of two, so that logins holding connections would show at once.
    let db = Rc::new(crate::support::TestDb::new());
    let mut settings = db.settings();
    settings.pool_size = Some(2);
    let app = crate::support::spawn_app_with(db, &settings).await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let app = &app;
    let logins = futures::future::join_all((0..200).map(|i| {
        let (login, peer) = (
            format!("ghost{i}"),
            format!("10.9.{}.{}:1", i / 250, i % 250 + 1),
        );
        async move {
            app.login_from(&login, "made-up-password", &peer, None)
                .await
        }
    }));
    let reads = async {
        let mut slowest = std::time::Duration::ZERO;
        for _ in 0..20 {
            let started = std::time::Instant::now();
            let response = app.get("/api/v1/applications", Some(&officer)).await;
            assert_eq!(response.status, StatusCode::OK, "{}", response.body);
            slowest = slowest.max(started.elapsed());
            actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        slowest
    };
    let (answers, slowest) = futures::join!(logins, reads);
    for answer in &answers {
        assert!(
            matches!(answer.status.as_u16(), 401 | 429),
            "{}: {}",
            answer.status,
            answer.body
        );
    }
    assert!(
        slowest < std::time::Duration::from_secs(1),
        "a read waited {slowest:?} behind the logins"
    );
}

#[actix_web::test]
async fn sign_ins_registrations_and_resident_filings_are_limited_per_address() {
    let app = spawn_app().await;
    let limits = relief::rate_limit::RateLimits::default();
    let retry_after = |response: &crate::support::TestResponse| -> u64 {
        response
            .headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("a numeric Retry-After")
    };
    // Sign-ins across many logins from one address: spraying, not guessing.
    // Sent at once, so that a slow machine (each refused password costs an
    // argon2 hash) cannot stretch them past the limiter's minute.
    let sprayer = "203.0.113.20:1";
    let logins: Vec<String> = (0..=limits.sign_ins_per_minute)
        .map(|i| format!("user{i}"))
        .collect();
    let answers = futures::future::join_all(
        logins
            .iter()
            .map(|login| app.login_from(login, "guess", sprayer, None)),
    )
    .await;
    let refused = |status: StatusCode| answers.iter().filter(|a| a.status == status).count();
    assert_eq!(
        refused(StatusCode::UNAUTHORIZED) as u32,
        limits.sign_ins_per_minute,
        "{answers:?}"
    );
    let over = answers
        .iter()
        .find(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .expect("one attempt over the limit");
    over.assert_error(429, "too_many_requests");
    assert!((1..=60).contains(&retry_after(over)));
    let elsewhere = app
        .login_from("another", "guess", "198.51.100.1:1", None)
        .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::UNAUTHORIZED,
        "another address is not held up"
    );

    // Registrations.
    let register = |i: u32| {
        actix_web::test::TestRequest::post()
            .uri("/api/v1/auth/register")
            .peer_addr("203.0.113.21:1".parse().unwrap())
            .set_json(serde_json::json!({
                "login": format!("resident{i}"), "password": PASSWORD,
                "full_name": "Иванова Мария Петровна", "phone": "8 914 123-45-67"
            }))
    };
    for i in 0..limits.registrations_per_hour {
        assert_eq!(
            app.send(register(i)).await.status,
            StatusCode::CREATED,
            "registration {i}"
        );
    }
    let over = app.send(register(999)).await;
    over.assert_error(429, "too_many_requests");
    assert!(retry_after(&over) >= 1);

    // A resident's filings; an officer's from the same address are not limited.
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, resident) = app.user_with_token("filer", Role::Resident).await;
    let (_, officer) = app.user_with_token("clerk", Role::Officer).await;
    let desk = "203.0.113.22:1";
    for n in 0..limits.filings_per_hour {
        let household = crate::support::distinct_household(event_id, n);
        let filed = app.file_from(&household, &resident, desk).await;
        assert_eq!(
            filed.status,
            StatusCode::CREATED,
            "filing {n}: {}",
            filed.body
        );
    }
    let household = crate::support::distinct_household(event_id, 500);
    app.file_from(&household, &resident, desk)
        .await
        .assert_error(429, "too_many_requests");
    let filed = app.file_from(&household, &officer, desk).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
}
