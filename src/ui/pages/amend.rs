//! What a filer (or an officer on their behalf) does to an application
//! already filed: change its fields, add or remove a member, answer a
//! request for documents (any change resubmits it), withdraw it.

use actix_web::{web, HttpResponse};
use maud::{html, Markup};

use super::application_form::member_fields;
use super::applications::{answer, is_staff, load, Loaded};
use super::review::Which;
use crate::auth::policy::FilersAndStaff;
use crate::commands::application::{ApplicationPatchInput, MemberInput, WithdrawRequest};
use crate::domain::application::{ApplicationStatus, Relationship, Transition};
use crate::domain::clock;
use crate::domain::labels;
use crate::domain::wording::{date as ru_date, full_name};
use crate::error::AppError;
use crate::service::applications;
use crate::state::AppState;
use crate::ui::error::{FormErrors, WebError};
use crate::ui::form::FormData;
use crate::ui::layout::{self, flash};
use crate::ui::notice::Done;
use crate::ui::options;
use crate::ui::respond::{form_page, html as html_response, see_other, settle};
use crate::ui::session::{Page, Posted};
use crate::ui::widgets::{csrf_field, Filled};
use crate::views::application::ApplicationView;

/// On the application's page: what was asked of the filer, the way to the
/// edit page while a change is allowed, and the withdrawal form.
pub fn filer_actions(
    view: &ApplicationView,
    csrf: &str,
    posted: Option<(Which, &Filled)>,
) -> Markup {
    let (blank_data, blank_errors) = (FormData::empty(), FormErrors::new());
    let withdraw = match posted {
        Some((Which::Withdraw, filled)) => filled,
        _ => &Filled {
            data: &blank_data,
            errors: &blank_errors,
        },
    };
    html! {
        @if view.status == ApplicationStatus::Incomplete {
            div.notice.error role="alert" #documents-requested {
                p { "Управление социальной защиты запросило документы: " (view.status_note.as_deref().unwrap_or("")) }
                p { "Дополните или исправьте заявление — после сохранения оно будет подано повторно. Ответ не позднее " (ru_date(view.answer_due_on)) "." }
            }
        }
        @if view.status.is_editable() {
            div.actions {
                a.button href={ "/applications/" (view.id) "/edit" } {
                    @if view.status == ApplicationStatus::Incomplete { "Дополнить заявление" } @else { "Изменить заявление" }
                }
            }
        }
        @if view.status.apply(Transition::Withdraw).is_some() || matches!(posted, Some((Which::Withdraw, _))) {
            form.card #withdraw method="post" action={ "/applications/" (view.id) "/withdraw" } novalidate {
                h2 { "Отозвать заявление" }
                p.muted { "Отозванное заявление не рассматривается; подать новое можно, пока идёт приём." }
                (csrf_field(csrf))
                (withdraw.summary(&["reason"]))
                (withdraw.textarea("Причина (если хотите указать)", "reason:?", false))
                div.actions { button.secondary type="submit" { "Отозвать заявление" } }
            }
        }
    }
}

/// Which form of the edit page was posted, so its errors show in it alone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Fields,
    NewMember,
    Members,
}

/// The application's fields as the edit form shows them before any change.
fn current_fields(view: &ApplicationView) -> FormData {
    let mut pairs = vec![
        ("applicant_phone", view.applicant_phone.clone()),
        ("postal_address", view.postal_address.clone()),
        ("property_address", view.property_address.clone()),
        (
            "plot_area_sotka",
            view.plot_area_sotka.normalize().to_string(),
        ),
        ("crops_lost", view.crops_lost.join("\n")),
        ("loss_extent", view.loss_extent.as_str().to_owned()),
        ("description", view.description.clone()),
        ("channel", view.channel.as_str().to_owned()),
    ];
    if let Some(email) = &view.applicant_email {
        pairs.push(("applicant_email", email.clone()));
    }
    if let Some(cadastral) = &view.cadastral_number {
        pairs.push(("cadastral_number", cadastral.clone()));
    }
    FormData::new(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn edit_body(
    loaded: &Loaded,
    user: &crate::auth::Principal,
    csrf: &str,
    posted: Option<(Part, &Filled)>,
) -> Markup {
    let view = &loaded.view;
    let current = current_fields(view);
    let (blank_data, blank_errors) = (FormData::empty(), FormErrors::new());
    let kept = FormErrors::new();
    let form = |part: Part| match posted {
        Some((posted_part, filled)) if posted_part == part => Filled {
            data: filled.data,
            errors: filled.errors,
        },
        _ if part == Part::Fields => Filled {
            data: &current,
            errors: &kept,
        },
        _ => Filled {
            data: &blank_data,
            errors: &blank_errors,
        },
    };
    let fields = form(Part::Fields);
    let member = form(Part::NewMember);
    let members = form(Part::Members);
    let id = view.id;
    html! {
        h1 { "Изменение заявления № " (view.registration_number) }
        p { a href={ "/applications/" (id) } { "← К заявлению" } }
        @if view.status == ApplicationStatus::Incomplete {
            div.notice.error role="alert" {
                p { "Запрошено: " (view.status_note.as_deref().unwrap_or("")) }
                p { "Любое сохранённое изменение подаёт заявление повторно." }
            }
        }
        form.card #fields method="post" action={ "/applications/" (id) "/edit" } novalidate {
            h2 { "Сведения заявления" }
            (csrf_field(csrf))
            (fields.summary(&["channel", "applicant_phone", "applicant_email", "postal_address",
                "property_address", "cadastral_number", "plot_area_sotka", "crops_lost",
                "loss_extent", "description"]))
            div.grid {
                @if is_staff(user) {
                    (fields.select("Как поступило", "channel", &options::channels()))
                }
                (fields.input("Телефон", "applicant_phone", "tel", true))
                (fields.input("Электронная почта (если есть)", "applicant_email:?", "email", false))
                (fields.input("Почтовый адрес для ответа", "postal_address", "text", true))
                (fields.input("Адрес пострадавшего участка", "property_address", "text", true))
                (fields.input("Кадастровый номер (если известен)", "cadastral_number:?", "text", false))
                (fields.input("Площадь участка, соток", "plot_area_sotka:num", "text", true))
                (fields.select("Урожай утрачен", "loss_extent", &options::loss_extents()))
            }
            (fields.textarea("Какие культуры погибли (по одной в строке)", "crops_lost:lines", true))
            (fields.textarea("Описание ущерба", "description", true))
            div.actions { button type="submit" {
                @if view.status == ApplicationStatus::Incomplete { "Сохранить и подать повторно" } @else { "Сохранить изменения" }
            } }
        }
        section.card #household {
            h2 { "Члены семьи" }
            (members.summary(&[]))
            ul {
                @for m in &view.members {
                    li {
                        (full_name(&m.last_name, &m.first_name, m.patronymic.as_deref()))
                        ", " (ru_date(m.birth_date)) ", " (labels::relationship(m.relationship))
                        @if m.relationship != Relationship::Applicant {
                            " "
                            form.inline method="post" action={ "/applications/" (id) "/members/" (m.id) "/remove" } {
                                (csrf_field(csrf))
                                button.link type="submit" aria-label={ "Убрать: " (m.last_name) " " (m.first_name) } { "Убрать" }
                            }
                        }
                    }
                }
            }
        }
        form.card #new-member method="post" action={ "/applications/" (id) "/members" } novalidate {
            h2 { "Добавить члена семьи" }
            (csrf_field(csrf))
            (member.summary(&["last_name", "first_name", "patronymic", "birth_date", "relationship",
                "snils", "document", "registered_at_property", "lives_at_property"]))
            (member_fields(&member, ""))
            div.actions { button type="submit" { "Добавить" } }
        }
    }
}

fn edit_page_markup(
    loaded: &Loaded,
    page: &Page<FilersAndStaff>,
    message: Option<&str>,
    posted: Option<(Part, &Filled)>,
) -> Markup {
    let title = format!("Изменение заявления № {}", loaded.view.registration_number);
    let body = html! {
        (flash(message))
        (edit_body(loaded, &page.user, &page.csrf, posted))
    };
    layout::page(&title, &page.user, &page.csrf, body)
}

#[derive(Debug, serde::Deserialize)]
pub struct EditNotice {
    done: Option<String>,
}

pub async fn edit_page(
    state: web::Data<AppState>,
    page: Page<FilersAndStaff>,
    path: web::Path<i64>,
    notice: web::Query<EditNotice>,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let loaded = load(&state, &page.user, id).await?;
    if !loaded.view.status.is_editable() {
        // Reviewed, decided or withdrawn: the page says what it is now.
        return Ok(see_other(&format!("/applications/{id}")));
    }
    let message = Done::message_for(notice.done.as_deref());
    Ok(html_response(edit_page_markup(
        &loaded, &page, message, None,
    )))
}

/// After a form of the edit page: on to `done`, or the edit page again with
/// the posted form's errors.
async fn settle_edit<T>(
    state: &AppState,
    page: &Page<FilersAndStaff>,
    id: i64,
    result: Result<T, AppError>,
    part: Part,
    data: &FormData,
    done: String,
) -> Result<HttpResponse, WebError> {
    settle(
        result,
        |_| done,
        |errors| async move {
            let loaded = load(state, &page.user, id).await?;
            let filled = Filled {
                data,
                errors: &errors,
            };
            Ok(form_page(
                edit_page_markup(&loaded, page, None, Some((part, &filled))),
                &errors,
            ))
        },
    )
    .await
}

pub async fn save(
    state: web::Data<AppState>,
    page: Page<FilersAndStaff>,
    path: web::Path<i64>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let user = page.user.clone();
    let result = async {
        let input: ApplicationPatchInput = data.input().map_err(AppError::invalid)?;
        let patch = input.parse().map_err(AppError::invalid)?;
        state
            .db(move |conn| applications::amend(conn, &user, id, patch, clock::now()))
            .await
    }
    .await;
    let done = Done::Amended.url(&format!("/applications/{id}"));
    settle_edit(&state, &page, id, result, Part::Fields, &data, done).await
}

pub async fn add_member(
    state: web::Data<AppState>,
    page: Page<FilersAndStaff>,
    path: web::Path<i64>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let user = page.user.clone();
    let now = clock::now();
    let result = async {
        let input: MemberInput = data.input().map_err(AppError::invalid)?;
        let member = input.parse_alone(now.date()).map_err(AppError::invalid)?;
        state
            .db(move |conn| applications::add_member(conn, &user, id, &member, now))
            .await
    }
    .await;
    let done = Done::MemberAdded.url(&format!("/applications/{id}/edit"));
    settle_edit(&state, &page, id, result, Part::NewMember, &data, done).await
}

pub async fn remove_member(
    state: web::Data<AppState>,
    page: Page<FilersAndStaff>,
    path: web::Path<(i64, i64)>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let (id, member_id) = path.into_inner();
    let user = page.user.clone();
    let result = state
        .db(move |conn| applications::remove_member(conn, &user, id, member_id, clock::now()))
        .await;
    let done = Done::MemberRemoved.url(&format!("/applications/{id}/edit"));
    settle_edit(&state, &page, id, result, Part::Members, &data, done).await
}

pub async fn withdraw(
    state: web::Data<AppState>,
    page: Page<FilersAndStaff>,
    path: web::Path<i64>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let user = page.user.clone();
    let result = async {
        let input: WithdrawRequest = data.input().map_err(AppError::invalid)?;
        let reason = input.parse()?;
        state
            .db(move |conn| applications::withdraw(conn, &user, id, reason, clock::now()))
            .await
    }
    .await;
    answer(
        &state,
        &page,
        id,
        result,
        Which::Withdraw,
        &data,
        Done::Withdrawn,
    )
    .await
}
