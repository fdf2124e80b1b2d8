//! «Сегодня»: where an officer (and an administrator) starts the day. What
//! must be answered, the soonest due first and the overdue in red; the
//! visits of the coming days by date; the matches no one has looked at;
//! the lists waiting for approval. Each count links to the page that
//! handles it.

use std::collections::BTreeMap;

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use maud::{html, Markup};

use super::applications::status_badge;
use super::review::{chosen_event, event_chooser, EventChoice};
use crate::auth::policy::StaffOnly;
use crate::domain::clock;
use crate::domain::role::Role;
use crate::domain::wording::{date as ru_date, full_name, phone};
use crate::service::today::{officer_day, SHOWN, VISIT_DAYS};
use crate::state::AppState;
use crate::ui::error::WebError;
use crate::ui::layout::{self, badge};
use crate::ui::respond::html as html_response;
use crate::ui::session::Page;
use crate::views::application::{ApplicationView, Detail, InspectionView};
use crate::views::distribution::ListSummary;

struct Day {
    today: NaiveDate,
    awaiting: Vec<ApplicationView>,
    awaiting_total: i64,
    overdue_total: i64,
    /// Pending visits by date, each with its application.
    visits: BTreeMap<NaiveDate, Vec<(ApplicationView, InspectionView)>>,
    open_matches: i64,
    drafts: Vec<ListSummary>,
}

fn applicant(view: &ApplicationView) -> String {
    view.members
        .first()
        .map(|m| full_name(&m.last_name, &m.first_name, m.patronymic.as_deref()))
        .unwrap_or_default()
}

/// Days left to answer, in words; past the date, how late.
fn days_left(view: &ApplicationView, today: NaiveDate) -> Markup {
    let left = (view.answer_due_on - today).num_days();
    html! {
        @if left < 0 {
            (badge("bad", &format!("просрочено на {} дн.", -left)))
        } @else if left == 0 {
            (badge("bad", "срок сегодня"))
        } @else {
            (format!("{left} дн."))
        }
    }
}

fn body(day: &Day) -> Markup {
    let visits_total: usize = day.visits.values().map(Vec::len).sum();
    html! {
        ul.facts #today-counts {
            li { a href="/applications?status=" { "Ждут ответа: " strong { (day.awaiting_total) } } }
            li.overdue[day.overdue_total > 0] { a href="/applications?overdue=1" { "Просрочено: " strong { (day.overdue_total) } } }
            li { a href="#visits" { "Обследований на " (VISIT_DAYS) " дней: " strong { (visits_total) } } }
            li { a href="/applications?duplicates=1" { "Открытых совпадений: " strong { (day.open_matches) } } }
            li { a href="/lists" { "Списков ждут утверждения: " strong { (day.drafts.len()) } } }
        }
        h2 #awaiting { "Ждут ответа" }
        @if day.awaiting.is_empty() {
            p.muted { "Все заявления рассмотрены." }
        } @else {
            @if day.awaiting_total > SHOWN {
                p.muted { "Показаны " (SHOWN) " с самым близким сроком из " (day.awaiting_total) ". "
                    a href="/applications" { "Все заявления" } }
            }
            div.table-wrap { table.stack {
                thead { tr { th { "Номер" } th { "Заявитель" } th { "Статус" } th { "Ответ до" } th { "Осталось" } } }
                tbody {
                    @for view in &day.awaiting {
                        tr.overdue[view.overdue] {
                            td data-label="Номер" { a href={ "/applications/" (view.id) } { (view.registration_number) } }
                            td data-label="Заявитель" { (applicant(view)) }
                            td data-label="Статус" { (status_badge(view)) }
                            td data-label="Ответ до" { (ru_date(view.answer_due_on)) }
                            td data-label="Осталось" { (days_left(view, day.today)) }
                        }
                    }
                }
            } }
        }
        h2 #visits { "Обследования" }
        @if day.visits.is_empty() {
            p.muted { "На ближайшие " (VISIT_DAYS) " дней обследований не назначено." }
        }
        @for (on, visits) in &day.visits {
            h3 {
                (ru_date(*on))
                @if *on < day.today { " " (badge("bad", "не внесено")) }
                @else if *on == day.today { " — сегодня" }
            }
            div.table-wrap { table.stack {
                thead { tr { th { "Заявление" } th { "Адрес участка" } th { "Заявитель" } th { "Телефон" } th { "Комиссия" } } }
                tbody {
                    @for (view, inspection) in visits {
                        tr {
                            td data-label="Заявление" { a href={ "/applications/" (view.id) "#inspection" } { (view.registration_number) } }
                            td data-label="Адрес участка" { (view.property_address) }
                            td data-label="Заявитель" { (applicant(view)) }
                            td data-label="Телефон" { (phone(&view.applicant_phone)) }
                            td data-label="Комиссия" { (inspection.inspectors.join(", ")) }
                        }
                    }
                }
            } }
        }
        h2 #drafts { "Списки выдачи ждут утверждения" }
        @if day.drafts.is_empty() {
            p.muted { "Нет списков, ожидающих утверждения." }
        } @else {
            ul {
                @for list in &day.drafts {
                    li { a href={ "/lists/" (list.id) } { "Список № " (list.number) } ", выдача с " (ru_date(list.pickup_from)) " по " (ru_date(list.pickup_until)) }
                }
            }
        }
    }
}

pub async fn show(
    state: web::Data<AppState>,
    page: Page<StaffOnly>,
    choice: web::Query<EventChoice>,
) -> Result<HttpResponse, WebError> {
    let (events, event_id) = chosen_event(&state, choice.event).await?;
    let user = page.user.clone();
    let day = match event_id {
        None => None,
        Some(event_id) => Some(
            state
                .db(move |conn| officer_day(conn, &user, event_id, clock::now()))
                .await?,
        ),
    };
    let day = match day {
        None => None,
        Some(day) => {
            let awaiting = day
                .awaiting
                .into_iter()
                .map(|a| ApplicationView::build(a, Detail::List))
                .collect::<Result<Vec<_>, _>>()?;
            let mut visits: BTreeMap<NaiveDate, Vec<(ApplicationView, InspectionView)>> =
                BTreeMap::new();
            for application in day.visits {
                let mut view = ApplicationView::build(application, Detail::Full)?;
                // The visit is the one without a result yet.
                let pending = view
                    .inspections
                    .take()
                    .unwrap_or_default()
                    .into_iter()
                    .find(|i| i.outcome.is_none());
                if let Some(inspection) = pending {
                    visits
                        .entry(inspection.scheduled_on)
                        .or_default()
                        .push((view, inspection));
                }
            }
            Some(Day {
                today: day.today,
                awaiting,
                awaiting_total: day.awaiting_total,
                overdue_total: day.overdue_total,
                visits,
                open_matches: day.open_matches,
                drafts: day.drafts.into_iter().map(ListSummary::from).collect(),
            })
        }
    };
    let markup = html! {
        h1 { "Сегодня" @if let Some(day) = &day { ", " (ru_date(day.today)) } }
        @if events.len() > 1 { (event_chooser("/today", &events, event_id)) }
        @match &day {
            Some(day) => { (body(day)) }
            None => { p { "Событий пока нет." } }
        }
        @if page.role == Role::Admin {
            h2 #setup { "Настройка" }
            ul {
                li { a href="/admin/events" { "События: сроки приёма, правила, нормы выдачи" } }
                li { a href="/admin/items" { "Номенклатура и склады" } }
                li { a href="/admin/users" { "Пользователи" } }
            }
        }
    };
    Ok(html_response(layout::page(
        "Сегодня",
        &page.user,
        &page.csrf,
        markup,
    )))
}
