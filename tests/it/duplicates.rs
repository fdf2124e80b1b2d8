//! People claimed twice in one event, with the Cyrillic cases that occur.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::support::{application_body, child_member, day, spawn_app};
use relief::domain::role::Role;

/// A one-person household: the applicant with a passport `number`.
fn single(
    event_id: i64,
    last: &str,
    first: &str,
    birth_date: &str,
    number: &str,
    snils: Option<&str>,
) -> Value {
    let mut body = application_body(event_id);
    let applicant = &mut body["members"][0];
    applicant["last_name"] = json!(last);
    applicant["first_name"] = json!(first);
    applicant["patronymic"] = Value::Null;
    applicant["birth_date"] = json!(birth_date);
    applicant["document"]["number"] = json!(number);
    applicant["snils"] = json!(snils);
    body["members"].as_array_mut().unwrap().truncate(1);
    // Each household on its own plot: only the people are compared here.
    body["property_address"] = json!(format!("СНТ «Берёзка», участок {last} {number}"));
    body["cadastral_number"] = Value::Null;
    body
}

/// Files `first`, then `second`, and returns the matches of the event.
async fn matches_between(
    first: impl Fn(i64) -> Value,
    second: impl Fn(i64) -> Value,
) -> Vec<Value> {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    for body in [first(event_id), second(event_id)] {
        let response = app.file(&body, &officer).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    }
    let list = app
        .get(
            &format!("/api/v1/events/{event_id}/duplicates"),
            Some(&officer),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    list.body["items"].as_array().unwrap().clone()
}

#[actix_web::test]
async fn the_same_snils_written_differently_matches() {
    let found = matches_between(
        |e| {
            single(
                e,
                "Иванова",
                "Мария",
                "1980-05-01",
                "111111",
                Some("112-233-445 95"),
            )
        },
        |e| {
            single(
                e,
                "Смирнова",
                "Мария",
                "1980-05-01",
                "222222",
                Some("11223344595"),
            )
        },
    )
    .await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["kind"], "snils");
    assert_eq!(found[0]["explanation"], "совпадает СНИЛС");
    assert_eq!(found[0]["status"], "open");
    assert_eq!(found[0]["registration_number"], "BLG2020-00002");
    assert_eq!(found[0]["other_registration_number"], "BLG2020-00001");
}

#[actix_web::test]
async fn the_same_document_matches() {
    let found = matches_between(
        |e| single(e, "Иванова", "Мария", "1980-05-01", "123456", None),
        |e| single(e, "Петрова", "Ольга", "1975-01-01", "123456", None),
    )
    .await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["kind"], "document");
}

#[actix_web::test]
async fn yo_and_e_are_the_same_name() {
    let found = matches_between(
        |e| single(e, "Ёлкина", "Алёна", "1980-05-01", "111111", None),
        |e| single(e, "Елкина", "Алена", "1980-05-01", "222222", None),
    )
    .await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["kind"], "name_birth");
    assert_eq!(found[0]["explanation"], "совпадают ФИО и дата рождения");
}

#[actix_web::test]
async fn a_hyphenated_surname_with_and_without_spaces_matches() {
    let found = matches_between(
        |e| single(e, "Петрова-Водкина", "Анна", "1980-05-01", "111111", None),
        |e| single(e, "Петрова - Водкина", "Анна", "1980-05-01", "222222", None),
    )
    .await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["kind"], "name_birth");
}

#[actix_web::test]
async fn a_one_letter_typo_is_a_fuzzy_match() {
    let found = matches_between(
        |e| single(e, "Иванова", "Мария", "1980-05-01", "111111", None),
        |e| single(e, "Иванова", "Мариа", "1980-05-01", "222222", None),
    )
    .await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["kind"], "fuzzy");
    assert_eq!(
        found[0]["explanation"],
        "ФИО отличается на 1 символ, дата рождения совпадает"
    );
}

#[actix_web::test]
async fn a_day_month_swap_is_a_fuzzy_match() {
    let found = matches_between(
        |e| single(e, "Иванова", "Мария", "1980-03-05", "111111", None),
        |e| single(e, "Иванова", "Мария", "1980-05-03", "222222", None),
    )
    .await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["kind"], "fuzzy");
    assert_eq!(
        found[0]["explanation"],
        "ФИО совпадает, в дате рождения переставлены день и месяц"
    );
}

#[actix_web::test]
async fn different_people_do_not_match() {
    let found = matches_between(
        |e| single(e, "Иванова", "Мария", "1980-05-01", "111111", None),
        |e| single(e, "Иванова", "Марина", "1981-05-01", "222222", None),
    )
    .await;
    assert!(found.is_empty(), "{found:?}");
}

#[actix_web::test]
async fn member_changes_are_checked_and_resolution_is_once() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    app.file(&application_body(event_id), &officer).await;
    let mut other = single(event_id, "Кузнецова", "Ольга", "1970-01-01", "999999", None);
    other["members"][0]["snils"] = Value::Null;
    let second = app.file(&other, &officer).await;
    let id = second.body["id"].as_i64().unwrap();
    let url = format!("/api/v1/events/{event_id}/duplicates");
    assert_eq!(app.get(&url, Some(&officer)).await.body["total"], 0);

    // The same child added to the second household is found.
    let added = app
        .post(
            &format!("/api/v1/applications/{id}/members"),
            &child_member("Иванов", "Пётр"),
            Some(&officer),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let child_id = added.body["members"][1]["id"].as_i64().unwrap();
    let open = app.get(&format!("{url}?status=open"), Some(&officer)).await;
    assert_eq!(open.body["total"], 1, "{}", open.body);
    assert_eq!(open.body["items"][0]["member_id"], child_id);
    assert_eq!(open.body["items"][0]["kind"], "document");

    let worklist = app
        .get(
            "/api/v1/applications?has_open_duplicates=true",
            Some(&officer),
        )
        .await;
    assert_eq!(
        worklist.body["total"], 2,
        "both sides of the match: {}",
        worklist.body
    );
    let clean = app
        .get(
            "/api/v1/applications?has_open_duplicates=false",
            Some(&officer),
        )
        .await;
    assert_eq!(clean.body["total"], 0);

    let match_id = open.body["items"][0]["id"].as_i64().unwrap();
    let resolve = format!("/api/v1/duplicates/{match_id}/resolve");
    app.post(
        &resolve,
        &json!({"resolution": "dismissed"}),
        Some(&resident),
    )
    .await
    .assert_error(403, "forbidden");
    app.post(&resolve, &json!({"resolution": "open"}), Some(&officer))
        .await
        .assert_error(422, "validation_failed");
    let dismissed = app
        .post(
            &resolve,
            &json!({"resolution": "dismissed", "comment": "Однофамильцы, разные свидетельства"}),
            Some(&officer),
        )
        .await;
    assert_eq!(dismissed.status, StatusCode::OK, "{}", dismissed.body);
    assert_eq!(dismissed.body["status"], "dismissed");
    app.post(
        &resolve,
        &json!({"resolution": "confirmed"}),
        Some(&officer),
    )
    .await
    .assert_error(409, "already_resolved");
    assert_eq!(
        app.get(&format!("{url}?status=open"), Some(&officer))
            .await
            .body["total"],
        0
    );
    assert_eq!(
        app.get(&format!("{url}?status=dismissed"), Some(&officer))
            .await
            .body["total"],
        1
    );
    assert_eq!(
        app.get(
            "/api/v1/applications?has_open_duplicates=true",
            Some(&officer)
        )
        .await
        .body["total"],
        0
    );

    // Removing the member removes its matches.
    let removed = app
        .delete(
            &format!("/api/v1/applications/{id}/members/{child_id}"),
            Some(&officer),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(app.get(&url, Some(&officer)).await.body["total"], 0);
}

#[actix_web::test]
async fn the_worklist_finds_inspections_due() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let soon = app.file(&application_body(event_id), &officer).await.body["id"]
        .as_i64()
        .unwrap();
    let later = app.file(&application_body(event_id), &officer).await.body["id"]
        .as_i64()
        .unwrap();
    for (id, offset) in [(soon, 1), (later, 10)] {
        let scheduled = app
            .post(
                &format!("/api/v1/applications/{id}/inspections"),
                &json!({"scheduled_on": day(offset), "inspectors": ["Петров П. П."]}),
                Some(&officer),
            )
            .await;
        assert_eq!(scheduled.status, StatusCode::OK, "{}", scheduled.body);
    }
    let due = app
        .get(
            &format!("/api/v1/applications?inspection_due_before={}", day(5)),
            Some(&officer),
        )
        .await;
    assert_eq!(due.body["total"], 1, "{}", due.body);
    assert_eq!(due.body["items"][0]["id"], soon);
}
