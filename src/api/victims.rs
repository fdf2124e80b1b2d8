//! The list of recognised victims (список граждан, признанных
//! пострадавшими) that the head of the municipality approves: JSON pages for
//! screens, CSV for the printed list.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::csv;
use super::pagination::{PageQuery, Paginated};
use crate::auth::policy::StaffOnly;
use crate::auth::Authed;
use crate::domain::wording;
use crate::error::{AppError, ErrorBody};
use crate::print::csv::CsvSheet;
use crate::service;
use crate::service::catalogue::{self};
use crate::state::AppState;
use crate::views::victim::{aid_text, VictimView};

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VictimsQuery {
    /// `csv` for the whole list as a file; JSON pages otherwise.
    pub format: Option<String>,
    #[param(minimum = 1)]
    pub page: Option<i64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<i64>,
}

fn victims_csv(state: &AppState, event_id: i64) -> Result<String, AppError> {
    let mut conn = state.pool.get()?;
    let rules = catalogue::aid_rules(&mut conn, event_id)?;
    let mut out = CsvSheet::new(&[
        "№",
        "ФИО",
        "Дата рождения",
        "Документ",
        "Адрес регистрации",
        "Номер заявления",
        "Положено к выдаче",
    ]);
    let mut number = 0;
    service::victims::for_each(&mut conn, event_id, |row| {
        number += 1;
        let view = VictimView::build(row, &rules);
        let aid = aid_text(&view.aid_due, &rules);
        let fields = [
            number.to_string(),
            view.full_name,
            wording::date(view.birth_date),
            view.document,
            view.registration_address,
            view.registration_number,
            aid,
        ];
        out.push(&fields);
    })?;
    Ok(out.finish()?)
}

#[utoipa::path(
    get, path = "/api/v1/events/{id}/victims", tag = "review",
    params(("id" = i64, Path, description = "Event id"), VictimsQuery),
    responses(
        (status = 200, description = "JSON pages, or with format=csv a UTF-8 CSV with BOM, `;`-separated", body = Paginated<VictimView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_victims(
    state: web::Data<AppState>,
    _officer: Authed<StaffOnly>,
    path: web::Path<i64>,
    query: web::Query<VictimsQuery>,
) -> Result<HttpResponse, AppError> {
    let event_id = path.into_inner();
    let query = query.into_inner();
    if query.format.as_deref() == Some("csv") {
        let state = state.get_ref().clone();
        let csv = web::block(move || victims_csv(&state, event_id)).await??;
        return Ok(csv::response(&format!("victims-{event_id}.csv"), csv));
    }
    let page = PageQuery {
        page: query.page,
        per_page: query.per_page,
    }
    .resolve()?;
    let (rows, total, rules) = state
        .db(move |conn| {
            let rules = catalogue::aid_rules(conn, event_id)?;
            let (rows, total) =
                service::victims::page(conn, event_id, page.offset(), page.per_page)?;
            Ok((rows, total, rules))
        })
        .await?;
    let items = rows
        .into_iter()
        .map(|row| VictimView::build(row, &rules))
        .collect();
    Ok(HttpResponse::Ok().json(page.wrap(items, total)))
}
