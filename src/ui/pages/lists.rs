//! Distribution lists: creating and approving them (officers), and the
//! warehouse's page where each row is marked «Выдано».

use std::collections::HashMap;

use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use super::review::chosen_event;

use crate::actions::papers::sheet_pdf;
use crate::auth::policy::{AidStaff, Policy, StaffOnly, WarehouseStaff};
use crate::commands::distribution::{parse_issue, CreateListRequest, IssueInput};
use crate::domain::clock;
use crate::domain::distribution::{ListAction, ListStatus, RowStatus};
use crate::domain::labels;
use crate::domain::role::Role;
use crate::domain::wording::kg;
use crate::error::AppError;
use crate::service::audit::Actor;
use crate::service::distribution;
use crate::service::{catalogue, stock, Connection};
use crate::state::AppState;
use crate::ui::error::{FormErrors, WebError};
use crate::ui::form::FormData;
use crate::ui::layout::{self, badge, flash};
use crate::ui::notice::Done;
use crate::ui::respond::{form_page, see_other, settle};
use crate::ui::session::{Page, Posted};
use crate::ui::widgets::{action_button, csrf_field, Filled};

fn list_status(status: ListStatus) -> Markup {
    let tone = match status {
        ListStatus::Draft => "wait",
        ListStatus::Approved => "good",
        ListStatus::Closed => "",
    };
    badge(tone, labels::list_status(status))
}

/// Item and warehouse names for the tables.
struct Names {
    items: HashMap<i64, String>,
    warehouses: HashMap<i64, String>,
}

fn names(conn: &mut Connection) -> Result<Names, AppError> {
    Ok(Names {
        items: catalogue::items(conn)?
            .into_iter()
            .map(|i| (i.id, i.name))
            .collect(),
        warehouses: stock::directory(conn)?
            .into_iter()
            .map(|w| (w.id, w.name))
            .collect(),
    })
}

#[derive(Debug, Deserialize)]
pub struct ListsQuery {
    pub event: Option<i64>,
}

pub async fn index(
    state: web::Data<AppState>,
    page: Page<AidStaff>,
    query: web::Query<ListsQuery>,
) -> Result<HttpResponse, WebError> {
    render_index(
        &state,
        &page,
        query.event,
        &FormData::empty(),
        &FormErrors::new(),
    )
    .await
}

async fn render_index<P: Policy>(
    state: &AppState,
    page: &Page<P>,
    event: Option<i64>,
    data: &FormData,
    errors: &FormErrors,
) -> Result<HttpResponse, WebError> {
    // Every event's lists unless one is asked for; the new-list form
    // proposes the latest event.
    let (events, latest) = chosen_event(state, event).await?;
    let user = page.user.clone();
    let (lists, names) = state
        .db(move |conn| {
            let mut lists = distribution::list(conn, &user, event, None, None)?;
            // A draft is not the warehouse's business until it is approved.
            if user.role == Role::Warehouse {
                lists.retain(|l| l.status != ListStatus::Draft);
            }
            Ok((lists, names(conn)?))
        })
        .await?;
    let staff = StaffOnly::allows(page.role);
    let form = Filled { data, errors };
    // The latest event first, as the form's default.
    let event_options: Vec<(String, String)> = events
        .iter()
        .filter(|e| Some(e.id) == latest)
        .chain(events.iter().filter(|e| Some(e.id) != latest))
        .map(|e| (e.id.to_string(), e.title.clone()))
        .collect();
    let mut warehouse_options: Vec<(String, String)> = names
        .warehouses
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    warehouse_options.sort();
    let body = html! {
        h1 { "Списки выдачи" }
        @if lists.is_empty() { p { "Списков пока нет." } }
        @else {
            div.table-wrap { table {
                thead { tr { th { "Список" } th { "Событие" } th { "Склад" } th { "Выдача" } th { "Статус" } } }
                tbody {
                    @for l in &lists {
                        tr {
                            td { a href={ "/lists/" (l.id) } { "Список № " (l.number) } }
                            td { (events.iter().find(|e| e.id == l.event_id).map(|e| e.title.as_str()).unwrap_or_default()) }
                            td { (names.warehouses.get(&l.warehouse_id).cloned().unwrap_or_default()) }
                            td { (crate::domain::wording::date(l.pickup_from)) " — " (crate::domain::wording::date(l.pickup_until)) }
                            td { (list_status(l.status)) }
                        }
                    }
                }
            } }
        }
        @if staff {
            form.card method="post" action="/lists" novalidate {
                h2 { "Сформировать список" }
                p.muted { "В список попадут заявления с признанными пострадавшими, ещё не включённые в другие списки." }
                (csrf_field(&page.csrf))
                (form.summary(&["event_id", "warehouse_id", "pickup_from", "pickup_until", "max_rows"]))
                div.grid {
                    (form.select("Чрезвычайная ситуация", "event_id:int", &event_options))
                    (form.select("Склад", "warehouse_id:int", &warehouse_options))
                    (form.input("Выдача с", "pickup_from:date", "date", true))
                    (form.input("Выдача по", "pickup_until:date", "date", true))
                    (form.input("Не более строк", "max_rows:int?", "number", false))
                }
                div.actions { button type="submit" { "Сформировать" } }
            }
        }
    };
    Ok(form_page(
        layout::page("Списки выдачи", &page.user, &page.csrf, body),
        errors,
    ))
}

pub async fn create(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let actor = Actor::user(page.id, clock::now());
    let result = async {
        let input: CreateListRequest = data.input().map_err(AppError::invalid)?;
        let new = input.into_new_list()?;
        state
            .db(move |conn| distribution::create(conn, actor, &new))
            .await
    }
    .await;
    settle(
        result,
        |full| format!("/lists/{}", full.list.id),
        |errors| async move { render_index(&state, &page, None, &data, &errors).await },
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct RowSearch {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub done: Option<String>,
}

/// Whether a row answers the search: part of the recipient's name (case
/// and ё folded) or of the registration number.
fn row_matches(recipient: &str, registration_number: &str, q: &str) -> bool {
    if q.is_empty() {
        return true;
    }
    let folded = crate::domain::person_name::fold(q);
    crate::domain::person_name::fold(recipient).contains(&folded)
        || registration_number
            .to_lowercase()
            .contains(&q.to_lowercase())
}

/// The row a mark is made on, and whom the buttons name.
struct Marked<'a> {
    list_id: i64,
    row_id: i64,
    recipient: &'a str,
}

fn row_actions(row: Marked<'_>, csrf: &str, form: &Filled, posted_row: Option<i64>) -> Markup {
    let action = format!("/lists/{}/rows/{}/issue", row.list_id, row.row_id);
    let blank_data = FormData::empty();
    let blank_errors = FormErrors::new();
    let blank = Filled {
        data: &blank_data,
        errors: &blank_errors,
    };
    let f = if posted_row == Some(row.row_id) {
        form
    } else {
        &blank
    };
    html! {
        form.inline method="post" action=(action) {
            (csrf_field(csrf))
            input type="hidden" name="received_by" value="recipient";
            button type="submit" aria-label={ "Выдано: " (row.recipient) } { "Выдано" }
        }
        details open[posted_row == Some(row.row_id)] {
            summary { "Доверенному лицу" }
            form method="post" action=(action) novalidate {
                (csrf_field(csrf))
                input type="hidden" name="received_by" value="proxy";
                (f.input("ФИО доверенного лица", "proxy_full_name", "text", true))
                (f.input("Документ доверенного лица", "proxy_document", "text", true))
                (f.input("Номер доверенности", "power_of_attorney_number", "text", true))
                button type="submit" { "Выдано доверенному лицу" }
            }
        }
    }
}

pub async fn show(
    state: web::Data<AppState>,
    page: Page<AidStaff>,
    path: web::Path<i64>,
    search: web::Query<RowSearch>,
) -> Result<HttpResponse, WebError> {
    let search = search.into_inner();
    let message = Done::message_for(search.done.as_deref());
    render_list(&state, &page, path.into_inner(), &search.q, message, None).await
}

async fn render_list<P: Policy>(
    state: &AppState,
    page: &Page<P>,
    id: i64,
    q: &str,
    message: Option<&str>,
    posted: Option<(i64, &Filled<'_>)>,
) -> Result<HttpResponse, WebError> {
    let user = page.user.clone();
    let (full, names) = state
        .db(move |conn| {
            let full = distribution::get(conn, &user, id)?;
            Ok((full, names(conn)?))
        })
        .await?;
    let list = &full.list;
    let may_issue = list.status.issues_rows() && WarehouseStaff::allows(page.role);
    let may_approve =
        list.status.apply(ListAction::Approve).is_some() && StaffOnly::allows(page.role);
    let blank_data = FormData::empty();
    let blank_errors = FormErrors::new();
    let blank = Filled {
        data: &blank_data,
        errors: &blank_errors,
    };
    let (posted_row, form) = match posted {
        Some((row, filled)) => (Some(row), filled),
        None => (None, &blank),
    };
    let title = format!("Список выдачи № {}", list.number);
    let body = html! {
        (flash(message))
        @if let Some(messages) = form.errors_at("") {
            div.notice.error role="alert" { @for m in messages { p { (m) } } }
        }
        h1 { (title) " " (list_status(list.status)) }
        p {
            "Склад: " (names.warehouses.get(&list.warehouse_id).cloned().unwrap_or_default())
            ". Выдача с " (crate::domain::wording::date(list.pickup_from)) " по " (crate::domain::wording::date(list.pickup_until)) "."
        }
        div.actions {
            a.button.secondary href={ "/lists/" (list.id) "/sheet.pdf" } { "Печать ведомости (PDF)" }
            @if may_approve { (action_button(&format!("/lists/{}/approve", list.id), &page.csrf, "Утвердить список")) }
        }
        form.card.filters method="get" action={ "/lists/" (list.id) } role="search" {
            div.field {
                label for="f-q" { "ФИО или номер заявления" }
                input #f-q type="search" name="q" value=(q);
            }
            button type="submit" { "Найти" }
        }
        div.table-wrap { table.stack #rows {
            thead { tr {
                th { "№" } th { "Заявление" } th { "Получатель" } th { "Адрес" } th { "Человек" }
                th { "Положено" } th { "Отметка" }
            } }
            tbody {
                @for (index, row) in full.rows.iter().enumerate().filter(|(_, r)| row_matches(&r.recipient_full_name, full.registration_number(r.application_id), q)) {
                    tr id={ "row-" (row.id) } {
                        td.num data-label="№" { (index + 1) }
                        td data-label="Заявление" { (full.registration_number(row.application_id)) }
                        td data-label="Получатель" { (row.recipient_full_name) }
                        td data-label="Адрес" { (row.address) }
                        td.num data-label="Человек" { (row.persons) }
                        td data-label="Положено" {
                            @for (item, grams) in full.items_of(row.id) {
                                (names.items.get(&item).cloned().unwrap_or_default()) " " (kg(grams)) " кг" br;
                            }
                        }
                        td data-label="Отметка" {
                            @if row.status == RowStatus::Issued {
                                (badge("good", "Выдано"))
                                @if let Some(at) = row.issued_at { " " (at.format("%d.%m.%Y")) }
                                @if let Some(proxy) = &row.proxy_full_name { br; span.muted { "доверенному лицу: " (proxy) } }
                            } @else if may_issue {
                                @if posted_row == Some(row.id) {
                                    @if let Some(messages) = form.errors_at("") { p.field-error { @for m in messages { (m) " " } } }
                                }
                                (row_actions(Marked { list_id: list.id, row_id: row.id, recipient: &row.recipient_full_name }, &page.csrf, form, posted_row))
                            } @else {
                                (badge("wait", "Ожидает выдачи"))
                            }
                        }
                    }
                }
            }
        } }
    };
    Ok(form_page(
        layout::page(&title, &page.user, &page.csrf, body),
        form.errors,
    ))
}

pub async fn approve(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    path: web::Path<i64>,
    _form: Posted,
) -> Result<HttpResponse, WebError> {
    let (id, actor) = (path.into_inner(), Actor::user(page.id, clock::now()));
    state
        .db(move |conn| distribution::approve(conn, actor, id))
        .await?;
    Ok(see_other(&Done::ListApproved.url(&format!("/lists/{id}"))))
}

pub async fn issue(
    state: web::Data<AppState>,
    page: Page<WarehouseStaff>,
    path: web::Path<(i64, i64)>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let (list_id, row_id) = path.into_inner();
    let (actor, user) = (Actor::user(page.id, clock::now()), page.user.clone());
    let result = async {
        let input: IssueInput = data.input().map_err(AppError::invalid)?;
        let request = parse_issue(input, page.user.role)?;
        state
            .db(move |conn| distribution::issue(conn, &user, actor, list_id, row_id, &request))
            .await
    }
    .await;
    settle(
        result,
        |_| format!("/lists/{list_id}#row-{row_id}"),
        |errors| async move {
            let filled = Filled {
                data: &data,
                errors: &errors,
            };
            render_list(&state, &page, list_id, "", None, Some((row_id, &filled))).await
        },
    )
    .await
}

pub async fn sheet(
    state: web::Data<AppState>,
    page: Page<AidStaff>,
    path: web::Path<i64>,
) -> Result<HttpResponse, WebError> {
    Ok(sheet_pdf(&state, page.user, path.into_inner()).await?)
}
