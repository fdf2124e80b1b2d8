//! The event report on screen, with the printed version beside it.

use actix_web::{web, HttpResponse};
use maud::html;

use super::review::{chosen_event, event_chooser, EventChoice};

use crate::actions::papers::{event_report, report_pdf};
use crate::auth::policy::StaffOnly;
use crate::domain::labels;
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::error::WebError;
use crate::ui::layout;
use crate::ui::respond::html as html_response;
use crate::ui::session::Page;

pub async fn show(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    choice: web::Query<EventChoice>,
) -> Result<HttpResponse, WebError> {
    let (events, event_id) = chosen_event(&state, choice.event).await?;
    let report = match event_id {
        Some(id) => Some(event_report(&state, id).await?),
        None => None,
    };
    let body = html! {
        h1 { "Отчёт по чрезвычайной ситуации" }
        (event_chooser("/report", &events, event_id))
        @if let Some(report) = &report {
            div.actions {
                a.button.secondary href={ "/report.pdf?event=" (report.event.id) } { "Отчёт для печати (PDF)" }
            }
            section.card { p #summary { (report.summary()) } }
            div.table-wrap { table {
                tbody {
                    tr { th { "Людей в заявлениях" } td.num { (report.persons_listed) } }
                    tr { th { "Признано пострадавшими" } td.num { (report.persons_recognized) } }
                    tr { th { "Отказано" } td.num { (report.persons_refused) } }
                }
            } }
            h2 { "Причины отказа" }
            @if report.persons_refused == 0 {
                p { "Отказов нет." }
            } @else {
                div.table-wrap { table {
                    tbody {
                        @for (reason, count) in report.refusals.iter().filter(|(_, n)| *n > 0) {
                            tr { th { (labels::refusal_reason(*reason)) } td.num { (count) } }
                        }
                    }
                } }
            }
        }
    };
    Ok(html_response(layout::page(
        "Отчёт",
        &page.user,
        &page.csrf,
        body,
    )))
}

pub async fn pdf(
    state: web::Data<AppState>,
    _page: Page<StaffOnly>,
    choice: web::Query<EventChoice>,
) -> Result<HttpResponse, WebError> {
    let id = choice.event.ok_or(AppError::NotFound)?;
    Ok(report_pdf(&state, id).await?)
}
