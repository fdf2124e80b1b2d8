//! The administrator's pages: events with their norms and rules, items,
//! warehouses, and user accounts.

use actix_web::{web, HttpResponse};
use maud::html;

use super::auth::{html_response, see_other, validated};
use crate::api::users::{create_account, CreateUserRequest};
use crate::auth::policy::AdminOnly;
use crate::domain::quantity::KILOGRAMS;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::service::{accounts, catalogue, events, stock};
use crate::state::AppState;
use crate::ui::done_url;
use crate::ui::error::{on_form, FormErrors, WebError};
use crate::ui::form::FormData;
use crate::ui::layout::{self, flash, role_name};
use crate::ui::session::{Page, Posted};
use crate::ui::widgets::{csrf_field, Filled};

#[derive(Debug, serde::Deserialize)]
pub struct Done {
    pub done: Option<String>,
}

pub async fn events_page(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
) -> Result<HttpResponse, WebError> {
    let (events, items, norms) = state
        .db(|conn| {
            let events = events::list(conn)?;
            let mut norms = Vec::with_capacity(events.len());
            for event in &events {
                norms.push(catalogue::norms(conn, event.id)?);
            }
            Ok((events, catalogue::items(conn)?, norms))
        })
        .await?;
    let item_name = |id: i64| {
        items
            .iter()
            .find(|i| i.id == id)
            .map_or_else(String::new, |i| i.name.clone())
    };
    let date = crate::print::format::date;
    let body = html! {
        h1 { "События" }
        p.muted { "События, нормы и правила задаются через API (" code { "/api/v1/events" } ", " code { "/api/v1/events/{id}/norms" } "); здесь они собраны для проверки." }
        @for (event, norms) in events.iter().zip(&norms) {
            section.card {
                h2 { (event.title) " (" (event.code) ")" }
                dl.facts {
                    dt { "Муниципалитет" } dd { (event.municipality) }
                    dt { "Режим ЧС введён" } dd { (date(event.emergency_declared_on)) }
                    dt { "Приём заявлений" } dd { "с " (date(event.intake_opens_on)) " по " (date(event.intake_closes_on)) }
                    dt { "Требуется регистрация по адресу" } dd { (if event.require_registration { "да" } else { "нет" }) }
                    dt { "Требуется полная утрата урожая" } dd { (if event.require_full_loss { "да" } else { "нет" }) }
                    dt { "Возраст ребёнка до" } dd { (event.child_age_limit) " лет" }
                }
                h3 { "Нормы на человека" }
                @if norms.is_empty() { p { "Нормы не заданы." } }
                ul {
                    @for norm in norms {
                        li {
                            (item_name(norm.item_id)) ": " (KILOGRAMS.from_minor(norm.grams_per_person).normalize()) " кг"
                            @if let Some(child) = norm.grams_per_child { ", ребёнку " (KILOGRAMS.from_minor(child).normalize()) " кг" }
                        }
                    }
                }
            }
        }
    };
    Ok(html_response(layout::page(
        "События",
        &page.user,
        &page.csrf,
        body,
    )))
}

pub async fn items_page(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
) -> Result<HttpResponse, WebError> {
    let user = page.user.clone();
    let (items, warehouses) = state
        .db(move |conn| Ok((catalogue::items(conn)?, stock::warehouses(conn, &user)?)))
        .await?;
    let body = html! {
        h1 { "Номенклатура и склады" }
        h2 { "Продукция" }
        div.table-wrap { table {
            thead { tr { th { "Код" } th { "Наименование" } th { "Единица" } } }
            tbody { @for i in &items { tr { td { (i.code) } td { (i.name) } td { (i.unit) } } } }
        } }
        h2 { "Склады" }
        div.table-wrap { table {
            thead { tr { th { "Склад" } th { "Адрес" } th { "Часы работы" } } }
            tbody { @for w in &warehouses { tr { td { (w.name) } td { (w.address) } td { (w.opening_hours) } } } }
        } }
    };
    Ok(html_response(layout::page(
        "Номенклатура",
        &page.user,
        &page.csrf,
        body,
    )))
}

async fn users_response(
    state: &AppState,
    page: &Page<AdminOnly>,
    message: Option<&str>,
    data: &FormData,
    errors: &FormErrors,
) -> Result<HttpResponse, WebError> {
    let user = page.user.clone();
    let ((users, _), warehouses) = state
        .db(move |conn| {
            Ok((
                accounts::page(conn, 0, 500)?,
                stock::warehouses(conn, &user)?,
            ))
        })
        .await?;
    let form = Filled { data, errors };
    let roles: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|r| (r.as_str().to_owned(), role_name(*r).to_owned()))
        .collect();
    let warehouse_options: Vec<(String, String)> = std::iter::once((String::new(), "—".to_owned()))
        .chain(
            warehouses
                .iter()
                .map(|w| (w.id.to_string(), w.name.clone())),
        )
        .collect();
    let body = html! {
        (flash(message))
        h1 { "Пользователи" }
        div.table-wrap { table {
            thead { tr { th { "Логин" } th { "ФИО" } th { "Роль" } th { "Состояние" } } }
            tbody {
                @for u in &users {
                    tr {
                        td { (u.login) }
                        td { (u.full_name) }
                        td { (Role::parse(&u.role).map(role_name).unwrap_or("?")) }
                        td { (if u.disabled { "отключён" } else { "активен" }) }
                    }
                }
            }
        } }
        form.card method="post" action="/admin/users" novalidate {
            h2 { "Новый пользователь" }
            (csrf_field(&page.csrf))
            (form.summary(&["login", "password", "role", "full_name", "phone", "warehouse_id"]))
            div.grid {
                (form.input("ФИО", "full_name", "text", true))
                (form.input("Логин", "login", "text", true))
                (form.input_with("Пароль (не короче 10 символов)", "password", "password", true, "", ""))
                (form.select("Роль", "role", &roles))
                (form.input("Телефон", "phone:?", "tel", false))
                (form.select("Склад (для сотрудника склада)", "warehouse_id:int?", &warehouse_options))
            }
            div.actions { button type="submit" { "Создать" } }
        }
    };
    let mut response = html_response(layout::page("Пользователи", &page.user, &page.csrf, body));
    if !errors.is_empty() {
        *response.status_mut() = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn users_page(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
    done: web::Query<Done>,
) -> Result<HttpResponse, WebError> {
    users_response(
        &state,
        &page,
        done.done.as_deref(),
        &FormData::empty(),
        &FormErrors::new(),
    )
    .await
}

pub async fn create_user(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let result = async {
        let input: CreateUserRequest = validated(data.input().map_err(AppError::invalid)?)?;
        create_account(&state, input).await
    }
    .await;
    match result {
        Ok(row) => Ok(see_other(&done_url(
            "/admin/users",
            &format!("Пользователь {} создан", row.login),
        ))),
        Err(error) => {
            let errors = on_form(error)?;
            users_response(&state, &page, None, &data, &errors).await
        }
    }
}
