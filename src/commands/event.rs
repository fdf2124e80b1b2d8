use crate::domain::event::{parse_event_code, parse_utc_offset_minutes, IntakeWindow};
use crate::domain::{text, FieldError, FieldErrors};
use crate::error::AppError;
use crate::service::events::{EventDraft, EventPatch};
use crate::text_schema;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

/// Moscow time, the federal reference, unless the event says otherwise.
const DEFAULT_UTC_OFFSET_MINUTES: i32 = 180;

/// A child, for the child norm, is someone under 18 on the emergency date.
const DEFAULT_CHILD_AGE_LIMIT: i32 = 18;

pub fn check_child_age_limit(limit: i32) -> Result<i32, FieldError> {
    if (1..=25).contains(&limit) {
        Ok(limit)
    } else {
        Err(FieldError::new(
            "invalid_age_limit",
            "Возраст ребёнка: от 1 до 25 лет",
        ))
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateEventRequest {
    #[schema(example = "BLG2020")]
    pub code: String,
    #[schema(schema_with = text_schema::required::<300>)]
    pub title: String,
    #[schema(schema_with = text_schema::required::<300>)]
    pub municipality: String,
    pub emergency_declared_on: NaiveDate,
    pub intake_opens_on: NaiveDate,
    pub intake_closes_on: NaiveDate,
    /// Default 180 (Moscow); Blagoveshchensk is 540.
    #[schema(minimum = -720, maximum = 840, multiple_of = 15)]
    pub utc_offset_minutes: Option<i32>,
    /// Default true.
    pub require_registration: Option<bool>,
    /// Default true.
    pub require_residence: Option<bool>,
    /// Default true.
    pub require_full_loss: Option<bool>,
    /// Default 18.
    #[schema(minimum = 1, maximum = 25)]
    pub child_age_limit: Option<i32>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct UpdateEventRequest {
    #[schema(schema_with = text_schema::present::<300>)]
    pub title: Option<String>,
    #[schema(schema_with = text_schema::present::<300>)]
    pub municipality: Option<String>,
    pub emergency_declared_on: Option<NaiveDate>,
    pub intake_opens_on: Option<NaiveDate>,
    pub intake_closes_on: Option<NaiveDate>,
    #[schema(minimum = -720, maximum = 840, multiple_of = 15)]
    pub utc_offset_minutes: Option<i32>,
    pub require_registration: Option<bool>,
    pub require_residence: Option<bool>,
    pub require_full_loss: Option<bool>,
    #[schema(minimum = 1, maximum = 25)]
    pub child_age_limit: Option<i32>,
}

pub fn parse_create(body: &CreateEventRequest) -> Result<EventDraft, AppError> {
    let mut errors = FieldErrors::new();
    let code = errors.take(&["code"], parse_event_code(&body.code));
    let title = errors.take(&["title"], text::required(&body.title, 300));
    let municipality = errors.take(&["municipality"], text::required(&body.municipality, 300));
    let offset = body
        .utc_offset_minutes
        .unwrap_or(DEFAULT_UTC_OFFSET_MINUTES);
    errors.take(&["utc_offset_minutes"], parse_utc_offset_minutes(offset));
    if let Some(limit) = body.child_age_limit {
        errors.take(&["child_age_limit"], check_child_age_limit(limit));
    }
    let window = errors.take(
        &["intake_closes_on"],
        IntakeWindow::new(body.intake_opens_on, body.intake_closes_on),
    );
    match (code, title, municipality, window) {
        (Some(code), Some(title), Some(municipality), Some(window)) if errors.is_empty() => {
            Ok(EventDraft {
                code,
                title,
                municipality,
                emergency_declared_on: body.emergency_declared_on,
                window,
                utc_offset_minutes: offset,
                require_registration: body.require_registration.unwrap_or(true),
                require_residence: body.require_residence.unwrap_or(true),
                require_full_loss: body.require_full_loss.unwrap_or(true),
                child_age_limit: body.child_age_limit.unwrap_or(DEFAULT_CHILD_AGE_LIMIT),
            })
        }
        _ => Err(AppError::invalid(errors)),
    }
}

pub fn parse_update(body: UpdateEventRequest) -> Result<EventPatch, AppError> {
    let mut errors = FieldErrors::new();
    let title = body
        .title
        .as_deref()
        .and_then(|t| errors.take(&["title"], text::required(t, 300)));
    let municipality = body
        .municipality
        .as_deref()
        .and_then(|t| errors.take(&["municipality"], text::required(t, 300)));
    if let Some(offset) = body.utc_offset_minutes {
        errors.take(&["utc_offset_minutes"], parse_utc_offset_minutes(offset));
    }
    if let Some(limit) = body.child_age_limit {
        errors.take(&["child_age_limit"], check_child_age_limit(limit));
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    Ok(EventPatch {
        title,
        municipality,
        emergency_declared_on: body.emergency_declared_on,
        intake_opens_on: body.intake_opens_on,
        intake_closes_on: body.intake_closes_on,
        utc_offset_minutes: body.utc_offset_minutes,
        require_registration: body.require_registration,
        require_residence: body.require_residence,
        require_full_loss: body.require_full_loss,
        child_age_limit: body.child_age_limit,
    })
}
