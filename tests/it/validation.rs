//! Every kind of bad application gets 422 `validation_failed` at the
//! field's path, and nothing is stored.

use serde_json::{json, Value};

use crate::support::{application_body, child_member, day, spawn_app};
use relief::domain::role::Role;

/// Files `body` as an officer and checks the error code at `path`.
async fn refused(change: impl FnOnce(&mut Value), path: &[&str], code: &str) {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let mut body = application_body(event_id);
    change(&mut body);
    let response = app.file(&body, &officer).await;
    response.assert_error(422, "validation_failed");
    let mut node = &response.body["error"]["fields"];
    for segment in path {
        node = &node[*segment];
    }
    let codes: Vec<&str> = node
        .as_array()
        .unwrap_or_else(|| panic!("no errors at {path:?}: {}", response.body))
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&code), "{code} not in {codes:?} at {path:?}");
    assert_eq!(app.application_count(&admin).await, 0, "nothing is stored");
}

fn member(body: &mut Value, index: usize) -> &mut Value {
    &mut body["members"][index]
}

#[actix_web::test]
async fn no_members() {
    refused(|b| b["members"] = json!([]), &["members"], "member_count").await;
}

#[actix_web::test]
async fn more_than_thirty_members() {
    refused(
        |b| {
            let members = b["members"].as_array_mut().unwrap();
            while members.len() < 31 {
                members.push(child_member("Иванов", "Сын"));
            }
        },
        &["members"],
        "member_count",
    )
    .await;
}

#[actix_web::test]
async fn no_applicant() {
    refused(
        |b| member(b, 0)["relationship"] = json!("spouse"),
        &["members"],
        "applicant_count",
    )
    .await;
}

#[actix_web::test]
async fn two_applicants() {
    refused(
        |b| member(b, 1)["relationship"] = json!("applicant"),
        &["members"],
        "applicant_count",
    )
    .await;
}

#[actix_web::test]
async fn snils_with_a_bad_checksum() {
    refused(
        |b| member(b, 0)["snils"] = json!("112-233-445 96"),
        &["members", "0", "snils"],
        "invalid_snils_checksum",
    )
    .await;
}

#[actix_web::test]
async fn passport_series_not_four_digits() {
    refused(
        |b| member(b, 0)["document"]["series"] = json!("100"),
        &["members", "0", "document", "series"],
        "invalid_passport_series",
    )
    .await;
}

#[actix_web::test]
async fn birth_certificate_series_not_matching() {
    refused(
        |b| member(b, 1)["document"]["series"] = json!("3-OT"),
        &["members", "1", "document", "series"],
        "invalid_birth_certificate_series",
    )
    .await;
}

#[actix_web::test]
async fn passport_for_a_child_under_fourteen() {
    refused(
        |b| {
            member(b, 1)["document"] = json!({
                "type": "passport_rf", "series": "1005", "number": "111111",
                "issued_on": day(-10), "issued_by": "УФМС", "subdivision_code": "280-001"
            })
        },
        &["members", "1", "document"],
        "document_age_mismatch",
    )
    .await;
}

#[actix_web::test]
async fn birth_certificate_for_someone_fourteen_or_over() {
    refused(
        |b| {
            member(b, 0)["document"] = json!({
                "type": "birth_certificate", "series": "I-АБ", "number": "111111", "issued_on": "1980-06-01"
            })
        },
        &["members", "0", "document"],
        "document_age_mismatch",
    )
    .await;
}

#[actix_web::test]
async fn birth_date_in_the_future() {
    refused(
        |b| member(b, 1)["birth_date"] = json!(day(2)),
        &["members", "1", "birth_date"],
        "date_in_future",
    )
    .await;
}

#[actix_web::test]
async fn digits_in_a_name() {
    refused(
        |b| member(b, 0)["first_name"] = json!("Алёна2"),
        &["members", "0", "first_name"],
        "invalid_name",
    )
    .await;
}

#[actix_web::test]
async fn a_phone_that_cannot_be_normalised() {
    refused(
        |b| b["applicant_phone"] = json!("12-34"),
        &["applicant_phone"],
        "invalid_phone",
    )
    .await;
}

#[actix_web::test]
async fn consent_not_given() {
    refused(
        |b| b["consent_personal_data"] = json!(false),
        &["consent_personal_data"],
        "consent_required",
    )
    .await;
}

#[actix_web::test]
async fn a_negative_plot_area() {
    refused(
        |b| b["plot_area_sotka"] = json!("-1"),
        &["plot_area_sotka"],
        "negative_area",
    )
    .await;
}

#[actix_web::test]
async fn a_non_numeric_plot_area() {
    refused(
        |b| b["plot_area_sotka"] = json!("шесть"),
        &["plot_area_sotka"],
        "invalid_type",
    )
    .await;
}

#[actix_web::test]
async fn an_unknown_event() {
    refused(
        |b| b["event_id"] = json!(987_654),
        &["event_id"],
        "unknown_event",
    )
    .await;
}

#[actix_web::test]
async fn a_bad_cadastral_number_and_email() {
    refused(
        |b| b["cadastral_number"] = json!("28-01"),
        &["cadastral_number"],
        "invalid_cadastral_number",
    )
    .await;
    refused(
        |b| b["applicant_email"] = json!("not-an-email"),
        &["applicant_email"],
        "invalid_email",
    )
    .await;
}

#[actix_web::test]
async fn an_unknown_relationship_is_reported_at_its_path() {
    refused(
        |b| member(b, 1)["relationship"] = json!("cousin"),
        &["members", "1", "relationship"],
        "invalid_choice",
    )
    .await;
}
