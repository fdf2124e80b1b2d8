//! Reading, listing, amending, withdrawing and extending, with ownership.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::support::{application_body, child_member, day, spawn_app};
use relief::domain::role::Role;

#[actix_web::test]
async fn a_resident_cannot_touch_another_residents_application() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, owner) = app.user_with_token("owner", Role::Resident).await;
    let (_, stranger) = app.user_with_token("stranger", Role::Resident).await;
    let filed = app.file(&application_body(event_id), &owner).await;
    let id = filed.body["id"].as_i64().unwrap();
    let child_id = filed.body["members"][1]["id"].as_i64().unwrap();

    app.get(&format!("/api/v1/applications/{id}"), Some(&stranger))
        .await
        .assert_error(404, "not_found");
    app.patch(
        &format!("/api/v1/applications/{id}"),
        &json!({"description": "взлом"}),
        Some(&stranger),
    )
    .await
    .assert_error(404, "not_found");
    app.post(
        &format!("/api/v1/applications/{id}/withdraw"),
        &json!({}),
        Some(&stranger),
    )
    .await
    .assert_error(404, "not_found");
    app.post(
        &format!("/api/v1/applications/{id}/members"),
        &child_member("Чужой", "Ребёнок"),
        Some(&stranger),
    )
    .await
    .assert_error(404, "not_found");
    app.delete(
        &format!("/api/v1/applications/{id}/members/{child_id}"),
        Some(&stranger),
    )
    .await
    .assert_error(404, "not_found");
    app.get(
        &format!("/api/v1/applications/{id}/history"),
        Some(&stranger),
    )
    .await
    .assert_error(404, "not_found");
    let list = app.get("/api/v1/applications", Some(&stranger)).await;
    assert_eq!(list.body["total"], 0);

    // Nothing changed for the owner.
    let mine = app
        .get(&format!("/api/v1/applications/{id}"), Some(&owner))
        .await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.body["status"], "submitted");
    assert_eq!(mine.body["members"].as_array().unwrap().len(), 2);
    assert_eq!(mine.body["description"], filed.body["description"]);
}

#[actix_web::test]
async fn lists_show_names_but_no_documents() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    app.file(&application_body(event_id), &officer).await;
    let list = app.get("/api/v1/applications", Some(&officer)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["page"], 1);
    let member = &list.body["items"][0]["members"][0];
    assert_eq!(member["last_name"], "Иванова");
    assert_eq!(member["birth_date"], "1980-05-01");
    assert!(member.get("document").is_none(), "{member}");
    assert!(member.get("snils").is_none(), "{member}");
    let text = list.body.to_string();
    assert!(
        !text.contains("\"123456\"") && !text.contains("11223344595"),
        "{text}"
    );
}

#[actix_web::test]
async fn the_list_filters_searches_and_pages() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let mut other = application_body(event_id);
    other["channel"] = json!("in_person");
    other["members"][0]["last_name"] = json!("Петрова-Водкина");
    other["members"][1] = child_member("Сидоров", "Семён");
    for body in [
        application_body(event_id),
        other,
        application_body(event_id),
    ] {
        assert_eq!(app.file(&body, &officer).await.status, StatusCode::CREATED);
    }
    let numbers = |response: &crate::support::TestResponse| -> Vec<String> {
        response.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["registration_number"].as_str().unwrap().to_owned())
            .collect()
    };
    let query = |q: &str| {
        format!(
            "/api/v1/applications?event_id={event_id}&q={}",
            urlencode(q)
        )
    };

    // Cyrillic, any case, ё as е, hyphens as spaces.
    for q in ["петрова водкина", "ПЕТРОВА-ВОДКИНА", "семен", "Семён"]
    {
        let found = app.get(&query(q), Some(&officer)).await;
        assert_eq!(numbers(&found), ["BLG2020-00002"], "{q}");
    }
    let by_name = app.get(&query("Иванов Петр"), Some(&officer)).await;
    assert_eq!(numbers(&by_name), ["BLG2020-00001", "BLG2020-00003"]);
    let by_number = app.get(&query("blg2020-00003"), Some(&officer)).await;
    assert_eq!(numbers(&by_number), ["BLG2020-00003"]);
    // LIKE wildcards in the query are plain characters.
    assert_eq!(app.get(&query("%"), Some(&officer)).await.body["total"], 0);

    let by_channel = app
        .get("/api/v1/applications?channel=in_person", Some(&officer))
        .await;
    assert_eq!(numbers(&by_channel), ["BLG2020-00002"]);
    let by_status = app
        .get("/api/v1/applications?status=withdrawn", Some(&officer))
        .await;
    assert_eq!(by_status.body["total"], 0);

    let page = app
        .get("/api/v1/applications?page=2&per_page=2", Some(&officer))
        .await;
    assert_eq!(page.body["total"], 3);
    assert_eq!(numbers(&page), ["BLG2020-00003"]);
    app.get("/api/v1/applications?per_page=201", Some(&officer))
        .await
        .assert_error(422, "validation_failed");
    app.get("/api/v1/applications?status=lost", Some(&officer))
        .await
        .assert_error(422, "validation_failed");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[actix_web::test]
async fn overdue_applications_are_found_and_flagged() {
    use diesel::connection::SimpleConnection;
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let late = app.file(&application_body(event_id), &officer).await.body["id"]
        .as_i64()
        .unwrap();
    app.file(&application_body(event_id), &officer).await;
    // Let the first one's 30 days run out.
    let mut conn = app.state.pool.get().unwrap();
    conn.batch_execute(&format!(
        "UPDATE applications SET answer_due_on = '{}' WHERE id = {late}",
        day(-1)
    ))
    .unwrap();
    drop(conn);
    let overdue = app
        .get("/api/v1/applications?overdue=true", Some(&officer))
        .await;
    assert_eq!(overdue.body["total"], 1, "{}", overdue.body);
    assert_eq!(overdue.body["items"][0]["id"], late);
    assert_eq!(overdue.body["items"][0]["overdue"], true);
}

#[actix_web::test]
async fn the_filer_amends_while_submitted_only() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    let filed = app.file(&application_body(event_id), &resident).await;
    let id = filed.body["id"].as_i64().unwrap();
    let url = format!("/api/v1/applications/{id}");

    let amended = app
        .patch(
            &url,
            &json!({"description": "Уточнение: погибла и морковь", "plot_area_sotka": "7"}),
            Some(&resident),
        )
        .await;
    assert_eq!(amended.status, StatusCode::OK, "{}", amended.body);
    assert_eq!(amended.body["description"], "Уточнение: погибла и морковь");
    assert_eq!(amended.body["plot_area_sotka"], "7.00");
    app.patch(&url, &json!({"applicant_phone": "123"}), Some(&resident))
        .await
        .assert_error(422, "validation_failed");

    let added = app
        .post(
            &format!("{url}/members"),
            &child_member("Иванова", "Дарья"),
            Some(&resident),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(added.body["members"].as_array().unwrap().len(), 3);
    let applicant_id = added.body["members"][0]["id"].as_i64().unwrap();
    let daria_id = added.body["members"][2]["id"].as_i64().unwrap();
    let mut second_applicant = child_member("Иванов", "Иван");
    second_applicant["relationship"] = json!("applicant");
    app.post(
        &format!("{url}/members"),
        &second_applicant,
        Some(&resident),
    )
    .await
    .assert_error(422, "validation_failed");

    app.delete(&format!("{url}/members/{applicant_id}"), Some(&resident))
        .await
        .assert_error(409, "cannot_remove_applicant");
    let removed = app
        .delete(&format!("{url}/members/{daria_id}"), Some(&resident))
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(removed.body["members"].as_array().unwrap().len(), 2);
    app.delete(&format!("{url}/members/{daria_id}"), Some(&resident))
        .await
        .assert_error(404, "not_found");

    let withdrawn = app
        .post(
            &format!("{url}/withdraw"),
            &json!({"reason": "Передумала"}),
            Some(&resident),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK);
    assert_eq!(withdrawn.body["status"], "withdrawn");

    // Afterwards every change is refused with the current status.
    for response in [
        app.patch(&url, &json!({"description": "ещё"}), Some(&resident))
            .await,
        app.post(
            &format!("{url}/members"),
            &child_member("Иванов", "Олег"),
            Some(&resident),
        )
        .await,
        app.delete(&format!("{url}/members/{applicant_id}"), Some(&resident))
            .await,
        app.post(&format!("{url}/withdraw"), &json!({}), Some(&resident))
            .await,
    ] {
        response.assert_error(409, "invalid_state");
        assert_eq!(response.body["error"]["current_status"], "withdrawn");
        // A person reads which application it is and its status in Russian.
        assert_eq!(
            response.body["error"]["message"],
            format!(
                "Действие недоступно: заявление № {} отозвано заявителем",
                withdrawn.body["registration_number"].as_str().unwrap()
            )
        );
    }
}

#[actix_web::test]
async fn an_officer_extends_the_deadline_once() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let id = app.file(&application_body(event_id), &resident).await.body["id"]
        .as_i64()
        .unwrap();
    let url = format!("/api/v1/applications/{id}/extend");
    let body = json!({"days": 30, "reason": "Комиссия не может выехать: участок под водой"});

    app.post(&url, &body, Some(&resident))
        .await
        .assert_error(403, "forbidden");
    app.post(&url, &json!({"days": 31, "reason": "x"}), Some(&officer))
        .await
        .assert_error(422, "validation_failed");

    let extended = app.post(&url, &body, Some(&officer)).await;
    assert_eq!(extended.status, StatusCode::OK, "{}", extended.body);
    assert_eq!(extended.body["answer_due_on"], json!(day(60)));
    assert_eq!(extended.body["extension"]["days"], 30);
    assert_eq!(
        extended.body["extension"]["reason"],
        "Комиссия не может выехать: участок под водой"
    );

    app.post(&url, &json!({"days": 5, "reason": "ещё"}), Some(&officer))
        .await
        .assert_error(409, "already_extended");
    app.post("/api/v1/applications/999999/extend", &body, Some(&officer))
        .await
        .assert_error(404, "not_found");
}
