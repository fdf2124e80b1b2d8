//! The officer's forms on an application's page: schedule an inspection,
//! record its result, decide per member; and the bulk decision page.

use actix_web::{web, HttpResponse};
use maud::{html, Markup};

use super::applications::answer;

use crate::actions::review::run_bulk;
use crate::auth::policy::StaffOnly;
use crate::commands::application::ExtendRequest;
use crate::commands::review::{
    BulkDecisionInput, DecisionInput, InspectionResultInput, RequestDocumentsInput,
    ScheduleInspectionInput,
};
use crate::domain::application::{ApplicationStatus, Transition};
use crate::domain::clock;
use crate::domain::labels;
use crate::domain::review::{InspectionOutcome, RefusalReason};
use crate::error::AppError;
use crate::service::review;
use crate::state::AppState;
use crate::ui::error::{on_form, FormErrors, WebError};
use crate::ui::form::FormData;
use crate::ui::layout;
use crate::ui::notice::Done;
use crate::ui::respond::{form_page, html as html_response};
use crate::ui::session::{Page, Posted};
use crate::ui::widgets::{chooser, csrf_field, Filled};
use crate::views::application::ApplicationView;
use crate::views::event::EventView;

/// Which of the page's forms was posted, so its errors show in it alone.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Schedule,
    Result,
    Decision,
    RequestDocuments,
    Extend,
    Withdraw,
}

fn inspection_outcomes() -> Vec<(String, String)> {
    [
        InspectionOutcome::LossConfirmed,
        InspectionOutcome::LossNotConfirmed,
        InspectionOutcome::NotPossible,
    ]
    .into_iter()
    .map(|o| {
        (
            o.as_str().to_owned(),
            labels::inspection_outcome(o).to_owned(),
        )
    })
    .collect()
}

fn refusal_reasons() -> Vec<(String, String)> {
    std::iter::once((String::new(), "— (если признан пострадавшим)".to_owned()))
        .chain(
            RefusalReason::ALL
                .iter()
                .map(|r| (r.as_str().to_owned(), labels::refusal_reason(*r).to_owned())),
        )
        .collect()
}

/// The forms the application's status allows, the posted one refilled.
pub fn forms(view: &ApplicationView, csrf: &str, posted: Option<(Which, &Filled)>) -> Markup {
    let blank_data = FormData::empty();
    let blank_errors = FormErrors::new();
    let blank = Filled {
        data: &blank_data,
        errors: &blank_errors,
    };
    let form = |which: Which| match posted {
        Some((posted_which, filled)) if posted_which == which => filled,
        _ => &blank,
    };
    let id = view.id;
    let pending = view
        .inspections
        .iter()
        .flatten()
        // A visit that could not take place keeps its result and gets a
        // new inspection row: the pending one is the one without a result.
        .find(|i| i.outcome.is_none());
    let today = clock::now().date().to_string();
    html! {
        @if view.status.apply(Transition::RequestDocuments).is_some() {
            @let f = form(Which::RequestDocuments);
            form.card #request-documents method="post" action={ "/applications/" (id) "/request-documents" } novalidate {
                h2 { "Запросить документы" }
                (csrf_field(csrf))
                (f.summary(&["note"]))
                (f.textarea("Чего не хватает (заявитель увидит этот текст)", "note", true))
                div.actions { button type="submit" { "Запросить документы" } }
            }
        }
        // A refused second extension shows the form again with the reason.
        @if (view.status.awaits_answer() && view.extension.is_none()) || matches!(posted, Some((Which::Extend, _))) {
            @let f = form(Which::Extend);
            form.card #extend method="post" action={ "/applications/" (id) "/extend" } novalidate {
                h2 { "Продлить срок ответа" }
                p.muted { "Срок продлевается один раз, не более чем на 30 дней; заявителю сообщается причина." }
                (csrf_field(csrf))
                (f.summary(&["days", "reason"]))
                div.grid {
                    (f.input("На сколько дней (1–30)", "days:int", "number", true))
                }
                (f.textarea("Причина продления", "reason", true))
                div.actions { button type="submit" { "Продлить срок" } }
            }
        }
        @if view.status.apply(Transition::ScheduleInspection).is_some() && view.status != ApplicationStatus::InspectionScheduled {
            @let f = form(Which::Schedule);
            form.card #schedule method="post" action={ "/applications/" (id) "/inspections" } novalidate {
                h2 { "Назначить обследование участка" }
                (csrf_field(csrf))
                (f.summary(&["scheduled_on", "inspectors"]))
                (f.input("Дата обследования", "scheduled_on:date", "date", true))
                (f.textarea("Состав комиссии (по одному в строке)", "inspectors:lines", true))
                div.actions { button type="submit" { "Назначить" } }
            }
        }
        @if let (ApplicationStatus::InspectionScheduled, Some(inspection)) = (view.status, pending) {
            @let f = form(Which::Result);
            form.card #inspection method="post"
                action={ "/applications/" (id) "/inspections/" (inspection.id) "/result" } novalidate {
                h2 { "Результат обследования (назначено на " (crate::domain::wording::date(inspection.scheduled_on)) ")" }
                (csrf_field(csrf))
                (f.summary(&["act_number", "inspected_on", "outcome", "loss_extent_found", "lost_area_sotka", "present_persons", "notes", "rescheduled_on"]))
                div.grid {
                    (f.input("Номер акта", "act_number", "text", true))
                    (f.input_with("Дата обследования", "inspected_on:date", "date", true,
                        if f.value("inspected_on").is_empty() { &today } else { f.value("inspected_on") }, ""))
                    (f.select("Результат", "outcome", &inspection_outcomes()))
                    (f.select("Урожай по итогам обследования", "loss_extent_found:?", &crate::ui::options::found_losses()))
                    (f.input("Площадь утраты, соток", "lost_area_sotka:num?", "text", false))
                    (f.input("Новая дата, если обследование не состоялось", "rescheduled_on:date?", "date", false))
                }
                (f.textarea("Присутствовали", "present_persons:?", false))
                (f.textarea("Замечания", "notes:?", false))
                div.actions { button type="submit" { "Записать результат" } }
            }
        }
        @if view.status.apply(Transition::Decide).is_some() {
            @let f = form(Which::Decision);
            form.card #decision method="post" action={ "/applications/" (id) "/decision" } novalidate {
                h2 { "Решение комиссии" }
                (csrf_field(csrf))
                (f.summary(&["protocol_number", "decided_on", "members."]))
                div.grid {
                    (f.input("Номер протокола", "protocol_number", "text", true))
                    (f.input_with("Дата решения", "decided_on:date", "date", true,
                        if f.value("decided_on").is_empty() { &today } else { f.value("decided_on") }, ""))
                }
                @for (index, member) in view.members.iter().enumerate() {
                    fieldset {
                        legend { (member.last_name) " " (member.first_name) " " (member.patronymic.clone().unwrap_or_default()) }
                        input type="hidden" name={ "members." (index) ".member_id:int" } value=(member.id);
                        div.grid.three {
                            (f.select("Решение", &format!("members.{index}.outcome"), &[
                                ("recognized".to_owned(), "Признать пострадавшим".to_owned()),
                                ("refused".to_owned(), "Отказать".to_owned()),
                            ]))
                            (f.select("Причина отказа", &format!("members.{index}.reason:?"), &refusal_reasons()))
                            (f.input("Комментарий", &format!("members.{index}.comment:?"), "text", false))
                        }
                    }
                }
                div.actions { button type="submit" { "Принять решение" } }
            }
        }
    }
}

pub async fn request_documents(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    path: web::Path<i64>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let user = page.user.clone();
    let result = async {
        let input: RequestDocumentsInput = data.input().map_err(AppError::invalid)?;
        let note = input.parse()?;
        state
            .db(move |conn| review::request_documents(conn, &user, id, &note, clock::now()))
            .await
    }
    .await;
    let which = Which::RequestDocuments;
    answer(
        &state,
        &page,
        id,
        result,
        which,
        &data,
        Done::DocumentsRequested,
    )
    .await
}

pub async fn extend(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    path: web::Path<i64>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let user = page.user.clone();
    let result = async {
        let input: ExtendRequest = data.input().map_err(AppError::invalid)?;
        let (days, reason) = input.parse()?;
        state
            .db(move |conn| {
                crate::service::applications::extend(conn, &user, id, days, &reason, clock::now())
            })
            .await
    }
    .await;
    answer(
        &state,
        &page,
        id,
        result,
        Which::Extend,
        &data,
        Done::Extended,
    )
    .await
}

pub async fn schedule(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    path: web::Path<i64>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let user = page.user.clone();
    let result = async {
        let input: ScheduleInspectionInput = data.input().map_err(AppError::invalid)?;
        let inspectors = input.inspectors()?;
        let on = input.scheduled_on;
        state
            .db(move |conn| {
                review::schedule_inspection(conn, &user, id, on, &inspectors, clock::now())
            })
            .await
    }
    .await;
    answer(
        &state,
        &page,
        id,
        result,
        Which::Schedule,
        &data,
        Done::Scheduled,
    )
    .await
}

pub async fn record(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    path: web::Path<(i64, i64)>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let (id, inspection_id) = path.into_inner();
    let user = page.user.clone();
    let result = async {
        let input: InspectionResultInput = data.input().map_err(AppError::invalid)?;
        let act = input.into_act()?;
        state
            .db(move |conn| {
                review::record_inspection_of(conn, &user, id, inspection_id, &act, clock::now())
            })
            .await
    }
    .await;
    answer(
        &state,
        &page,
        id,
        result,
        Which::Result,
        &data,
        Done::Inspected,
    )
    .await
}

pub async fn decide(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    path: web::Path<i64>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let user = page.user.clone();
    let result = async {
        let input: DecisionInput = data.input().map_err(AppError::invalid)?;
        let decision = input.into_decision()?;
        state
            .db(move |conn| {
                crate::service::decision::decide(conn, &user, id, &decision, clock::now())
            })
            .await
    }
    .await;
    answer(
        &state,
        &page,
        id,
        result,
        Which::Decision,
        &data,
        Done::Decided,
    )
    .await
}

#[derive(Debug, serde::Deserialize)]
pub struct EventChoice {
    pub event: Option<i64>,
}

/// The form that picks the event a page works on.
pub fn event_chooser(action: &str, events: &[EventView], chosen: Option<i64>) -> Markup {
    let options: Vec<(i64, &str)> = events.iter().map(|e| (e.id, e.title.as_str())).collect();
    chooser(action, "Чрезвычайная ситуация", "event", &options, chosen)
}

/// The event a page works on: the one asked for, or the latest.
pub async fn chosen_event(
    state: &AppState,
    asked: Option<i64>,
) -> Result<(Vec<EventView>, Option<i64>), AppError> {
    let events: Vec<EventView> = state
        .db(crate::service::events::list)
        .await?
        .into_iter()
        .map(EventView::from)
        .collect();
    let chosen = asked
        .filter(|id| events.iter().any(|e| e.id == *id))
        .or_else(|| events.iter().map(|e| e.id).max());
    Ok((events, chosen))
}

struct Inspected {
    id: i64,
    number: String,
    applicant: String,
}

async fn inspected(
    state: &AppState,
    user: &crate::auth::Principal,
    event_id: i64,
) -> Result<Vec<Inspected>, AppError> {
    let user = user.clone();
    state
        .db(move |conn| {
            let query = crate::service::applications::ListQuery {
                event_id: Some(event_id),
                status: Some(ApplicationStatus::Inspected),
                channel: None,
                overdue: false,
                q: None,
                has_open_duplicates: None,
                inspection_due_before: None,
                awaiting_by_due: false,
            };
            let (items, _) = crate::service::applications::list(
                conn,
                &user,
                &query,
                0,
                MAX_BULK_PAGE,
                clock::now(),
            )?;
            Ok(items
                .iter()
                .map(|a| Inspected {
                    id: a.row.id,
                    number: a.row.registration_number.clone(),
                    applicant: a
                        .members
                        .first()
                        .map(crate::service::applications::member_full_name)
                        .unwrap_or_default(),
                })
                .collect())
        })
        .await
}

/// The most applications the page lists at once.
const MAX_BULK_PAGE: i64 = 2_000;

fn bulk_page(
    page: &Page<StaffOnly>,
    events: &[EventView],
    event_id: Option<i64>,
    candidates: &[Inspected],
    form: &Filled,
    outcome: Option<Markup>,
) -> Markup {
    layout::page(
        "Массовое решение",
        &page.user,
        &page.csrf,
        html! {
            h1 { "Массовое решение" }
            @if let Some(outcome) = outcome { (outcome) }
            (event_chooser("/decisions/bulk", events, event_id))
            p.muted { "Каждый член семьи в отмеченных обследованных заявлениях будет признан пострадавшим, если правила события это позволяют; иначе — отказ с причиной по правилу." }
            @if let Some(event_id) = event_id {
                form.card method="post" action={ "/decisions/bulk?event=" (event_id) } novalidate {
                    (csrf_field(&page.csrf))
                    (form.summary(&["protocol_number", "decided_on", "application_ids"]))
                    div.grid {
                        (form.input("Номер протокола", "protocol_number", "text", true))
                        (form.input("Дата решения", "decided_on:date", "date", true))
                    }
                    @if let Some(messages) = form.errors_at("application_ids") {
                        p.field-error { @for m in messages { (m) " " } }
                    }
                    @if candidates.is_empty() {
                        p { "Обследованных заявлений, ожидающих решения, нет." }
                    } @else {
                        fieldset {
                            legend { "Обследованные заявления (" (candidates.len()) ")" }
                            input type="hidden" name="application_ids:ints" value="";
                            @for c in candidates {
                                div.field.check {
                                    input id={ "app-" (c.id) } type="checkbox" name="application_ids:ints" value=(c.id) checked;
                                    label for={ "app-" (c.id) } { (c.number) " — " (c.applicant) }
                                }
                            }
                        }
                        div.actions { button type="submit" { "Принять решение" } }
                    }
                }
            }
        },
    )
}

pub async fn bulk_form(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    choice: web::Query<EventChoice>,
) -> Result<HttpResponse, WebError> {
    let (events, event_id) = chosen_event(&state, choice.event).await?;
    let candidates = match event_id {
        Some(id) => inspected(&state, &page.user, id).await?,
        None => Vec::new(),
    };
    let (data, errors) = (FormData::empty(), FormErrors::new());
    let form = Filled {
        data: &data,
        errors: &errors,
    };
    Ok(html_response(bulk_page(
        &page,
        &events,
        event_id,
        &candidates,
        &form,
        None,
    )))
}

pub async fn bulk(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    choice: web::Query<EventChoice>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let (events, event_id) = chosen_event(&state, choice.event).await?;
    let event_id = event_id.ok_or(AppError::NotFound)?;
    let mut candidates = inspected(&state, &page.user, event_id).await?;
    let result = async {
        let input: BulkDecisionInput = data.input().map_err(AppError::invalid)?;
        run_bulk(&state, page.user.clone(), event_id, input).await
    }
    .await;
    // The summary shows on the page itself: it lists what was not decided.
    let (outcome, errors) = match result {
        Ok(view) => {
            let number = |id: i64| {
                candidates
                    .iter()
                    .find(|c| c.id == id)
                    .map_or_else(|| id.to_string(), |c| c.number.clone())
            };
            let summary = html! {
                div.notice.ok role="status" {
                    p { "Решение принято по заявлениям: " (view.decided) ". Не принято: " (view.failed) "." }
                    @for item in &view.results {
                        @if let Some(error) = &item.error {
                            p { "Заявление " (number(item.application_id)) ": " (error.message) }
                        }
                    }
                }
            };
            // What is left to decide is what was offered less what was
            // decided now: no second read of the list.
            candidates.retain(|c| {
                !view
                    .results
                    .iter()
                    .any(|r| r.application_id == c.id && r.outcome.is_some())
            });
            (Some(summary), FormErrors::new())
        }
        Err(error) => (None, on_form(error)?),
    };
    let shown = if outcome.is_some() {
        FormData::empty()
    } else {
        FormData::new(data.pairs().to_vec())
    };
    let form = Filled {
        data: &shown,
        errors: &errors,
    };
    let markup = bulk_page(&page, &events, Some(event_id), &candidates, &form, outcome);
    Ok(form_page(markup, &errors))
}
