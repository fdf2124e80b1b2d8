use crate::auth::Principal;
use crate::commands::review::BulkDecisionInput;
use crate::commands::review::MAX_BULK;
use crate::domain::{clock, text, FieldError};
use crate::error::AppError;
use crate::service::decision::{self};
use crate::state::AppState;
use crate::views::bulk::BulkDecisionView;
use crate::views::bulk::BulkError;
use crate::views::bulk::BulkItem;

/// Decides the listed applications of an event, each on its own: the API
/// and the web page both answer with this summary.
pub async fn run_bulk(
    state: &AppState,
    user: Principal,
    event_id: i64,
    body: BulkDecisionInput,
) -> Result<BulkDecisionView, AppError> {
    let protocol_number = text::required(&body.protocol_number, 50)
        .map_err(|e| AppError::invalid_field(&["protocol_number"], e))?;
    if body.application_ids.is_empty() || body.application_ids.len() > MAX_BULK {
        return Err(AppError::invalid_field(
            &["application_ids"],
            FieldError::new("invalid_count", "От 1 до 10 000 заявлений за один раз"),
        ));
    }
    let mut ids = body.application_ids;
    ids.sort_unstable();
    ids.dedup();
    let decided_on = body.decided_on;
    let results = state
        .db(move |conn| {
            decision::decide_bulk(
                conn,
                &user,
                event_id,
                &protocol_number,
                decided_on,
                &ids,
                clock::now(),
            )
        })
        .await?;
    let results: Vec<BulkItem> = results
        .into_iter()
        .map(|r| match r.result {
            Ok(outcome) => BulkItem {
                application_id: r.application_id,
                outcome: Some(outcome),
                error: None,
            },
            Err(error) => BulkItem {
                application_id: r.application_id,
                outcome: None,
                error: Some(BulkError {
                    code: error.code().to_owned(),
                    message: error.message(),
                    fields: error.fields(),
                }),
            },
        })
        .collect();
    let decided = results.iter().filter(|r| r.outcome.is_some()).count();
    Ok(BulkDecisionView {
        decided,
        failed: results.len() - decided,
        results,
    })
}
