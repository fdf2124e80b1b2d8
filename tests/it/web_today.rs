//! The officer's start page: what waits for an answer, soonest due first;
//! the visits of the coming days by date; open matches; lists to approve.

use actix_web::http::{header, StatusCode};
use actix_web::test as actix_test;
use relief::domain::role::Role;
use serde_json::json;

use crate::distribution::{new_list, world};
use crate::support::{day, distinct_household, spawn_app};
use crate::web_support::{csrf_of, session};

#[actix_web::test]
async fn an_officer_starts_the_day_with_what_is_due_the_visits_the_matches_and_the_drafts() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (_, resident) = app.user_with_token("maria", Role::Resident).await;
    let mut ids = Vec::new();
    for n in 10..13 {
        let filed = app
            .file(&distinct_household(w.event_id, n), &resident)
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
        ids.push(filed.body["id"].as_i64().unwrap());
    }
    let numbers: Vec<String> = {
        let mut out = Vec::new();
        for id in &ids {
            let a = app
                .get(&format!("/api/v1/applications/{id}"), Some(&w.officer))
                .await;
            out.push(a.body["registration_number"].as_str().unwrap().to_owned());
        }
        out
    };
    // The first one's deadline moves ten days on: it is answered last.
    let extended = app
        .post(
            &format!("/api/v1/applications/{}/extend", ids[0]),
            &json!({"days": 10, "reason": "Запрос в Росреестр"}),
            Some(&w.officer),
        )
        .await;
    assert_eq!(extended.status, StatusCode::OK, "{}", extended.body);
    for (id, on, who) in [(ids[1], day(0), "Петрова"), (ids[2], day(3), "Сидорова")]
    {
        let scheduled = app
            .post(
                &format!("/api/v1/applications/{id}/inspections"),
                &json!({"scheduled_on": on, "inspectors": [who]}),
                Some(&w.officer),
            )
            .await;
        assert_eq!(scheduled.status, StatusCode::OK, "{}", scheduled.body);
    }
    // The same household again: an open match.
    let again = app
        .file(&distinct_household(w.event_id, 10), &w.officer)
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    let draft = app
        .post(
            "/api/v1/distribution-lists",
            &new_list(&w),
            Some(&w.officer),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);

    let (status, _, html) = get_page!(app, "/today", &w.officer);
    assert_eq!(status, StatusCode::OK);
    let awaiting =
        &html[html.find("id=\"awaiting\"").unwrap()..html.find("id=\"visits\"").unwrap()];
    let at = |number: &str| {
        awaiting
            .find(number)
            .unwrap_or_else(|| panic!("{number} in {awaiting}"))
    };
    assert!(
        at(&numbers[1]) < at(&numbers[0]),
        "the extended one comes after"
    );
    assert!(at(&numbers[2]) < at(&numbers[0]));
    assert!(
        !awaiting.contains("BLG2020-00001<"),
        "the decided one is not waiting"
    );
    assert!(html.contains("Ждут ответа: <strong>4</strong>"), "{html}");
    assert!(html.contains("Открытых совпадений: <strong>"));
    assert!(!html.contains("Открытых совпадений: <strong>0</strong>"));
    assert!(html.contains("Списков ждут утверждения: <strong>1</strong>"));
    assert!(html.contains(&format!("href=\"/lists/{}\"", draft.body["id"])));
    let visits = &html[html.find("id=\"visits\"").unwrap()..html.find("id=\"drafts\"").unwrap()];
    let today = visits
        .find(&day(0).format("%d.%m.%Y").to_string())
        .expect("today's date");
    let later = visits
        .find(&day(3).format("%d.%m.%Y").to_string())
        .expect("a later date");
    assert!(today < later, "grouped by date, the earliest first");
    let petrova = visits.find("Петрова").unwrap();
    let sidorova = visits.find("Сидорова").unwrap();
    assert!(
        today < petrova && petrova < later && later < sidorova,
        "{visits}"
    );

    // An officer lands here after signing in; a resident may not see it.
    let (_, headers, login) = call!(app, actix_test::TestRequest::get().uri("/login"));
    let seed = crate::web_support::set_cookies(&headers)
        .into_iter()
        .find(|c| c.starts_with("relief_seed="))
        .and_then(|c| c.split(';').next().map(str::to_owned))
        .unwrap();
    let form = format!(
        "_csrf={}&login=officer&password={}",
        csrf_of(&login),
        crate::support::PASSWORD
    );
    let (status, headers, _) = call!(
        app,
        actix_test::TestRequest::post()
            .uri("/login")
            .insert_header(("Cookie", seed))
            .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
            .set_payload(form)
    );
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/today");
    let (status, _, _) = get_page!(app, "/today", &resident);
    assert_eq!(status, StatusCode::FORBIDDEN);
}
