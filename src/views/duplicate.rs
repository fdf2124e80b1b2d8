//! A possible double claim as the officers see it.

use crate::domain::duplicates::{MatchKind, MatchStatus};
use crate::service::duplicates::FoundMatch;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateView {
    pub id: i64,
    pub kind: MatchKind,
    /// The member checked, in application `registration_number`.
    pub member_id: i64,
    pub application_id: i64,
    pub registration_number: String,
    /// The member found in another application.
    pub other_member_id: i64,
    pub other_application_id: i64,
    pub other_registration_number: String,
    #[schema(example = "совпадает СНИЛС")]
    pub explanation: String,
    pub status: MatchStatus,
    pub resolution_comment: Option<String>,
}

impl From<FoundMatch> for DuplicateView {
    fn from(found: FoundMatch) -> Self {
        let row = found.row;
        Self {
            id: row.id,
            kind: row.kind,
            member_id: row.member_id,
            application_id: row.application_id,
            registration_number: found.registration_number,
            other_member_id: row.other_member_id,
            other_application_id: row.other_application_id,
            other_registration_number: found.other_registration_number,
            explanation: row.explanation,
            status: row.status,
            resolution_comment: row.resolution_comment,
        }
    }
}
