//! `relief bench replay` against a real server on a loopback port: every
//! phase runs through HTTP and leaves its mark in the database.

use diesel::prelude::*;

use crate::support::{spawn_app, PASSWORD};
use relief::db::schema::{applications, distribution_rows, events, member_decisions};
use relief::domain::role::Role;

#[actix_web::test]
async fn the_replay_drives_every_phase_through_the_api() {
    let app = spawn_app().await;
    app.create_user("chief", Role::Admin).await;
    let state = app.state.clone();
    let server = actix_web::HttpServer::new(move || relief::build_app(state.clone()))
        .workers(2)
        .bind("127.0.0.1:0")
        .unwrap();
    let address = server.addrs()[0];
    let running = server.run();
    let handle = running.handle();
    actix_web::rt::spawn(running);

    let phases = relief::replay::run(relief::replay::Options {
        url: format!("http://{address}"),
        applications: 24,
        concurrency: 4,
        admin_login: "chief".into(),
        admin_password: PASSWORD.into(),
    })
    .await
    .expect("replay");
    handle.stop(true).await;

    let names: Vec<&str> = phases.iter().map(|p| p.name).collect();
    assert_eq!(
        names,
        [
            "filing",
            "inspection",
            "decision",
            "lists",
            "issue",
            "report"
        ]
    );
    let requests: Vec<usize> = phases.iter().map(|p| p.requests).collect();
    // 4 receipts, then one list of 24 rows created and approved.
    assert_eq!(requests, [24, 48, 24, 6, 24, 10]);
    for phase in &phases {
        assert!(
            phase.p50 > 0.0 && phase.p50 <= phase.p95 && phase.p95 <= phase.p99,
            "{phase:?}"
        );
    }

    let mut conn = app.state.pool.get().unwrap();
    let event: i64 = events::table
        .filter(events::code.like("RPL%"))
        .select(events::id)
        .first(&mut conn)
        .unwrap();
    let decided: i64 = applications::table
        .filter(applications::event_id.eq(event))
        .filter(applications::status.eq("decided"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let recognized: i64 = member_decisions::table
        .filter(member_decisions::event_id.eq(event))
        .filter(member_decisions::outcome.eq("recognized"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let issued: i64 = distribution_rows::table
        .filter(distribution_rows::status.eq("issued"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(decided, 24);
    assert!(recognized >= 24);
    assert_eq!(issued, 24);
}

/// Each household the replay files has its own plot, so none is held as a
/// repeat of another (a `property` match) at any scale it is run at.
#[test]
fn the_replayed_households_have_a_plot_each() {
    let count = 2 * 633;
    let bodies = relief::replay::households(
        count,
        1,
        chrono::NaiveDate::from_ymd_opt(2020, 9, 1).unwrap(),
    );
    let text = |body: &serde_json::Value, field: &str| body[field].as_str().map(str::to_owned);
    let addresses: std::collections::HashSet<String> = bodies
        .iter()
        .filter_map(|b| text(b, "property_address"))
        .map(|a| relief::domain::property::address_key(&a))
        .collect();
    let cadastral: std::collections::HashSet<String> = bodies
        .iter()
        .filter_map(|b| text(b, "cadastral_number"))
        .collect();
    assert_eq!(addresses.len(), count);
    assert_eq!(cadastral.len(), count);
}
