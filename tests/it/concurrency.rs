use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use futures::future::join_all;

use crate::support::{distinct_household, spawn_app};
use relief::domain::role::Role;

/// 200 filings from 16 parallel clients into one event: the registration
/// numbers must be exactly 1..=200, no gap, no repeat.
#[actix_web::test]
async fn registration_numbers_are_gapless_under_concurrency() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("CONC").await;
    let mut tokens = Vec::new();
    for client in 0..16 {
        tokens.push(
            app.user_with_token(&format!("client{client}"), Role::Resident)
                .await
                .1,
        );
    }
    let app = &app;
    let clients = tokens.iter().enumerate().map(|(client, token)| async move {
        let share = if client < 200 % 16 {
            200 / 16 + 1
        } else {
            200 / 16
        };
        let mut numbers = Vec::new();
        for i in 0..share {
            let household = distinct_household(event_id, (client * 100 + i) as u32);
            // Sixteen households filing from sixteen addresses.
            let peer = format!("192.0.2.{}:4000", client + 1);
            let response = app.file_from(&household, token, &peer).await;
            assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
            numbers.push(
                response.body["registration_number"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
        numbers
    });
    let numbers: Vec<String> = join_all(clients).await.into_iter().flatten().collect();
    assert_eq!(numbers.len(), 200);
    let unique: BTreeSet<&String> = numbers.iter().collect();
    let expected: BTreeSet<String> = (1..=200).map(|n| format!("CONC-{n:05}")).collect();
    assert_eq!(unique, expected.iter().collect());
    assert_eq!(app.application_count(&admin).await, 200);
    let matches = app
        .get(
            &format!("/api/v1/events/{event_id}/duplicates"),
            Some(&admin),
        )
        .await;
    assert_eq!(matches.body["total"], 0, "the households are distinct");
}
