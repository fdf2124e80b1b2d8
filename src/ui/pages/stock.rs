//! The warehouse's stock and the form that takes goods in.

use actix_web::{web, HttpResponse};
use maud::html;
use serde::Deserialize;

use crate::auth::policy::WarehouseStaff;
use crate::commands::warehouse::ReceiptRequest;
use crate::domain::clock;
use crate::domain::wording::kg;
use crate::error::AppError;
use crate::service::audit::Actor;
use crate::service::{catalogue, stock};
use crate::state::AppState;
use crate::ui::error::{FormErrors, WebError};
use crate::ui::form::FormData;
use crate::ui::layout::{self, flash};
use crate::ui::notice::Done;
use crate::ui::respond::{form_page, settle};
use crate::ui::session::{Page, Posted};
use crate::ui::widgets::{chooser, csrf_field, Filled};

#[derive(Debug, Deserialize)]
pub struct StockQuery {
    pub warehouse: Option<i64>,
    pub done: Option<String>,
}

fn kg_of(grams: Option<i64>) -> String {
    kg(grams.unwrap_or(0))
}

pub async fn index(
    state: web::Data<AppState>,
    page: Page<WarehouseStaff>,
    query: web::Query<StockQuery>,
) -> Result<HttpResponse, WebError> {
    let query = query.into_inner();
    render(
        &state,
        &page,
        query.warehouse,
        Done::message_for(query.done.as_deref()),
        &FormData::empty(),
        &FormErrors::new(),
    )
    .await
}

async fn render(
    state: &AppState,
    page: &Page<WarehouseStaff>,
    asked: Option<i64>,
    message: Option<&str>,
    data: &FormData,
    errors: &FormErrors,
) -> Result<HttpResponse, WebError> {
    let user = page.user.clone();
    let (warehouses, items, balances, chosen) = state
        .db(move |conn| {
            let warehouses = stock::warehouses(conn, &user)?;
            let chosen = asked
                .filter(|id| warehouses.iter().any(|w| w.id == *id))
                .or_else(|| warehouses.first().map(|w| w.id));
            let balances = match chosen {
                Some(id) => stock::balances(conn, &user, id)?,
                None => Vec::new(),
            };
            Ok((warehouses, catalogue::items(conn)?, balances, chosen))
        })
        .await?;
    let item_name = |id: i64| {
        items
            .iter()
            .find(|i| i.id == id)
            .map_or_else(String::new, |i| i.name.clone())
    };
    let item_options: Vec<(String, String)> = items
        .iter()
        .map(|i| (i.id.to_string(), i.name.clone()))
        .collect();
    let form = Filled { data, errors };
    let body = html! {
        (flash(message))
        h1 { "Склад" }
        @if warehouses.len() > 1 {
            (chooser(
                "/stock",
                "Склад",
                "warehouse",
                &warehouses.iter().map(|w| (w.id, w.name.as_str())).collect::<Vec<_>>(),
                chosen,
            ))
        }
        @if let Some(w) = warehouses.iter().find(|w| Some(w.id) == chosen) {
            p { (w.name) ", " (w.address) ". Часы работы: " (w.opening_hours) "." }
            div.table-wrap { table.stack #stock {
                thead { tr { th { "Продукция" } th.num { "Поступило, кг" } th.num { "Выдано, кг" } th.num { "На складе, кг" } th.num { "Зарезервировано, кг" } } }
                tbody {
                    @for b in &balances {
                        tr {
                            td data-label="Продукция" { (item_name(b.item_id)) }
                            td.num data-label="Поступило, кг" { (kg_of(b.received)) }
                            td.num data-label="Выдано, кг" { (kg_of(b.issued)) }
                            td.num data-label="На складе, кг" { (kg_of(b.on_hand)) }
                            td.num data-label="Зарезервировано, кг" { (kg_of(b.reserved)) }
                        }
                    }
                }
            } }
            form.card method="post" action={ "/stock/" (w.id) "/receipts" } novalidate {
                h2 { "Приём продукции" }
                (csrf_field(&page.csrf))
                (form.summary(&["item_id", "quantity_kg", "received_on", "supplier", "document_number", "unit_price_rub"]))
                div.grid {
                    (form.select("Продукция", "item_id:int", &item_options))
                    (form.input("Количество, кг", "quantity_kg:num", "text", true))
                    (form.input("Дата поступления", "received_on:date", "date", true))
                    (form.input("Поставщик", "supplier", "text", true))
                    (form.input("Номер накладной", "document_number", "text", true))
                    (form.input("Цена за кг, руб. (если известна)", "unit_price_rub:num?", "text", false))
                }
                div.actions { button type="submit" { "Принять" } }
            }
        } @else {
            p { "Склад не назначен." }
        }
    };
    Ok(form_page(
        layout::page("Склад", &page.user, &page.csrf, body),
        errors,
    ))
}

pub async fn receive(
    state: web::Data<AppState>,
    page: Page<WarehouseStaff>,
    path: web::Path<i64>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let (actor, user) = (Actor::user(page.id, clock::now()), page.user.clone());
    let result = async {
        let input: ReceiptRequest = data.input().map_err(AppError::invalid)?;
        let receipt = input.into_receipt()?;
        state
            .db(move |conn| stock::receive(conn, &user, id, &receipt, actor))
            .await
    }
    .await;
    settle(
        result,
        |_| Done::StockReceived.url(&format!("/stock?warehouse={id}")),
        |errors| async move { render(&state, &page, Some(id), None, &data, &errors).await },
    )
    .await
}
