use crate::domain::quantity::SOTKI;
use crate::domain::review::{
    found_loss, FoundLoss, InspectionOutcome, MemberDecision, MemberOutcome, RefusalReason,
};
use crate::domain::{text, FieldError, FieldErrors};
use crate::error::AppError;
use crate::service::decision::Decision;
use crate::service::review::InspectionAct;
use crate::text_schema;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RequestDocumentsInput {
    /// What is missing, for the filer.
    #[schema(schema_with = text_schema::required::<2000>)]
    pub note: String,
}

impl RequestDocumentsInput {
    /// The note the filer reads on their application, so it may not be blank.
    pub fn parse(self) -> Result<String, AppError> {
        text::required(&self.note, 2000).map_err(|e| AppError::invalid_field(&["note"], e))
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ScheduleInspectionInput {
    pub scheduled_on: NaiveDate,
    /// The commission: usually two people.
    #[schema(schema_with = text_schema::required_items::<200, 1, 10>)]
    pub inspectors: Vec<String>,
}

impl ScheduleInspectionInput {
    /// The commission's names, each checked, or every broken one at its index.
    pub fn inspectors(&self) -> Result<Vec<String>, AppError> {
        if self.inspectors.is_empty() || self.inspectors.len() > 10 {
            return Err(AppError::invalid_field(
                &["inspectors"],
                FieldError::new("inspector_count", "Укажите от 1 до 10 членов комиссии"),
            ));
        }
        let mut errors = FieldErrors::new();
        let inspectors: Vec<String> = self
            .inspectors
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                errors.take(&["inspectors", &i.to_string()], text::required(name, 200))
            })
            .collect();
        if errors.is_empty() {
            Ok(inspectors)
        } else {
            Err(AppError::invalid(errors))
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct InspectionResultInput {
    /// Unique within the event.
    #[schema(schema_with = text_schema::required::<50>)]
    pub act_number: String,
    pub inspected_on: NaiveDate,
    pub outcome: InspectionOutcome,
    /// What the commission found lost: `full` or `partial`, required when
    /// the loss is confirmed; `none` (the default) when it is not; absent
    /// when the inspection was not possible. `require_full_loss` reads
    /// this, not the extent the applicant declared.
    pub loss_extent_found: Option<FoundLoss>,
    #[schema(value_type = Option<String>, example = "6.5")]
    pub lost_area_sotka: Option<Decimal>,
    #[schema(schema_with = text_schema::optional::<1000>)]
    pub present_persons: Option<String>,
    #[schema(schema_with = text_schema::optional::<4000>)]
    pub notes: Option<String>,
    /// The new date, required when the outcome is `not_possible`.
    pub rescheduled_on: Option<NaiveDate>,
}

impl InspectionResultInput {
    pub fn into_act(self) -> Result<InspectionAct, AppError> {
        let mut errors = FieldErrors::new();
        let act_number = errors.take(&["act_number"], text::required(&self.act_number, 50));
        let lost_area_m2 = match self.lost_area_sotka {
            Some(area) if area.is_sign_negative() => {
                errors.add(
                    &["lost_area_sotka"],
                    FieldError::new("negative_area", "Площадь не может быть отрицательной"),
                );
                None
            }
            Some(area) => errors.take(&["lost_area_sotka"], SOTKI.to_minor(area)),
            None => None,
        };
        let present_persons = errors.take(
            &["present_persons"],
            text::optional(self.present_persons.as_deref(), 1000),
        );
        let notes = errors.take(&["notes"], text::optional(self.notes.as_deref(), 4000));
        let loss_extent_found = errors.take(
            &["loss_extent_found"],
            found_loss(self.outcome, self.loss_extent_found),
        );
        let (Some(act_number), Some(present_persons), Some(notes), Some(loss_extent_found), true) = (
            act_number,
            present_persons,
            notes,
            loss_extent_found,
            errors.is_empty(),
        ) else {
            return Err(AppError::invalid(errors));
        };
        Ok(InspectionAct {
            act_number,
            inspected_on: self.inspected_on,
            outcome: self.outcome,
            loss_extent_found,
            lost_area_m2,
            present_persons,
            notes,
            rescheduled_on: self.rescheduled_on,
        })
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct MemberDecisionInput {
    pub member_id: i64,
    pub outcome: MemberOutcome,
    /// Required when refused.
    pub reason: Option<RefusalReason>,
    /// Required with reason `other`.
    #[schema(schema_with = text_schema::optional::<2000>)]
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct DecisionInput {
    #[schema(schema_with = text_schema::required::<50>)]
    pub protocol_number: String,
    pub decided_on: NaiveDate,
    /// One entry for every member of the application.
    pub members: Vec<MemberDecisionInput>,
}

impl DecisionInput {
    pub fn into_decision(self) -> Result<Decision, AppError> {
        let mut errors = FieldErrors::new();
        let protocol_number = errors.take(
            &["protocol_number"],
            text::required(&self.protocol_number, 50),
        );
        let members: Vec<MemberDecision> = self
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| MemberDecision {
                member_id: m.member_id,
                outcome: m.outcome,
                reason: m.reason,
                comment: errors
                    .take(
                        &["members", &i.to_string(), "comment"],
                        text::optional(m.comment.as_deref(), 2000),
                    )
                    .flatten(),
            })
            .collect();
        let Some(protocol_number) = protocol_number.filter(|_| errors.is_empty()) else {
            return Err(AppError::invalid(errors));
        };
        Ok(Decision {
            protocol_number,
            decided_on: self.decided_on,
            members,
        })
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct BulkDecisionInput {
    #[schema(schema_with = text_schema::required::<50>)]
    pub protocol_number: String,
    pub decided_on: NaiveDate,
    /// Inspected applications of this event with a confirmed loss.
    #[schema(min_items = 1, max_items = 10_000)]
    pub application_ids: Vec<i64>,
}

/// The most applications one bulk call takes: 10,000 ids, even of 20
/// characters each, fit in the JSON body limit, so a list the schema
/// allows is never refused as too large.
pub const MAX_BULK: usize = 10_000;
