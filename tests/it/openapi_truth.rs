//! The document against the service: every answer the service gives to
//! ordinary bad requests is declared for that operation.

use actix_web::http::header;
use actix_web::test::TestRequest;

use crate::support::spawn_app;
use relief::domain::role::Role;

/// A request of a method named as OpenAPI names it.
pub fn request(method: &str, uri: &str) -> TestRequest {
    match method {
        "get" => TestRequest::get(),
        "patch" => TestRequest::patch(),
        "delete" => TestRequest::delete(),
        "put" => TestRequest::put(),
        _ => TestRequest::post(),
    }
    .uri(uri)
}

#[actix_web::test]
async fn every_status_the_service_answers_a_bad_request_with_is_declared() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("auditor-admin", Role::Admin).await;
    let (_, resident) = app
        .user_with_token("auditor-resident", Role::Resident)
        .await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let mut undeclared = Vec::new();
    let mut probes = 0;
    // Logout would revoke the token the later probes carry, so it goes last.
    let mut routes = relief::api::table().served();
    routes.sort_by_key(|(_, path)| path.ends_with("/logout"));
    for (method, path) in &routes {
        let declared = &doc["paths"][*path][method.as_str()]["responses"];
        let uri = path
            .replace("{year}", "1800")
            .replace("{id}", "999999")
            .replace("{member_id}", "999999")
            .replace("{row_id}", "999999");
        let malformed = [
            ("no token", request(method, &uri)),
            (
                "a resident",
                request(method, &uri)
                    .insert_header((header::AUTHORIZATION, format!("Bearer {resident}"))),
            ),
            (
                "broken JSON",
                request(method, &uri)
                    .insert_header((header::AUTHORIZATION, format!("Bearer {admin}")))
                    .insert_header((header::CONTENT_TYPE, "application/json"))
                    .set_payload("{\"a\":"),
            ),
            (
                "an empty object",
                request(method, &uri)
                    .insert_header((header::AUTHORIZATION, format!("Bearer {admin}")))
                    .insert_header((header::CONTENT_TYPE, "application/json"))
                    .set_payload("{}"),
            ),
            (
                "plain text",
                request(method, &uri)
                    .insert_header((header::AUTHORIZATION, format!("Bearer {admin}")))
                    .insert_header((header::CONTENT_TYPE, "text/plain"))
                    .set_payload("hello"),
            ),
            (
                "a bad query",
                request(method, &format!("{uri}?page=0&per_page=100000&year=x"))
                    .insert_header((header::AUTHORIZATION, format!("Bearer {admin}"))),
            ),
        ];
        for (what, probe) in malformed {
            let response = app.send(probe).await;
            probes += 1;
            let status = response.status.as_u16().to_string();
            if !declared[status.as_str()].is_object() {
                undeclared.push(format!("{method} {path} with {what}: {status}"));
            }
        }
    }
    assert!(probes > 300, "only {probes} probes");
    assert!(
        undeclared.is_empty(),
        "undeclared:\n{}",
        undeclared.join("\n")
    );
}

/// The bounds the document gives are the ones the service keeps: the last
/// value inside is answered, the first outside refused.
#[actix_web::test]
async fn documented_ranges_are_the_enforced_ones() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("range-admin", Role::Admin).await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let bound = |path: &str, name: &str, which: &str| -> Option<i64> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == name))
            .and_then(|p| p["schema"][which].as_i64())
    };
    assert_eq!(bound("/api/v1/users", "per_page", "maximum"), Some(200));
    for (path, name) in [
        ("/api/v1/users", "per_page"),
        ("/api/v1/users", "page"),
        ("/api/v1/reports/annual", "year"),
        ("/api/v1/applications", "per_page"),
        ("/api/v1/events/1/duplicates", "page"),
    ] {
        let documented = path.replace("/1/", "/{id}/");
        let minimum = bound(&documented, name, "minimum");
        assert!(minimum.is_some(), "{path} {name} has no minimum");
        let maximum = bound(&documented, name, "maximum");
        // Wider than the bound's own type: the first value outside i64 too.
        let (minimum, maximum) = (minimum.map(i128::from), maximum.map(i128::from));
        let edges = [minimum.map(|m| (m, m - 1)), maximum.map(|m| (m, m + 1))];
        for (inside, outside) in edges.into_iter().flatten() {
            let answer = app
                .get(&format!("{path}?{name}={inside}"), Some(&admin))
                .await;
            assert_eq!(
                answer.status.as_u16(),
                200,
                "{path} {name}={inside}: {}",
                answer.body
            );
            app.get(&format!("{path}?{name}={outside}"), Some(&admin))
                .await
                .assert_error(422, "validation_failed");
        }
    }
}

/// A free text's documented bound and characters are the ones the service
/// keeps: the last length inside is taken, the first outside refused, and
/// what the pattern bars (a control character, nothing but spaces) too.
#[actix_web::test]
async fn documented_text_rules_are_the_enforced_ones() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let name = &doc["components"]["schemas"]["CreateWarehouseRequest"]["properties"]["name"];
    assert_eq!(name["minLength"], 1, "{name}");
    assert_eq!(
        name["pattern"],
        relief::domain::text::REQUIRED_PATTERN,
        "{name}"
    );
    let max = name["maxLength"].as_u64().unwrap() as usize;
    let body = |name: String| serde_json::json!({"name": name, "address": "ул. Ленина, 1", "opening_hours": "9-18"});
    let inside = app
        .post("/api/v1/warehouses", &body("Б".repeat(max)), Some(&admin))
        .await;
    assert_eq!(inside.status.as_u16(), 201, "{}", inside.body);
    for (refused, code) in [
        ("Б".repeat(max + 1), "too_long"),
        (format!("{} ", "Б".repeat(max)), "too_long"),
        ("\tСклад".to_owned(), "invalid_text"),
        ("Склад\r2".to_owned(), "invalid_text"),
        ("   ".to_owned(), "required"),
    ] {
        let response = app
            .post("/api/v1/warehouses", &body(refused.clone()), Some(&admin))
            .await;
        response.assert_error(422, "validation_failed");
        assert_eq!(
            response.body["error"]["fields"]["name"][0]["code"], code,
            "{refused:?}: {}",
            response.body
        );
    }
}

/// JSON Schema counts `4583.0` as an integer, so the service reads it as
/// one; a number with a fraction is still refused on its field.
#[actix_web::test]
async fn a_whole_number_written_with_a_fraction_is_an_integer() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("whole-admin", Role::Admin).await;
    let put = |body: serde_json::Value| {
        crate::support::with_token(
            TestRequest::put()
                .uri("/api/v1/reports/annual/2019")
                .set_json(&body),
            Some(&admin),
        )
    };
    let entered = app
        .send(put(
            serde_json::json!({"appeals": 4583.0, "recognized": 2e1}),
        ))
        .await;
    assert_eq!(entered.status.as_u16(), 200, "{}", entered.body);
    let report = app
        .get("/api/v1/reports/annual?year=2019", Some(&admin))
        .await;
    let years = report.body["years"].as_array().cloned().unwrap_or_default();
    let year = years
        .iter()
        .find(|y| y["year"] == 2019)
        .cloned()
        .unwrap_or_default();
    assert_eq!(year["appeals"]["value"], 4583, "{}", report.body);
    assert_eq!(year["recognized"]["value"], 20, "{}", report.body);
    let refused = app.send(put(serde_json::json!({"appeals": 4583.5}))).await;
    refused.assert_error(422, "validation_failed");
    assert_eq!(
        refused.body["error"]["fields"]["appeals"][0]["code"],
        "invalid_type"
    );
}

/// The shapes the document publishes are the domain's own, and the
/// service keeps them: what the pattern bars is refused, what it allows
/// is taken.
#[actix_web::test]
async fn documented_shapes_are_the_enforced_ones() {
    use relief::domain::patterns;
    let app = spawn_app().await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let pattern = |schema: &str, within: &str, property: &str| {
        doc.pointer(&format!(
            "/components/schemas/{schema}{within}/properties/{property}/pattern"
        ))
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
    };
    assert_eq!(
        pattern("RegisterRequest", "", "login").as_deref(),
        Some(patterns::LOGIN.source)
    );
    assert_eq!(
        pattern("RegisterRequest", "", "phone").as_deref(),
        Some(patterns::PHONE.source)
    );
    assert_eq!(
        pattern("DocumentInput", "/oneOf/0", "subdivision_code").as_deref(),
        Some(patterns::SUBDIVISION_CODE.source)
    );
    assert_eq!(
        pattern("MemberInput", "", "patronymic"),
        Some(format!(r"^\s*$|{}", patterns::NAME_PART.source)),
        "a blank patronymic is allowed, as the service allows it"
    );
    let register = |login: &str, phone: &str| {
        serde_json::json!({"login": login, "password": "long-enough-pass",
                           "full_name": "Иванова Мария", "phone": phone})
    };
    // A Greek omicron in a Latin login: a letter to `is_alphanumeric`, but
    // not in the published shape, so refused.
    let lookalike = app
        .post(
            "/api/v1/auth/register",
            &register("ivanοva", "+79141234567"),
            None,
        )
        .await;
    lookalike.assert_error(422, "validation_failed");
    assert_eq!(
        lookalike.body["error"]["fields"]["login"][0]["code"],
        "invalid_login"
    );
    let taken = app
        .post(
            "/api/v1/auth/register",
            &register("Иванова.М", "8 (914) 123-45-67"),
            None,
        )
        .await;
    assert_eq!(taken.status.as_u16(), 201, "{}", taken.body);
}
