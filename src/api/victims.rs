//! The list of recognised victims (список граждан, признанных
//! пострадавшими) that the head of the municipality approves: JSON pages for
//! screens, CSV for the printed list.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::csv;
use super::distribution::{kg_lines, ItemKg};
use super::pagination::{PageQuery, Paginated};
use crate::auth::policy::StaffOnly;
use crate::auth::Authed;
use crate::db::victims::{self, VictimRow};
use crate::domain::wording;
use crate::error::{AppError, ErrorBody};
use crate::print::csv::CsvSheet;
use crate::service;
use crate::service::catalogue::{self, AidRules};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct VictimView {
    pub member_id: i64,
    #[schema(example = "Иванова Алёна Петровна")]
    pub full_name: String,
    pub birth_date: NaiveDate,
    #[schema(example = "паспорт РФ 1005 123456")]
    pub document: String,
    /// The flooded house's address, where the person is registered.
    pub registration_address: String,
    pub registration_number: String,
    /// Aid due under the event's norms (the child norm for a child); empty
    /// until norms are set.
    pub aid_due: Vec<ItemKg>,
}

impl VictimView {
    fn build(row: VictimRow, rules: &AidRules) -> Self {
        let full_name =
            wording::full_name(&row.last_name, &row.first_name, row.patronymic.as_deref());
        let aid_due = kg_lines(&rules.due_to(row.birth_date));
        Self {
            member_id: row.member_id,
            full_name,
            birth_date: row.birth_date,
            document: wording::identity_document(
                &row.document_type,
                row.document_series.as_deref(),
                row.document_number.as_deref(),
                row.document_description.as_deref(),
            ),
            registration_address: row.property_address,
            registration_number: row.registration_number,
            aid_due,
        }
    }
}

/// "Картофель 50.000 кг, Капуста 20.000 кг" for the printed list.
fn aid_text(aid: &[ItemKg], rules: &AidRules) -> String {
    aid.iter()
        .map(|line| {
            let name = rules
                .items
                .iter()
                .find(|i| i.id == line.item_id)
                .map_or("", |i| i.name.as_str());
            format!("{name} {} кг", line.kg)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

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
            let total = victims::count(conn, event_id)?;
            let rows = victims::page(conn, event_id, page.offset(), page.per_page)?;
            Ok((rows, total, rules))
        })
        .await?;
    let items = rows
        .into_iter()
        .map(|row| VictimView::build(row, &rules))
        .collect();
    Ok(HttpResponse::Ok().json(page.wrap(items, total)))
}
