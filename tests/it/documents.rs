//! The four printed documents over HTTP: each opens, has the expected
//! pages, shows every name, number and date of its data (each person as
//! often as the layout names them), and is served only to those allowed.

use actix_web::http::{header, StatusCode};
use serde_json::{json, Value};

use crate::distribution::{approved_list, world};
use crate::pdf::{keep_sample, Pdf};
use crate::review::{all_members, inspected};
use crate::stock::{storekeeper, warehouse};
use crate::support::{application_body, child_member, day, spawn_app, TestApp};
use relief::domain::role::Role;

const LONG_NAME: [&str; 3] = [
    "Константинопольская-Преображенская",
    "Александра-Виктория",
    "Вениаминовна",
];

fn date(value: &Value) -> String {
    let day = chrono::NaiveDate::parse_from_str(value.as_str().unwrap(), "%Y-%m-%d").unwrap();
    day.format("%d.%m.%Y").to_string()
}

fn full_name(member: &Value) -> String {
    [
        &member["last_name"],
        &member["first_name"],
        &member["patronymic"],
    ]
    .iter()
    .filter_map(|v| v.as_str())
    .collect::<Vec<_>>()
    .join(" ")
}

async fn pdf_of<S, B>(app: &TestApp<S>, path: &str, token: &str) -> (Pdf, Vec<u8>, String)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (status, headers, bytes) = app.get_bytes(path, Some(token)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(
        headers.get(header::CONTENT_TYPE).unwrap(),
        "application/pdf"
    );
    let disposition = headers
        .get(header::CONTENT_DISPOSITION)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.is_ascii(), "{disposition}");
    (Pdf::parse(&bytes), bytes.to_vec(), disposition)
}

#[actix_web::test]
async fn the_receipt_shows_the_registration_and_household_to_its_filer_only() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    let (_, other) = app.user_with_token("neighbour", Role::Resident).await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let (_, keeper) = app.user_with_token("keeper", Role::Warehouse).await;
    let mut body = application_body(event_id);
    let mut long = child_member(LONG_NAME[0], LONG_NAME[1]);
    long["patronymic"] = json!(LONG_NAME[2]);
    long["relationship"] = json!("grandchild");
    body["members"].as_array_mut().unwrap().push(long);
    let filed = app.file(&body, &resident).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let application = filed.body;
    let id = application["id"].as_i64().unwrap();
    let number = application["registration_number"].as_str().unwrap();
    let path = format!("/api/v1/applications/{id}/receipt.pdf");

    let (pdf, bytes, disposition) = pdf_of(&app, &path, &resident).await;
    assert_eq!(
        disposition,
        format!("attachment; filename=\"receipt-{number}.pdf\"")
    );
    assert_eq!(pdf.pages.len(), 1);
    pdf.assert_numbered();
    let registered =
        chrono::DateTime::parse_from_rfc3339(application["registered_at"].as_str().unwrap())
            .unwrap()
            .format("%d.%m.%Y")
            .to_string();
    let mut expected = vec![
        number.to_owned(),
        format!("{number} от {registered}"),
        "сайт администрации".to_owned(),
        "+79141234567".to_owned(),
        application["postal_address"].as_str().unwrap().to_owned(),
        application["property_address"].as_str().unwrap().to_owned(),
        "28:01:0130123:456".to_owned(),
        format!(
            "Ответ будет дан не позднее {}",
            date(&application["answer_due_on"])
        ),
        "Паспорт РФ 1005 123456 (член семьи № 1)".to_owned(),
        "Свидетельство о рождении III-ОТ 654321 (член семьи № 2)".to_owned(),
    ];
    for member in application["members"].as_array().unwrap() {
        expected.push(date(&member["birth_date"]));
    }
    for text in &expected {
        assert!(pdf.count(text) >= 1, "{text} missing");
    }
    let members = application["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    // The applicant is named as such and in the household table; everyone
    // else once, in the table. The long name is whole.
    assert_eq!(pdf.count(&full_name(&members[0])), 2);
    assert_eq!(pdf.count(&full_name(&members[1])), 1);
    assert_eq!(pdf.count(&LONG_NAME.join(" ")), 1);
    assert_eq!(pdf.count("внук (внучка)"), 1);
    keep_sample("receipt", &bytes, &expected);

    // Officers print it too; another resident cannot learn it exists, and a
    // warehouse has no business with applications.
    pdf_of(&app, &path, &officer).await;
    let (status, _, _) = app.get_bytes(&path, Some(&other)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.get(&path, Some(&other))
        .await
        .assert_error(404, "not_found");
    app.get(&path, Some(&keeper))
        .await
        .assert_error(403, "forbidden");
    app.get(&path, None).await.assert_error(401, "unauthorized");
    app.get("/api/v1/applications/999999/receipt.pdf", Some(&officer))
        .await
        .assert_error(404, "not_found");
}

#[actix_web::test]
async fn the_sheet_matches_its_list_and_stays_with_its_warehouse() {
    let app = spawn_app().await;
    let world = world(&app, 3).await;
    let approved = approved_list(&app, &world).await;
    let id = approved["id"].as_i64().unwrap();
    let rows = approved["rows"].as_array().unwrap().clone();
    let issue = |row: &Value| format!("/api/v1/distribution-lists/{id}/rows/{}/issue", row["id"]);
    let first = app
        .post(
            &issue(&rows[0]),
            &json!({"received_by": "recipient"}),
            Some(&world.keeper),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let proxy = app
        .post(
            &issue(&rows[1]),
            &json!({"received_by": "proxy", "proxy_full_name": "Сидоров Семён Ильич", "proxy_document": "паспорт 1010 222333", "power_of_attorney_number": "Д-17"}),
            Some(&world.keeper),
        )
        .await;
    assert_eq!(proxy.status, StatusCode::OK, "{}", proxy.body);

    let path = format!("/api/v1/distribution-lists/{id}/sheet.pdf");
    let (pdf, bytes, disposition) = pdf_of(&app, &path, &world.keeper).await;
    assert_eq!(disposition, "attachment; filename=\"sheet-BLG2020-1.pdf\"");
    assert_eq!(pdf.pages.len(), 1);
    pdf.assert_numbered();
    let mut expected = vec![
        "ВЕДОМОСТЬ ВЫДАЧИ № 1".to_owned(),
        "База №1".to_owned(),
        format!(
            "с {} по {}",
            day(1).format("%d.%m.%Y"),
            day(14).format("%d.%m.%Y")
        ),
    ];
    for row in &rows {
        let name = row["recipient_full_name"].as_str().unwrap();
        assert_eq!(pdf.count(name), 1, "{name}");
        assert_eq!(pdf.count(row["registration_number"].as_str().unwrap()), 1);
        assert!(pdf.count(row["address"].as_str().unwrap()) >= 1);
        expected.push(row["registration_number"].as_str().unwrap().to_owned());
        expected.push(name.to_owned());
    }
    // Two rows issued, one of them to a proxy, on today's date.
    let today = day(0).format("%d.%m.%Y").to_string();
    assert_eq!(pdf.count(&format!("выдано{today}")), 2);
    assert_eq!(pdf.count("выдано: 2; не выдано: 1."), 1);
    assert_eq!(pdf.count("по доверенности: Сидоров Семён Ильич"), 1);
    // The totals row is the sum of the rows in the list's own JSON.
    let persons: i64 = rows.iter().map(|r| r["persons"].as_i64().unwrap()).sum();
    let mut totals = format!("Итого{persons}");
    for index in 0..4 {
        let grams: i64 = rows
            .iter()
            .map(|r| {
                let kg: f64 = r["items"][index]["kg"].as_str().unwrap().parse().unwrap();
                (kg * 1000.0).round() as i64
            })
            .sum();
        totals.push_str(&relief::domain::wording::kg(grams).replace(' ', ""));
    }
    assert_eq!(totals, "Итого63001206060");
    assert_eq!(pdf.count(&totals), 1, "{totals}");
    expected.push("Итого".to_owned());
    keep_sample("sheet", &bytes, &expected);

    // Staff print it; another warehouse cannot see it exists; residents
    // are not aid staff.
    pdf_of(&app, &path, &world.officer).await;
    pdf_of(&app, &path, &world.admin).await;
    let other_store = warehouse(&app, &world.admin, "База №2").await;
    let other_keeper = storekeeper(&app, &world.admin, "keeper2", other_store).await;
    app.get(&path, Some(&other_keeper))
        .await
        .assert_error(404, "not_found");
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    app.get(&path, Some(&resident))
        .await
        .assert_error(403, "forbidden");
    app.get(
        "/api/v1/distribution-lists/999999/sheet.pdf",
        Some(&world.officer),
    )
    .await
    .assert_error(404, "not_found");
}

#[actix_web::test]
async fn the_victims_list_names_every_recognised_person_once_with_aid_due() {
    let app = spawn_app().await;
    let world = world(&app, 3).await;
    let victims = app
        .get(
            &format!("/api/v1/events/{}/victims?per_page=200", world.event_id),
            Some(&world.officer),
        )
        .await;
    let people = victims.body["items"].as_array().unwrap().clone();
    assert_eq!(people.len(), 6);
    let path = format!("/api/v1/events/{}/victims.pdf", world.event_id);
    let (pdf, bytes, disposition) = pdf_of(&app, &path, &world.officer).await;
    assert_eq!(disposition, "attachment; filename=\"victims-BLG2020.pdf\"");
    assert_eq!(pdf.pages.len(), 1);
    pdf.assert_numbered();
    assert_eq!(pdf.count("УТВЕРЖДАЮ"), 1);
    let mut expected = vec!["УТВЕРЖДАЮ".to_owned()];
    for (index, person) in people.iter().enumerate() {
        let name = person["full_name"].as_str().unwrap();
        assert_eq!(pdf.count(name), 1, "{name}");
        // The row reads: number, name, birth date, address, application, kg.
        let row = format!(
            "{}{name}{}{}{}90",
            index + 1,
            date(&person["birth_date"]),
            person["registration_address"].as_str().unwrap(),
            person["registration_number"].as_str().unwrap()
        );
        assert_eq!(pdf.count(&row), 1, "{row}");
        expected.push(name.to_owned());
    }
    assert_eq!(pdf.count("Итого: 6 человек 540"), 1);
    keep_sample("victims", &bytes, &expected);

    let (_, resident) = app.user_with_token("resident", Role::Resident).await;
    app.get(&path, Some(&resident))
        .await
        .assert_error(403, "forbidden");
    app.get(&path, Some(&world.keeper))
        .await
        .assert_error(403, "forbidden");
    app.get("/api/v1/events/999999/victims.pdf", Some(&world.officer))
        .await
        .assert_error(404, "not_found");
}

#[actix_web::test]
async fn the_decision_notice_explains_each_refusal_and_says_where_to_collect() {
    let app = spawn_app().await;
    let world = world(&app, 1).await;
    // A second household: the applicant recognised, the child refused.
    let mut body = crate::support::distinct_household(world.event_id, 7);
    body["members"][1]["lives_at_property"] = json!(false);
    let application = inspected(&app, &world.officer, &body, "А-77", "loss_confirmed").await;
    let id = application["id"].as_i64().unwrap();
    let path = format!("/api/v1/applications/{id}/decision.pdf");
    // Not decided yet: nothing to notify.
    let early = app.get(&path, Some(&world.officer)).await;
    early.assert_error(409, "invalid_state");
    assert_eq!(early.body["error"]["current_status"], "inspected");

    let mut decision = all_members(&application, "recognized", None);
    decision["members"][1] = json!({
        "member_id": application["members"][1]["id"],
        "outcome": "refused",
        "reason": "not_living_at_property",
        "comment": "Проживает в г. Свободный.",
    });
    let decided = app
        .post(
            &format!("/api/v1/applications/{id}/decision"),
            &decision,
            Some(&world.officer),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    let number = decided.body["registration_number"]
        .as_str()
        .unwrap()
        .to_owned();

    let (pdf, bytes, disposition) = pdf_of(&app, &path, &world.officer).await;
    assert_eq!(
        disposition,
        format!("attachment; filename=\"decision-{number}.pdf\"")
    );
    assert_eq!(pdf.pages.len(), 1);
    pdf.assert_numbered();
    let members = decided.body["members"].as_array().unwrap();
    // The applicant heads the letter and is in the table; the child once.
    assert_eq!(pdf.count(&full_name(&members[0])), 2);
    assert_eq!(pdf.count(&full_name(&members[1])), 1);
    let expected = [
        number.clone(),
        "заявление удовлетворено частично".to_owned(),
        "протокол № П-1".to_owned(),
        full_name(&members[1]),
    ];
    for text in &expected {
        assert!(pdf.count(text) >= 1, "{text} missing");
    }
    assert_eq!(pdf.count("П-1"), 1);
    assert_eq!(pdf.count("признан(а) пострадавшим(ей)"), 1);
    assert_eq!(
        pdf.count(
            "Гражданин не проживает постоянно в пострадавшем жилом доме. Проживает в г. Свободный."
        ),
        1
    );
    assert_eq!(pdf.count("Вам сообщат дополнительно"), 1);
    keep_sample("decision", &bytes, &expected);

    // On an approved list, the notice says where and when to collect.
    let approved = approved_list(&app, &world).await;
    let list_id = approved["id"].as_i64().unwrap();
    let (pdf, _, _) = pdf_of(&app, &path, &world.officer).await;
    let window = format!(
        "с {} по {} на складе «База №1»",
        day(1).format("%d.%m.%Y"),
        day(14).format("%d.%m.%Y")
    );
    assert_eq!(pdf.count(&window), 1, "{}", pdf.text());
    assert_eq!(pdf.count("ведомость № 1"), 1);
    assert_eq!(pdf.count("Вам сообщат дополнительно"), 0);

    // Once collected, it says so.
    let row = approved["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["application_id"] == id)
        .unwrap()
        .clone();
    let issued = app
        .post(
            &format!(
                "/api/v1/distribution-lists/{list_id}/rows/{}/issue",
                row["id"]
            ),
            &json!({"received_by": "recipient"}),
            Some(&world.keeper),
        )
        .await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
    let (pdf, _, _) = pdf_of(&app, &path, &world.officer).await;
    assert_eq!(
        pdf.count(&format!("Помощь выдана {}", day(0).format("%d.%m.%Y"))),
        1
    );
    app.get(&path, Some(&world.keeper))
        .await
        .assert_error(403, "forbidden");
}
