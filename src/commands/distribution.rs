use crate::domain::role::Role;
use crate::domain::{clock, text, FieldError, FieldErrors};
use crate::error::AppError;
use crate::service::distribution::{IssueRequest, NewList};
use crate::text_schema;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateListRequest {
    pub event_id: i64,
    pub warehouse_id: i64,
    pub pickup_from: NaiveDate,
    pub pickup_until: NaiveDate,
    /// Without it: every application with recognised people not on a list.
    pub application_ids: Option<Vec<i64>>,
    /// At most this many rows (default 500).
    #[schema(minimum = 1, maximum = 10_000)]
    pub max_rows: Option<usize>,
}

const DEFAULT_MAX_ROWS: usize = 500;

/// A printed sheet of 10,000 rows is some 250 pages: more is never one
/// day's distribution at one warehouse.
const MAX_LIST_ROWS: usize = 10_000;

impl CreateListRequest {
    pub fn into_new_list(self) -> Result<NewList, AppError> {
        if self.pickup_until < self.pickup_from {
            return Err(AppError::invalid_field(
                &["pickup_until"],
                FieldError::new(
                    "window_inverted",
                    "Выдача не может закончиться раньше, чем начнётся",
                ),
            ));
        }
        let max_rows = self.max_rows.unwrap_or(DEFAULT_MAX_ROWS);
        if !(1..=MAX_LIST_ROWS).contains(&max_rows) {
            return Err(AppError::invalid_field(
                &["max_rows"],
                FieldError::new("invalid_count", "От 1 до 10 000 строк"),
            ));
        }
        if self
            .application_ids
            .as_ref()
            .is_some_and(|ids| ids.len() > MAX_LIST_ROWS)
        {
            return Err(AppError::invalid_field(
                &["application_ids"],
                FieldError::new("too_many", "Не более 10 000 заявлений в одной ведомости"),
            ));
        }
        Ok(NewList {
            event_id: self.event_id,
            warehouse_id: self.warehouse_id,
            pickup_from: self.pickup_from,
            pickup_until: self.pickup_until,
            application_ids: self.application_ids,
            max_rows,
        })
    }
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct IssueInput {
    /// `recipient` or `proxy`.
    #[schema(example = "proxy")]
    pub received_by: String,
    /// Required for a proxy, as are the document and the power of attorney.
    #[schema(schema_with = text_schema::present::<300>)]
    pub proxy_full_name: Option<String>,
    #[schema(schema_with = text_schema::present::<300>)]
    pub proxy_document: Option<String>,
    #[schema(schema_with = text_schema::present::<300>)]
    pub power_of_attorney_number: Option<String>,
    /// The server's clock by default. Only an administrator may give an
    /// earlier moment (a paper issue entered later), with `backdate_reason`.
    pub issued_at: Option<DateTime<Utc>>,
    #[schema(schema_with = text_schema::present::<1000>)]
    pub backdate_reason: Option<String>,
}

/// The issue as asked; `role` decides whether a given `issued_at` is
/// allowed, since a keeper's own clock must not date the ledger.
pub fn parse_issue(body: IssueInput, role: Role) -> Result<IssueRequest, AppError> {
    let mut errors = FieldErrors::new();
    let now = clock::now();
    let backdated = match (body.issued_at, role) {
        (None, _) => None,
        (Some(_), Role::Warehouse | Role::Officer | Role::Resident) => {
            errors.add(
                &["issued_at"],
                FieldError::new(
                    "not_allowed",
                    "Время выдачи ставит сервер; задним числом — только администратор",
                ),
            );
            None
        }
        (Some(at), Role::Admin) => {
            let at = clock::truncate(at).naive_utc();
            if at > now {
                errors.add(
                    &["issued_at"],
                    FieldError::new("in_future", "Время выдачи не может быть в будущем"),
                );
            }
            match body
                .backdate_reason
                .as_deref()
                .map(|r| text::required(r, 1000))
            {
                Some(Ok(reason)) => Some((at, reason)),
                Some(Err(e)) => {
                    errors.add(&["backdate_reason"], e);
                    None
                }
                None => {
                    errors.add(
                        &["backdate_reason"],
                        FieldError::new(
                            "required",
                            "Укажите, почему выдача вносится задним числом",
                        ),
                    );
                    None
                }
            }
        }
    };
    let proxy = match body.received_by.as_str() {
        "recipient" => false,
        "proxy" => true,
        _ => {
            errors.add(
                &["received_by"],
                FieldError::new("invalid_choice", "recipient или proxy"),
            );
            false
        }
    };
    let mut field = |name: &'static str, value: Option<&str>| -> Option<String> {
        match (proxy, value.map(str::trim).filter(|v| !v.is_empty())) {
            (true, None) => {
                errors.add(
                    &[name],
                    FieldError::new("required", "Обязательно при выдаче доверенному лицу"),
                );
                None
            }
            (_, Some(v)) => errors.take(&[name], text::required(v, 300)),
            (false, None) => None,
        }
    };
    let proxy_full_name = field("proxy_full_name", body.proxy_full_name.as_deref());
    let proxy_document = field("proxy_document", body.proxy_document.as_deref());
    let power_of_attorney_number = field(
        "power_of_attorney_number",
        body.power_of_attorney_number.as_deref(),
    );
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let (issued_at, backdate_reason) = match backdated {
        Some((at, reason)) => (at, Some(reason)),
        None => (now, None),
    };
    Ok(IssueRequest {
        backdate_reason,
        received_by: body.received_by,
        proxy_full_name: proxy.then_some(proxy_full_name).flatten(),
        proxy_document: proxy.then_some(proxy_document).flatten(),
        power_of_attorney_number: proxy.then_some(power_of_attorney_number).flatten(),
        issued_at,
    })
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct UndoIssueInput {
    #[schema(schema_with = text_schema::required::<1000>)]
    pub reason: String,
}
