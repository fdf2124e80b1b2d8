use crate::commands::application::ApplicationInput;
use crate::domain::text;
use crate::error::AppError;
use crate::service::applications::Filing;

/// An application as the service files it, from the body the API and the
/// web form both produce.
pub fn filing(
    input: &ApplicationInput,
    today: chrono::NaiveDate,
    idempotency: Option<(String, String)>,
) -> Result<Filing, AppError> {
    let draft = input.parse(today).map_err(AppError::invalid)?;
    let late_reason = input
        .late_reason
        .as_deref()
        .map(|r| text::optional(Some(r), 1000))
        .transpose()
        .map_err(|e| AppError::invalid_field(&["late_reason"], e))?
        .flatten();
    Ok(Filing {
        event_id: input.event_id,
        draft,
        late_reason,
        idempotency,
    })
}
