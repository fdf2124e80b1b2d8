//! The application form: one page with the household as repeatable rows,
//! for a resident filing online and for an officer registering a paper.
//! It posts the API's own body, so the same rules check it.

use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use sha2::{Digest, Sha256};

use super::applications::is_staff;
use crate::actions::filing::filing;
use crate::auth::policy::FilersAndStaff;
use crate::auth::Principal;
use crate::commands::application::ApplicationInput;
use crate::domain::clock;
use crate::error::AppError;
use crate::service::events;
use crate::state::AppState;
use crate::ui::error::{FormErrors, WebError};
use crate::ui::form::FormData;
use crate::ui::layout;
use crate::ui::options;
use crate::ui::respond::{form_page, html as html_response, settle};
use crate::ui::session::{Page, Posted};
use crate::ui::widgets::{csrf_field, Filled};
use crate::views::event::EventView;

/// One household member's fields, their names after `prefix`
/// (`members.0.` in the filing form, nothing in the form that adds one
/// member to a filed application, whose body is the member alone).
pub fn member_fields(form: &Filled, prefix: &str) -> Markup {
    let name = |field: &str| format!("{prefix}{field}");
    let doc = |field: &str| format!("{prefix}document.{field}");
    html! {
        div.grid.three {
            (form.input("Фамилия", &name("last_name"), "text", true))
            (form.input("Имя", &name("first_name"), "text", true))
            (form.input("Отчество (если есть)", &name("patronymic:?"), "text", false))
            (form.input("Дата рождения", &name("birth_date:date"), "date", true))
            (form.select("Кем приходится заявителю", &name("relationship"), &options::relationships()))
            (form.input_with("СНИЛС (если есть)", &name("snils:?"), "text", false,
                form.value(&name("snils")), "Например, 112-233-445 95"))
        }
        @if let Some(messages) = form.errors_at(&format!("{prefix}document")) {
            p.field-error { @for m in messages { (m) " " } }
        }
        div.grid.three {
            (form.select("Документ", &doc("type"), &options::documents()))
            div data-for-document="passport_rf birth_certificate" {
                (form.input("Серия", &doc("series"), "text", false))
            }
            div data-for-document="passport_rf birth_certificate" {
                (form.input("Номер", &doc("number"), "text", false))
            }
            div data-for-document="passport_rf birth_certificate" {
                (form.input("Дата выдачи", &doc("issued_on:date?"), "date", false))
            }
            div data-for-document="passport_rf" {
                (form.input("Кем выдан", &doc("issued_by"), "text", false))
            }
            div data-for-document="passport_rf" {
                (form.input("Код подразделения", &doc("subdivision_code"), "text", false))
            }
            div data-for-document="other" {
                (form.input("Описание документа", &doc("description"), "text", false))
            }
        }
        (form.checkbox("Зарегистрирован(а) по адресу пострадавшего участка на дату ЧС", &name("registered_at_property:bool")))
        (form.checkbox("Проживает по этому адресу", &name("lives_at_property:bool")))
    }
}

/// One household member's row of the filing form. `index` is `__i__` in
/// the template that the script copies for a new row.
fn member_row(form: &Filled, index: &str, number: &str) -> Markup {
    html! {
        fieldset.member data-row {
            legend { "Член семьи № " span data-row-number { (number) } }
            @if let Some(messages) = form.errors_at(&format!("members.{index}")) {
                p.field-error { @for m in messages { (m) " " } }
            }
            (member_fields(form, &format!("members.{index}.")))
            button.secondary type="submit" name="_action" value={ "remove:" (index) } data-remove-row { "Убрать этого члена семьи" }
        }
    }
}

pub fn render(
    user: &Principal,
    csrf: &str,
    events: &[EventView],
    form: &Filled,
    idempotency: &str,
) -> Markup {
    let staff = is_staff(user);
    let title = if staff {
        "Регистрация заявления"
    } else {
        "Заявление на помощь"
    };
    let event_options: Vec<(String, String)> = events
        .iter()
        .map(|e| (e.id.to_string(), e.title.clone()))
        .collect();
    let rows = form.data.rows("members").max(1);
    let template_data = FormData::empty();
    let template_errors = FormErrors::new();
    let template = Filled {
        data: &template_data,
        errors: &template_errors,
    };
    layout::page(
        title,
        user,
        csrf,
        html! {
            h1 { (title) }
            p.muted { "Поля, отмеченные звёздочкой, обязательны. Укажите всех членов семьи, проживающих с вами." }
            @if events.is_empty() {
                p.notice.error role="alert" { "Сейчас приём заявлений не ведётся: ни по одной чрезвычайной ситуации срок подачи не открыт." }
            }
            form method="post" action="/applications/new" novalidate {
                (csrf_field(csrf))
                input type="hidden" name="_idempotency" value=(idempotency);
                (form.summary(&["event_id", "channel", "late_reason", "applicant_phone", "applicant_email",
                    "postal_address", "property_address", "cadastral_number", "plot_area_sotka",
                    "crops_lost", "loss_extent", "description", "consent_personal_data", "members."]))
                fieldset {
                    legend { "Заявление" }
                    div.grid {
                        (form.select("Чрезвычайная ситуация", "event_id:int", &event_options))
                        @if staff {
                            (form.select("Как поступило", "channel", &options::channels()))
                        }
                        (form.input("Телефон", "applicant_phone", "tel", true))
                        (form.input("Электронная почта (если есть)", "applicant_email:?", "email", false))
                        (form.input("Почтовый адрес для ответа", "postal_address", "text", true))
                        (form.input("Адрес пострадавшего участка", "property_address", "text", true))
                        (form.input_with("Кадастровый номер (если известен)", "cadastral_number:?", "text", false,
                            form.value("cadastral_number"), "Например, 28:01:0130123:456"))
                        (form.input("Площадь участка, соток", "plot_area_sotka:num", "text", true))
                        (form.select("Урожай утрачен", "loss_extent", &options::loss_extents()))
                    }
                    (form.textarea("Какие культуры погибли (по одной в строке)", "crops_lost:lines", true))
                    (form.textarea("Описание ущерба", "description", true))
                    @if staff {
                        (form.textarea("Причина регистрации после окончания приёма (если поздно)", "late_reason:?", false))
                    }
                }
                h2 { "Члены семьи" }
                @if let Some(messages) = form.errors_at("members") {
                    p.field-error { @for m in messages { (m) " " } }
                }
                div #members {
                    @for index in 0..rows {
                        (member_row(form, &index.to_string(), &(index + 1).to_string()))
                    }
                }
                template #member-template { (member_row(&template, "__i__", "__n__")) }
                div.actions {
                    button.secondary type="submit" name="_action" value="add_member"
                        data-add-row="members" data-template="member-template" { "Добавить члена семьи" }
                }
                fieldset {
                    legend { "Согласие" }
                    (form.checkbox("Я согласен(на) на обработку персональных данных (152-ФЗ)", "consent_personal_data:bool"))
                }
                div.actions { button type="submit" { "Подать заявление" } }
            }
        },
    )
}

/// The events a user may file into: for a resident those whose intake is
/// open today; staff also register late papers, so they see every event.
async fn open_events(state: &AppState, user: &Principal) -> Result<Vec<EventView>, AppError> {
    let staff = is_staff(user);
    state
        .db(move |conn| {
            let now = clock::now();
            let mut open = Vec::new();
            for event in events::list(conn)? {
                let (today, window) = events::intake_on(&event, now)?;
                if staff || window.contains(today) {
                    open.push(EventView::from(event));
                }
            }
            Ok(open)
        })
        .await
}

fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub async fn new_page(
    state: web::Data<AppState>,
    page: Page<FilersAndStaff>,
) -> Result<HttpResponse, WebError> {
    let events = open_events(&state, &page.user).await?;
    let (data, errors) = (FormData::empty(), FormErrors::new());
    let form = Filled {
        data: &data,
        errors: &errors,
    };
    Ok(html_response(render(
        &page.user,
        &page.csrf,
        &events,
        &form,
        &new_key(),
    )))
}

/// The form's values without member row `removed`, the rows after it
/// moved up one, as the script does on the page.
fn without_member(data: &FormData, removed: usize) -> FormData {
    let pairs = data
        .pairs()
        .iter()
        .filter_map(|(key, value)| {
            let Some(rest) = key.strip_prefix("members.") else {
                return Some((key.clone(), value.clone()));
            };
            let (index, field) = rest.split_once('.')?;
            let index: usize = index.parse().ok()?;
            match index.cmp(&removed) {
                std::cmp::Ordering::Less => Some((key.clone(), value.clone())),
                std::cmp::Ordering::Equal => None,
                std::cmp::Ordering::Greater => {
                    Some((format!("members.{}.{field}", index - 1), value.clone()))
                }
            }
        })
        .collect();
    FormData::new(pairs)
}

pub async fn file(
    state: web::Data<AppState>,
    page: Page<FilersAndStaff>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let rerender = |errors: &FormErrors, events: &[EventView], data: &FormData| {
        let form = Filled { data, errors };
        render(
            &page.user,
            &page.csrf,
            events,
            &form,
            data.raw("_idempotency"),
        )
    };
    let events = open_events(&state, &page.user).await?;
    // Without the script, adding or removing a row is a round trip that
    // keeps everything typed so far.
    let action = data.raw("_action");
    if action == "add_member" || action.starts_with("remove:") {
        let grown = match action.strip_prefix("remove:").and_then(|i| i.parse().ok()) {
            Some(index) => without_member(&data, index),
            None => {
                let mut pairs = data.pairs().to_vec();
                pairs.push((
                    format!("members.{}.last_name", data.rows("members")),
                    String::new(),
                ));
                FormData::new(pairs)
            }
        };
        let errors = FormErrors::new();
        return Ok(html_response(rerender(&errors, &events, &grown)));
    }
    let now = clock::now();
    let attempt = (|| {
        let input: ApplicationInput = data.input().map_err(AppError::invalid)?;
        let key = data.raw("_idempotency");
        let idempotency = if key.is_empty() {
            None
        } else {
            let canonical = serde_json::to_vec(&input).map_err(AppError::internal)?;
            Some((
                format!("web:{key}"),
                hex::encode(Sha256::digest(&canonical)),
            ))
        };
        filing(&input, now.date(), idempotency)
    })();
    let result = match attempt {
        Ok(filing) => state.file(page.user.clone(), filing, now).await,
        Err(error) => Err(error),
    };
    settle(
        result,
        |application| format!("/applications/{}?filed=1", application.row.id),
        |errors| async move { Ok(form_page(rerender(&errors, &events, &data), &errors)) },
    )
    .await
}
