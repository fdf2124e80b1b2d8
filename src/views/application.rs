//! How applications are shown. Document numbers and SNILS appear only in the
//! single-application view, which only the filer and staff can open; list
//! views carry names and birth dates only.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::db::audit::AuditRow;
use crate::db::decisions::DecisionRow;
use crate::db::inspections::InspectionRow;
use crate::db::members::MemberRow;
use crate::domain::application::{ApplicationStatus, Channel, LossExtent, Relationship};
use crate::domain::quantity::SOTKI;
use crate::domain::review::{
    ApplicationOutcome, FoundLoss, InspectionOutcome, InspectionStatus, MemberOutcome,
    RefusalReason,
};
use crate::error::AppError;
use crate::service::applications::Application;

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentView {
    #[serde(rename = "type")]
    #[schema(example = "passport_rf")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdivision_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: Option<String>,
    pub birth_date: NaiveDate,
    pub relationship: Relationship,
    /// Only in the single-application view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentView>,
    /// 11 digits; only in the single-application view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snils: Option<String>,
    pub registered_at_property: bool,
    pub lives_at_property: bool,
    /// The commission's decision, once made.
    pub decision: Option<MemberDecisionView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDecisionView {
    pub outcome: MemberOutcome,
    pub reason: Option<RefusalReason>,
    pub comment: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionView {
    pub id: i64,
    pub scheduled_on: NaiveDate,
    pub inspectors: Vec<String>,
    pub act_number: Option<String>,
    pub inspected_on: Option<NaiveDate>,
    pub status: InspectionStatus,
    pub outcome: Option<InspectionOutcome>,
    /// What the commission found lost; the decision reads this.
    pub loss_extent_found: Option<FoundLoss>,
    #[schema(value_type = Option<String>)]
    pub lost_area_sotka: Option<Decimal>,
    pub present_persons: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExtensionView {
    pub days: i32,
    pub reason: String,
    pub extended_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationView {
    pub id: i64,
    pub event_id: i64,
    #[schema(example = "BLG2020-00001")]
    pub registration_number: String,
    pub status: ApplicationStatus,
    pub channel: Channel,
    pub registered_at: DateTime<Utc>,
    /// 30 days after registration (59-FZ), later if extended.
    pub answer_due_on: NaiveDate,
    pub overdue: bool,
    pub extension: Option<ExtensionView>,
    pub late_reason: Option<String>,
    pub filed_by: i64,
    pub applicant_phone: String,
    pub applicant_email: Option<String>,
    pub postal_address: String,
    pub property_address: String,
    pub cadastral_number: Option<String>,
    #[schema(value_type = String, example = "6.50")]
    pub plot_area_sotka: Decimal,
    pub crops_lost: Vec<String>,
    pub loss_extent: LossExtent,
    pub description: String,
    pub consent_personal_data: bool,
    /// What the officer asked for when documents were requested.
    pub status_note: Option<String>,
    /// Derived from the members' decisions.
    pub outcome: Option<ApplicationOutcome>,
    pub protocol_number: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub members: Vec<MemberView>,
    /// Only in the single-application view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inspections: Option<Vec<InspectionView>>,
}

/// How much of a member to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    List,
}

fn decision_view(row: &DecisionRow) -> MemberDecisionView {
    MemberDecisionView {
        outcome: row.outcome,
        reason: row.reason,
        comment: row.comment.clone(),
    }
}

fn inspection_view(row: InspectionRow) -> Result<InspectionView, AppError> {
    Ok(InspectionView {
        id: row.id,
        scheduled_on: row.scheduled_on,
        inspectors: serde_json::from_str(&row.inspectors).map_err(AppError::internal)?,
        act_number: row.act_number,
        inspected_on: row.inspected_on,
        status: InspectionStatus::of(row.outcome),
        outcome: row.outcome,
        loss_extent_found: row.loss_extent_found,
        lost_area_sotka: row.lost_area_m2.map(|m2| SOTKI.from_minor(m2)),
        present_persons: row.present_persons,
        notes: row.notes,
    })
}

fn member_view(
    row: MemberRow,
    decision: Option<&DecisionRow>,
    detail: Detail,
) -> Result<MemberView, AppError> {
    let relationship = row.relationship;
    let full = detail == Detail::Full;
    Ok(MemberView {
        id: row.id,
        last_name: row.last_name,
        first_name: row.first_name,
        patronymic: row.patronymic,
        birth_date: row.birth_date,
        relationship,
        document: full.then_some(DocumentView {
            kind: row.document_type,
            series: row.document_series,
            number: row.document_number,
            issued_on: row.document_issued_on,
            issued_by: row.document_issued_by,
            subdivision_code: row.document_subdivision_code,
            description: row.document_description,
        }),
        snils: if full { row.snils } else { None },
        registered_at_property: row.registered_at_property,
        lives_at_property: row.lives_at_property,
        decision: decision.map(decision_view),
    })
}

impl ApplicationView {
    pub fn build(application: Application, detail: Detail) -> Result<Self, AppError> {
        let status = application.status();
        let overdue = application.is_overdue();
        let row = application.row;
        let (channel, loss_extent, outcome) = (row.channel, row.loss_extent, row.outcome);
        let crops_lost: Vec<String> =
            serde_json::from_str(&row.crops_lost).map_err(AppError::internal)?;
        let decisions = &application.decisions;
        let members = application
            .members
            .into_iter()
            .map(|m| {
                let decision = decisions.iter().find(|d| d.member_id == m.id);
                member_view(m, decision, detail)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let inspections = match detail {
            Detail::Full => Some(
                application
                    .inspections
                    .into_iter()
                    .map(inspection_view)
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Detail::List => None,
        };
        Ok(Self {
            id: row.id,
            event_id: row.event_id,
            registration_number: row.registration_number,
            status,
            channel,
            registered_at: row.registered_at.and_utc(),
            answer_due_on: row.answer_due_on,
            overdue,
            extension: row.extended_days.map(|days| ExtensionView {
                days,
                reason: row.extension_reason.unwrap_or_default(),
                extended_at: row.extended_at.map(|at| at.and_utc()),
            }),
            late_reason: row.late_reason,
            filed_by: row.filed_by,
            applicant_phone: row.applicant_phone,
            applicant_email: row.applicant_email,
            postal_address: row.postal_address,
            property_address: row.property_address,
            cadastral_number: row.cadastral_number,
            plot_area_sotka: SOTKI.from_minor(row.plot_area_m2),
            crops_lost,
            loss_extent,
            description: row.description,
            consent_personal_data: row.consent_personal_data,
            status_note: row.status_note,
            outcome,
            protocol_number: row.protocol_number,
            decided_on: row.decided_on,
            members,
            inspections,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    #[schema(example = "application.filed")]
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    /// `{field: {before, after}}`; document numbers and SNILS masked.
    #[schema(value_type = Object)]
    pub changes: Value,
}

impl From<AuditRow> for HistoryEntry {
    fn from(row: AuditRow) -> Self {
        Self {
            id: row.id,
            at: row.at.and_utc(),
            actor_id: row.actor_id,
            action: row.action,
            entity: row.entity,
            entity_id: row.entity_id,
            changes: serde_json::from_str(&row.changes).unwrap_or(Value::Null),
        }
    }
}
