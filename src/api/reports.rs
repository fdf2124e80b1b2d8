//! Reports: the event report (JSON, CSV, PDF) and the yearly comparison.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::csv;
use super::extract::ValidJson;
use crate::actions::papers;
use crate::actions::papers::report_pdf;
use crate::auth::policy::{AdminOnly, StaffOnly};
use crate::auth::Authed;
use crate::commands::annual::AnnualFiguresInput;
use crate::domain::clock;
use crate::domain::distribution::ListStatus;
use crate::domain::event_report::EventReport;
use crate::domain::quantity::{KILOGRAMS, ROUBLES};
use crate::domain::report::{percent_text, Metric};
use crate::domain::FieldError;
use crate::error::{AppError, ErrorBody};
use crate::print::csv::{CsvError, CsvSheet};
use crate::service::audit::Actor;
use crate::service::documents::ascii_file_name;
use crate::service::reports::{self, AnnualReport};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Count {
    /// A channel, a refusal reason or a week's Monday, by section.
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationsFigures {
    pub total: i64,
    pub by_channel: Vec<Count>,
    /// Weeks by their Monday (the event's calendar).
    pub by_week: Vec<Count>,
    pub decided: i64,
    pub overdue: i64,
    pub answered_within_30_days: i64,
    pub answered_within_60_days: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionFigures {
    pub loss_confirmed: i64,
    pub loss_not_confirmed: i64,
    pub not_possible: i64,
    pub scheduled: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonFigures {
    pub listed: i64,
    pub recognized: i64,
    pub refused: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateFigures {
    pub found: i64,
    pub open: i64,
    pub confirmed: i64,
    pub dismissed: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemFiguresView {
    pub item_id: i64,
    pub code: String,
    pub name: String,
    #[schema(value_type = String, example = "90750.000")]
    pub due_kg: Decimal,
    #[schema(value_type = String)]
    pub received_kg: Decimal,
    #[schema(value_type = String)]
    pub issued_kg: Decimal,
    #[schema(value_type = String)]
    pub not_collected_kg: Decimal,
    #[schema(value_type = String)]
    pub in_stock_kg: Decimal,
    /// At the receipts' average unit price.
    #[schema(value_type = String, example = "12345.50")]
    pub issued_value_rub: Decimal,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ListFiguresView {
    pub id: i64,
    pub number: i64,
    pub warehouse_id: i64,
    pub status: ListStatus,
    pub rows: i64,
    pub issued: i64,
    pub open: i64,
    pub not_collected: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventReportView {
    pub event_id: i64,
    pub code: String,
    pub title: String,
    /// The municipality's date the figures are for.
    pub as_of: NaiveDate,
    /// The opening paragraph, in Russian, as the PDF prints it.
    pub summary: String,
    pub applications: ApplicationsFigures,
    pub inspections: InspectionFigures,
    pub persons: PersonFigures,
    pub refusals_by_reason: Vec<Count>,
    pub duplicates: DuplicateFigures,
    pub items: Vec<ItemFiguresView>,
    #[schema(value_type = String)]
    pub aid_value_rub: Decimal,
    pub lists: Vec<ListFiguresView>,
}

impl From<&EventReport> for EventReportView {
    fn from(report: &EventReport) -> Self {
        let intake = &report.intake;
        let counts = |pairs: Vec<(String, i64)>| {
            pairs
                .into_iter()
                .map(|(key, count)| Count { key, count })
                .collect()
        };
        Self {
            event_id: report.event.id,
            code: report.event.code.clone(),
            title: report.event.title.clone(),
            as_of: report.today,
            summary: report.summary(),
            applications: ApplicationsFigures {
                total: intake.total,
                by_channel: counts(
                    intake
                        .by_channel
                        .iter()
                        .map(|(c, n)| (c.as_str().to_owned(), *n))
                        .collect(),
                ),
                by_week: counts(
                    intake
                        .by_week
                        .iter()
                        .map(|(d, n)| (d.to_string(), *n))
                        .collect(),
                ),
                decided: intake.decided,
                overdue: intake.overdue,
                answered_within_30_days: intake.answered_within_30,
                answered_within_60_days: intake.answered_within_60,
            },
            inspections: InspectionFigures {
                loss_confirmed: report.inspections.loss_confirmed,
                loss_not_confirmed: report.inspections.loss_not_confirmed,
                not_possible: report.inspections.not_possible,
                scheduled: report.inspections.scheduled,
            },
            persons: PersonFigures {
                listed: report.persons_listed,
                recognized: report.persons_recognized,
                refused: report.persons_refused,
            },
            refusals_by_reason: counts(
                report
                    .refusals
                    .iter()
                    .map(|(r, n)| (r.as_str().to_owned(), *n))
                    .collect(),
            ),
            duplicates: DuplicateFigures {
                found: report.duplicates.found,
                open: report.duplicates.open,
                confirmed: report.duplicates.confirmed,
                dismissed: report.duplicates.dismissed,
            },
            items: report
                .items
                .iter()
                .map(|i| ItemFiguresView {
                    item_id: i.item_id,
                    code: i.code.clone(),
                    name: i.name.clone(),
                    due_kg: KILOGRAMS.from_minor(i.due),
                    received_kg: KILOGRAMS.from_minor(i.received),
                    issued_kg: KILOGRAMS.from_minor(i.issued),
                    not_collected_kg: KILOGRAMS.from_minor(i.not_collected),
                    in_stock_kg: KILOGRAMS.from_minor(i.in_stock),
                    issued_value_rub: ROUBLES.from_minor(i.issued_value_kopecks),
                })
                .collect(),
            aid_value_rub: ROUBLES.from_minor(report.aid_value_kopecks()),
            lists: report
                .lists
                .iter()
                .map(|l| ListFiguresView {
                    id: l.id,
                    number: l.number,
                    warehouse_id: l.warehouse_id,
                    status: l.status,
                    rows: l.rows,
                    issued: l.issued,
                    open: l.open,
                    not_collected: l.not_collected,
                })
                .collect(),
        }
    }
}

/// The same figures as the JSON, one a line: `section;key;value`.
fn report_csv(view: &EventReportView) -> Result<String, CsvError> {
    let mut out = CsvSheet::new(&["section", "key", "value"]);
    let mut put = |section: &str, key: &str, value: String| {
        out.push(&[section, key, value.as_str()]);
    };
    let a = &view.applications;
    put("applications", "total", a.total.to_string());
    for c in &a.by_channel {
        put("applications_by_channel", &c.key, c.count.to_string());
    }
    for c in &a.by_week {
        put("applications_by_week", &c.key, c.count.to_string());
    }
    put("applications", "decided", a.decided.to_string());
    put("applications", "overdue", a.overdue.to_string());
    put(
        "applications",
        "answered_within_30_days",
        a.answered_within_30_days.to_string(),
    );
    put(
        "applications",
        "answered_within_60_days",
        a.answered_within_60_days.to_string(),
    );
    let i = &view.inspections;
    put(
        "inspections",
        "loss_confirmed",
        i.loss_confirmed.to_string(),
    );
    put(
        "inspections",
        "loss_not_confirmed",
        i.loss_not_confirmed.to_string(),
    );
    put("inspections", "not_possible", i.not_possible.to_string());
    put("inspections", "scheduled", i.scheduled.to_string());
    put("persons", "listed", view.persons.listed.to_string());
    put("persons", "recognized", view.persons.recognized.to_string());
    put("persons", "refused", view.persons.refused.to_string());
    for c in &view.refusals_by_reason {
        put("refusals_by_reason", &c.key, c.count.to_string());
    }
    let d = &view.duplicates;
    put("duplicates", "found", d.found.to_string());
    put("duplicates", "confirmed", d.confirmed.to_string());
    put("duplicates", "dismissed", d.dismissed.to_string());
    put("duplicates", "open", d.open.to_string());
    for item in &view.items {
        let section = format!("item:{}", item.code);
        put(&section, "due_kg", item.due_kg.to_string());
        put(&section, "received_kg", item.received_kg.to_string());
        put(&section, "issued_kg", item.issued_kg.to_string());
        put(
            &section,
            "not_collected_kg",
            item.not_collected_kg.to_string(),
        );
        put(&section, "in_stock_kg", item.in_stock_kg.to_string());
        put(
            &section,
            "issued_value_rub",
            item.issued_value_rub.to_string(),
        );
    }
    put("aid", "value_rub", view.aid_value_rub.to_string());
    for list in &view.lists {
        let section = format!("list:{}", list.number);
        put(&section, "status", list.status.as_str().to_owned());
        put(&section, "rows", list.rows.to_string());
        put(&section, "issued", list.issued.to_string());
        put(&section, "open", list.open.to_string());
        put(&section, "not_collected", list.not_collected.to_string());
    }
    out.finish()
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `csv` for a `section;key;value` file; JSON otherwise.
    pub format: Option<String>,
}

#[utoipa::path(
    get, path = "/api/v1/events/{id}/report", tag = "reports",
    params(("id" = i64, Path, description = "Event id"), ReportQuery),
    responses(
        (status = 200, description = "The figures; with format=csv a UTF-8 CSV with BOM", body = EventReportView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn event_report(
    state: web::Data<AppState>,
    _staff: Authed<StaffOnly>,
    path: web::Path<i64>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let report = papers::event_report(&state, path.into_inner()).await?;
    let view = EventReportView::from(&report);
    if query.format.as_deref() == Some("csv") {
        let name = ascii_file_name(&format!("report-{}", view.code));
        return Ok(csv::response(&format!("{name}.csv"), report_csv(&view)?));
    }
    Ok(HttpResponse::Ok().json(view))
}

#[utoipa::path(
    get, path = "/api/v1/events/{id}/report.pdf", tag = "reports",
    params(("id" = i64, Path, description = "Event id")),
    responses(
        (status = 200, description = "The report in Russian, PDF", content_type = "application/pdf"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn event_report_pdf(
    state: web::Data<AppState>,
    _staff: Authed<StaffOnly>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    report_pdf(&state, path.into_inner()).await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FigureView {
    pub value: i64,
    /// `system` when counted from the year's events, `entered` when an
    /// administrator entered it.
    #[schema(example = "entered")]
    pub source: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct YearView {
    pub year: i32,
    /// Appeals received; null where there is no data for the year.
    pub appeals: Option<FigureView>,
    pub examined_on_site: Option<FigureView>,
    pub recognized: Option<FigureView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ComparisonView {
    pub metric: Metric,
    pub from_year: i32,
    pub to_year: i32,
    pub absolute: i64,
    /// One decimal, cut as the city's report does; null when the earlier
    /// year was zero.
    #[schema(example = "13.8")]
    pub percent: Option<String>,
    #[schema(example = "Рост количества обращений составил 13,8 % или 635 обращений")]
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnnualReportView {
    pub year: i32,
    /// The year and the two before it, oldest first.
    pub years: Vec<YearView>,
    pub comparisons: Vec<ComparisonView>,
}

impl From<AnnualReport> for AnnualReportView {
    fn from(report: AnnualReport) -> Self {
        let figure = |year: &reports::YearFigures, metric: Metric| {
            year.values
                .iter()
                .find(|(m, _)| *m == metric)
                .and_then(|(_, f)| *f)
                .map(|f| FigureView {
                    value: f.value,
                    source: if f.entered { "entered" } else { "system" },
                })
        };
        Self {
            year: report.year,
            years: report
                .years
                .iter()
                .map(|y| YearView {
                    year: y.year,
                    appeals: figure(y, Metric::Appeals),
                    examined_on_site: figure(y, Metric::ExaminedOnSite),
                    recognized: figure(y, Metric::Recognized),
                })
                .collect(),
            comparisons: report
                .comparisons
                .into_iter()
                .map(|c| ComparisonView {
                    metric: c.metric,
                    from_year: c.from_year,
                    to_year: c.to_year,
                    absolute: c.growth.absolute,
                    percent: c.growth.percent.map(|p| percent_text(p).replace(',', ".")),
                    text: c.sentence,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnnualQuery {
    #[param(example = 2020, minimum = 1990, maximum = 2200)]
    pub year: i32,
}

fn check_year(year: i32, field: &str) -> Result<i32, AppError> {
    if (1990..=2200).contains(&year) {
        Ok(year)
    } else {
        Err(AppError::invalid_field(
            &[field],
            FieldError::new("invalid_year", "Год: от 1990 до 2200"),
        ))
    }
}

#[utoipa::path(
    get, path = "/api/v1/reports/annual", tag = "reports",
    params(AnnualQuery),
    responses(
        (status = 200, body = AnnualReportView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn annual_report(
    state: web::Data<AppState>,
    _staff: Authed<StaffOnly>,
    query: web::Query<AnnualQuery>,
) -> Result<web::Json<AnnualReportView>, AppError> {
    let year = check_year(query.year, "year")?;
    let report = state
        .db(move |conn| reports::annual_report(conn, year))
        .await?;
    Ok(web::Json(report.into()))
}

#[utoipa::path(
    put, path = "/api/v1/reports/annual/{year}", tag = "reports",
    params(("year" = i32, Path, description = "Year the figures are for", minimum = 1990, maximum = 2200)),
    request_body = AnnualFiguresInput,
    responses(
        (status = 200, description = "The annual report for that year, with the entered figures", body = AnnualReportView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn enter_annual_figures(
    state: web::Data<AppState>,
    admin: Authed<AdminOnly>,
    path: web::Path<i32>,
    body: ValidJson<AnnualFiguresInput>,
) -> Result<web::Json<AnnualReportView>, AppError> {
    let year = check_year(path.into_inner(), "year")?;
    let input = body.into_inner()?;
    let values: Vec<(Metric, i64)> = [
        (Metric::Appeals, input.appeals),
        (Metric::ExaminedOnSite, input.examined_on_site),
        (Metric::Recognized, input.recognized),
    ]
    .into_iter()
    .filter_map(|(metric, value)| value.map(|v| (metric, v)))
    .collect();
    if values.is_empty() {
        return Err(AppError::invalid_field(
            &["appeals"],
            FieldError::new("nothing_to_enter", "Укажите хотя бы один показатель"),
        ));
    }
    let actor = Actor::user(admin.user.id, clock::now());
    let report = state
        .db(move |conn| reports::enter_annual(conn, actor, year, &values))
        .await?;
    Ok(web::Json(report.into()))
}
