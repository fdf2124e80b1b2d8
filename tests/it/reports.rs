//! The yearly report: figures counted from a year's events, figures an
//! administrator entered for what the system does not hold, and growth in
//! the wording of the city's own report.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::support::spawn_app;
use relief::domain::role::Role;

fn year(report: &Value, year: i64) -> &Value {
    report["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == year)
        .unwrap()
}

fn comparison<'a>(report: &'a Value, metric: &str, to_year: i64) -> Option<&'a Value> {
    report["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["metric"] == metric && c["to_year"] == to_year)
}

#[actix_web::test]
async fn the_annual_report_compares_counted_and_entered_years() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    // An event of 2020 with two paper applications registered late.
    let event = app
        .post(
            "/api/v1/events",
            &json!({"code": "BLG2020", "title": "Подтопление 18.08.2020", "municipality": "г. Благовещенск",
                    "emergency_declared_on": "2020-08-18", "intake_opens_on": "2020-09-21", "intake_closes_on": "2020-11-01"}),
            Some(&admin),
        )
        .await;
    assert_eq!(event.status, StatusCode::CREATED, "{}", event.body);
    let event_id = event.body["id"].as_i64().unwrap();
    for n in 0..2 {
        let mut body = crate::support::distinct_household(event_id, n);
        body["late_reason"] = json!("Заявление поступило по почте после срока");
        let filed = app.file(&body, &officer).await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    }

    let counted = app
        .get("/api/v1/reports/annual?year=2020", Some(&officer))
        .await;
    assert_eq!(counted.status, StatusCode::OK, "{}", counted.body);
    assert_eq!(
        year(&counted.body, 2020)["appeals"],
        json!({"value": 2, "source": "system"})
    );
    assert_eq!(
        year(&counted.body, 2020)["recognized"],
        json!({"value": 0, "source": "system"})
    );
    assert_eq!(year(&counted.body, 2019)["appeals"], Value::Null);
    assert_eq!(counted.body["comparisons"], json!([]));

    // The city's figures for the years and subjects the system lacks.
    for (y, figures) in [
        (2018, json!({"appeals": 4110})),
        (2019, json!({"appeals": 4583, "examined_on_site": 481})),
        (2020, json!({"appeals": 5218, "examined_on_site": 596})),
    ] {
        let request = actix_web::test::TestRequest::put()
            .uri(&format!("/api/v1/reports/annual/{y}"))
            .set_json(&figures);
        let entered = app
            .send(crate::support::with_token(request, Some(&admin)))
            .await;
        assert_eq!(entered.status, StatusCode::OK, "{}", entered.body);
    }
    let report = app
        .get("/api/v1/reports/annual?year=2020", Some(&officer))
        .await;
    let r = &report.body;
    assert_eq!(
        year(r, 2018)["appeals"],
        json!({"value": 4110, "source": "entered"})
    );
    assert_eq!(
        year(r, 2020)["appeals"],
        json!({"value": 5218, "source": "entered"})
    );
    assert_eq!(
        year(r, 2020)["recognized"],
        json!({"value": 0, "source": "system"})
    );
    assert_eq!(year(r, 2018)["examined_on_site"], Value::Null);
    let appeals = comparison(r, "appeals", 2020).unwrap();
    assert_eq!(appeals["absolute"], 635);
    assert_eq!(appeals["percent"], "13.8");
    assert_eq!(
        appeals["text"],
        "Рост количества обращений составил 13,8 % или 635 обращений"
    );
    assert_eq!(
        comparison(r, "appeals", 2019).unwrap()["text"],
        "Рост количества обращений составил 11,5 % или 473 обращения"
    );
    assert_eq!(
        comparison(r, "examined_on_site", 2020).unwrap()["text"],
        "Рост количества обращений, рассмотренных с выездом на место, составил 23,9 % или 115 обращений"
    );
    assert!(
        comparison(r, "examined_on_site", 2019).is_none(),
        "no 2018 figure"
    );
    assert!(
        comparison(r, "recognized", 2020).is_none(),
        "no 2019 figure"
    );

    // Only administrators enter figures, and only sensible ones.
    let put = |y: &str, body: Value, token: &str| {
        let request = actix_web::test::TestRequest::put()
            .uri(&format!("/api/v1/reports/annual/{y}"))
            .set_json(body);
        crate::support::with_token(request, Some(token))
    };
    app.send(put("2020", json!({"appeals": 1}), &officer))
        .await
        .assert_error(403, "forbidden");
    let empty = app.send(put("2020", json!({}), &admin)).await;
    empty.assert_error(422, "validation_failed");
    assert_eq!(
        empty.body["error"]["fields"]["appeals"][0]["code"],
        "nothing_to_enter"
    );
    let negative = app.send(put("2020", json!({"appeals": -5}), &admin)).await;
    negative.assert_error(422, "validation_failed");
    assert!(
        negative.body["error"]["fields"]["appeals"].is_array(),
        "{}",
        negative.body
    );
    app.send(put("1800", json!({"appeals": 5}), &admin))
        .await
        .assert_error(422, "validation_failed");
    app.send(put("2020", json!({"appeals": "many"}), &admin))
        .await
        .assert_error(422, "validation_failed");
    app.get("/api/v1/reports/annual?year=2020", Some(&resident))
        .await
        .assert_error(403, "forbidden");
    app.get("/api/v1/reports/annual", Some(&officer))
        .await
        .assert_error(422, "validation_failed");
    // The entered figure did not change after the refused attempts.
    let again = app
        .get("/api/v1/reports/annual?year=2020", Some(&officer))
        .await;
    assert_eq!(year(&again.body, 2020)["appeals"]["value"], 5218);
}
