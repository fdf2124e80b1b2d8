//! One plot, one application; and every rule decided alike by the single
//! and the bulk decision.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::review::{all_members, finding, inspected, inspected_with};
use crate::support::{day, distinct_household, spawn_app};
use relief::domain::role::Role;

fn bulk_body(ids: &[&Value]) -> Value {
    json!({"protocol_number": "П-2", "decided_on": day(0), "application_ids": ids})
}

fn property_matches(list: &Value) -> Vec<Value> {
    list["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m["kind"] == "property")
        .collect()
}

/// A second application for a plot, by its cadastral number or by its
/// address however written, is a `property` match between the applicants,
/// and it holds every member of both, in the single and the bulk decision.
#[actix_web::test]
async fn a_second_application_for_one_plot_holds_both() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let first_body = distinct_household(event_id, 1);
    let mut by_number = distinct_household(event_id, 2);
    by_number["cadastral_number"] = first_body["cadastral_number"].clone();
    let mut by_address = distinct_household(event_id, 3);
    by_address["property_address"] = json!("снт Березка, уч. 1001");
    let first = inspected(&app, &officer, &first_body, "А-1", "loss_confirmed").await;
    let second = inspected(&app, &officer, &by_number, "А-2", "loss_confirmed").await;
    let third = inspected(&app, &officer, &by_address, "А-3", "loss_confirmed").await;

    let list = app
        .get(
            &format!("/api/v1/events/{event_id}/duplicates?per_page=100"),
            Some(&officer),
        )
        .await;
    assert_eq!(list.body["total"], 2, "only plots match: {}", list.body);
    let found = property_matches(&list.body);
    assert_eq!(found.len(), 2, "{}", list.body);
    let between = |a: &Value, b: &Value| {
        found
            .iter()
            .find(|m| m["application_id"] == a["id"] && m["other_application_id"] == b["id"])
            .cloned()
            .unwrap_or_else(|| panic!("no match of {} with {}: {found:?}", a["id"], b["id"]))
    };
    assert_eq!(
        between(&second, &first)["explanation"],
        "Тот же участок: кадастровый номер 28:01:0130123:1001"
    );
    assert_eq!(
        between(&third, &first)["explanation"],
        "Тот же участок: совпадает адрес"
    );
    // Between the applicants.
    let pair = between(&third, &first);
    assert_eq!(pair["member_id"], third["members"][0]["id"]);
    assert_eq!(pair["other_member_id"], first["members"][0]["id"]);

    // Held: the first in a single decision, every member of it.
    let single = app
        .post(
            &format!("/api/v1/applications/{}/decision", first["id"]),
            &all_members(&first, "recognized", None),
            Some(&officer),
        )
        .await;
    single.assert_error(409, "open_duplicates");
    for member in ["0", "1"] {
        let held = &single.body["error"]["fields"]["members"][member][0];
        assert_eq!(held["matches"][0]["kind"], "property", "{}", single.body);
    }
    // And the others in bulk, each with the same code.
    let answer = app
        .post(
            &format!("/api/v1/events/{event_id}/decisions/bulk"),
            &bulk_body(&[&second["id"], &third["id"]]),
            Some(&officer),
        )
        .await;
    assert_eq!(answer.body["decided"], 0, "{}", answer.body);
    for result in answer.body["results"].as_array().unwrap() {
        assert_eq!(result["error"]["code"], "open_duplicates", "{result}");
    }
}

/// Dismissed, two households share an address and both are aided;
/// confirmed, the plot is aided through one application only.
#[actix_web::test]
async fn a_dismissed_plot_match_goes_through_and_a_confirmed_one_aids_once() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let pair = |n: u32| {
        let first = distinct_household(event_id, n);
        let mut second = distinct_household(event_id, n + 1);
        second["property_address"] = first["property_address"].clone();
        (first, second)
    };
    let decide = |application: &Value| {
        let url = format!("/api/v1/applications/{}/decision", application["id"]);
        let body = all_members(application, "recognized", None);
        let officer = officer.clone();
        let app = &app;
        async move { app.post(&url, &body, Some(&officer)).await }
    };

    let (a, b) = pair(1);
    let a = inspected(&app, &officer, &a, "А-1", "loss_confirmed").await;
    let b = inspected(&app, &officer, &b, "А-2", "loss_confirmed").await;
    let resolved = app
        .resolve_matches(&officer, event_id, a["id"].as_i64().unwrap(), "dismissed")
        .await;
    assert_eq!(resolved.len(), 1);
    for application in [&a, &b] {
        let decided = decide(application).await;
        assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    }

    let (c, d) = pair(3);
    let c = inspected(&app, &officer, &c, "А-3", "loss_confirmed").await;
    let d = inspected(&app, &officer, &d, "А-4", "loss_confirmed").await;
    let e = inspected(
        &app,
        &officer,
        &distinct_household(event_id, 5),
        "А-5",
        "loss_confirmed",
    )
    .await;
    let mut e_plot = distinct_household(event_id, 6);
    e_plot["cadastral_number"] = distinct_household(event_id, 5)["cadastral_number"].clone();
    let f = inspected(&app, &officer, &e_plot, "А-6", "loss_confirmed").await;
    for application in [&c, &e] {
        app.resolve_matches(
            &officer,
            event_id,
            application["id"].as_i64().unwrap(),
            "confirmed",
        )
        .await;
    }
    assert_eq!(decide(&c).await.status, StatusCode::OK);
    let refused = decide(&d).await;
    refused.assert_error(409, "already_recognized");
    let detail = &refused.body["error"]["fields"]["members"]["0"][0];
    assert_eq!(detail["identifier"], "plot", "{}", refused.body);
    assert_eq!(detail["other_application_id"], c["id"], "{}", refused.body);

    // The bulk decision refuses the second application of a plot alike,
    // even when both are in one request.
    let answer = app
        .post(
            &format!("/api/v1/events/{event_id}/decisions/bulk"),
            &bulk_body(&[&d["id"], &e["id"], &f["id"]]),
            Some(&officer),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    for (application, expected) in [(&d, "rejected"), (&e, "approved"), (&f, "rejected")] {
        let view = app
            .get(
                &format!("/api/v1/applications/{}", application["id"]),
                Some(&officer),
            )
            .await;
        assert_eq!(view.body["outcome"], expected, "{}", view.body);
        if expected == "rejected" {
            assert_eq!(view.body["members"][0]["decision"]["reason"], "duplicate");
        }
    }
    let victims = app
        .get(
            &format!("/api/v1/events/{event_id}/victims"),
            Some(&officer),
        )
        .await;
    assert_eq!(victims.body["total"], 8, "a, b, c and e: {}", victims.body);
}

/// A plot amended to another's is checked again, and amended away the
/// open match goes.
#[actix_web::test]
async fn an_amended_plot_is_checked_again() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let first = distinct_household(event_id, 1);
    app.file(&first, &officer).await;
    let second = app.file(&distinct_household(event_id, 2), &officer).await;
    let url = format!("/api/v1/applications/{}", second.body["id"]);
    let count = || async {
        let list = app
            .get(
                &format!("/api/v1/events/{event_id}/duplicates"),
                Some(&officer),
            )
            .await;
        property_matches(&list.body).len()
    };
    assert_eq!(count().await, 0);
    let amended = app
        .patch(
            &url,
            &json!({"property_address": first["property_address"]}),
            Some(&officer),
        )
        .await;
    assert_eq!(amended.status, StatusCode::OK, "{}", amended.body);
    assert_eq!(count().await, 1);
    app.patch(
        &url,
        &json!({"property_address": "СНТ «Ромашка», участок 9"}),
        Some(&officer),
    )
    .await;
    assert_eq!(count().await, 0);
}

/// One table of cases, each decided once on its own and once in bulk: the
/// two paths must agree on whether a member is recognised, and why not.
#[actix_web::test]
async fn the_single_and_the_bulk_decision_agree_on_every_rule() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    type Case = (
        &'static str,
        fn(&mut Value),
        &'static str,
        Option<&'static str>,
    );
    let cases: [Case; 5] = [
        ("clean", |_| {}, "full", None),
        (
            "unregistered",
            |b| b["members"][0]["registered_at_property"] = json!(false),
            "full",
            Some("not_registered_at_property"),
        ),
        (
            "away",
            |b| b["members"][0]["lives_at_property"] = json!(false),
            "full",
            Some("not_living_at_property"),
        ),
        (
            "found partial",
            |_| {},
            "partial",
            Some("harvest_not_fully_lost"),
        ),
        (
            "declared partial, found full",
            |b| b["loss_extent"] = json!("partial"),
            "full",
            None,
        ),
    ];
    let mut n = 0;
    for (name, change, found, refusal) in cases {
        let mut outcomes = Vec::new();
        for path in ["single", "bulk"] {
            n += 1;
            let mut body = distinct_household(event_id, n);
            body["members"] = json!([body["members"][0].clone()]);
            change(&mut body);
            let act = finding(&format!("А-{n}"), "loss_confirmed", Some(found));
            let application = inspected_with(&app, &officer, &body, &act).await;
            if path == "single" {
                let reason = refusal.map_or(Value::Null, |r| json!(r));
                let outcome = if refusal.is_some() {
                    "refused"
                } else {
                    "recognized"
                };
                let wrong = if refusal.is_some() {
                    "recognized"
                } else {
                    "refused"
                };
                // The rule refuses what it must: recognising is 422 then.
                if refusal.is_some() {
                    let tried = app
                        .post(
                            &format!("/api/v1/applications/{}/decision", application["id"]),
                            &all_members(&application, wrong, None),
                            Some(&officer),
                        )
                        .await;
                    tried.assert_error(422, "validation_failed");
                }
                let members = json!([{"member_id": application["members"][0]["id"], "outcome": outcome, "reason": reason}]);
                let decided = app
                    .post(
                        &format!("/api/v1/applications/{}/decision", application["id"]),
                        &json!({"protocol_number": "П-1", "decided_on": day(0), "members": members}),
                        Some(&officer),
                    )
                    .await;
                assert_eq!(decided.status, StatusCode::OK, "{name}: {}", decided.body);
            } else {
                let answer = app
                    .post(
                        &format!("/api/v1/events/{event_id}/decisions/bulk"),
                        &bulk_body(&[&application["id"]]),
                        Some(&officer),
                    )
                    .await;
                assert_eq!(answer.body["decided"], 1, "{name}: {}", answer.body);
            }
            let view = app
                .get(
                    &format!("/api/v1/applications/{}", application["id"]),
                    Some(&officer),
                )
                .await;
            let decision = &view.body["members"][0]["decision"];
            outcomes.push((decision["outcome"].clone(), decision["reason"].clone()));
        }
        assert_eq!(outcomes[0], outcomes[1], "{name}: single vs bulk");
        let expected = refusal.map_or(("recognized", Value::Null), |r| ("refused", json!(r)));
        assert_eq!(outcomes[0], (json!(expected.0), expected.1), "{name}");
    }
}
