//! The administrator's pages: events with their norms and rules, items,
//! warehouses, and user accounts. Each form posts the API's own body to the
//! same function the API calls.

use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use super::auth::validated;

use crate::actions::accounts::create_account;
use crate::actions::catalogue::{add_item, replace_norms};
use crate::actions::events::add_event;
use crate::actions::warehouses::add_warehouse;
use crate::auth::policy::AdminOnly;
use crate::commands::account::CreateUserRequest;
use crate::commands::catalogue::{CreateItemRequest, NormInput};
use crate::commands::event::CreateEventRequest;
use crate::commands::warehouse::CreateWarehouseRequest;
use crate::domain::role::Role;
use crate::domain::wording::{date, decimal};
use crate::error::AppError;
use crate::service::{accounts, catalogue, events, stock};
use crate::state::AppState;
use crate::ui::error::{on_form, FormErrors, WebError};
use crate::ui::form::FormData;
use crate::ui::layout::{self, flash, role_name};
use crate::ui::notice::Done;
use crate::ui::respond::{form_page, see_other, settle};
use crate::ui::session::{Page, Posted};
use crate::ui::widgets::{csrf_field, Filled};
use crate::views::catalogue::{ItemView, NormView};
use crate::views::event::EventView;

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
}

/// Which of the events page's forms was posted: a new event, or one
/// event's norms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EventForm {
    New,
    Norms(i64),
}

fn norms_form(
    event: &EventView,
    items: &[ItemView],
    norms: &[NormView],
    csrf: &str,
    form: &Filled,
) -> Markup {
    let current = |item: i64, child: bool| -> String {
        norms
            .iter()
            .find(|n| n.item_id == item)
            .and_then(|n| {
                if child {
                    n.kg_per_child
                } else {
                    Some(n.kg_per_person)
                }
            })
            .map(decimal)
            .unwrap_or_default()
    };
    html! {
        form method="post" action={ "/admin/events/" (event.id) "/norms" } novalidate {
            (csrf_field(csrf))
            (form.summary(&["norms."]))
            p.muted { "Пустое поле — продукция этого вида не выдаётся." }
            @for (index, item) in items.iter().enumerate() {
                @let person = format!("norms.{index}.kg_per_person:num?");
                @let child = format!("norms.{index}.kg_per_child:num?");
                input type="hidden" name={ "norms." (index) ".item_id:int" } value=(item.id);
                div.grid {
                    (form.input_with(&format!("{}, кг на человека", item.name), &person, "text", false,
                        if form.data.pairs().is_empty() { current(item.id, false) } else { form.value(&person).to_owned() }.as_str(), ""))
                    (form.input_with(&format!("{}, кг на ребёнка (если иначе)", item.name), &child, "text", false,
                        if form.data.pairs().is_empty() { current(item.id, true) } else { form.value(&child).to_owned() }.as_str(), ""))
                }
            }
            div.actions { button type="submit" { "Сохранить нормы" } }
        }
    }
}

async fn events_response(
    state: &AppState,
    page: &Page<AdminOnly>,
    message: Option<&str>,
    posted: Option<(EventForm, &FormData, &FormErrors)>,
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
    let events: Vec<EventView> = events.into_iter().map(EventView::from).collect();
    let items: Vec<ItemView> = items.into_iter().map(ItemView::from).collect();
    let norms: Vec<Vec<NormView>> = norms
        .into_iter()
        .map(|rows| rows.into_iter().map(NormView::from).collect())
        .collect();
    let blank_data = FormData::empty();
    let blank_errors = FormErrors::new();
    let form_for = |which: EventForm| match posted {
        Some((posted_which, data, errors)) if posted_which == which => Filled { data, errors },
        _ => Filled {
            data: &blank_data,
            errors: &blank_errors,
        },
    };
    // The rules default to the API's defaults: both on.
    let defaults = FormData::new(vec![
        ("require_registration:bool".to_owned(), "true".to_owned()),
        ("require_residence:bool".to_owned(), "true".to_owned()),
        ("require_full_loss:bool".to_owned(), "true".to_owned()),
    ]);
    let new = match posted {
        Some((EventForm::New, _, _)) => form_for(EventForm::New),
        _ => Filled {
            data: &defaults,
            errors: &blank_errors,
        },
    };
    let body = html! {
        (flash(message))
        h1 { "События" }
        @for (event, norms) in events.iter().zip(&norms) {
            section.card {
                h2 { (event.title) " (" (event.code) ")" }
                dl.facts {
                    dt { "Муниципалитет" } dd { (event.municipality) }
                    dt { "Режим ЧС введён" } dd { (date(event.emergency_declared_on)) }
                    dt { "Приём заявлений" } dd { "с " (date(event.intake_opens_on)) " по " (date(event.intake_closes_on)) }
                    dt { "Требуется регистрация по адресу" } dd { (if event.require_registration { "да" } else { "нет" }) }
                    dt { "Требуется постоянное проживание по адресу" } dd { (if event.require_residence { "да" } else { "нет" }) }
                    dt { "Требуется полная утрата урожая" } dd { (if event.require_full_loss { "да" } else { "нет" }) }
                    dt { "Ребёнком считается до" } dd { (event.child_age_limit) " лет" }
                }
                h3 { "Нормы выдачи" }
                @if items.is_empty() {
                    p { "Сначала добавьте продукцию в " a href="/admin/items" { "номенклатуру" } "." }
                } @else {
                    (norms_form(event, &items, norms, &page.csrf, &form_for(EventForm::Norms(event.id))))
                }
            }
        }
        form.card method="post" action="/admin/events" novalidate {
            h2 { "Новое событие" }
            (csrf_field(&page.csrf))
            (new.summary(&["code", "title", "municipality", "emergency_declared_on", "intake_opens_on",
                "intake_closes_on", "utc_offset_minutes", "require_registration", "require_residence", "require_full_loss", "child_age_limit"]))
            div.grid {
                (new.input_with("Код", "code", "text", true, new.value("code"), "Латиница и цифры, например BLG2020"))
                (new.input("Название", "title", "text", true))
                (new.input("Муниципалитет", "municipality", "text", true))
                (new.input("Дата введения режима ЧС", "emergency_declared_on:date", "date", true))
                (new.input("Приём заявлений с", "intake_opens_on:date", "date", true))
                (new.input("Приём заявлений по", "intake_closes_on:date", "date", true))
                (new.input_with("Смещение от UTC, минут", "utc_offset_minutes:int?", "number", false,
                    new.value("utc_offset_minutes"), "Благовещенск: 540"))
                (new.input_with("Ребёнком считается до, лет", "child_age_limit:int?", "number", false,
                    new.value("child_age_limit"), "По умолчанию 18"))
            }
            (new.checkbox("Признавать только зарегистрированных по адресу участка", "require_registration:bool"))
            (new.checkbox("Признавать только постоянно проживающих по адресу участка", "require_residence:bool"))
            (new.checkbox("Признавать только при полной утрате урожая", "require_full_loss:bool"))
            div.actions { button type="submit" { "Создать событие" } }
        }
    };
    let errors = posted.map_or(&blank_errors, |(_, _, errors)| errors);
    Ok(form_page(
        layout::page("События", &page.user, &page.csrf, body),
        errors,
    ))
}

pub async fn events_page(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
    done: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    events_response(&state, &page, Done::message_for(done.done.as_deref()), None).await
}

pub async fn create_event(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let result = async {
        let input: CreateEventRequest = data.input().map_err(AppError::invalid)?;
        add_event(&state, page.id, input).await
    }
    .await;
    settle(
        result,
        |_| Done::EventCreated.url("/admin/events"),
        |errors| async move {
            events_response(&state, &page, None, Some((EventForm::New, &data, &errors))).await
        },
    )
    .await
}

#[derive(Deserialize)]
struct NormsBody {
    #[serde(default)]
    norms: Vec<NormInput>,
}

pub async fn set_norms(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
    path: web::Path<i64>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let event_id = path.into_inner();
    // Rows left empty are items without a norm: they are dropped, and the
    // rest keep their on-screen index so errors land beside the right row.
    let shown: Vec<usize> = (0..data.rows("norms"))
        .filter(|i| {
            !data
                .value(&format!("norms.{i}.kg_per_person"))
                .trim()
                .is_empty()
        })
        .collect();
    let kept = FormData::new(
        data.pairs()
            .iter()
            .filter_map(|(key, value)| {
                let rest = key.strip_prefix("norms.")?;
                let (index, field) = rest.split_once('.')?;
                let position = shown.iter().position(|i| i.to_string() == index)?;
                Some((format!("norms.{position}.{field}"), value.clone()))
            })
            .collect(),
    );
    let result = async {
        let body: NormsBody = kept.input().map_err(AppError::invalid)?;
        replace_norms(&state, page.id, event_id, body.norms).await
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&Done::NormsSaved.url("/admin/events"))),
        Err(error) => {
            let errors: FormErrors = on_form(error)?
                .into_iter()
                .map(|(path, messages)| {
                    // The API reports `0.kg_per_person`, the form shows
                    // `norms.3.kg_per_person`.
                    let path = path.strip_prefix("norms.").unwrap_or(&path).to_owned();
                    let mapped = match path.split_once('.') {
                        Some((index, field)) => {
                            match index.parse::<usize>().ok().and_then(|i| shown.get(i)) {
                                Some(original) => format!("norms.{original}.{field}"),
                                None => path.clone(),
                            }
                        }
                        None => path.clone(),
                    };
                    (mapped, messages)
                })
                .collect();
            events_response(
                &state,
                &page,
                None,
                Some((EventForm::Norms(event_id), &data, &errors)),
            )
            .await
        }
    }
}

/// Which of the items page's forms was posted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CatalogueForm {
    Item,
    Warehouse,
}

async fn items_response(
    state: &AppState,
    page: &Page<AdminOnly>,
    message: Option<&str>,
    posted: Option<(CatalogueForm, &FormData, &FormErrors)>,
) -> Result<HttpResponse, WebError> {
    let user = page.user.clone();
    let (items, warehouses) = state
        .db(move |conn| Ok((catalogue::items(conn)?, stock::warehouses(conn, &user)?)))
        .await?;
    let blank_data = FormData::empty();
    let blank_errors = FormErrors::new();
    let form_for = |which: CatalogueForm| match posted {
        Some((posted_which, data, errors)) if posted_which == which => Filled { data, errors },
        _ => Filled {
            data: &blank_data,
            errors: &blank_errors,
        },
    };
    let (item_form, warehouse_form) = (
        form_for(CatalogueForm::Item),
        form_for(CatalogueForm::Warehouse),
    );
    let body = html! {
        (flash(message))
        h1 { "Номенклатура и склады" }
        h2 { "Продукция" }
        div.table-wrap { table {
            thead { tr { th { "Код" } th { "Наименование" } th { "Единица" } } }
            tbody { @for i in &items { tr { td { (i.code) } td { (i.name) } td { (i.unit) } } } }
        } }
        form.card method="post" action="/admin/items" novalidate {
            h3 { "Добавить продукцию" }
            (csrf_field(&page.csrf))
            (item_form.summary(&["code", "name"]))
            div.grid {
                (item_form.input_with("Код", "code", "text", true, item_form.value("code"), "Латиница, например potatoes"))
                (item_form.input("Наименование", "name", "text", true))
            }
            div.actions { button type="submit" { "Добавить" } }
        }
        h2 { "Склады" }
        div.table-wrap { table {
            thead { tr { th { "Склад" } th { "Адрес" } th { "Часы работы" } } }
            tbody { @for w in &warehouses { tr { td { a href={ "/stock?warehouse=" (w.id) } { (w.name) } } td { (w.address) } td { (w.opening_hours) } } } }
        } }
        form.card method="post" action="/admin/warehouses" novalidate {
            h3 { "Добавить склад" }
            (csrf_field(&page.csrf))
            (warehouse_form.summary(&["name", "address", "opening_hours"]))
            div.grid {
                (warehouse_form.input("Название", "name", "text", true))
                (warehouse_form.input("Адрес", "address", "text", true))
                (warehouse_form.input("Часы работы", "opening_hours", "text", true))
            }
            div.actions { button type="submit" { "Добавить" } }
        }
    };
    let errors = posted.map_or(&blank_errors, |(_, _, errors)| errors);
    Ok(form_page(
        layout::page("Номенклатура", &page.user, &page.csrf, body),
        errors,
    ))
}

pub async fn items_page(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
    done: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    items_response(&state, &page, Done::message_for(done.done.as_deref()), None).await
}

pub async fn create_item(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let result = async {
        let input: CreateItemRequest = data.input().map_err(AppError::invalid)?;
        add_item(&state, page.id, input).await
    }
    .await;
    settle(
        result,
        |_| Done::ItemCreated.url("/admin/items"),
        |errors| async move {
            items_response(
                &state,
                &page,
                None,
                Some((CatalogueForm::Item, &data, &errors)),
            )
            .await
        },
    )
    .await
}

pub async fn create_warehouse(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let result = async {
        let input: CreateWarehouseRequest = data.input().map_err(AppError::invalid)?;
        add_warehouse(&state, page.id, input).await
    }
    .await;
    settle(
        result,
        |_| Done::WarehouseCreated.url("/admin/items"),
        |errors| async move {
            items_response(
                &state,
                &page,
                None,
                Some((CatalogueForm::Warehouse, &data, &errors)),
            )
            .await
        },
    )
    .await
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
    Ok(form_page(
        layout::page("Пользователи", &page.user, &page.csrf, body),
        errors,
    ))
}

pub async fn users_page(
    state: web::Data<AppState>,
    page: Page<AdminOnly>,
    done: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    users_response(
        &state,
        &page,
        Done::message_for(done.done.as_deref()),
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
    settle(
        result,
        |_| Done::UserCreated.url("/admin/users"),
        |errors| async move { users_response(&state, &page, None, &data, &errors).await },
    )
    .await
}
