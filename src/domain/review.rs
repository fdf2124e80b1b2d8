//! The commission's review: inspection outcomes, per-member decisions, the
//! rules a recognition must pass, and the key that makes a person
//! recognisable only once per event.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::application::LossExtent;
use super::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InspectionOutcome {
    LossConfirmed,
    LossNotConfirmed,
    /// The plot could not be reached (still under water): a new date follows.
    NotPossible,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberOutcome {
    Recognized,
    Refused,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    NotRegisteredAtProperty,
    NotLivingAtProperty,
    HarvestNotFullyLost,
    PlotOutsideZone,
    Duplicate,
    InspectionNotConfirmed,
    DocumentsMissing,
    LateApplication,
    Other,
}

/// The application's outcome, derived from its members' decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationOutcome {
    Approved,
    PartiallyApproved,
    Rejected,
}

stored_names!(InspectionOutcome {
    LossConfirmed => "loss_confirmed",
    LossNotConfirmed => "loss_not_confirmed",
    NotPossible => "not_possible",
});

stored_names!(MemberOutcome {
    Recognized => "recognized",
    Refused => "refused",
});

stored_names!(RefusalReason {
    NotRegisteredAtProperty => "not_registered_at_property",
    NotLivingAtProperty => "not_living_at_property",
    HarvestNotFullyLost => "harvest_not_fully_lost",
    PlotOutsideZone => "plot_outside_zone",
    Duplicate => "duplicate",
    InspectionNotConfirmed => "inspection_not_confirmed",
    DocumentsMissing => "documents_missing",
    LateApplication => "late_application",
    Other => "other",
});

stored_names!(ApplicationOutcome {
    Approved => "approved",
    PartiallyApproved => "partially_approved",
    Rejected => "rejected",
});

impl ApplicationOutcome {
    pub fn derive(outcomes: &[MemberOutcome]) -> ApplicationOutcome {
        let recognized = outcomes
            .iter()
            .filter(|o| **o == MemberOutcome::Recognized)
            .count();
        match recognized {
            0 => ApplicationOutcome::Rejected,
            n if n == outcomes.len() => ApplicationOutcome::Approved,
            _ => ApplicationOutcome::PartiallyApproved,
        }
    }
}

/// The event's rules for recognition, set by an administrator.
#[derive(Debug, Clone, Copy)]
pub struct RecognitionRules {
    pub require_registration: bool,
    pub require_full_loss: bool,
}

/// What the commission decided for one member.
#[derive(Debug, Clone)]
pub struct MemberDecision {
    pub member_id: i64,
    pub outcome: MemberOutcome,
    pub reason: Option<RefusalReason>,
    pub comment: Option<String>,
}

/// The facts a decision on one member is checked against.
#[derive(Debug, Clone, Copy)]
pub struct DecisionFacts {
    pub inspection: InspectionOutcome,
    pub loss_extent: LossExtent,
    pub registered_at_property: bool,
}

/// Checks one member's decision; the error's code names the broken rule.
pub fn check_decision(
    decision: &MemberDecision,
    facts: DecisionFacts,
    rules: RecognitionRules,
) -> Result<(), FieldError> {
    match (decision.outcome, decision.reason) {
        (MemberOutcome::Refused, None) => {
            return Err(FieldError::new("reason_required", "Укажите причину отказа"))
        }
        (MemberOutcome::Refused, Some(RefusalReason::Other))
            if decision
                .comment
                .as_deref()
                .is_none_or(|c| c.trim().is_empty()) =>
        {
            return Err(FieldError::new(
                "comment_required",
                "Для причины «другое» нужен комментарий",
            ))
        }
        (MemberOutcome::Recognized, Some(_)) => {
            return Err(FieldError::new(
                "reason_not_allowed",
                "Причина указывается только при отказе",
            ))
        }
        (MemberOutcome::Refused, Some(_)) | (MemberOutcome::Recognized, None) => {}
    }
    match facts.inspection {
        InspectionOutcome::LossConfirmed => {}
        InspectionOutcome::LossNotConfirmed => {
            if decision.reason != Some(RefusalReason::InspectionNotConfirmed) {
                return Err(FieldError::new(
                    "inspection_not_confirmed",
                    "Обследование не подтвердило утрату урожая: возможен только отказ по этой причине",
                ));
            }
        }
        InspectionOutcome::NotPossible => {
            return Err(FieldError::new(
                "inspection_required",
                "Решение принимается после обследования участка",
            ))
        }
    }
    if decision.outcome == MemberOutcome::Recognized {
        if rules.require_registration && !facts.registered_at_property {
            return Err(FieldError::new(
                "require_registration",
                "Член семьи не зарегистрирован по адресу пострадавшего дома на дату ЧС",
            ));
        }
        if rules.require_full_loss && facts.loss_extent == LossExtent::Partial {
            return Err(FieldError::new(
                "require_full_loss",
                "Урожай утрачен не полностью",
            ));
        }
    }
    Ok(())
}

/// A member's identity document as far as identity goes.
#[derive(Debug, Clone, Copy)]
pub struct DocumentId<'a> {
    pub kind: &'a str,
    pub series: &'a str,
    pub number: &'a str,
}

/// Who a person is, for "recognised at most once per event": SNILS if
/// known, else the identity document, else the folded name and birth date.
pub fn recognition_key(
    snils: Option<&str>,
    document: Option<DocumentId<'_>>,
    name_match_key: &str,
    birth_date: NaiveDate,
) -> String {
    match (snils, document) {
        (Some(snils), _) => format!("snils:{snils}"),
        (None, Some(doc)) => format!("doc:{}:{}:{}", doc.kind, doc.series, doc.number),
        (None, None) => format!("name:{name_match_key}:{birth_date}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: RecognitionRules = RecognitionRules {
        require_registration: true,
        require_full_loss: true,
    };

    fn facts() -> DecisionFacts {
        DecisionFacts {
            inspection: InspectionOutcome::LossConfirmed,
            loss_extent: LossExtent::Full,
            registered_at_property: true,
        }
    }

    fn decision(outcome: MemberOutcome, reason: Option<RefusalReason>) -> MemberDecision {
        MemberDecision {
            member_id: 1,
            outcome,
            reason,
            comment: None,
        }
    }

    #[test]
    fn outcome_is_derived_from_members() {
        use MemberOutcome::*;
        assert_eq!(
            ApplicationOutcome::derive(&[Recognized, Recognized]),
            ApplicationOutcome::Approved
        );
        assert_eq!(
            ApplicationOutcome::derive(&[Recognized, Refused]),
            ApplicationOutcome::PartiallyApproved
        );
        assert_eq!(
            ApplicationOutcome::derive(&[Refused]),
            ApplicationOutcome::Rejected
        );
    }

    #[test]
    fn refusals_need_reasons_and_other_needs_a_comment() {
        let code = |d: MemberDecision| check_decision(&d, facts(), RULES).unwrap_err().code;
        assert_eq!(
            code(decision(MemberOutcome::Refused, None)),
            "reason_required"
        );
        assert_eq!(
            code(decision(MemberOutcome::Refused, Some(RefusalReason::Other))),
            "comment_required"
        );
        assert!(check_decision(
            &decision(MemberOutcome::Refused, Some(RefusalReason::Duplicate)),
            facts(),
            RULES
        )
        .is_ok());
    }

    #[test]
    fn an_unconfirmed_loss_allows_only_that_refusal() {
        let unconfirmed = DecisionFacts {
            inspection: InspectionOutcome::LossNotConfirmed,
            ..facts()
        };
        assert!(check_decision(
            &decision(MemberOutcome::Recognized, None),
            unconfirmed,
            RULES
        )
        .is_err());
        assert!(check_decision(
            &decision(MemberOutcome::Refused, Some(RefusalReason::Duplicate)),
            unconfirmed,
            RULES
        )
        .is_err());
        assert!(check_decision(
            &decision(
                MemberOutcome::Refused,
                Some(RefusalReason::InspectionNotConfirmed)
            ),
            unconfirmed,
            RULES
        )
        .is_ok());
    }

    #[test]
    fn event_rules_guard_recognition() {
        let unregistered = DecisionFacts {
            registered_at_property: false,
            ..facts()
        };
        let partial = DecisionFacts {
            loss_extent: LossExtent::Partial,
            ..facts()
        };
        let recognize = decision(MemberOutcome::Recognized, None);
        assert_eq!(
            check_decision(&recognize, unregistered, RULES)
                .unwrap_err()
                .code,
            "require_registration"
        );
        assert_eq!(
            check_decision(&recognize, partial, RULES).unwrap_err().code,
            "require_full_loss"
        );
        let lenient = RecognitionRules {
            require_registration: false,
            require_full_loss: false,
        };
        assert!(check_decision(&recognize, unregistered, lenient).is_ok());
        assert!(check_decision(&recognize, partial, lenient).is_ok());
    }

    #[test]
    fn recognition_key_prefers_snils_then_document_then_name() {
        let passport = DocumentId {
            kind: "passport_rf",
            series: "1005",
            number: "123456",
        };
        let born = NaiveDate::from_ymd_opt(1980, 5, 1).unwrap();
        assert_eq!(
            recognition_key(Some("11223344595"), Some(passport), "k", born),
            "snils:11223344595"
        );
        assert_eq!(
            recognition_key(None, Some(passport), "k", born),
            "doc:passport_rf:1005:123456"
        );
        assert_eq!(recognition_key(None, None, "k", born), "name:k:1980-05-01");
    }
}
