//! «Мои заявления» for residents, the officers' worklist, and the page of
//! one application with everything known about it.

use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use super::{amend, review};

use crate::actions::papers::{decision_pdf, receipt_pdf};
use crate::auth::policy::FilersAndStaff;
use crate::auth::Principal;
use crate::commands::duplicates::ResolveInput;
use crate::domain::application::ApplicationStatus;
use crate::domain::clock;
use crate::domain::duplicates::MatchStatus;
use crate::domain::labels;
use crate::domain::review::ApplicationOutcome;
use crate::domain::wording::{
    date as ru_date, decimal, full_name, identity_document, phone, snils,
};
use crate::error::AppError;
use crate::print::decision::Pickup;
use crate::service::application_file;
use crate::service::applications::{self, ListQuery};
use crate::service::{documents, duplicates, events};
use crate::state::AppState;
use crate::ui::error::WebError;
use crate::ui::layout::{self, badge, flash};
use crate::ui::respond::{form_page, html as html_response, see_other, settle};
use crate::ui::widgets::{csrf_field, Filled};
use crate::views::application::HistoryEntry;
use crate::views::application::{ApplicationView, Detail, MemberView};
use crate::views::duplicate::DuplicateView;

/// Officers and administrators: they see the review forms, the history and
/// the duplicates, as the API's `StaffOnly` policy lets them.
pub fn is_staff(user: &Principal) -> bool {
    use crate::auth::policy::{Policy, StaffOnly};
    StaffOnly::allows(user.role)
}

/// The status in words, with a colour that only repeats what the words say.
pub fn status_badge(view: &ApplicationView) -> Markup {
    let kind = match (view.status, view.outcome) {
        (ApplicationStatus::Decided, Some(ApplicationOutcome::Rejected)) => "bad",
        (ApplicationStatus::Decided, _) => "good",
        (ApplicationStatus::Withdrawn, _) => "",
        (
            ApplicationStatus::Submitted
            | ApplicationStatus::Incomplete
            | ApplicationStatus::InspectionScheduled
            | ApplicationStatus::Inspected,
            _,
        ) => "wait",
    };
    let mut text = labels::status(view.status).to_owned();
    if let Some(outcome) = view.outcome {
        text = format!("{text}: {}", labels::application_outcome(outcome));
    }
    badge(kind, &text)
}

fn member_name(member: &MemberView) -> String {
    full_name(
        &member.last_name,
        &member.first_name,
        member.patronymic.as_deref(),
    )
}

fn member_decision(member: &MemberView) -> Markup {
    html! {
        @match &member.decision {
            Some(decision) => {
                (badge(match decision.outcome {
                    crate::domain::review::MemberOutcome::Recognized => "good",
                    crate::domain::review::MemberOutcome::Refused => "bad",
                }, labels::member_outcome(decision.outcome)))
                @if let Some(reason) = decision.reason { " " span.muted { (labels::refusal_reason(reason)) } }
                @if let Some(comment) = &decision.comment { " " span.muted { (comment) } }
            }
            None => { span.muted { "решение ещё не принято" } }
        }
    }
}

/// Where and when to collect the aid, and whether it was collected.
fn pickup_block(pickup: &Option<Pickup>) -> Markup {
    html! {
        @if let Some(p) = pickup {
            @match p.issued_on {
                Some(on) => p.issued { (badge("good", "Выдано")) " " (ru_date(on)) }
                None => {
                    p {
                        (badge("wait", "Готово к выдаче"))
                        " Склад «" (p.warehouse_name) "», " (p.warehouse_address)
                        ", с " (ru_date(p.from)) " по " (ru_date(p.until))
                        ", часы работы: " (p.opening_hours) ". При себе иметь паспорт."
                    }
                }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub duplicates: String,
    #[serde(default)]
    pub q: String,
    pub page: Option<i64>,
}

impl Filters {
    /// The page's number, from 1.
    fn page(&self) -> i64 {
        self.page.unwrap_or(1).max(1)
    }

    /// The address of another page of the same search.
    fn href(&self, page: i64) -> String {
        let page = page.to_string();
        let query = serde_urlencoded::to_string([
            ("q", self.q.as_str()),
            ("status", self.status.as_str()),
            ("overdue", self.overdue.as_str()),
            ("duplicates", self.duplicates.as_str()),
            ("page", page.as_str()),
        ])
        .unwrap_or_default();
        format!("/applications?{query}")
    }

    fn query(&self) -> ListQuery {
        ListQuery {
            event_id: None,
            status: ApplicationStatus::from_stored(&self.status),
            channel: None,
            overdue: self.overdue == "1",
            q: Some(self.q.trim().to_owned()).filter(|q| !q.is_empty()),
            has_open_duplicates: (self.duplicates == "1").then_some(true),
            inspection_due_before: None,
            awaiting_by_due: false,
        }
    }
}

/// Applications per page of the worklist.
const PAGE_ROWS: i64 = 100;

struct Listed {
    view: ApplicationView,
    pickup: Option<Pickup>,
}

pub async fn list(
    state: web::Data<AppState>,
    page: crate::ui::session::Page<FilersAndStaff>,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    let filters = filters.into_inner();
    let query = filters.query();
    let offset = (filters.page() - 1).saturating_mul(PAGE_ROWS);
    let user = page.user.clone();
    let staff = is_staff(&user);
    let (rows, total) = state
        .db(move |conn| {
            let now = clock::now();
            let (items, total) = applications::list(conn, &user, &query, offset, PAGE_ROWS, now)?;
            let mut rows = Vec::with_capacity(items.len());
            for application in items {
                // A resident has a handful of applications; staff lists do
                // not show pickups, so this stays off their path.
                let pickup = if staff {
                    None
                } else {
                    let event = events::get(conn, application.row.event_id)?;
                    documents::pickup_of(conn, &event, application.row.id)?
                };
                let detail = if staff { Detail::List } else { Detail::Full };
                rows.push(Listed {
                    view: ApplicationView::build(application, detail)?,
                    pickup,
                });
            }
            Ok((rows, total))
        })
        .await?;
    let body = if staff {
        worklist(&filters, &rows, total)
    } else {
        my_applications(&rows)
    };
    let title = if staff {
        "Заявления"
    } else {
        "Мои заявления"
    };
    Ok(html_response(layout::page(
        title, &page.user, &page.csrf, body,
    )))
}

fn my_applications(rows: &[Listed]) -> Markup {
    html! {
        h1 { "Мои заявления" }
        @if rows.is_empty() {
            p { "Заявлений пока нет. " a href="/applications/new" { "Подать заявление" } }
        }
        @for Listed { view, pickup } in rows {
            section.card {
                h2 { a href={ "/applications/" (view.id) } { "Заявление № " (view.registration_number) } }
                p { "Статус: " (status_badge(view)) }
                dl.facts {
                    dt { "Подано" } dd { (ru_date(view.registered_at.date_naive())) }
                    dt { "Ответ не позднее" } dd {
                        (ru_date(view.answer_due_on))
                        @if view.overdue { " " (badge("bad", "срок ответа истёк")) }
                    }
                }
                h3 { "Решение по членам семьи" }
                ul {
                    @for member in &view.members {
                        li { (member_name(member)) " — " (member_decision(member)) }
                    }
                }
                (pickup_block(pickup))
            }
        }
    }
}

fn worklist(filters: &Filters, rows: &[Listed], total: i64) -> Markup {
    let statuses: Vec<(String, String)> = std::iter::once((String::new(), "Все".to_owned()))
        .chain(
            ApplicationStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), labels::status(*s).to_owned())),
        )
        .collect();
    html! {
        h1 { "Заявления" }
        form.card.filters method="get" action="/applications" role="search" {
            div.field {
                label for="f-q" { "ФИО или номер" }
                input #f-q name="q" type="search" value=(filters.q);
            }
            div.field {
                label for="f-status" { "Статус" }
                select #f-status name="status" {
                    @for (value, label) in &statuses {
                        option value=(value) selected[*value == filters.status] { (label) }
                    }
                }
            }
            div.field.check {
                input #f-overdue type="checkbox" name="overdue" value="1" checked[filters.overdue == "1"];
                label for="f-overdue" { "Только просроченные" }
            }
            div.field.check {
                input #f-dup type="checkbox" name="duplicates" value="1" checked[filters.duplicates == "1"];
                label for="f-dup" { "С открытыми совпадениями" }
            }
            button type="submit" { "Найти" }
        }
        @let pages = ((total + PAGE_ROWS - 1) / PAGE_ROWS).max(1);
        @let current = filters.page();
        p.muted { "Найдено: " (total) @if pages > 1 { ". Страница " (current) " из " (pages) } }
        div.table-wrap {
            table.stack #worklist {
                thead { tr { th { "Номер" } th { "Заявитель" } th { "Членов семьи" } th { "Статус" } th { "Ответ до" } } }
                tbody {
                    @for Listed { view, .. } in rows {
                        tr {
                            td data-label="Номер" { a href={ "/applications/" (view.id) } { (view.registration_number) } }
                            td data-label="Заявитель" { (view.members.first().map(member_name).unwrap_or_default()) }
                            td.num data-label="Членов семьи" { (view.members.len()) }
                            td data-label="Статус" { (status_badge(view)) }
                            td data-label="Ответ до" {
                                (ru_date(view.answer_due_on))
                                @if view.overdue { " " (badge("bad", "просрочено")) }
                            }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.actions aria-label="Страницы" {
                @if current > 1 { a.button.secondary href=(filters.href(current - 1)) { "← Предыдущая" } }
                @if current < pages { a.button.secondary href=(filters.href(current + 1)) { "Следующая →" } }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Notice {
    #[serde(default)]
    filed: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

pub struct Loaded {
    pub view: ApplicationView,
    pub pickup: Option<Pickup>,
    pub history: Vec<HistoryEntry>,
    pub duplicates: Vec<DuplicateView>,
    /// Names of the members the matches point at, in either application.
    pub matched_names: std::collections::HashMap<i64, String>,
    pub event_title: String,
}

/// Everything the application page shows, read in one go.
pub async fn load(state: &AppState, user: &Principal, id: i64) -> Result<Loaded, AppError> {
    let user = user.clone();
    let file = state
        .db(move |conn| application_file::read(conn, &user, id, clock::now()))
        .await?;
    Ok(Loaded {
        view: ApplicationView::build(file.application, Detail::Full)?,
        pickup: file.pickup,
        history: file.history.into_iter().map(HistoryEntry::from).collect(),
        duplicates: file
            .duplicates
            .into_iter()
            .map(DuplicateView::from)
            .collect(),
        matched_names: file.matched_names,
        event_title: file.event_title,
    })
}

pub async fn show(
    state: web::Data<AppState>,
    page: crate::ui::session::Page<FilersAndStaff>,
    path: web::Path<i64>,
    notice: web::Query<Notice>,
) -> Result<HttpResponse, WebError> {
    let loaded = load(&state, &page.user, path.into_inner()).await?;
    let message = match (&notice.filed, &notice.done) {
        (Some(_), _) => Some(format!(
            "Заявление зарегистрировано под номером {}. Сохраните расписку.",
            loaded.view.registration_number
        )),
        (None, done) => crate::ui::notice::Done::message_for(done.as_deref()).map(str::to_owned),
    };
    let body = html! {
        (flash(message.as_deref()))
        (page_body(&loaded, &page.user, &page.csrf, None))
    };
    let title = format!("Заявление № {}", loaded.view.registration_number);
    Ok(html_response(layout::page(
        &title, &page.user, &page.csrf, body,
    )))
}

/// The application's page below its messages: what is known, what its
/// reader may do now (the posted form refilled), and for staff the review
/// forms and the matches.
fn page_body(
    loaded: &Loaded,
    user: &Principal,
    csrf: &str,
    posted: Option<(review::Which, &Filled)>,
) -> Markup {
    html! {
        (details(loaded))
        (amend::filer_actions(&loaded.view, csrf, posted))
        @if is_staff(user) {
            (review::forms(&loaded.view, csrf, posted))
            (staff_sections(loaded, csrf))
        }
        (history_section(&loaded.history))
    }
}

/// After a form on the application page: back to the page with a message,
/// or the page again with the form's errors beside its fields.
pub async fn answer<T, P: crate::auth::policy::Policy>(
    state: &AppState,
    page: &crate::ui::session::Page<P>,
    id: i64,
    result: Result<T, AppError>,
    which: review::Which,
    data: &crate::ui::form::FormData,
    done: crate::ui::notice::Done,
) -> Result<HttpResponse, WebError> {
    settle(
        result,
        |_| done.url(&format!("/applications/{id}")),
        |errors| async move {
            let loaded = load(state, &page.user, id).await?;
            let filled = Filled {
                data,
                errors: &errors,
            };
            let body = page_body(&loaded, &page.user, &page.csrf, Some((which, &filled)));
            let title = format!("Заявление № {}", loaded.view.registration_number);
            Ok(form_page(
                layout::page(&title, &page.user, &page.csrf, body),
                &errors,
            ))
        },
    )
    .await
}

/// The steps so far, as the reader may read them: a filer sees what was
/// asked of them and why the deadline moved, never the staff's notes.
fn history_section(history: &[HistoryEntry]) -> Markup {
    let said = |entry: &HistoryEntry| {
        ["note", "reason"]
            .iter()
            .find_map(|field| entry.changes[field]["after"].as_str().map(str::to_owned))
    };
    html! {
        h2 { "История" }
        div.table-wrap { table #history {
            thead { tr { th { "Когда" } th { "Действие" } } }
            tbody {
                @for entry in history {
                    tr {
                        td { (entry.at.format("%d.%m.%Y %H:%M")) " UTC" }
                        td {
                            (labels::audit_action(&entry.action))
                            @if let Some(text) = said(entry) { ": " (text) }
                        }
                    }
                }
            }
        } }
    }
}

pub fn details(loaded: &Loaded) -> Markup {
    let view = &loaded.view;
    html! {
        h1 { "Заявление № " span #registration-number { (view.registration_number) } }
        p { "Статус: " span #status { (status_badge(view)) } }
        (pickup_block(&loaded.pickup))
        div.actions {
            a.button.secondary href={ "/applications/" (view.id) "/receipt.pdf" } { "Скачать расписку (PDF)" }
            @if view.status == ApplicationStatus::Decided {
                a.button.secondary href={ "/applications/" (view.id) "/decision.pdf" } { "Скачать уведомление о решении (PDF)" }
            }
        }
        section.card {
            dl.facts {
                dt { "Чрезвычайная ситуация" } dd { (loaded.event_title) }
                dt { "Подано" } dd { (ru_date(view.registered_at.date_naive())) " · " (labels::channel(view.channel)) }
                dt { "Ответ не позднее" } dd {
                    (ru_date(view.answer_due_on))
                    @if view.overdue { " " (badge("bad", "срок ответа истёк")) }
                }
                @if let Some(note) = &view.status_note { dt { "Примечание" } dd { (note) } }
                @if let Some(protocol) = &view.protocol_number {
                    dt { "Решение" } dd {
                        "протокол № " (protocol)
                        @if let Some(on) = view.decided_on { " от " (ru_date(on)) }
                    }
                }
                dt { "Телефон" } dd { (phone(&view.applicant_phone)) }
                @if let Some(email) = &view.applicant_email { dt { "Эл. почта" } dd { (email) } }
                dt { "Почтовый адрес" } dd { (view.postal_address) }
                dt { "Адрес участка" } dd { (view.property_address) }
                @if let Some(cadastral) = &view.cadastral_number { dt { "Кадастровый номер" } dd { (cadastral) } }
                dt { "Площадь участка" } dd { (decimal(view.plot_area_sotka)) " сот." }
                dt { "Погибшие культуры" } dd { (view.crops_lost.join(", ")) }
                dt { "Урожай утрачен" } dd { (labels::loss_extent(view.loss_extent)) }
                dt { "Описание" } dd { (view.description) }
            }
        }
        h2 { "Члены семьи" }
        div.table-wrap {
            table.stack #members {
                thead { tr {
                    th { "ФИО" } th { "Дата рождения" } th { "Родство" } th { "Документ" }
                    th { "СНИЛС" } th { "Регистрация / проживание" } th { "Решение" }
                } }
                tbody {
                    @for member in &view.members {
                        tr {
                            td data-label="ФИО" { (member_name(member)) }
                            td data-label="Дата рождения" { (ru_date(member.birth_date)) }
                            td data-label="Родство" { (labels::relationship(member.relationship)) }
                            td data-label="Документ" { (document_text(member)) }
                            td data-label="СНИЛС" { (member.snils.as_deref().map_or_else(|| "—".to_owned(), snils)) }
                            td data-label="Регистрация / проживание" {
                                (if member.registered_at_property { "зарегистрирован(а)" } else { "не зарегистрирован(а)" })
                                ", "
                                (if member.lives_at_property { "проживает" } else { "не проживает" })
                            }
                            td data-label="Решение" { (member_decision(member)) }
                        }
                    }
                }
            }
        }
    }
}

fn document_text(member: &MemberView) -> String {
    member.document.as_ref().map_or_else(String::new, |doc| {
        identity_document(
            &doc.kind,
            doc.series.as_deref(),
            doc.number.as_deref(),
            doc.description.as_deref(),
        )
    })
}

fn staff_sections(loaded: &Loaded, csrf: &str) -> Markup {
    let name_of = |member_id: i64| {
        loaded
            .matched_names
            .get(&member_id)
            .cloned()
            .unwrap_or_default()
    };
    html! {
        h2 { "Совпадения с другими заявлениями" }
        @if loaded.duplicates.is_empty() {
            p.muted { "Совпадений не найдено." }
        } @else {
            div.table-wrap { table.stack #duplicates {
                thead { tr { th { "Член семьи" } th { "Совпал с" } th { "Признак" } th { "Статус" } } }
                tbody {
                    @for d in &loaded.duplicates {
                        tr {
                            td data-label="Член семьи" {
                                (name_of(d.member_id)) br;
                                a href={ "/applications/" (d.application_id) } { (d.registration_number) }
                            }
                            td data-label="Совпал с" {
                                (name_of(d.other_member_id)) br;
                                a href={ "/applications/" (d.other_application_id) } { (d.other_registration_number) }
                            }
                            td data-label="Признак" { (d.explanation) }
                            td data-label="Статус" {
                                (badge(if d.status == MatchStatus::Open { "wait" } else { "" }, labels::match_status(d.status)))
                                @if let Some(comment) = &d.resolution_comment { br; span.muted { (comment) } }
                                @if d.status == MatchStatus::Open {
                                    form method="post" action={ "/applications/" (loaded.view.id) "/duplicates/" (d.id) "/resolve" } {
                                        (csrf_field(csrf))
                                        div.field {
                                            label for={ "dup-comment-" (d.id) } { "Комментарий" }
                                            input id={ "dup-comment-" (d.id) } type="text" name="comment:?";
                                        }
                                        div.actions {
                                            button type="submit" name="resolution" value="confirmed" { "Подтвердить совпадение" }
                                            button.secondary type="submit" name="resolution" value="dismissed" { "Не совпадение" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            } }
        }
    }
}

pub async fn receipt(
    state: web::Data<AppState>,
    page: crate::ui::session::Page<FilersAndStaff>,
    path: web::Path<i64>,
) -> Result<HttpResponse, WebError> {
    Ok(receipt_pdf(&state, page.user, path.into_inner()).await?)
}

pub async fn decision(
    state: web::Data<AppState>,
    page: crate::ui::session::Page<FilersAndStaff>,
    path: web::Path<i64>,
) -> Result<HttpResponse, WebError> {
    Ok(decision_pdf(&state, page.user, path.into_inner()).await?)
}

/// An officer's verdict on a match shown beside the application.
pub async fn resolve_duplicate(
    state: web::Data<AppState>,
    page: crate::ui::session::Page<crate::auth::policy::StaffOnly>,
    path: web::Path<(i64, i64)>,
    crate::ui::session::Posted(data): crate::ui::session::Posted,
) -> Result<HttpResponse, WebError> {
    let (id, match_id) = path.into_inner();
    let input: ResolveInput = data.input().map_err(AppError::invalid)?;
    let (resolution, comment) = input.parse()?;
    let user = page.user.clone();
    state
        .db(move |conn| {
            duplicates::resolve_on(
                conn,
                &user,
                id,
                match_id,
                resolution,
                comment.as_deref(),
                clock::now(),
            )
        })
        .await?;
    Ok(see_other(
        &crate::ui::notice::Done::DuplicateResolved.url(&format!("/applications/{id}")),
    ))
}
