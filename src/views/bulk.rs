//! The answer to a bulk decision: what was decided, what was refused and why.

use crate::domain::review::ApplicationOutcome;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkError {
    pub code: String,
    pub message: String,
    /// As in an error body: on `open_duplicates`, per member, the matches
    /// that hold it; on `already_recognized`, the other application.
    #[schema(value_type = Object)]
    pub fields: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkItem {
    pub application_id: i64,
    /// Set when the application was decided.
    pub outcome: Option<ApplicationOutcome>,
    /// Set when it was not; the others are decided all the same.
    pub error: Option<BulkError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkDecisionView {
    pub decided: usize,
    pub failed: usize,
    pub results: Vec<BulkItem>,
}
