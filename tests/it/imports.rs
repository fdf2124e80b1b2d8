//! Bulk import of a typed register, over HTTP (multipart) and from the
//! command line: the API's validation and duplicate checks, rejects with
//! line numbers and reasons, and nothing filed twice on a second run.

use std::process::Command;

use actix_web::http::StatusCode;
use serde_json::Value;

use crate::support::{spawn_app, spawn_app_on, with_token, TestApp, TestDb};
use relief::domain::role::Role;

const SAMPLE: &str = include_str!("../../fixtures/import-sample.csv");

async fn upload<S, B>(
    app: &TestApp<S>,
    event_id: i64,
    csv: &str,
    token: &str,
) -> crate::support::TestResponse
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let body = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"register.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--XyZ--\r\n"
    );
    let request = actix_web::test::TestRequest::post()
        .uri(&format!("/api/v1/events/{event_id}/imports"))
        .insert_header(("content-type", "multipart/form-data; boundary=XyZ"))
        .set_payload(body);
    app.send(with_token(request, Some(token))).await
}

fn encoded(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn keys(summary: &Value) -> Vec<String> {
    summary["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["application_key"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn an_uploaded_register_is_validated_checked_for_duplicates_and_filed_once() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let (_, resident) = app.user_with_token("resident", Role::Resident).await;

    let first = upload(&app, event_id, SAMPLE, &officer).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["applications"], 3);
    assert_eq!(first.body["imported"], 2);
    assert_eq!(first.body["already_imported"], 0);
    assert_eq!(keys(&first.body), ["Р-003"]);
    let rejection = &first.body["rejected"][0];
    assert_eq!(rejection["lines"], serde_json::json!([6]));
    assert!(
        rejection["reason"]
            .as_str()
            .unwrap()
            .contains("line 6, members.0.snils"),
        "{rejection}"
    );

    // The household of three arrived whole, as the API would store it.
    let list = app
        .get(
            &format!(
                "/api/v1/applications?event_id={event_id}&q={}",
                encoded("Гончарова")
            ),
            Some(&officer),
        )
        .await;
    assert_eq!(list.body["total"], 1, "{}", list.body);
    let id = list.body["items"][0]["id"].as_i64().unwrap();
    let one = app
        .get(&format!("/api/v1/applications/{id}"), Some(&officer))
        .await;
    assert_eq!(one.body["members"].as_array().unwrap().len(), 3);
    assert_eq!(one.body["channel"], "in_person");
    assert_eq!(one.body["applicant_phone"], "+79145551234");
    assert_eq!(one.body["members"][2]["birth_date"], "2016-06-05");
    assert_eq!(one.body["members"][0]["snils"], "11223344595");

    // The same file again files nothing.
    let again = upload(&app, event_id, SAMPLE, &officer).await;
    assert_eq!(again.body["imported"], 0, "{}", again.body);
    assert_eq!(again.body["already_imported"], 2);
    assert_eq!(app.application_count(&admin).await, 2);

    // A key reused for another household is refused; a person filed again
    // under a new key is imported and caught by the duplicate check.
    let changed = SAMPLE.replace("Соколов;Игорь", "Соколов;Иван");
    let reused = upload(&app, event_id, &changed, &officer).await;
    assert_eq!(keys(&reused.body), ["Р-002", "Р-003"], "{}", reused.body);
    assert!(reused.body["rejected"][0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("idempotency_key_reused"));
    let repeat = SAMPLE.replace("Р-002;", "Р-102;");
    let repeated = upload(&app, event_id, &repeat, &officer).await;
    assert_eq!(repeated.body["imported"], 1, "{}", repeated.body);
    let duplicates = app
        .get(
            &format!("/api/v1/events/{event_id}/duplicates"),
            Some(&officer),
        )
        .await;
    assert!(
        duplicates.body["total"].as_i64().unwrap() >= 1,
        "{}",
        duplicates.body
    );

    // Bad uploads are refused clearly; nothing else is filed.
    upload(&app, event_id, SAMPLE, &resident)
        .await
        .assert_error(403, "forbidden");
    upload(&app, 999_999, SAMPLE, &officer)
        .await
        .assert_error(404, "not_found");
    let garbage = upload(&app, event_id, "name,age\nfoo,1\n", &officer).await;
    garbage.assert_error(422, "validation_failed");
    assert_eq!(
        garbage.body["error"]["fields"]["file"][0]["code"],
        "invalid_file"
    );
    let request = actix_web::test::TestRequest::post()
        .uri(&format!("/api/v1/events/{event_id}/imports"))
        .insert_header(("content-type", "multipart/form-data; boundary=XyZ"))
        .set_payload(
            "--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--XyZ--\r\n",
        );
    let missing = app.send(with_token(request, Some(&officer))).await;
    missing.assert_error(422, "validation_failed");
    assert_eq!(
        missing.body["error"]["fields"]["file"][0]["code"],
        "required"
    );
    assert_eq!(app.application_count(&admin).await, 3);
}

#[actix_web::test]
async fn the_import_command_reports_progress_rejects_and_resumes() {
    let db = std::rc::Rc::new(TestDb::new());
    let app = spawn_app_on(db.clone()).await;
    let (admin, _) = app.open_event("BLG2020").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("register.csv");
    // The rejected row carries a formula, which its copy must not run.
    let sample = SAMPLE.replace(
        "Р-003;in_person;8 914 555 00 99;;",
        "Р-003;in_person;8 914 555 00 99;;@SUM(1+1)*cmd|' /C calc'!A0 ",
    );
    std::fs::write(&file, sample).unwrap();
    let run = || {
        let output = Command::new(env!("CARGO_BIN_EXE_relief"))
            .args(["import", "applications", "--event", "BLG2020"])
            .arg(&file)
            .env("DATABASE_URL", &db.url)
            .env("RELIEF_LOG", "warn")
            .env_remove("RELIEF_JWT_SECRET")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let first = run();
    assert!(
        first.contains("Imported: 2; already imported earlier: 0; rejected: 1."),
        "{first}"
    );
    assert!(first.contains("lines 6 (Р-003)"), "{first}");
    let rejects = std::fs::read_to_string(dir.path().join("register.rejects.csv")).unwrap();
    assert!(rejects.starts_with('\u{feff}'));
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.len(), 2, "{rejects}");
    assert!(lines[0].ends_with(";line;error"));
    assert!(lines[1].starts_with("Р-003;"));
    assert!(
        lines[1].contains(";;'@SUM(1+1)*cmd|' /C calc'!A0 г. Благовещенск"),
        "the formula is defused: {}",
        lines[1]
    );
    assert!(
        lines[1].contains(";6;line 6, members.0.snils: "),
        "{}",
        lines[1]
    );
    let second = run();
    assert!(
        second.contains("Imported: 0; already imported earlier: 2; rejected: 1."),
        "{second}"
    );
    assert_eq!(app.application_count(&admin).await, 2);
}
