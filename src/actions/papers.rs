use crate::auth::Principal;
use crate::domain::clock;
use crate::domain::event_report::EventReport;
use crate::error::AppError;
use crate::print::PrintError;
use crate::service::documents;
use crate::service::documents::Named;
use crate::service::reports;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::web;
use actix_web::HttpResponse;

/// Draws the document off the async workers and answers it as a download
/// named after its stem.
pub async fn pdf<D>(
    named: Named<D>,
    render: fn(&D) -> Result<Vec<u8>, PrintError>,
) -> Result<HttpResponse, AppError>
where
    D: Send + 'static,
{
    let Named { stem, document } = named;
    let bytes = web::block(move || render(&document)).await??;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{stem}.pdf\""),
        ))
        .body(bytes))
}

/// The download for a user already authorised by role, from the API or a
/// web page; the service checks ownership.
pub async fn receipt_pdf(
    state: &AppState,
    user: Principal,
    id: i64,
) -> Result<HttpResponse, AppError> {
    let receipt = state
        .db(move |conn| documents::receipt(conn, &user, id, clock::now()))
        .await?;
    pdf(receipt, |r| r.render()).await
}

/// The download for a user already authorised by role, from the API or a
/// web page; the service checks ownership.
pub async fn decision_pdf(
    state: &AppState,
    user: Principal,
    id: i64,
) -> Result<HttpResponse, AppError> {
    let notice = state
        .db(move |conn| documents::decision(conn, &user, id, clock::now()))
        .await?;
    pdf(notice, |n| n.render()).await
}

/// The download for a user already authorised by role, from the API or a
/// web page; the service checks ownership.
pub async fn sheet_pdf(
    state: &AppState,
    user: Principal,
    id: i64,
) -> Result<HttpResponse, AppError> {
    let sheet = state
        .db(move |conn| documents::sheet(conn, &user, id))
        .await?;
    pdf(sheet, |s| s.render()).await
}

pub async fn event_report(state: &AppState, event_id: i64) -> Result<EventReport, AppError> {
    state
        .db(move |conn| reports::event_report(conn, event_id, clock::now()))
        .await
}

/// The event report as a PDF, for the API and the web page alike.
pub async fn report_pdf(state: &AppState, event_id: i64) -> Result<HttpResponse, AppError> {
    let report = event_report(state, event_id).await?;
    let stem = format!("report-{}", report.event.code);
    pdf(Named::new(stem, report), crate::print::report::render).await
}
