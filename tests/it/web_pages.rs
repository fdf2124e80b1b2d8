//! The web pages through HTTP, without a browser: sessions, CSRF, ownership
//! and form errors, on both backends.

use actix_web::http::{header, StatusCode};
use actix_web::test as actix_test;
use relief::domain::role::Role;

use crate::support::{application_body, spawn_app, PASSWORD};
use crate::web_support::{csrf_of, post_form, session, set_cookies};

#[actix_web::test]
async fn signing_in_sets_a_strict_http_only_cookie_secure_behind_https() {
    let app = spawn_app().await;
    app.create_user("maria", Role::Resident).await;
    let (status, headers, html) = call!(app, actix_test::TestRequest::get().uri("/login"));
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Вход в систему"));
    let seed = set_cookies(&headers)
        .into_iter()
        .find(|c| c.starts_with("relief_seed="))
        .expect("a seed cookie before sign-in");
    let seed_pair = seed.split(';').next().unwrap_or("").to_owned();
    let csrf = csrf_of(&html);
    let form = format!("_csrf={csrf}&login=maria&password={PASSWORD}");
    let request = actix_test::TestRequest::post()
        .uri("/login")
        .insert_header(("Cookie", seed_pair.clone()))
        .insert_header(("X-Forwarded-Proto", "https"))
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload(form.clone());
    let (status, headers, _) = call!(app, request);
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/applications");
    let cookie = set_cookies(&headers)
        .into_iter()
        .find(|c| c.starts_with("relief_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");

    // Over plain HTTP the cookie cannot be Secure, or the browser drops it.
    let request = actix_test::TestRequest::post()
        .uri("/login")
        .insert_header(("Cookie", seed_pair))
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload(form);
    let (_, headers, _) = call!(app, request);
    let cookie = set_cookies(&headers)
        .into_iter()
        .find(|c| c.starts_with("relief_session="))
        .expect("a session cookie");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[actix_web::test]
async fn a_post_without_its_csrf_token_is_refused_and_logout_ends_the_session() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_token("maria", Role::Resident).await;
    let (status, _, html) = get_page!(app, "/applications", &token);
    assert_eq!(status, StatusCode::OK);
    let csrf = csrf_of(&html);
    for body in [
        "",
        "_csrf=",
        "_csrf=0000000000000000000000000000000000000000000000000000000000000000",
    ] {
        let request = actix_test::TestRequest::post()
            .uri("/logout")
            .insert_header(session(&token))
            .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
            .set_payload(body);
        let (status, _, html) = call!(app, request);
        assert_eq!(status, StatusCode::FORBIDDEN, "body {body:?}");
        assert!(html.contains("Форма устарела"));
    }
    // A seed and its token fetched from the sign-in page (as an attacker
    // could for themselves) do not pass for a signed-in user's form.
    let (_, headers, login_html) = call!(app, actix_test::TestRequest::get().uri("/login"));
    let seed = set_cookies(&headers)
        .into_iter()
        .find(|c| c.starts_with("relief_seed="))
        .and_then(|c| c.split(';').next().map(str::to_owned))
        .expect("seed");
    let request = actix_test::TestRequest::post()
        .uri("/logout")
        .insert_header(("Cookie", format!("relief_session={token}; {seed}")))
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload(format!("_csrf={}", csrf_of(&login_html)));
    let (status, _, _) = call!(app, request);
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a seed token is not a session token"
    );
    let still = app.get("/api/v1/auth/me", Some(&token)).await;
    assert_eq!(
        still.status,
        StatusCode::OK,
        "a refused form changes nothing"
    );

    let request = actix_test::TestRequest::post()
        .uri("/logout")
        .insert_header(session(&token))
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload(format!("_csrf={csrf}"));
    let (status, headers, _) = call!(app, request);
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(set_cookies(&headers)
        .iter()
        .any(|c| c.starts_with("relief_session=;") && c.contains("Max-Age=0")));
    let (status, headers, _) = get_page!(app, "/applications", &token);
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the old cookie no longer works"
    );
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/login");
}

#[actix_web::test]
async fn a_resident_opening_another_residents_application_page_gets_404() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, owner) = app.user_with_token("owner", Role::Resident).await;
    let (_, other) = app.user_with_token("other", Role::Resident).await;
    let filed = app.file(&application_body(event_id), &owner).await;
    let id = filed.body["id"].as_i64().expect("id");
    for path in [
        format!("/applications/{id}"),
        format!("/applications/{id}/receipt.pdf"),
    ] {
        let (status, _, html) = get_page!(app, &path, &other);
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("Страница не найдена") || html.contains("not_found"));
        let (status, _, _) = get_page!(app, &path, &owner);
        assert_eq!(status, StatusCode::OK, "{path} for its filer");
    }
}

#[actix_web::test]
async fn a_form_with_a_bad_snils_shows_the_russian_message_beside_the_field_and_stores_nothing() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, token) = app.user_with_token("maria", Role::Resident).await;
    let (_, _, html) = get_page!(app, "/applications/new", &token);
    let csrf = csrf_of(&html);
    let pairs = [
        ("_csrf", csrf.as_str()),
        ("event_id:int", &event_id.to_string()),
        ("applicant_phone", "8 (914) 123-45-67"),
        ("postal_address", "г. Благовещенск, ул. Ленина, 1"),
        ("property_address", "СНТ «Берёзка», участок 5"),
        ("plot_area_sotka:num", "6,5"),
        ("crops_lost:lines", "картофель"),
        ("loss_extent", "full"),
        ("description", "Затоплено"),
        ("consent_personal_data:bool", "true"),
        ("members.0.last_name", "Иванова"),
        ("members.0.first_name", "Мария"),
        ("members.0.birth_date:date", "1980-01-01"),
        ("members.0.relationship", "applicant"),
        ("members.0.document.type", "passport_rf"),
        ("members.0.document.series", "10 05"),
        ("members.0.document.number", "123456"),
        ("members.0.document.issued_on:date?", "2010-01-01"),
        ("members.0.document.issued_by", "УФМС"),
        ("members.0.document.subdivision_code", "280-001"),
        ("members.0.snils:?", "112-233-445 96"),
        ("members.0.registered_at_property:bool", "true"),
        ("members.0.lives_at_property:bool", "true"),
    ];
    let body = serde_urlencoded::to_string(pairs).expect("form body");
    let request = actix_test::TestRequest::post()
        .uri("/applications/new")
        .insert_header(session(&token))
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload(body);
    let (status, _, html) = call!(app, request);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let at = html
        .find("id=\"f-members-0-snils-error\"")
        .expect("an error beside the SNILS field");
    assert!(
        html[at..].starts_with("id=\"f-members-0-snils-error\">Неверное контрольное число СНИЛС")
    );
    assert!(html.contains("value=\"Иванова\""), "what was typed is kept");
    assert_eq!(app.application_count(&admin).await, 0);
}

#[actix_web::test]
async fn an_administrator_sets_up_items_a_warehouse_an_event_its_norms_and_a_keeper_from_the_pages()
{
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("chief", Role::Admin).await;
    let (status, headers, _) = post_form(
        &app,
        &admin,
        "/admin/items",
        "/admin/items",
        &[("code", "potatoes"), ("name", "Картофель")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("/admin/items?done="));
    let (status, _, _) = post_form(
        &app,
        &admin,
        "/admin/items",
        "/admin/warehouses",
        &[
            ("name", "База №1"),
            ("address", "ул. Складская, 1"),
            ("opening_hours", "9:00–18:00"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, html) = post_form(
        &app,
        &admin,
        "/admin/events",
        "/admin/events",
        &[
            ("code", "BLG2020"),
            ("title", "Паводок 2020"),
            ("municipality", "г. Благовещенск"),
            ("emergency_declared_on:date", "2020-08-18"),
            ("intake_opens_on:date", "2020-08-20"),
            ("intake_closes_on:date", "2020-08-10"),
            ("utc_offset_minutes:int?", "540"),
            ("child_age_limit:int?", ""),
            ("require_registration:bool", "false"),
            ("require_full_loss:bool", "false"),
        ],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "intake closes before it opens"
    );
    assert!(
        html.contains("id=\"f-intake_closes_on-error\""),
        "the error sits by the closing date"
    );
    let (status, _, _) = post_form(
        &app,
        &admin,
        "/admin/events",
        "/admin/events",
        &[
            ("code", "BLG2020"),
            ("title", "Паводок 2020"),
            ("municipality", "г. Благовещенск"),
            ("emergency_declared_on:date", "2020-08-18"),
            ("intake_opens_on:date", "2020-08-20"),
            ("intake_closes_on:date", "2020-09-20"),
            ("utc_offset_minutes:int?", "540"),
            ("child_age_limit:int?", ""),
            ("require_registration:bool", "false"),
            ("require_full_loss:bool", "false"),
            ("require_full_loss:bool", "true"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let event = &app.get("/api/v1/events", Some(&admin)).await.body[0];
    assert_eq!(event["require_registration"], false);
    assert_eq!(event["require_full_loss"], true);
    let event_id = event["id"].as_i64().unwrap();
    let item_id = app.get("/api/v1/items", Some(&admin)).await.body[0]["id"]
        .as_i64()
        .unwrap();

    let norms_action = format!("/admin/events/{event_id}/norms");
    let item = item_id.to_string();
    // One norm row for the item, with `kg` per person.
    let post_norm = |kg: &'static str| {
        let (app, admin, action, item) = (&app, &admin, &norms_action, &item);
        async move {
            post_form(
                app,
                admin,
                "/admin/events",
                action,
                &[
                    ("norms.0.item_id:int", item),
                    ("norms.0.kg_per_person:num?", kg),
                    ("norms.0.kg_per_child:num?", ""),
                ],
            )
            .await
        }
    };
    let (status, _, html) = post_norm("-5").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("id=\"f-norms-0-kg_per_person-error\""),
        "beside the row"
    );
    let (status, _, _) = post_norm("50").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let norms = app
        .get(&format!("/api/v1/events/{event_id}/norms"), Some(&admin))
        .await;
    assert_eq!(norms.body[0]["kg_per_person"], "50.000");

    let warehouse_id = app.get("/api/v1/warehouses", Some(&admin)).await.body[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let (status, _, _) = post_form(
        &app,
        &admin,
        "/admin/users",
        "/admin/users",
        &[
            ("full_name", "Кладовщикова Нина"),
            ("login", "nina"),
            ("password", PASSWORD),
            ("role", "warehouse"),
            ("phone:?", ""),
            ("warehouse_id:int?", &warehouse_id),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.login("nina", PASSWORD).await.status, StatusCode::OK);

    // Pages of the administrator are closed to everyone else.
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let (status, _, html) = get_page!(app, "/admin/users", &officer);
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("Нет доступа"));
}

#[actix_web::test]
async fn a_wrong_password_is_told_on_the_form_and_a_bad_phone_beside_its_field() {
    let app = spawn_app().await;
    app.create_user("maria", Role::Resident).await;
    let (_, headers, html) = call!(app, actix_test::TestRequest::get().uri("/register"));
    let seed = set_cookies(&headers)
        .into_iter()
        .find(|c| c.starts_with("relief_seed="))
        .and_then(|c| c.split(';').next().map(str::to_owned))
        .expect("seed");
    let csrf = csrf_of(&html);
    let post = |path: &'static str, body: String| {
        actix_test::TestRequest::post()
            .uri(path)
            .insert_header(("Cookie", seed.clone()))
            .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
            .set_payload(body)
    };
    let (status, _, html) = call!(
        app,
        post(
            "/login",
            format!("_csrf={csrf}&login=maria&password=wrong-password")
        )
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Неверный логин или пароль"));
    assert!(html.contains("value=\"maria\""), "the login is kept");

    let body = serde_urlencoded::to_string([
        ("_csrf", csrf.as_str()),
        ("full_name", "Петрова Анна"),
        ("phone", "позвоните мне"),
        ("login", "anna"),
        ("password", PASSWORD),
    ])
    .unwrap();
    let (status, _, html) = call!(app, post("/register", body));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("id=\"f-phone-error\""),
        "beside the phone field"
    );
    assert_eq!(
        app.login("anna", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn pages_send_a_stranger_to_sign_in_and_refuse_a_role_that_may_not_see_them() {
    let app = spawn_app().await;
    let (status, headers, _) = call!(app, actix_test::TestRequest::get().uri("/applications"));
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/login");
    let (_, resident) = app.user_with_token("maria", Role::Resident).await;
    for path in [
        "/lists",
        "/stock",
        "/decisions/bulk",
        "/report",
        "/admin/events",
    ] {
        let (status, _, html) = get_page!(app, path, &resident);
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(html.contains("Нет доступа"), "{path}");
    }
    // The stylesheet and the script come from the service itself.
    for (path, kind) in [
        ("/static/app.css", "text/css"),
        ("/static/app.js", "text/javascript"),
    ] {
        let (status, headers, body) = call!(app, actix_test::TestRequest::get().uri(path));
        assert_eq!(status, StatusCode::OK);
        assert!(headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with(kind));
        assert!(!body.is_empty());
    }
}

#[actix_web::test]
async fn an_inspection_result_posted_under_another_application_is_404_and_writes_nothing() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let (_, resident) = app.user_with_token("maria", Role::Resident).await;
    let first = app.file(&application_body(event_id), &resident).await.body["id"]
        .as_i64()
        .unwrap();
    let mut other = application_body(event_id);
    other["members"][0]["snils"] = serde_json::Value::Null;
    let second = app.file(&other, &resident).await.body["id"]
        .as_i64()
        .unwrap();
    let scheduled = app
        .post(
            &format!("/api/v1/applications/{first}/inspections"),
            &serde_json::json!({"scheduled_on": crate::support::day(0), "inspectors": ["Петрова"]}),
            Some(&officer),
        )
        .await;
    let inspection = scheduled.body["inspections"][0]["id"].as_i64().unwrap();
    let (status, _, _) = post_form(
        &app,
        &officer,
        &format!("/applications/{second}"),
        &format!("/applications/{second}/inspections/{inspection}/result"),
        &[
            ("act_number", "А-1"),
            ("inspected_on:date", &crate::support::day(0).to_string()),
            ("outcome", "loss_confirmed"),
            ("loss_extent_found:?", "full"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let first_now = app
        .get(&format!("/api/v1/applications/{first}"), Some(&admin))
        .await;
    assert_eq!(
        first_now.body["status"], "inspection_scheduled",
        "nothing recorded"
    );
}

#[actix_web::test]
async fn a_keeper_sees_only_approved_lists_of_their_own_warehouse() {
    let app = spawn_app().await;
    let world = crate::distribution::world(&app, 2).await;
    let list = crate::distribution::approved_list(&app, &world).await;
    let list_id = list["id"].as_i64().unwrap();
    // The keeper of another warehouse: the list is not theirs.
    let other_store = crate::stock::warehouse(&app, &world.admin, "База №2").await;
    let stranger = crate::stock::storekeeper(&app, &world.admin, "keeper2", other_store).await;
    let (status, _, html) = get_page!(app, "/lists", &world.keeper);
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("href=\"/lists/{list_id}\"")));
    let (_, _, html) = get_page!(app, "/lists", &stranger);
    assert!(!html.contains(&format!("href=\"/lists/{list_id}\"")));
    let (status, headers, _) =
        get_page!(app, &format!("/lists/{list_id}/sheet.pdf"), &world.keeper);
    assert_eq!(status, StatusCode::OK, "the keeper prints their sheet");
    assert_eq!(
        headers.get(header::CONTENT_TYPE).unwrap(),
        "application/pdf"
    );
    for path in [
        format!("/lists/{list_id}"),
        format!("/lists/{list_id}/sheet.pdf"),
    ] {
        let (status, _, _) = get_page!(app, &path, &stranger);
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[actix_web::test]
async fn the_worklist_pages_through_many_applications_keeping_the_filters() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    // The officer registers the paper claims, as many as a worklist needs.
    for n in 0..101 {
        let filed = app
            .file(&crate::support::distinct_household(event_id, n), &officer)
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    }
    let rows = |html: &str| html.matches("data-label=\"Номер\"").count();
    let (_, _, first) = get_page!(app, "/applications?status=submitted", &officer);
    assert_eq!(rows(&first), 100);
    assert!(first.contains("Страница 1 из 2"));
    assert!(first.contains(
        "href=\"/applications?q=&amp;status=submitted&amp;overdue=&amp;duplicates=&amp;page=2\""
    ));
    let (_, _, second) = get_page!(
        app,
        "/applications?q=&status=submitted&overdue=&duplicates=&page=2",
        &officer
    );
    assert_eq!(rows(&second), 1);
    assert!(second.contains("Страница 2 из 2"));
}

#[actix_web::test]
async fn a_browser_gets_an_error_page_where_a_program_gets_json() {
    let app = spawn_app().await;
    let (_, resident) = app.user_with_token("maria", Role::Resident).await;
    let html = "text/html,application/xhtml+xml";
    for path in ["/no-such-page", "/applications/not-a-number"] {
        let (status, headers, body) = call!(
            app,
            actix_test::TestRequest::get()
                .uri(path)
                .insert_header(("Accept", html))
                .insert_header(session(&resident))
        );
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(body.contains("Страница не найдена"), "{path}");
    }
    let api = app.get("/api/v1/no-such-thing", None).await;
    api.assert_error(404, "not_found");
    let (status, headers, _) = call!(
        app,
        actix_test::TestRequest::get()
            .uri("/api/v1/no-such-thing")
            .insert_header(("Accept", html))
    );
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("application/json"));
}

#[actix_web::test]
async fn a_keeper_issues_a_row_to_a_proxy_from_the_list_page() {
    let app = spawn_app().await;
    let world = crate::distribution::world(&app, 1).await;
    let list = crate::distribution::approved_list(&app, &world).await;
    let list_id = list["id"].as_i64().unwrap();
    let row_id = list["rows"][0]["id"].as_i64().unwrap();
    let page = format!("/lists/{list_id}");
    let action = format!("/lists/{list_id}/rows/{row_id}/issue");
    let (status, _, html) = post_form(
        &app,
        &world.keeper,
        &page,
        &action,
        &[
            ("received_by", "proxy"),
            ("proxy_full_name", "Сидоров Пётр"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("id=\"f-proxy_document-error\""),
        "beside the field"
    );
    assert!(
        html.contains("value=\"Сидоров Пётр\""),
        "what was typed is kept"
    );
    let (status, _, _) = post_form(
        &app,
        &world.keeper,
        &page,
        &action,
        &[
            ("received_by", "proxy"),
            ("proxy_full_name", "Сидоров Пётр"),
            ("proxy_document", "паспорт 1005 654321"),
            ("power_of_attorney_number", "Д-17"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, html) = get_page!(app, &page, &world.keeper);
    assert!(html.contains("доверенному лицу: Сидоров Пётр"));
    // Issued once: a second press is refused and says why.
    let (status, _, html) = post_form(
        &app,
        &world.keeper,
        &page,
        &action,
        &[("received_by", "recipient")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("notice error"), "the refusal is shown");
}

#[actix_web::test]
async fn the_bulk_decision_page_decides_the_ticked_inspected_applications() {
    let app = spawn_app().await;
    let (admin, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let mut ids = Vec::new();
    for n in 0..2 {
        let application = crate::review::inspected(
            &app,
            &officer,
            &crate::support::distinct_household(event_id, n),
            &format!("А-{n}"),
            "loss_confirmed",
        )
        .await;
        ids.push(application["id"].as_i64().unwrap());
    }
    let page = format!("/decisions/bulk?event={event_id}");
    let (_, _, html) = get_page!(app, &page, &officer);
    assert!(
        html.contains("Обследованные заявления (2)"),
        "both are offered"
    );
    let first = ids[0].to_string();
    let (status, _, html) = post_form(
        &app,
        &officer,
        &page,
        &page,
        &[
            ("protocol_number", "П-9"),
            ("decided_on:date", &crate::support::day(0).to_string()),
            ("application_ids:ints", &first),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Решение принято по заявлениям: 1"), "{html}");
    assert!(
        html.contains("Обследованные заявления (1)"),
        "the other is still waiting"
    );
    let decided = app
        .get(&format!("/api/v1/applications/{first}"), Some(&admin))
        .await;
    assert_eq!(decided.body["status"], "decided");
    assert_eq!(decided.body["protocol_number"], "П-9");

    // Nothing ticked: refused, with the reason on the page.
    let (status, _, html) = post_form(
        &app,
        &officer,
        &page,
        &page,
        &[
            ("protocol_number", "П-10"),
            ("decided_on:date", &crate::support::day(0).to_string()),
            ("application_ids:ints", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("От 1 до 10 000 заявлений"), "{html}");
}

#[actix_web::test]
async fn without_the_script_member_rows_are_added_and_removed_by_a_round_trip() {
    let app = spawn_app().await;
    let (admin, _) = app.open_event("BLG2020").await;
    let (_, token) = app.user_with_token("maria", Role::Resident).await;
    let page = "/applications/new";
    let (status, _, html) = post_form(
        &app,
        &token,
        page,
        page,
        &[
            ("_action", "add_member"),
            ("applicant_phone", "8 914 000-00-00"),
            ("members.0.last_name", "Иванова"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("id=\"f-members-1-last_name\""),
        "a second row"
    );
    assert!(html.contains("value=\"8 914 000-00-00\""), "typing kept");
    let (status, _, html) = post_form(
        &app,
        &token,
        page,
        page,
        &[
            ("_action", "remove:1"),
            ("members.0.last_name", "Иванова"),
            ("members.1.last_name", "Лишний"),
            ("members.2.last_name", "Иванов"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("Лишний"), "the row is gone");
    assert!(html.contains(
        "id=\"f-members-1-last_name\" name=\"members.1.last_name\" type=\"text\" value=\"Иванов\""
    ));
    assert!(!html.contains("id=\"f-members-2-last_name\""));
    assert_eq!(app.application_count(&admin).await, 0, "nothing filed");
}

#[actix_web::test]
async fn a_crafted_done_message_in_an_address_is_not_shown() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("chief", Role::Admin).await;
    let (_, _, html) = get_page!(app, "/admin/users?done=%D0%92%D0%B2%D0%B5%D0%B4%D0%B8%D1%82%D0%B5+%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C", &admin);
    assert!(!html.contains("Введите пароль"));
    let (_, _, html) = get_page!(app, "/admin/users?done=user_created", &admin);
    assert!(html.contains("Пользователь создан"));
}

#[actix_web::test]
async fn a_visit_that_could_not_take_place_is_rescheduled_and_then_recorded_from_the_page() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, officer) = app.user_with_token("officer", Role::Officer).await;
    let filed = app.file(&application_body(event_id), &officer).await;
    let id = filed.body["id"].as_i64().unwrap();
    let page = format!("/applications/{id}");
    let today = crate::support::day(0).to_string();
    let (status, _, _) = post_form(
        &app,
        &officer,
        &page,
        &format!("{page}/inspections"),
        &[
            ("scheduled_on:date", &today),
            ("inspectors:lines", "Петрова А. А."),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The result form posts to the inspection the page offers.
    let result_action = |html: &str| {
        let start = html.find("id=\"inspection\"").expect("the result form");
        let action = &html[start..];
        let from = action.find("action=\"").unwrap() + 8;
        action[from..from + action[from..].find('"').unwrap()].to_owned()
    };
    let (_, _, html) = get_page!(app, &page, &officer);
    let first = result_action(&html);
    let (status, _, _) = post_form(
        &app,
        &officer,
        &page,
        &first,
        &[
            ("act_number", "А-1"),
            ("inspected_on:date", &today),
            ("outcome", "not_possible"),
            ("rescheduled_on:date?", &crate::support::day(3).to_string()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, html) = get_page!(app, &page, &officer);
    let second = result_action(&html);
    assert_ne!(
        first, second,
        "the new visit is offered, not the one recorded"
    );
    let (status, _, _) = post_form(
        &app,
        &officer,
        &page,
        &second,
        &[
            ("act_number", "А-2"),
            ("inspected_on:date", &crate::support::day(3).to_string()),
            ("outcome", "loss_confirmed"),
            ("loss_extent_found:?", "full"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, html) = get_page!(app, &page, &officer);
    assert!(html.contains("id=\"decision\""), "now the decision form");
    for entry in [
        "Заявление зарегистрировано",
        "Назначено обследование",
        "Проведено обследование",
    ] {
        assert!(html.contains(entry), "the history lists {entry}");
    }
}

#[actix_web::test]
async fn a_form_field_nested_a_hundred_thousand_levels_is_refused_and_the_server_lives_on() {
    let app = spawn_app().await;
    let deep = vec!["a"; 100_000].join(".");
    let fifty = vec!["a"; 50].join(".");
    let many: Vec<(String, String)> = (0..3000)
        .map(|i| (format!("f{i}"), String::new()))
        .collect();
    // Each, under the form limit, is refused whole with the reason given:
    // a 100,000-level name, 50 levels within the name length, 3,000 fields.
    for (body, reason) in [
        (
            serde_urlencoded::to_string([(deep.as_str(), "x"), ("login", "maria")]),
            "длиннее",
        ),
        (
            serde_urlencoded::to_string([(fifty.as_str(), "x")]),
            "глубже",
        ),
        (serde_urlencoded::to_string(&many), "больше"),
    ] {
        let body = body.expect("form body");
        assert!(body.len() < 256 * 1024, "under the form limit");
        let (status, _, page) = call!(
            app,
            actix_test::TestRequest::post()
                .uri("/login")
                .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
                .set_payload(body)
        );
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        assert!(page.contains(reason), "the refusal says why: {page}");
    }
    let (status, _, _) = call!(app, actix_test::TestRequest::get().uri("/health"));
    assert_eq!(status, StatusCode::OK);
}
