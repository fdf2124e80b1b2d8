//! Group commit: filings registered together in one transaction must come
//! out as if each had been filed alone.

use actix_web::http::StatusCode;
use serde_json::Value;

use crate::support::{distinct_household, spawn_app};
use relief::api::applications::filing;
use relief::api::applications::input::ApplicationInput;
use relief::auth::CurrentUser;
use relief::domain::clock;
use relief::domain::role::Role;
use relief::error::AppError;
use relief::service::applications::Registration;
use relief::service::registrar::{register_together, Answer};

fn user(id: i64, role: Role) -> CurrentUser {
    CurrentUser {
        id,
        login: format!("user{id}"),
        role,
        full_name: "Тест".into(),
        phone: None,
        warehouse_id: None,
    }
}

fn registration(
    conn: &mut relief::db::DbConnection,
    filer: &CurrentUser,
    body: &Value,
    key: Option<&str>,
) -> Registration {
    let input: ApplicationInput = serde_json::from_value(body.clone()).unwrap();
    let now = clock::now();
    let idempotency = key.map(|k| {
        (
            k.to_owned(),
            format!("hash-of-{}", body["members"][0]["first_name"]),
        )
    });
    let filing = filing(&input, now.date(), idempotency).unwrap();
    Registration::prepare(conn, filer.clone(), filing, now).unwrap()
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
        registration(&mut conn, &officer, &distinct_household(open, 1), None),
        registration(&mut conn, &resident, &distinct_household(closed, 2), None),
        registration(&mut conn, &officer, &distinct_household(open, 3), None),
    ];
    let answers = register_together(&mut conn, &jobs);
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
        registration(&mut conn, &officer, &repeated, Some("key-1")),
        registration(&mut conn, &officer, &distinct_household(second, 2), None),
        registration(&mut conn, &officer, &distinct_household(first, 3), None),
        registration(&mut conn, &officer, &repeated, Some("key-1")),
    ];
    let answers = register_together(&mut conn, &jobs);
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
