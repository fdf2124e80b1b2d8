//! Group commit: filings registered together in one transaction must come
//! out as if each had been filed alone.

use actix_web::http::StatusCode;
use serde_json::Value;

use futures::future::join_all;

use crate::support::{distinct_household, spawn_app, spawn_app_on, spawn_app_with, TestDb};

use relief::actions::filing::filing;
use relief::auth::Principal;
use relief::commands::application::ApplicationInput;
use relief::domain::clock;
use relief::domain::role::Role;
use relief::error::AppError;
use relief::service::registration::{register, Answer, Registration};

fn user(id: i64, role: Role) -> Principal {
    Principal {
        id,
        login: format!("user{id}"),
        role,
        full_name: "Тест".into(),
        phone: None,
        warehouse_id: None,
    }
}

fn registration(filer: &Principal, body: &Value, key: Option<&str>) -> Registration {
    let input: ApplicationInput = serde_json::from_value(body.clone()).unwrap();
    let now = clock::now();
    let idempotency = key.map(|k| {
        (
            k.to_owned(),
            format!("hash-of-{}", body["members"][0]["first_name"]),
        )
    });
    Registration {
        user: filer.clone(),
        filing: filing(&input, now.date(), idempotency).unwrap(),
        now,
    }
}

fn number(answer: &Answer) -> String {
    match answer {
        Ok(application) => application.row.registration_number.clone(),
        Err(error) => panic!("refused: {error:?}"),
    }
}

#[actix_web::test]
async fn a_refused_filing_leaves_the_rest_of_its_batch_registered_and_gapless() {
    let app = spawn_app().await;
    let (admin, open) = app.open_event("OPEN").await;
    let (_, closed) = app.open_event("SHUT").await;
    app.close_intake(&admin, closed).await;
    let officer = user(
        app.create_user("officer", Role::Officer).await,
        Role::Officer,
    );
    let resident = user(
        app.create_user("resident", Role::Resident).await,
        Role::Resident,
    );
    let mut conn = app.state.pool.get().unwrap();
    let jobs = vec![
        registration(&officer, &distinct_household(open, 1), None),
        registration(&resident, &distinct_household(closed, 2), None),
        registration(&officer, &distinct_household(open, 3), None),
    ];
    let answers = register(&mut conn, &jobs);
    assert_eq!(answers.len(), 3);
    assert_eq!(number(&answers[0]), "OPEN-00001");
    assert!(
        matches!(
            &answers[1],
            Err(AppError::Conflict {
                code: "intake_closed",
                ..
            })
        ),
        "{:?}",
        answers[1].as_ref().err()
    );
    assert_eq!(number(&answers[2]), "OPEN-00002");
    drop(conn);
    assert_eq!(app.application_count(&admin).await, 2);
    // Each registered filing has its one audit entry, with its real number.
    let id = answers[2].as_ref().unwrap().row.id;
    let history = app
        .get(&format!("/api/v1/applications/{id}/history"), Some(&admin))
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    let filed: Vec<&Value> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["action"] == "application.filed")
        .collect();
    assert_eq!(filed.len(), 1, "{}", history.body);
    assert_eq!(
        filed[0]["changes"]["registration_number"]["after"],
        "OPEN-00002"
    );
}

#[actix_web::test]
async fn one_batch_numbers_each_event_apart_and_answers_a_repeat_with_the_first() {
    let app = spawn_app().await;
    let (admin, first) = app.open_event("FIRST").await;
    let (_, second) = app.open_event("SECOND").await;
    let officer = user(
        app.create_user("officer", Role::Officer).await,
        Role::Officer,
    );
    let mut conn = app.state.pool.get().unwrap();
    let repeated = distinct_household(first, 1);
    let jobs = vec![
        registration(&officer, &repeated, Some("key-1")),
        registration(&officer, &distinct_household(second, 2), None),
        registration(&officer, &distinct_household(first, 3), None),
        registration(&officer, &repeated, Some("key-1")),
    ];
    let answers = register(&mut conn, &jobs);
    let numbers: Vec<String> = answers.iter().map(number).collect();
    assert_eq!(
        numbers,
        ["FIRST-00001", "SECOND-00001", "FIRST-00002", "FIRST-00001"]
    );
    let (first_filed, repeat) = (answers[0].as_ref().unwrap(), answers[3].as_ref().unwrap());
    assert_eq!(repeat.row.id, first_filed.row.id);
    assert_eq!(repeat.members.len(), first_filed.members.len());
    drop(conn);
    assert_eq!(app.application_count(&admin).await, 3);
}

/// Two instances write groups of one event at the same moment. Each group
/// looks its duplicates up before it is written, so a group committed in
/// between must still be compared with: the same household filed 24 times
/// gives every pair of filings, member by member, exactly once.
#[actix_web::test]
async fn groups_written_at_once_by_two_instances_find_every_duplicate() {
    let first = spawn_app().await;
    let second = spawn_app_on(std::rc::Rc::clone(&first.db)).await;
    let (admin, event_id) = first.open_event("TWICE").await;
    let mut tokens = Vec::new();
    for client in 0..8 {
        tokens.push(
            first
                .user_with_token(&format!("client{client}"), Role::Officer)
                .await
                .1,
        );
    }
    let household = distinct_household(event_id, 7);
    let (first, second, household) = (&first, &second, &household);
    let clients = tokens.iter().enumerate().map(|(client, token)| async move {
        for _ in 0..3 {
            let instance_response = if client % 2 == 0 {
                first.file(household, token).await
            } else {
                second.file(household, token).await
            };
            assert_eq!(
                instance_response.status,
                StatusCode::CREATED,
                "{}",
                instance_response.body
            );
        }
    });
    join_all(clients).await;
    assert_eq!(first.application_count(&admin).await, 24);
    let members = household["members"].as_array().unwrap().len();
    let matches = first
        .get(
            &format!("/api/v1/events/{event_id}/duplicates?per_page=1"),
            Some(&admin),
        )
        .await;
    assert_eq!(matches.status, StatusCode::OK, "{}", matches.body);
    // Each pair of applications: one match per member, and one for the plot.
    assert_eq!(
        matches.body["total"],
        (members + 1) * 24 * 23 / 2,
        "{}",
        matches.body
    );
}

/// With a pool of one connection the writer gives it back after each
/// group: kept, every other request would wait for it in vain.
#[actix_web::test]
async fn a_pool_of_one_connection_is_not_kept_by_the_writer() {
    let db = std::rc::Rc::new(TestDb::new());
    let mut settings = db.settings();
    settings.pool_size = Some(1);
    let app = spawn_app_with(db, &settings).await;
    let (admin, event_id) = app.open_event("ONE").await;
    let filed = app.file(&distinct_household(event_id, 1), &admin).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = &filed.body["id"];
    let read = app
        .get(&format!("/api/v1/applications/{id}"), Some(&admin))
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
}

/// A database that does not keep up fills the filing queue, and what comes
/// past its bound is told at once to come back later: it neither waits in
/// an unbounded queue nor is lost, since the client was not told "filed".
#[actix_web::test]
async fn a_full_filing_queue_answers_503_with_retry_after() {
    use diesel::connection::SimpleConnection;

    let db = std::rc::Rc::new(TestDb::new());
    let mut settings = db.settings();
    settings.filing_queue = 2;
    let app = spawn_app_with(db, &settings).await;
    let (admin, event_id) = app.open_event("FULL").await;

    // Another session holds the write lock, as a long migration or a
    // stalled disk would: the writer takes one filing and waits.
    let mut blocker = app.state.pool.get().unwrap();
    let lock = if matches!(blocker.backend(), relief::db::Backend::Postgres) {
        "BEGIN; LOCK TABLE applications IN EXCLUSIVE MODE"
    } else {
        "BEGIN IMMEDIATE"
    };
    blocker.batch_execute(lock).unwrap();

    // The lock is held until the refusals the bound implies have come (or
    // 8 s, within SQLite's busy timeout), not for a fixed time a loaded
    // machine may spend just sending the filings.
    let bodies: Vec<Value> = (0..10).map(|n| distinct_household(event_id, n)).collect();
    let file = |index: usize| {
        let (app, admin, body) = (&app, &admin, &bodies[index]);
        async move { (index, app.file(body, admin).await) }
    };
    // The first filing goes alone, and the writer takes it and waits on the
    // lock; only then come the other nine, so the writer's hands hold one.
    let mut pending = futures::stream::FuturesUnordered::new();
    pending.push(file(0));
    let early = actix_web::rt::time::timeout(
        std::time::Duration::from_millis(500),
        futures::StreamExt::next(&mut pending),
    )
    .await;
    assert!(early.is_err(), "a filing got through the held lock");
    for index in 1..10 {
        pending.push(file(index));
    }
    let mut answers: Vec<Option<crate::support::TestResponse>> = (0..10).map(|_| None).collect();
    let released_by = std::time::Instant::now() + std::time::Duration::from_secs(8);
    let mut blocker = Some(blocker);
    let mut unavailable = 0;
    loop {
        if unavailable >= 7 || std::time::Instant::now() > released_by {
            if let Some(mut held) = blocker.take() {
                held.batch_execute("ROLLBACK").unwrap();
            }
        }
        let next = actix_web::rt::time::timeout(
            std::time::Duration::from_millis(100),
            futures::StreamExt::next(&mut pending),
        )
        .await;
        match next {
            Ok(Some((index, answer))) => {
                unavailable += usize::from(answer.status == StatusCode::SERVICE_UNAVAILABLE);
                answers[index] = Some(answer);
            }
            Ok(None) => break,
            Err(_) => {}
        }
    }
    if let Some(mut held) = blocker.take() {
        held.batch_execute("ROLLBACK").unwrap();
    }
    let answers: Vec<crate::support::TestResponse> = answers.into_iter().flatten().collect();
    let refused: Vec<_> = answers
        .iter()
        .filter(|a| a.status == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    // One filing with the writer and two in the queue, at most, got in.
    assert!(refused.len() >= 7, "{:?}", answers);
    for answer in &refused {
        assert_eq!(answer.code(), "unavailable");
        assert_eq!(answer.headers.get("retry-after").unwrap(), "5");
    }
    let filed = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    assert!(
        answers.iter().all(|a| matches!(
            a.status,
            StatusCode::CREATED | StatusCode::SERVICE_UNAVAILABLE
        )),
        "{answers:?}"
    );
    assert_eq!(app.application_count(&admin).await, filed as i64);

    // Once the database keeps up again, the retry is filed.
    let retried = app.file(&distinct_household(event_id, 10), &admin).await;
    assert_eq!(retried.status, StatusCode::CREATED, "{}", retried.body);
}
