//! Inspections and decisions: every transition, guard and reason rule.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::support::{application_body, day, spawn_app, TestResponse};
use relief::domain::role::Role;

fn inspection(scheduled_on_offset: i64) -> Value {
    json!({"scheduled_on": day(scheduled_on_offset), "inspectors": ["Петров П. П.", "Сидорова А. А."]})
}

/// An act with `outcome`; a confirmed loss is found full.
fn act(number: &str, outcome: &str) -> Value {
    let found = (outcome == "loss_confirmed").then_some("full");
    finding(number, outcome, found)
}

/// An act with `outcome` that found `found` lost (`None`: not stated).
pub(crate) fn finding(number: &str, outcome: &str, found: Option<&str>) -> Value {
    json!({
        "act_number": number,
        "inspected_on": day(0),
        "outcome": outcome,
        "loss_extent_found": found,
        "lost_area_sotka": "6",
        "present_persons": "Иванова А. П.",
        "notes": "Участок затоплен"
    })
}

pub(crate) fn all_members(application: &Value, outcome: &str, reason: Option<&str>) -> Value {
    let members: Vec<Value> = application["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| json!({"member_id": m["id"], "outcome": outcome, "reason": reason}))
        .collect();
    json!({"protocol_number": "П-1", "decided_on": day(0), "members": members})
}

fn latest_inspection_id(response: &TestResponse) -> i64 {
    response.body["inspections"]
        .as_array()
        .and_then(|list| list.last())
        .and_then(|i| i["id"].as_i64())
        .unwrap_or_else(|| panic!("no inspection in {}", response.body))
}

/// Files an application and takes it through an inspection with `outcome`;
/// returns the application as the last step answered.
pub(crate) async fn inspected<S, B>(
    app: &crate::support::TestApp<S>,
    officer: &str,
    body: &Value,
    act_number: &str,
    outcome: &str,
) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    inspected_with(app, officer, body, &act(act_number, outcome)).await
}

/// Files an application and takes it through an inspection that records
/// `act`; returns the application as the last step answered.
pub(crate) async fn inspected_with<S, B>(
    app: &crate::support::TestApp<S>,
    officer: &str,
    body: &Value,
    act: &Value,
) -> Value
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let filed = app.file(body, officer).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_i64().unwrap();
    let scheduled = app
        .post(
            &format!("/api/v1/applications/{id}/inspections"),
            &inspection(1),
            Some(officer),
        )
        .await;
    assert_eq!(scheduled.status, StatusCode::OK, "{}", scheduled.body);
    assert_eq!(scheduled.body["status"], "inspection_scheduled");
    let inspection_id = latest_inspection_id(&scheduled);
    let recorded = app
        .post(
            &format!("/api/v1/inspections/{inspection_id}/result"),
            act,
            Some(officer),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
    recorded.body
}

#[actix_web::test]
async fn the_whole_path_ends_decided_and_approved() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let application = inspected(
        &app,
        &officer,
        &application_body(event_id),
        "А-1",
        "loss_confirmed",
    )
    .await;
    assert_eq!(application["status"], "inspected");
    assert_eq!(application["inspections"][0]["act_number"], "А-1");
    assert_eq!(application["inspections"][0]["outcome"], "loss_confirmed");
    assert_eq!(application["inspections"][0]["lost_area_sotka"], "6.00");
    assert_eq!(application["inspections"][0]["loss_extent_found"], "full");
    let id = application["id"].as_i64().unwrap();

    let decided = app
        .post(
            &format!("/api/v1/applications/{id}/decision"),
            &all_members(&application, "recognized", None),
            Some(&officer),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    assert_eq!(decided.body["status"], "decided");
    assert_eq!(decided.body["outcome"], "approved");
    assert_eq!(decided.body["protocol_number"], "П-1");
    assert_eq!(
        decided.body["members"][0]["decision"]["outcome"],
        "recognized"
    );

    // Deciding again, or any other step, is refused with the status.
    for response in [
        app.post(
            &format!("/api/v1/applications/{id}/decision"),
            &all_members(&application, "recognized", None),
            Some(&officer),
        )
        .await,
        app.post(
            &format!("/api/v1/applications/{id}/withdraw"),
            &json!({}),
            Some(&officer),
        )
        .await,
        app.post(
            &format!("/api/v1/applications/{id}/inspections"),
            &inspection(2),
            Some(&officer),
        )
        .await,
        app.post(
            &format!("/api/v1/applications/{id}/request-documents"),
            &json!({"note": "x"}),
            Some(&officer),
        )
        .await,
    ] {
        response.assert_error(409, "invalid_state");
        assert_eq!(response.body["error"]["current_status"], "decided");
    }
    let history = app
        .get(
            &format!("/api/v1/applications/{id}/history"),
            Some(&officer),
        )
        .await;
    let actions: Vec<&str> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "application.filed",
            "inspection.scheduled",
            "inspection.recorded",
            "application.decided"
        ]
    );
}

#[actix_web::test]
async fn steps_out_of_order_are_invalid_state() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let filed = app.file(&application_body(event_id), &officer).await;
    let id = filed.body["id"].as_i64().unwrap();
    let decision = all_members(&filed.body, "recognized", None);
    let early = app
        .post(
            &format!("/api/v1/applications/{id}/decision"),
            &decision,
            Some(&officer),
        )
        .await;
    early.assert_error(409, "invalid_state");
    assert_eq!(early.body["error"]["current_status"], "submitted");

    let scheduled = app
        .post(
            &format!("/api/v1/applications/{id}/inspections"),
            &inspection(1),
            Some(&officer),
        )
        .await;
    // A second date while the first inspection is pending.
    app.post(
        &format!("/api/v1/applications/{id}/inspections"),
        &inspection(2),
        Some(&officer),
    )
    .await
    .assert_error(409, "inspection_pending");
    app.post(
        &format!("/api/v1/applications/{id}/request-documents"),
        &json!({"note": "паспорт"}),
        Some(&officer),
    )
    .await
    .assert_error(409, "invalid_state");
    app.post(
        &format!("/api/v1/applications/{id}/decision"),
        &decision,
        Some(&officer),
    )
    .await
    .assert_error(409, "invalid_state");

    let inspection_id = latest_inspection_id(&scheduled);
    let url = format!("/api/v1/inspections/{inspection_id}/result");
    assert_eq!(
        app.post(&url, &act("А-1", "loss_confirmed"), Some(&officer))
            .await
            .status,
        StatusCode::OK
    );
    // The same act again: the application is no longer waiting for it.
    app.post(&url, &act("А-2", "loss_confirmed"), Some(&officer))
        .await
        .assert_error(409, "invalid_state");
    app.post(
        "/api/v1/inspections/999999/result",
        &act("А-3", "loss_confirmed"),
        Some(&officer),
    )
    .await
    .assert_error(404, "not_found");
}

#[actix_web::test]
async fn requested_documents_come_back_with_the_filers_amendment() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let id = app.file(&application_body(event_id), &resident).await.body["id"]
        .as_i64()
        .unwrap();

    app.post(
        &format!("/api/v1/applications/{id}/request-documents"),
        &json!({"note": "   "}),
        Some(&officer),
    )
    .await
    .assert_error(422, "validation_failed");
    let requested = app
        .post(
            &format!("/api/v1/applications/{id}/request-documents"),
            &json!({"note": "Нужна справка о регистрации"}),
            Some(&officer),
        )
        .await;
    assert_eq!(requested.status, StatusCode::OK, "{}", requested.body);
    assert_eq!(requested.body["status"], "incomplete");
    assert_eq!(requested.body["status_note"], "Нужна справка о регистрации");
    // No inspection while documents are missing.
    app.post(
        &format!("/api/v1/applications/{id}/inspections"),
        &inspection(1),
        Some(&officer),
    )
    .await
    .assert_error(409, "invalid_state");

    let amended = app
        .patch(
            &format!("/api/v1/applications/{id}"),
            &json!({"description": "Справка приложена"}),
            Some(&resident),
        )
        .await;
    assert_eq!(amended.status, StatusCode::OK, "{}", amended.body);
    assert_eq!(amended.body["status"], "submitted");
    assert_eq!(amended.body["status_note"], Value::Null);
    let history = app
        .get(
            &format!("/api/v1/applications/{id}/history"),
            Some(&resident),
        )
        .await;
    let actions: Vec<&str> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.ends_with(&[
            "application.documents_requested",
            "application.amended",
            "application.resubmitted"
        ]),
        "{actions:?}"
    );
}

#[actix_web::test]
async fn an_impossible_inspection_needs_a_new_date_and_keeps_waiting() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let id = app.file(&application_body(event_id), &officer).await.body["id"]
        .as_i64()
        .unwrap();
    let scheduled = app
        .post(
            &format!("/api/v1/applications/{id}/inspections"),
            &inspection(1),
            Some(&officer),
        )
        .await;
    let first = latest_inspection_id(&scheduled);
    let url = format!("/api/v1/inspections/{first}/result");

    let no_date = app
        .post(&url, &act("А-1", "not_possible"), Some(&officer))
        .await;
    no_date.assert_error(422, "validation_failed");
    assert_eq!(
        no_date.body["error"]["fields"]["rescheduled_on"][0]["code"],
        "required"
    );

    let mut with_date = act("А-1", "not_possible");
    with_date["rescheduled_on"] = json!(day(7));
    let rescheduled = app.post(&url, &with_date, Some(&officer)).await;
    assert_eq!(rescheduled.status, StatusCode::OK, "{}", rescheduled.body);
    assert_eq!(rescheduled.body["status"], "inspection_scheduled");
    let inspections = rescheduled.body["inspections"].as_array().unwrap();
    assert_eq!(inspections.len(), 2);
    // The failed visit stays recorded; the new one waits for its act.
    assert_eq!(inspections[0]["status"], "recorded");
    assert_eq!(inspections[0]["outcome"], "not_possible");
    assert_eq!(inspections[1]["status"], "scheduled");
    assert_eq!(inspections[1]["scheduled_on"], json!(day(7)));
    assert_eq!(
        inspections[1]["inspectors"],
        json!(["Петров П. П.", "Сидорова А. А."])
    );

    // The first act is recorded once; the second visit confirms the loss.
    app.post(&url, &act("А-1", "loss_confirmed"), Some(&officer))
        .await
        .assert_error(409, "inspection_recorded");
    let second = latest_inspection_id(&rescheduled);
    let done = app
        .post(
            &format!("/api/v1/inspections/{second}/result"),
            &act("А-2", "loss_confirmed"),
            Some(&officer),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.body["status"], "inspected");
}

#[actix_web::test]
async fn act_numbers_are_unique_per_event() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    inspected(
        &app,
        &officer,
        &application_body(event_id),
        "А-7",
        "loss_confirmed",
    )
    .await;
    let id = app.file(&application_body(event_id), &officer).await.body["id"]
        .as_i64()
        .unwrap();
    let scheduled = app
        .post(
            &format!("/api/v1/applications/{id}/inspections"),
            &inspection(1),
            Some(&officer),
        )
        .await;
    let response = app
        .post(
            &format!(
                "/api/v1/inspections/{}/result",
                latest_inspection_id(&scheduled)
            ),
            &act("А-7", "loss_confirmed"),
            Some(&officer),
        )
        .await;
    response.assert_error(409, "conflict");
    assert_eq!(
        response.body["error"]["fields"]["act_number"][0]["code"],
        "act_number_taken"
    );
    // Nothing changed: the application still waits for its inspection.
    let still = app
        .get(&format!("/api/v1/applications/{id}"), Some(&officer))
        .await;
    assert_eq!(still.body["status"], "inspection_scheduled");
}

#[actix_web::test]
async fn an_unconfirmed_loss_allows_only_that_refusal() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let application = inspected(
        &app,
        &officer,
        &application_body(event_id),
        "А-1",
        "loss_not_confirmed",
    )
    .await;
    let url = format!("/api/v1/applications/{}/decision", application["id"]);

    let recognize = app
        .post(
            &url,
            &all_members(&application, "recognized", None),
            Some(&officer),
        )
        .await;
    recognize.assert_error(422, "validation_failed");
    assert_eq!(
        recognize.body["error"]["fields"]["members"]["0"][0]["code"],
        "inspection_not_confirmed"
    );
    app.post(
        &url,
        &all_members(&application, "refused", Some("duplicate")),
        Some(&officer),
    )
    .await
    .assert_error(422, "validation_failed");

    let refused = app
        .post(
            &url,
            &all_members(&application, "refused", Some("inspection_not_confirmed")),
            Some(&officer),
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK, "{}", refused.body);
    assert_eq!(refused.body["outcome"], "rejected");
    assert_eq!(
        refused.body["members"][1]["decision"]["reason"],
        "inspection_not_confirmed"
    );
}

#[actix_web::test]
async fn reasons_and_coverage_are_checked() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let application = inspected(
        &app,
        &officer,
        &application_body(event_id),
        "А-1",
        "loss_confirmed",
    )
    .await;
    let url = format!("/api/v1/applications/{}/decision", application["id"]);
    let applicant = application["members"][0]["id"].clone();
    let child = application["members"][1]["id"].clone();
    let decide = |members: Value| json!({"protocol_number": "П-2", "decided_on": day(0), "members": members});

    let only_one = app
        .post(
            &url,
            &decide(json!([{"member_id": applicant, "outcome": "recognized"}])),
            Some(&officer),
        )
        .await;
    only_one.assert_error(422, "validation_failed");
    assert_eq!(
        only_one.body["error"]["fields"]["members"][0]["code"],
        "members_not_covered"
    );

    let no_reason = app
        .post(&url, &decide(json!([{"member_id": applicant, "outcome": "recognized"}, {"member_id": child, "outcome": "refused"}])), Some(&officer))
        .await;
    no_reason.assert_error(422, "validation_failed");
    assert_eq!(
        no_reason.body["error"]["fields"]["members"]["1"][0]["code"],
        "reason_required"
    );

    let other_without_comment = app
        .post(&url, &decide(json!([{"member_id": applicant, "outcome": "recognized"}, {"member_id": child, "outcome": "refused", "reason": "other"}])), Some(&officer))
        .await;
    assert_eq!(
        other_without_comment.body["error"]["fields"]["members"]["1"][0]["code"],
        "comment_required"
    );

    let unknown_reason = app
        .post(&url, &decide(json!([{"member_id": applicant, "outcome": "recognized"}, {"member_id": child, "outcome": "refused", "reason": "bad_luck"}])), Some(&officer))
        .await;
    unknown_reason.assert_error(422, "validation_failed");

    let partial = app
        .post(
            &url,
            &decide(json!([
                {"member_id": applicant, "outcome": "recognized"},
                {"member_id": child, "outcome": "refused", "reason": "other", "comment": "Проживает у бабушки"}
            ])),
            Some(&officer),
        )
        .await;
    assert_eq!(partial.status, StatusCode::OK, "{}", partial.body);
    assert_eq!(partial.body["outcome"], "partially_approved");
    assert_eq!(
        partial.body["members"][1]["decision"]["comment"],
        "Проживает у бабушки"
    );
}

#[actix_web::test]
async fn event_rules_guard_recognition_and_can_be_turned_off() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let mut unregistered = application_body(event_id);
    unregistered["members"][1]["registered_at_property"] = json!(false);
    let application = inspected(&app, &officer, &unregistered, "А-1", "loss_confirmed").await;
    let url = format!("/api/v1/applications/{}/decision", application["id"]);
    let response = app
        .post(
            &url,
            &all_members(&application, "recognized", None),
            Some(&officer),
        )
        .await;
    response.assert_error(422, "validation_failed");
    assert_eq!(
        response.body["error"]["fields"]["members"]["1"][0]["code"],
        "require_registration"
    );

    // Another household: a namesake would be held by the open match. It
    // declared a full loss; the commission found a partial one.
    let partial = crate::support::distinct_household(event_id, 2);
    let partial_app = inspected_with(
        &app,
        &officer,
        &partial,
        &finding("А-2", "loss_confirmed", Some("partial")),
    )
    .await;
    assert_eq!(partial_app["loss_extent"], "full");
    assert_eq!(
        partial_app["inspections"][0]["loss_extent_found"],
        "partial"
    );
    let partial_url = format!("/api/v1/applications/{}/decision", partial_app["id"]);
    let response = app
        .post(
            &partial_url,
            &all_members(&partial_app, "recognized", None),
            Some(&officer),
        )
        .await;
    assert_eq!(
        response.body["error"]["fields"]["members"]["0"][0]["code"],
        "require_full_loss"
    );

    let relaxed = app
        .patch(
            &format!("/api/v1/events/{event_id}"),
            &json!({"require_registration": false, "require_full_loss": false}),
            Some(&admin),
        )
        .await;
    assert_eq!(relaxed.body["require_registration"], false);
    for (url, application) in [(&url, &application), (&partial_url, &partial_app)] {
        let decided = app
            .post(
                url,
                &all_members(application, "recognized", None),
                Some(&officer),
            )
            .await;
        assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
        assert_eq!(decided.body["outcome"], "approved");
    }
}

/// `require_full_loss` reads what the commission found, not what the
/// applicant declared, and the act must state it in agreement with its
/// outcome.
#[actix_web::test]
async fn the_loss_found_on_site_decides_not_the_one_declared() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let mut body = crate::support::distinct_household(event_id, 1);
    body["loss_extent"] = json!("partial");
    let filed = app.file(&body, &officer).await;
    let id = filed.body["id"].as_i64().unwrap();
    let scheduled = app
        .post(
            &format!("/api/v1/applications/{id}/inspections"),
            &inspection(1),
            Some(&officer),
        )
        .await;
    let result_url = format!(
        "/api/v1/inspections/{}/result",
        latest_inspection_id(&scheduled)
    );
    for (act, code) in [
        (finding("А-1", "loss_confirmed", None), "required"),
        (
            finding("А-1", "loss_confirmed", Some("none")),
            "contradicts_outcome",
        ),
        (
            finding("А-1", "loss_not_confirmed", Some("full")),
            "contradicts_outcome",
        ),
        (finding("А-1", "loss_confirmed", Some("most")), ""),
    ] {
        let refused = app.post(&result_url, &act, Some(&officer)).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{act}: {}",
            refused.body
        );
        if !code.is_empty() {
            assert_eq!(
                refused.body["error"]["fields"]["loss_extent_found"][0]["code"], code,
                "{}",
                refused.body
            );
        }
    }
    let unchanged = app
        .get(&format!("/api/v1/applications/{id}"), Some(&officer))
        .await;
    assert_eq!(
        unchanged.body["status"], "inspection_scheduled",
        "a refused act writes nothing"
    );

    // Declared partial, found full: recognised under require_full_loss.
    let recorded = app
        .post(
            &result_url,
            &finding("А-1", "loss_confirmed", Some("full")),
            Some(&officer),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
    let decided = app
        .post(
            &format!("/api/v1/applications/{id}/decision"),
            &all_members(&recorded.body, "recognized", None),
            Some(&officer),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    assert_eq!(decided.body["outcome"], "approved");

    // An unconfirmed loss is recorded as none found.
    let other = inspected(
        &app,
        &officer,
        &crate::support::distinct_household(event_id, 2),
        "А-2",
        "loss_not_confirmed",
    )
    .await;
    assert_eq!(other["inspections"][0]["loss_extent_found"], "none");
}

#[actix_web::test]
async fn only_staff_review() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    let id = app.file(&application_body(event_id), &resident).await.body["id"]
        .as_i64()
        .unwrap();
    for (url, body) in [
        (
            format!("/api/v1/applications/{id}/inspections"),
            inspection(1),
        ),
        (
            format!("/api/v1/applications/{id}/request-documents"),
            json!({"note": "x"}),
        ),
        (
            format!("/api/v1/applications/{id}/decision"),
            json!({"protocol_number": "1", "decided_on": day(0), "members": []}),
        ),
        (
            "/api/v1/inspections/1/result".to_owned(),
            act("А-1", "loss_confirmed"),
        ),
    ] {
        app.post(&url, &body, Some(&resident))
            .await
            .assert_error(403, "forbidden");
    }
}

#[actix_web::test]
async fn withdrawal_is_possible_from_every_status_before_a_decision() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let file = |n: u32| crate::support::distinct_household(event_id, n);

    let incomplete = app.file(&file(1), &officer).await.body["id"]
        .as_i64()
        .unwrap();
    app.post(
        &format!("/api/v1/applications/{incomplete}/request-documents"),
        &json!({"note": "справка"}),
        Some(&officer),
    )
    .await;
    let scheduled = app.file(&file(2), &officer).await.body["id"]
        .as_i64()
        .unwrap();
    app.post(
        &format!("/api/v1/applications/{scheduled}/inspections"),
        &inspection(1),
        Some(&officer),
    )
    .await;
    let done = inspected(&app, &officer, &file(3), "А-3", "loss_confirmed").await["id"]
        .as_i64()
        .unwrap();

    for (id, from) in [
        (incomplete, "incomplete"),
        (scheduled, "inspection_scheduled"),
        (done, "inspected"),
    ] {
        let before = app
            .get(&format!("/api/v1/applications/{id}"), Some(&officer))
            .await;
        assert_eq!(before.body["status"], from);
        let withdrawn = app
            .post(
                &format!("/api/v1/applications/{id}/withdraw"),
                &json!({}),
                Some(&officer),
            )
            .await;
        assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
        assert_eq!(withdrawn.body["status"], "withdrawn");
    }
}

#[actix_web::test]
async fn every_refusal_reason_is_accepted() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let reasons = [
        "not_registered_at_property",
        "not_living_at_property",
        "harvest_not_fully_lost",
        "plot_outside_zone",
        "duplicate",
        "inspection_not_confirmed",
        "documents_missing",
        "late_application",
        "other",
    ];
    for (n, reason) in reasons.iter().enumerate() {
        let body = crate::support::distinct_household(event_id, n as u32);
        let application =
            inspected(&app, &officer, &body, &format!("А-{n}"), "loss_confirmed").await;
        let mut decision = all_members(&application, "refused", Some(reason));
        for member in decision["members"].as_array_mut().unwrap() {
            member["comment"] = json!("Пояснение комиссии");
        }
        let url = format!("/api/v1/applications/{}/decision", application["id"]);
        let decided = app.post(&url, &decision, Some(&officer)).await;
        assert_eq!(decided.status, StatusCode::OK, "{reason}: {}", decided.body);
        assert_eq!(decided.body["outcome"], "rejected");
        assert_eq!(decided.body["members"][0]["decision"]["reason"], *reason);
    }
}
