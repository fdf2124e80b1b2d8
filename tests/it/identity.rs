//! One person, one recognition: a person is every identifier their records
//! carry, open matches hold a decision, and the database refuses a second
//! recognition however two decisions race.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::review::{all_members, inspected};
use crate::support::{distinct_household, spawn_app, TestApp, TestResponse};
use relief::domain::role::Role;
use relief::domain::snils::Snils;

fn snils(n: u32) -> Value {
    json!(Snils::with_check_digits(200_000_000 + n).digits())
}

/// The applicant of household `n`, as the identity tests vary it.
fn applicant(body: &Value) -> Value {
    body["members"][0].clone()
}

/// Sets what two records of one person carry.
type Vary = fn(&mut Value, &mut Value);

fn decision_url(application: &Value) -> String {
    format!("/api/v1/applications/{}/decision", application["id"])
}

/// Files and inspects two applications of the event, acts `А-{n}` and
/// `А-{n+1}`, so that each test can claim one person on both.
async fn inspected_pair<S, B>(
    app: &TestApp<S>,
    officer: &str,
    n: u32,
    first_body: &Value,
    second_body: &Value,
) -> (Value, Value)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let first = inspected(
        app,
        officer,
        first_body,
        &format!("А-{n}"),
        "loss_confirmed",
    )
    .await;
    let second = inspected(
        app,
        officer,
        second_body,
        &format!("А-{}", n + 1),
        "loss_confirmed",
    )
    .await;
    (first, second)
}

async fn recognize<S, B>(app: &TestApp<S>, officer: &str, application: &Value) -> TestResponse
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    app.post(
        &decision_url(application),
        &all_members(application, "recognized", None),
        Some(officer),
    )
    .await
}

/// The second recognition of one person is refused: 409, naming the first
/// application and the kind of identifier, never its value, and nothing of
/// it is kept.
fn assert_already_recognized(answer: &TestResponse, first: &Value, kind: &str) {
    answer.assert_error(409, "already_recognized");
    let detail = &answer.body["error"]["fields"]["members"]["0"][0];
    assert_eq!(detail["code"], "already_recognized", "{}", answer.body);
    assert_eq!(
        detail["other_application_id"], first["id"],
        "{}",
        answer.body
    );
    assert_eq!(
        detail["other_registration_number"], first["registration_number"],
        "{}",
        answer.body
    );
    assert_eq!(detail["identifier"], kind, "{}", answer.body);
    let message = answer.body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(first["registration_number"].as_str().unwrap_or("?")),
        "{message}"
    );
    for member in first["members"].as_array().into_iter().flatten() {
        for secret in [&member["snils"], &member["document"]["number"]] {
            if let Some(value) = secret.as_str() {
                assert!(!message.contains(value), "the message shows {value}");
            }
        }
    }
}

/// The same person on two applications, the second record carrying other
/// identifiers than the first: after an officer wrongly dismisses the
/// matches, the shared identifier still refuses the second recognition;
/// refusing them as a duplicate closes it.
#[actix_web::test]
async fn one_person_under_any_shared_identifier_is_recognised_once() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    // (what the first record has, what the second has, what matched)
    let cases: [(&str, Vary, &str); 3] = [
        (
            "same passport, SNILS on the first only",
            |first, second| {
                first["snils"] = snils(1);
                second["snils"] = Value::Null;
            },
            "document",
        ),
        (
            "same passport, SNILS on the second only",
            |first, second| {
                first["snils"] = Value::Null;
                second["snils"] = snils(2);
            },
            "document",
        ),
        (
            "same SNILS, a new passport",
            |first, second| {
                first["snils"] = snils(3);
                second["snils"] = snils(3);
                second["document"]["number"] = json!("777777");
                second["document"]["issued_on"] = json!("2021-01-15");
            },
            "snils",
        ),
    ];
    for (n, (case, vary, kind)) in cases.into_iter().enumerate() {
        let n = n as u32 * 2 + 1;
        let mut first_body = distinct_household(event_id, n);
        let mut second_body = distinct_household(event_id, n + 1);
        let mut person = applicant(&first_body);
        let mut again = person.clone();
        vary(&mut person, &mut again);
        first_body["members"][0] = person;
        second_body["members"][0] = again;
        let (first, second) = inspected_pair(&app, &officer, n, &first_body, &second_body).await;
        let dismissed = app
            .resolve_matches(
                &officer,
                event_id,
                first["id"].as_i64().unwrap(),
                "dismissed",
            )
            .await;
        assert!(!dismissed.is_empty(), "{case}: no match was raised");

        let decided = recognize(&app, &officer, &first).await;
        assert_eq!(decided.status, StatusCode::OK, "{case}: {}", decided.body);
        let refused = recognize(&app, &officer, &second).await;
        assert_already_recognized(&refused, &first, kind);
        let unchanged = app
            .get(
                &format!("/api/v1/applications/{}", second["id"]),
                Some(&officer),
            )
            .await;
        assert_eq!(unchanged.body["status"], "inspected", "{case}");
        assert_eq!(
            unchanged.body["members"][1]["decision"],
            Value::Null,
            "{case}"
        );

        let closed = app
            .post(
                &decision_url(&second),
                &json!({"protocol_number": "П-1", "decided_on": crate::support::day(0), "members": [
                    {"member_id": second["members"][0]["id"], "outcome": "refused", "reason": "duplicate"},
                    {"member_id": second["members"][1]["id"], "outcome": "recognized"},
                ]}),
                Some(&officer),
            )
            .await;
        assert_eq!(closed.status, StatusCode::OK, "{case}: {}", closed.body);
        assert_eq!(closed.body["outcome"], "partially_approved");
    }
}

/// The same folded name and birth date with a new passport is only
/// possibly the same person: the open match holds both decisions until an
/// officer says. Confirmed, the second recognition is refused; dismissed,
/// it goes through.
#[actix_web::test]
async fn a_name_and_birth_match_holds_until_an_officer_resolves_it() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    for (n, resolution) in [(1_u32, "confirmed"), (3, "dismissed"), (5, "open")] {
        let first_body = distinct_household(event_id, n);
        let mut second_body = distinct_household(event_id, n + 1);
        let mut namesake = applicant(&first_body);
        namesake["document"]["number"] = json!(format!("{:06}", 500_000 + n));
        second_body["members"][0] = namesake;
        let (first, second) = inspected_pair(&app, &officer, n, &first_body, &second_body).await;

        for application in [&first, &second] {
            let held = recognize(&app, &officer, application).await;
            held.assert_error(409, "open_duplicates");
            let detail = &held.body["error"]["fields"]["members"]["0"][0];
            assert_eq!(detail["code"], "open_duplicates", "{}", held.body);
            let matches = detail["matches"].as_array().cloned().unwrap_or_default();
            assert_eq!(matches.len(), 1, "{}", held.body);
            assert_eq!(matches[0]["kind"], "name_birth");
            let mut sides = [
                matches[0]["application_id"].as_i64(),
                matches[0]["other_application_id"].as_i64(),
            ];
            sides.sort_unstable();
            assert_eq!(sides, [first["id"].as_i64(), second["id"].as_i64()]);
            // The other member is not touched by the match.
            assert!(held.body["error"]["fields"]["members"]["1"].is_null());
        }
        if resolution == "open" {
            // A refusal needs no resolved match.
            let refusal = all_members(&second, "refused", Some("documents_missing"));
            let refused = app
                .post(&decision_url(&second), &refusal, Some(&officer))
                .await;
            assert_eq!(refused.status, StatusCode::OK, "{}", refused.body);
            continue;
        }
        let resolved = app
            .resolve_matches(
                &officer,
                event_id,
                first["id"].as_i64().unwrap(),
                resolution,
            )
            .await;
        assert_eq!(resolved.len(), 1);
        let answer = recognize(&app, &officer, &first).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        let answer = recognize(&app, &officer, &second).await;
        if resolution == "confirmed" {
            assert_already_recognized(&answer, &first, "confirmed_match");
        } else {
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        }
    }
}

/// The realistic order: someone recognised already is claimed again under
/// a new passport; the officer confirms the match, and the second
/// recognition is refused by the confirmed match itself.
#[actix_web::test]
async fn a_match_confirmed_after_the_first_recognition_refuses_the_second() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let first_body = distinct_household(event_id, 1);
    let first = inspected(&app, &officer, &first_body, "А-1", "loss_confirmed").await;
    let decided = recognize(&app, &officer, &first).await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);

    let mut second_body = distinct_household(event_id, 2);
    let mut again = applicant(&first_body);
    again["document"]["number"] = json!("999999");
    second_body["members"][0] = again;
    let second = inspected(&app, &officer, &second_body, "А-2", "loss_confirmed").await;
    recognize(&app, &officer, &second)
        .await
        .assert_error(409, "open_duplicates");
    let confirmed = app
        .resolve_matches(
            &officer,
            event_id,
            second["id"].as_i64().unwrap(),
            "confirmed",
        )
        .await;
    assert_eq!(confirmed.len(), 1);
    let refused = recognize(&app, &officer, &second).await;
    assert_already_recognized(&refused, &first, "confirmed_match");
}

/// Two different SNILS are two people, whatever their names: no match is
/// raised and both are recognised.
#[actix_web::test]
async fn namesakes_with_different_snils_are_two_people() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let mut first_body = distinct_household(event_id, 1);
    first_body["members"][0]["snils"] = snils(10);
    let mut second_body = distinct_household(event_id, 2);
    let mut namesake = applicant(&first_body);
    namesake["snils"] = snils(11);
    namesake["document"]["number"] = json!("444444");
    second_body["members"][0] = namesake;
    let (first, second) = inspected_pair(&app, &officer, 1, &first_body, &second_body).await;
    for application in [&first, &second] {
        let answer = recognize(&app, &officer, application).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.body["outcome"], "approved");
    }
}

/// Decisions on two applications of one person, recognised under
/// different identifiers (SNILS and passport on one, the passport alone on
/// the other), sent at the same moment: exactly one wins, on either
/// backend, in every round.
#[actix_web::test]
async fn concurrent_recognitions_of_one_person_let_exactly_one_through() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    for round in 0..4_u32 {
        let n = round * 2 + 1;
        let mut first_body = distinct_household(event_id, n);
        first_body["members"][0]["snils"] = snils(20 + round);
        let mut second_body = distinct_household(event_id, n + 1);
        let mut again = applicant(&first_body);
        again["snils"] = Value::Null;
        second_body["members"][0] = again;
        let (first, second) = inspected_pair(&app, &officer, n, &first_body, &second_body).await;
        app.resolve_matches(
            &officer,
            event_id,
            first["id"].as_i64().unwrap(),
            "dismissed",
        )
        .await;
        let (first_url, second_url) = (decision_url(&first), decision_url(&second));
        let (first_decision, second_decision) = (
            all_members(&first, "recognized", None),
            all_members(&second, "recognized", None),
        );
        let (a, b) = futures::join!(
            app.post(&first_url, &first_decision, Some(&officer)),
            app.post(&second_url, &second_decision, Some(&officer)),
        );
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [200, 409],
            "round {round}: {} / {}",
            a.body,
            b.body
        );
        let loser = if a.status == StatusCode::CONFLICT {
            &a
        } else {
            &b
        };
        assert_eq!(loser.code(), "already_recognized", "{}", loser.body);
    }
    let victims = app
        .get(
            &format!("/api/v1/events/{event_id}/victims?per_page=100"),
            Some(&officer),
        )
        .await;
    assert_eq!(victims.status, StatusCode::OK, "{}", victims.body);
    // Four rounds, each the winner's household of two: the loser's whole
    // decision was refused, their child with it.
    assert_eq!(victims.body["total"], 4 * 2, "{}", victims.body);
}

/// The bulk decision is held per application by open matches, with the same
/// code and the matches in its details; once the officer confirms them, the
/// person is recognised once and refused as a duplicate in the other.
#[actix_web::test]
async fn bulk_decisions_are_held_by_open_matches_per_application() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let first_body = distinct_household(event_id, 1);
    let mut second_body = distinct_household(event_id, 2);
    let mut again = applicant(&first_body);
    again["document"]["number"] = json!("888888");
    second_body["members"][0] = again;
    let (first, second) = inspected_pair(&app, &officer, 1, &first_body, &second_body).await;
    let clean = inspected(
        &app,
        &officer,
        &distinct_household(event_id, 3),
        "А-3",
        "loss_confirmed",
    )
    .await;
    let bulk = |ids: Vec<&Value>| json!({"protocol_number": "П-2", "decided_on": crate::support::day(0), "application_ids": ids});
    let url = format!("/api/v1/events/{event_id}/decisions/bulk");
    let answer = app
        .post(
            &url,
            &bulk(vec![&first["id"], &second["id"], &clean["id"]]),
            Some(&officer),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["decided"], 1, "{}", answer.body);
    let results = answer.body["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for result in &results {
        if result["application_id"] == clean["id"] {
            assert_eq!(result["outcome"], "approved");
            continue;
        }
        assert_eq!(result["error"]["code"], "open_duplicates", "{result}");
        let matches = &result["error"]["fields"]["members"]["0"][0]["matches"];
        assert_eq!(matches[0]["kind"], "name_birth", "{result}");
    }

    app.resolve_matches(
        &officer,
        event_id,
        first["id"].as_i64().unwrap(),
        "confirmed",
    )
    .await;
    let answer = app
        .post(
            &url,
            &bulk(vec![&first["id"], &second["id"]]),
            Some(&officer),
        )
        .await;
    assert_eq!(answer.body["decided"], 2, "{}", answer.body);
    let view = app
        .get(
            &format!("/api/v1/applications/{}", second["id"]),
            Some(&officer),
        )
        .await;
    assert_eq!(view.body["members"][0]["decision"]["reason"], "duplicate");
    assert_eq!(view.body["members"][1]["decision"]["outcome"], "recognized");
}

/// Counts are per person: someone claimed on two applications, recognised
/// on one and refused on the other, is one victim on the list, one in the
/// report and one row's person on the distribution list.
#[actix_web::test]
async fn a_person_claimed_twice_is_counted_once() {
    use crate::distribution::{new_list, receive_all, world};
    let app = spawn_app().await;
    let world = world(&app, 1).await;
    let officer = &world.officer;
    // The recognised applicant of household 0, claimed again with a SNILS
    // beside a child of the new household.
    let mut again = applicant(&distinct_household(world.event_id, 0));
    again["snils"] = snils(30);
    let mut body = distinct_household(world.event_id, 5);
    body["members"][0] = again;
    let second = inspected(&app, officer, &body, "А-5", "loss_confirmed").await;
    assert_already_recognized(
        &recognize(&app, officer, &second).await,
        &app.get(
            &format!(
                "/api/v1/applications/{}",
                second["id"].as_i64().unwrap() - 1
            ),
            Some(officer),
        )
        .await
        .body,
        "document",
    );
    let decided = app
        .post(
            &decision_url(&second),
            &json!({"protocol_number": "П-2", "decided_on": crate::support::day(0), "members": [
                {"member_id": second["members"][0]["id"], "outcome": "refused", "reason": "duplicate"},
                {"member_id": second["members"][1]["id"], "outcome": "recognized"},
            ]}),
            Some(officer),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);

    let victims = app
        .get(
            &format!("/api/v1/events/{}/victims?per_page=100", world.event_id),
            Some(officer),
        )
        .await;
    assert_eq!(victims.body["total"], 3, "{}", victims.body);
    let report = app
        .get(
            &format!("/api/v1/events/{}/report", world.event_id),
            Some(officer),
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert_eq!(report.body["persons"]["recognized"], 3, "{}", report.body);
    assert_eq!(report.body["persons"]["refused"], 1, "{}", report.body);
    receive_all(&app, &world, ["1000", "1000", "1000", "1000"]).await;
    let list = app
        .post(
            "/api/v1/distribution-lists",
            &new_list(&world),
            Some(officer),
        )
        .await;
    assert_eq!(list.status, StatusCode::CREATED, "{}", list.body);
    let persons: i64 = list.body["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|row| row["persons"].as_i64())
        .sum();
    assert_eq!(persons, 3, "{}", list.body);
}

/// A person recognised twice before the identity rule (here: the rows that
/// rule writes removed between the two decisions, as data of that time
/// lacks them) is listed by `relief check recognitions`, which then exits
/// non-zero; before that it finds nobody and exits 0. It names
/// applications and people, never their identifiers.
#[actix_web::test]
async fn relief_check_recognitions_lists_people_recognised_twice() {
    use diesel::connection::SimpleConnection;
    let db = std::rc::Rc::new(crate::support::TestDb::new());
    let app = crate::support::spawn_app_on(db.clone()).await;
    let check = || {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_relief"));
        for var in ["RELIEF_JWT_SECRET", "RELIEF_BIND"] {
            command.env_remove(var);
        }
        command
            .args(["check", "recognitions"])
            .env("DATABASE_URL", &db.url)
            .env(
                "RELIEF_JWT_SECRET",
                "a-secret-of-at-least-thirty-two-characters",
            )
            .output()
            .expect("run relief")
    };
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let mut first_body = distinct_household(event_id, 1);
    first_body["members"][0]["snils"] = snils(40);
    let mut second_body = distinct_household(event_id, 2);
    let mut again = applicant(&first_body);
    again["snils"] = Value::Null;
    second_body["members"][0] = again;
    let (first, second) = inspected_pair(&app, &officer, 1, &first_body, &second_body).await;
    app.resolve_matches(
        &officer,
        event_id,
        first["id"].as_i64().unwrap(),
        "dismissed",
    )
    .await;
    assert_eq!(
        recognize(&app, &officer, &first).await.status,
        StatusCode::OK
    );

    let clean = check();
    let stdout = String::from_utf8_lossy(&clean.stdout);
    assert!(
        clean.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(stdout.contains("nobody"), "{stdout}");

    let mut conn = app.state.pool.get().unwrap();
    conn.batch_execute("DELETE FROM recognized_identifiers")
        .unwrap();
    drop(conn);
    assert_eq!(
        recognize(&app, &officer, &second).await.status,
        StatusCode::OK
    );

    let found = check();
    let stdout = String::from_utf8_lossy(&found.stdout);
    assert!(!found.status.success(), "{stdout}");
    assert!(stdout.contains("BLG2020"), "{stdout}");
    assert!(stdout.contains("recognised 2 times"), "{stdout}");
    for application in [&first, &second] {
        let number = application["registration_number"].as_str().unwrap();
        assert!(stdout.contains(number), "{number} missing: {stdout}");
    }
    for secret in [
        "100001",
        first_body["members"][0]["snils"].as_str().unwrap(),
    ] {
        assert!(!stdout.contains(secret), "{secret} shown: {stdout}");
    }
    assert!(
        String::from_utf8_lossy(&found.stderr).contains("people recognised more than once: 1"),
        "{}",
        String::from_utf8_lossy(&found.stderr)
    );

    // The migration that brought the rule in, run again over such data:
    // it builds the rows of the first recognition and does not fail on
    // the second.
    let backend = if db.url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    let down = std::fs::read_to_string(format!(
        "{}/migrations/{backend}/2026-12-06-000012_recognized_identifiers/down.sql",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut conn = app.state.pool.get().unwrap();
    conn.batch_execute(&down).unwrap();
    conn.batch_execute("DELETE FROM __diesel_schema_migrations WHERE version = '20261206000012'")
        .unwrap();
    drop(conn);
    let migrated = std::process::Command::new(env!("CARGO_BIN_EXE_relief"))
        .args(["migrate"])
        .env("DATABASE_URL", &db.url)
        .env(
            "RELIEF_JWT_SECRET",
            "a-secret-of-at-least-thirty-two-characters",
        )
        .output()
        .expect("run relief migrate");
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let held = app
        .get(
            &format!("/api/v1/applications/{}", first["id"]),
            Some(&officer),
        )
        .await;
    assert_eq!(held.status, StatusCode::OK);
    let mut third_body = distinct_household(event_id, 3);
    third_body["members"][0] = applicant(&first_body);
    let third = inspected(&app, &officer, &third_body, "А-3", "loss_confirmed").await;
    app.resolve_matches(
        &officer,
        event_id,
        third["id"].as_i64().unwrap(),
        "dismissed",
    )
    .await;
    assert_already_recognized(&recognize(&app, &officer, &third).await, &first, "snils");
    assert!(!check().status.success(), "the pair is still reported");
}
