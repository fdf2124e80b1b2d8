//! `relief demo` replays the 2020 flood through the services: exactly the
//! city's figures, and an event report that agrees with direct counts.

use actix_web::http::StatusCode;
use diesel::dsl::count_star;
use diesel::prelude::*;
use serde_json::Value;

use crate::pdf::{keep_sample, Pdf};
use crate::support::spawn_app;
use relief::db::schema::{
    applications, distribution_lists, distribution_row_items, distribution_rows, duplicate_matches,
    member_decisions, members, stock_ledger,
};
use relief::demo;

fn kg(value: &Value) -> f64 {
    value.as_str().unwrap().parse().unwrap()
}

#[actix_web::test]
async fn the_demo_yields_the_2020_figures_and_the_report_agrees_with_the_database() {
    let app = spawn_app().await;
    let mut conn = app.state.pool.get().unwrap();
    let summary = demo::load(&mut conn).expect("demo loads");
    let event_id = summary.event_id;
    // A second load is refused rather than doubling everything.
    assert_eq!(
        demo::load(&mut conn).err().map(|e| e.code()),
        Some("demo_loaded")
    );

    // Counted straight from the tables.
    let applications: i64 = applications::table
        .filter(applications::event_id.eq(event_id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let decisions: Vec<(String, i64)> = member_decisions::table
        .filter(member_decisions::event_id.eq(event_id))
        .group_by(member_decisions::outcome)
        .select((member_decisions::outcome, count_star()))
        .load(&mut conn)
        .unwrap();
    let recognized = decisions
        .iter()
        .find(|(o, _)| o == "recognized")
        .map_or(0, |d| d.1);
    let refused = decisions
        .iter()
        .find(|(o, _)| o == "refused")
        .map_or(0, |d| d.1);
    // A person claimed twice, once with a SNILS and once without, is
    // refused as a duplicate beside the same passport recognised before,
    // and nobody is recognised twice under the identity rule.
    let refused_with_snils: i64 = member_decisions::table
        .inner_join(members::table.on(members::id.eq(member_decisions::member_id)))
        .filter(member_decisions::event_id.eq(event_id))
        .filter(member_decisions::reason.eq("duplicate"))
        .filter(members::snils.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(refused_with_snils > 0, "no repeat with a SNILS was planted");
    let recognized_without_snils: i64 = member_decisions::table
        .inner_join(members::table.on(members::id.eq(member_decisions::member_id)))
        .filter(member_decisions::event_id.eq(event_id))
        .filter(member_decisions::outcome.eq("recognized"))
        .filter(members::snils.is_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(recognized_without_snils > 0);
    let twice = relief::service::recognitions::check(&mut conn).unwrap();
    assert!(twice.is_empty(), "recognised twice: {twice:?}");
    let duplicates: i64 = duplicate_matches::table
        .filter(duplicate_matches::event_id.eq(event_id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let issued_rows: Vec<(i64, i64)> = distribution_row_items::table
        .inner_join(
            distribution_rows::table.on(distribution_rows::id.eq(distribution_row_items::row_id)),
        )
        .inner_join(
            distribution_lists::table.on(distribution_lists::id.eq(distribution_rows::list_id)),
        )
        .filter(distribution_lists::event_id.eq(event_id))
        .filter(distribution_rows::status.eq("issued"))
        .select((
            distribution_row_items::item_id,
            distribution_row_items::grams,
        ))
        .load(&mut conn)
        .unwrap();
    let receipts: Vec<(i64, i64)> = stock_ledger::table
        .filter(stock_ledger::kind.eq("receipt"))
        .select((stock_ledger::item_id, stock_ledger::on_hand_grams))
        .load(&mut conn)
        .unwrap();
    let rows: i64 = distribution_rows::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    drop(conn);
    assert_eq!(applications, 633);
    assert_eq!(recognized, 1815);
    assert!(refused > 0 && duplicates > 0);

    // Each demo user signs in with the printed password.
    for user in &demo::USERS {
        let login = app.login(user.login, user.password).await;
        assert_eq!(login.status, StatusCode::OK, "{}", user.login);
    }
    let officer = app.login("demo-officer", "demo-officer-2020").await.body["token"]
        .as_str()
        .unwrap()
        .to_owned();

    // A newcomer can file today: the demo also has an event whose intake
    // is open now, with the same norms, and the demo resident can file there.
    let events = app.get("/api/v1/events", Some(&officer)).await.body;
    let practice = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "PRACTICE")
        .expect("the practice event");
    let practice_id = practice["id"].as_i64().unwrap();
    let norms = app
        .get(
            &format!("/api/v1/events/{practice_id}/norms"),
            Some(&officer),
        )
        .await;
    assert_eq!(norms.body.as_array().map(Vec::len), Some(4));
    let resident = app.login("demo-resident", "demo-resident-2020").await.body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let filed = app
        .file(&crate::support::application_body(practice_id), &resident)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    // …and the officer can take a household on it all the way to an
    // approved list: the demo keeps spare stock for that.
    // Another household than the resident's: the same people again would
    // be held by the open duplicate match.
    let household = crate::support::distinct_household(practice_id, 1);
    let inspected =
        crate::review::inspected(&app, &officer, &household, "У-1", "loss_confirmed").await;
    let id = inspected["id"].as_i64().unwrap();
    let decided = app
        .post(
            &format!("/api/v1/applications/{id}/decision"),
            &crate::review::all_members(&inspected, "recognized", None),
            Some(&officer),
        )
        .await;
    assert_eq!(decided.body["outcome"], "approved", "{}", decided.body);
    let list = app
        .post(
            "/api/v1/distribution-lists",
            &serde_json::json!({
                "event_id": practice_id, "warehouse_id": 1,
                "pickup_from": crate::support::day(1), "pickup_until": crate::support::day(8),
                "application_ids": [id],
            }),
            Some(&officer),
        )
        .await;
    assert_eq!(list.status, StatusCode::CREATED, "{}", list.body);
    let approved = app
        .post(
            &format!("/api/v1/distribution-lists/{}/approve", list.body["id"]),
            &serde_json::json!({}),
            Some(&officer),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);

    let report = app
        .get(&format!("/api/v1/events/{event_id}/report"), Some(&officer))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let r = &report.body;
    assert_eq!(r["applications"]["total"], applications);
    assert_eq!(r["applications"]["decided"], applications);
    let by_channel: i64 = r["applications"]["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    let by_week: i64 = r["applications"]["by_week"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!((by_channel, by_week), (633, 633));
    assert_eq!(r["persons"]["recognized"], recognized);
    assert_eq!(r["persons"]["refused"], refused);
    let reasons: i64 = r["refusals_by_reason"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(reasons, refused);
    assert_eq!(r["duplicates"]["found"], duplicates);
    let items = r["items"].as_array().unwrap();
    let due: f64 = items.iter().map(|i| kg(&i["due_kg"])).sum();
    assert_eq!(due, 163_350.0);
    for item in items {
        let id = item["item_id"].as_i64().unwrap();
        let issued: i64 = issued_rows
            .iter()
            .filter(|(i, _)| *i == id)
            .map(|(_, g)| g)
            .sum();
        let received: i64 = receipts
            .iter()
            .filter(|(i, _)| *i == id)
            .map(|(_, g)| g)
            .sum();
        assert_eq!(kg(&item["issued_kg"]), issued as f64 / 1000.0);
        assert_eq!(kg(&item["received_kg"]), received as f64 / 1000.0);
    }
    let listed: i64 = r["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rows"].as_i64().unwrap())
        .sum();
    assert_eq!(listed, rows);
    assert!(kg(&r["aid_value_rub"]) > 0.0);

    // The same figures as CSV and on paper, in Russian.
    let (status, _, csv) = app
        .get_bytes(
            &format!("/api/v1/events/{event_id}/report?format=csv"),
            Some(&officer),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(csv.to_vec()).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("applications;total;633\r\n"));
    assert!(csv.contains(&format!("persons;recognized;{recognized}\r\n")));
    let (status, _, bytes) = app
        .get_bytes(
            &format!("/api/v1/events/{event_id}/report.pdf"),
            Some(&officer),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let pdf = Pdf::parse(&bytes);
    pdf.assert_numbered();
    let expected = [
        "поступило 633 заявления".to_owned(),
        "Признаны пострадавшими 1 815 граждан".to_owned(),
        "163 350".to_owned(),
    ];
    for text in &expected {
        assert_eq!(pdf.count(text), 1, "{text}");
    }
    keep_sample("report", &bytes, &expected);

    // Residents and warehouses get no report.
    let keeper = app.login("demo-sklad", "demo-sklad-2020").await.body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.get(&format!("/api/v1/events/{event_id}/report"), Some(&keeper))
        .await
        .assert_error(403, "forbidden");
    app.get("/api/v1/events/999999/report", Some(&officer))
        .await
        .assert_error(404, "not_found");
}

#[actix_web::test]
async fn the_demo_loads_only_into_an_empty_database() {
    let app = spawn_app().await;
    app.create_user("real-officer", relief::domain::role::Role::Officer)
        .await;
    let mut conn = app.state.pool.get().unwrap();
    assert_eq!(
        demo::load(&mut conn).err().map(|e| e.code()),
        Some("database_not_empty")
    );
    assert!(!demo::is_loaded(&mut conn).unwrap(), "nothing was loaded");
}

/// On PostgreSQL the demo's public passwords need an explicit flag.
#[test]
fn the_demo_command_refuses_postgres_without_the_flag() {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("TEST_DATABASE_URL is not set: this runs in the PostgreSQL pass");
        return;
    };
    let db = crate::support::TestDb::postgres(&base);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_relief"))
        .args(["demo"])
        .env("DATABASE_URL", &db.url)
        .env("RELIEF_JWT_SECRET", crate::support::TEST_SECRET)
        .output()
        .expect("relief demo");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--on-postgres"), "{stderr}");
}
