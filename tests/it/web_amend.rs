//! A filed application changed from its pages: the filer edits it, adds and
//! removes a member, answers a request for documents and withdraws; the
//! officer requests documents and extends the deadline. Each form runs the
//! API's rules, and a refused one changes nothing.

use actix_web::http::{header, StatusCode};
use actix_web::test as actix_test;
use relief::domain::role::Role;

use crate::support::{application_body, day, spawn_app};
use crate::web_support::{post_form, session};

#[actix_web::test]
async fn a_resident_edits_fields_adds_and_removes_a_member_from_the_pages() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, resident) = app.user_with_token("maria", Role::Resident).await;
    let id = app.file(&application_body(event_id), &resident).await.body["id"]
        .as_i64()
        .unwrap();
    let page = format!("/applications/{id}");
    let (status, _, html) = get_page!(app, &page, &resident);
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("href=\"/applications/{id}/edit\"")));
    assert!(html.contains(&format!("action=\"/applications/{id}/withdraw\"")));

    let edit = format!("/applications/{id}/edit");
    let (status, _, html) = get_page!(app, &edit, &resident);
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("value=\"г. Благовещенск, ул. Зейская, д. 1, кв. 2\""),
        "the form starts from what was filed"
    );
    let (status, headers, _) = post_form(
        &app,
        &resident,
        &edit,
        &edit,
        &[
            ("applicant_phone", "8 (914) 123-45-67"),
            ("postal_address", "г. Благовещенск, ул. Ленина, д. 7"),
            ("property_address", "СНТ «Берёзка», участок 5"),
            ("plot_area_sotka:num", "7,25"),
            ("crops_lost:lines", "картофель\r\nморковь"),
            ("loss_extent", "partial"),
            ("description", "Участок затоплен"),
            // A resident's filing stays a website filing whatever is posted.
            ("channel", "post"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        &format!("/applications/{id}?done=amended")
    );
    let now = app
        .get(&format!("/api/v1/applications/{id}"), Some(&admin))
        .await;
    assert_eq!(
        now.body["postal_address"],
        "г. Благовещенск, ул. Ленина, д. 7"
    );
    assert_eq!(now.body["plot_area_sotka"], "7.25");
    assert_eq!(now.body["crops_lost"][1], "морковь");
    assert_eq!(now.body["loss_extent"], "partial");
    assert_eq!(now.body["members"].as_array().unwrap().len(), 2);

    let child_birth = day(-5 * 366).to_string();
    let certificate_issued = day(-5 * 366 + 10).to_string();
    let member = [
        ("last_name", "Иванова"),
        ("first_name", "Дарья"),
        ("birth_date:date", child_birth.as_str()),
        ("relationship", "child"),
        ("document.type", "birth_certificate"),
        ("document.series", "II-ОТ"),
        ("document.number", "777111"),
        ("document.issued_on:date?", certificate_issued.as_str()),
        ("registered_at_property:bool", "true"),
        ("lives_at_property:bool", "true"),
    ];
    let added = format!("/applications/{id}/members");
    let (status, headers, _) = post_form(&app, &resident, &edit, &added, &member).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        &format!("/applications/{id}/edit?done=member_added")
    );
    let now = app
        .get(&format!("/api/v1/applications/{id}"), Some(&admin))
        .await;
    let members = now.body["members"].as_array().unwrap().clone();
    assert_eq!(members.len(), 3);
    let dasha = members
        .iter()
        .find(|m| m["first_name"] == "Дарья")
        .expect("the member added from the page");

    // A bad certificate number is told beside its field, and adds no one.
    let mut bad = member.to_vec();
    bad[6] = ("document.number", "12");
    bad[1] = ("first_name", "Мария");
    let (status, _, html) = post_form(&app, &resident, &edit, &added, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-document-number-error\""), "{html}");
    assert!(html.contains("value=\"Мария\""), "what was typed is kept");
    let now = app
        .get(&format!("/api/v1/applications/{id}"), Some(&admin))
        .await;
    assert_eq!(now.body["members"].as_array().unwrap().len(), 3);

    let remove = format!("/applications/{id}/members/{}/remove", dasha["id"]);
    let (_, _, html) = get_page!(app, &edit, &resident);
    assert!(html.contains(&format!("action=\"{remove}\"")));
    let (status, _, _) = post_form(&app, &resident, &edit, &remove, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let now = app
        .get(&format!("/api/v1/applications/{id}"), Some(&admin))
        .await;
    assert_eq!(now.body["members"].as_array().unwrap().len(), 2);
    assert_eq!(now.body["channel"], "website");
}

#[actix_web::test]
async fn an_officer_requests_documents_the_resident_answers_and_the_history_keeps_staff_notes_to_staff(
) {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let (_, resident) = app.user_with_token("maria", Role::Resident).await;
    let id = app.file(&application_body(event_id), &resident).await.body["id"]
        .as_i64()
        .unwrap();
    let page = format!("/applications/{id}");
    let (_, _, html) = get_page!(app, &page, &officer);
    assert!(html.contains("id=\"request-documents\""));
    let (status, _, html) = post_form(
        &app,
        &officer,
        &page,
        &format!("/applications/{id}/request-documents"),
        &[("note", "   ")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-note-error\""), "{html}");
    let (status, _, _) = post_form(
        &app,
        &officer,
        &page,
        &format!("/applications/{id}/request-documents"),
        &[("note", "Приложите справку из СНТ о членстве")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (_, _, html) = get_page!(app, &page, &resident);
    assert!(html.contains("id=\"documents-requested\""));
    assert!(html.contains("Приложите справку из СНТ о членстве"));
    assert!(html.contains("Дополнить заявление"));
    let edit = format!("/applications/{id}/edit");
    let (_, _, form) = get_page!(app, &edit, &resident);
    assert!(form.contains("Сохранить и подать повторно"));
    let (status, _, _) = post_form(
        &app,
        &resident,
        &edit,
        &edit,
        &[
            ("applicant_phone", "8 (914) 123-45-67"),
            (
                "postal_address",
                "г. Благовещенск, ул. Зейская, д. 1, кв. 2",
            ),
            ("property_address", "СНТ «Берёзка», участок 5"),
            ("plot_area_sotka:num", "6.5"),
            ("crops_lost:lines", "картофель"),
            ("loss_extent", "full"),
            (
                "description",
                "Справку из СНТ принесу в управление 1 сентября",
            ),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let now = app
        .get(&format!("/api/v1/applications/{id}"), Some(&admin))
        .await;
    assert_eq!(now.body["status"], "submitted", "the answer resubmits");

    // The officer's working notes from a visit stay with the staff.
    let scheduled = app
        .post(
            &format!("/api/v1/applications/{id}/inspections"),
            &serde_json::json!({"scheduled_on": day(0), "inspectors": ["Петрова"]}),
            Some(&officer),
        )
        .await;
    let inspection = scheduled.body["inspections"][0]["id"].as_i64().unwrap();
    let recorded = app
        .post(
            &format!("/api/v1/inspections/{inspection}/result"),
            &serde_json::json!({
                "act_number": "А-7", "inspected_on": day(0), "outcome": "loss_confirmed",
                "loss_extent_found": "full", "notes": "Соседка говорит, что огород заброшен",
                "present_persons": "Сидоров В. В.",
            }),
            Some(&officer),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::OK, "{:?}", recorded.body);
    let history = app
        .get(
            &format!("/api/v1/applications/{id}/history"),
            Some(&resident),
        )
        .await;
    let text = history.body.to_string();
    assert!(text.contains("inspection.recorded"), "{text}");
    assert!(
        text.contains("Приложите справку"),
        "what was asked is theirs"
    );
    assert!(
        !text.contains("заброшен") && !text.contains("Сидоров"),
        "{text}"
    );
    let theirs = app
        .get(&format!("/api/v1/applications/{id}"), Some(&resident))
        .await;
    let text = theirs.body.to_string();
    assert!(text.contains("А-7"), "the act is theirs to know of");
    assert!(
        !text.contains("заброшен") && !text.contains("Сидоров"),
        "{text}"
    );
    let staff = app
        .get(&format!("/api/v1/applications/{id}"), Some(&officer))
        .await;
    assert!(staff.body.to_string().contains("заброшен"));
    let (_, _, html) = get_page!(app, &page, &resident);
    assert!(html.contains("id=\"history\""));
    assert!(html.contains("Запрошены документы: Приложите справку из СНТ о членстве"));
    assert!(!html.contains("заброшен"));
}

#[actix_web::test]
async fn an_officer_extends_the_deadline_once_and_a_resident_withdraws_only_their_own() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let (_, resident) = app.user_with_token("maria", Role::Resident).await;
    let (_, stranger) = app.user_with_token("olga", Role::Resident).await;
    let id = app.file(&application_body(event_id), &resident).await.body["id"]
        .as_i64()
        .unwrap();
    let page = format!("/applications/{id}");
    let extend = format!("/applications/{id}/extend");
    let before = app
        .get(&format!("/api/v1/applications/{id}"), Some(&admin))
        .await;
    let due: chrono::NaiveDate = before.body["answer_due_on"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();

    let (status, _, html) = post_form(
        &app,
        &officer,
        &page,
        &extend,
        &[("days:int", "31"), ("reason", "Запрос в Росреестр")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-days-error\""), "{html}");
    let (status, _, _) = post_form(
        &app,
        &officer,
        &page,
        &extend,
        &[("days:int", "10"), ("reason", "Запрос в Росреестр")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let after = app
        .get(&format!("/api/v1/applications/{id}"), Some(&admin))
        .await;
    assert_eq!(
        after.body["answer_due_on"],
        (due + chrono::Duration::days(10)).to_string()
    );
    let (_, _, html) = get_page!(app, &page, &officer);
    assert!(!html.contains("id=\"extend\""), "only once");
    let (status, _, html) = post_form(
        &app,
        &officer,
        &page,
        &extend,
        &[("days:int", "5"), ("reason", "Ещё раз")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("только один раз"), "{html}");

    // A resident may not extend, and may not withdraw someone else's.
    let (status, _, _) = post_form(
        &app,
        &resident,
        &page,
        &extend,
        &[("days:int", "5"), ("reason", "Хочу")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let withdraw = format!("/applications/{id}/withdraw");
    let (status, _, _) = post_form(&app, &stranger, "/applications", &withdraw, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, headers, _) = post_form(
        &app,
        &resident,
        &page,
        &withdraw,
        &[("reason:?", "Урожай частично спасли")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        &format!("/applications/{id}?done=withdrawn")
    );
    let after = app
        .get(&format!("/api/v1/applications/{id}"), Some(&admin))
        .await;
    assert_eq!(after.body["status"], "withdrawn");
    let (_, _, html) = get_page!(app, &page, &resident);
    assert!(!html.contains("id=\"withdraw\""));
    let (status, headers, _) = get_page!(app, &format!("/applications/{id}/edit"), &resident);
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "a withdrawn one is not edited"
    );
    assert_eq!(headers.get(header::LOCATION).unwrap(), &page);
}

#[actix_web::test]
async fn every_page_names_an_icon_that_is_served() {
    let app = spawn_app().await;
    let (_, resident) = app.user_with_token("maria", Role::Resident).await;
    let (_, _, html) = get_page!(app, "/applications", &resident);
    assert!(html.contains("<link rel=\"icon\" href=\"/favicon.ico\""));
    let (status, headers, body) = call!(app, actix_test::TestRequest::get().uri("/favicon.ico"));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "image/svg+xml");
    assert!(body.starts_with("<svg"));
}

#[actix_web::test]
async fn a_residents_answer_after_a_change_carries_no_staff_notes_either() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let (_, resident) = app.user_with_token("maria", Role::Resident).await;
    let id = app.file(&application_body(event_id), &resident).await.body["id"]
        .as_i64()
        .unwrap();
    let scheduled = app
        .post(
            &format!("/api/v1/applications/{id}/inspections"),
            &serde_json::json!({"scheduled_on": day(0), "inspectors": ["Петрова"]}),
            Some(&officer),
        )
        .await;
    let inspection = scheduled.body["inspections"][0]["id"].as_i64().unwrap();
    // The visit could not take place; the notes say why, for the staff.
    let missed = app
        .post(
            &format!("/api/v1/inspections/{inspection}/result"),
            &serde_json::json!({
                "act_number": "А-8", "inspected_on": day(0), "outcome": "not_possible",
                "notes": "Со слов соседей, хозяйка в отъезде", "present_persons": "Сидоров В. В.",
                "rescheduled_on": day(2),
            }),
            Some(&officer),
        )
        .await;
    assert_eq!(missed.status, StatusCode::OK, "{:?}", missed.body);
    assert!(
        missed.body.to_string().contains("в отъезде"),
        "staff read it"
    );
    let withdrawn = app
        .post(
            &format!("/api/v1/applications/{id}/withdraw"),
            &serde_json::json!({}),
            Some(&resident),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{:?}", withdrawn.body);
    assert_eq!(withdrawn.body["status"], "withdrawn");
    let text = withdrawn.body.to_string();
    assert!(text.contains("А-8"), "{text}");
    assert!(
        !text.contains("в отъезде") && !text.contains("Сидоров"),
        "{text}"
    );
}
