//! The commission's review: inspection outcomes, per-member decisions, the
//! rules a recognition must pass, and the key that makes a person
//! rules applied alike by the single and the bulk decision.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

/// Where an inspection stands. Its act is written once: one that could not
/// take place is recorded too (`not_possible`), and a new inspection is
/// scheduled beside it, so the record of the failed visit stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InspectionStatus {
    Scheduled,
    Recorded,
}

impl InspectionStatus {
    /// The status of an inspection whose act holds `outcome`: an act is
    /// stored with its outcome, so the outcome is what marks it recorded.
    pub fn of(outcome: Option<InspectionOutcome>) -> InspectionStatus {
        match outcome {
            None => InspectionStatus::Scheduled,
            Some(
                InspectionOutcome::LossConfirmed
                | InspectionOutcome::LossNotConfirmed
                | InspectionOutcome::NotPossible,
            ) => InspectionStatus::Recorded,
        }
    }

    /// The status recording the act leads to, or `None` when it was
    /// recorded already.
    pub fn record(self) -> Option<InspectionStatus> {
        match self {
            InspectionStatus::Scheduled => Some(InspectionStatus::Recorded),
            InspectionStatus::Recorded => None,
        }
    }
}

/// How much of the harvest the inspection found lost: what the commission
/// saw on site, which may differ from what the applicant declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FoundLoss {
    Full,
    Partial,
    None,
}

stored_names!(FoundLoss {
    Full => "full",
    Partial => "partial",
    None => "none",
});

/// The extent an act records, checked against its outcome: a confirmed loss
/// is full or partial and must be stated, an unconfirmed one is none (the
/// default), and an inspection that did not take place found nothing.
pub fn found_loss(
    outcome: InspectionOutcome,
    given: Option<FoundLoss>,
) -> Result<Option<FoundLoss>, FieldError> {
    match (outcome, given) {
        (InspectionOutcome::LossConfirmed, Some(FoundLoss::Full | FoundLoss::Partial)) => Ok(given),
        (InspectionOutcome::LossConfirmed, None) => Err(FieldError::new(
            "required",
            "Укажите, полностью или частично утрачен урожай",
        )),
        (InspectionOutcome::LossNotConfirmed, None | Some(FoundLoss::None)) => {
            Ok(Some(FoundLoss::None))
        }
        (InspectionOutcome::LossConfirmed, Some(FoundLoss::None))
        | (InspectionOutcome::LossNotConfirmed, Some(_)) => Err(FieldError::new(
            "contradicts_outcome",
            "Объём утраты противоречит результату обследования",
        )),
        (InspectionOutcome::NotPossible, None) => Ok(None),
        (InspectionOutcome::NotPossible, Some(_)) => Err(FieldError::new(
            "not_allowed",
            "Обследование не состоялось: объём утраты не указывается",
        )),
    }
}

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
    /// The member permanently lives at the property (the 2020 process aided
    /// households living there, not registered absentees).
    pub require_residence: bool,
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
    /// The extent the inspection found, not the one declared.
    pub loss_extent_found: FoundLoss,
    pub registered_at_property: bool,
    pub lives_at_property: bool,
    /// One of the member's identifiers is held by a member recognised in
    /// another application of the event (or earlier in this one).
    pub recognized_elsewhere: bool,
    /// An open duplicate match touches the member: until an officer says
    /// whether it is one person, nobody may recognise them.
    pub open_match: bool,
}

/// What the rules give one member: the single decision checks the
/// officer's choice against it, the bulk decision takes it as the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entitlement {
    Recognize,
    Refuse(RefusalReason),
    /// Neither yet: an open duplicate match must be resolved first.
    Held,
}

/// The one place the event's rules are applied to a member, the rule that
/// refuses first winning.
pub fn entitlement(facts: DecisionFacts, rules: RecognitionRules) -> Entitlement {
    if facts.inspection != InspectionOutcome::LossConfirmed {
        Entitlement::Refuse(RefusalReason::InspectionNotConfirmed)
    } else if rules.require_registration && !facts.registered_at_property {
        Entitlement::Refuse(RefusalReason::NotRegisteredAtProperty)
    } else if rules.require_residence && !facts.lives_at_property {
        Entitlement::Refuse(RefusalReason::NotLivingAtProperty)
    } else if rules.require_full_loss && facts.loss_extent_found != FoundLoss::Full {
        Entitlement::Refuse(RefusalReason::HarvestNotFullyLost)
    } else if facts.recognized_elsewhere {
        Entitlement::Refuse(RefusalReason::Duplicate)
    } else if facts.open_match {
        Entitlement::Held
    } else {
        Entitlement::Recognize
    }
}

/// Why an officer's decision on a member does not stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionError {
    /// The decision itself breaks a rule; the code names it.
    Invalid(FieldError),
    /// The person is recognised already, in another application.
    AlreadyRecognized,
    /// An open duplicate match touches the member.
    OpenDuplicates,
}

/// Checks one member's decision against what the rules give them.
pub fn check_decision(
    decision: &MemberDecision,
    facts: DecisionFacts,
    rules: RecognitionRules,
) -> Result<(), DecisionError> {
    let invalid = |code: &'static str, message: &'static str| {
        Err(DecisionError::Invalid(FieldError::new(code, message)))
    };
    match (decision.outcome, decision.reason) {
        (MemberOutcome::Refused, None) => {
            return invalid("reason_required", "Укажите причину отказа")
        }
        (MemberOutcome::Refused, Some(RefusalReason::Other))
            if decision
                .comment
                .as_deref()
                .is_none_or(|c| c.trim().is_empty()) =>
        {
            return invalid("comment_required", "Для причины «другое» нужен комментарий")
        }
        (MemberOutcome::Recognized, Some(_)) => {
            return invalid(
                "reason_not_allowed",
                "Причина указывается только при отказе",
            )
        }
        (MemberOutcome::Refused, Some(_)) | (MemberOutcome::Recognized, None) => {}
    }
    match facts.inspection {
        InspectionOutcome::LossConfirmed => {}
        InspectionOutcome::LossNotConfirmed => {
            if decision.reason != Some(RefusalReason::InspectionNotConfirmed) {
                return invalid(
                    "inspection_not_confirmed",
                    "Обследование не подтвердило утрату урожая: возможен только отказ по этой причине",
                );
            }
        }
        InspectionOutcome::NotPossible => {
            return invalid(
                "inspection_required",
                "Решение принимается после обследования участка",
            )
        }
    }
    if decision.outcome == MemberOutcome::Refused {
        return Ok(());
    }
    match entitlement(facts, rules) {
        Entitlement::Recognize => Ok(()),
        Entitlement::Held => Err(DecisionError::OpenDuplicates),
        Entitlement::Refuse(RefusalReason::Duplicate) => Err(DecisionError::AlreadyRecognized),
        Entitlement::Refuse(RefusalReason::NotRegisteredAtProperty) => invalid(
            "require_registration",
            "Член семьи не зарегистрирован по адресу пострадавшего дома на дату ЧС",
        ),
        Entitlement::Refuse(RefusalReason::NotLivingAtProperty) => invalid(
            "require_residence",
            "Член семьи не проживает постоянно по адресу пострадавшего дома",
        ),
        Entitlement::Refuse(RefusalReason::HarvestNotFullyLost) => {
            invalid("require_full_loss", "Урожай утрачен не полностью")
        }
        Entitlement::Refuse(_) => invalid(
            "inspection_not_confirmed",
            "Обследование не подтвердило утрату урожая: возможен только отказ по этой причине",
        ),
    }
}

/// A member's identity document as far as identity goes.
#[derive(Debug, Clone, Copy)]
pub struct DocumentId<'a> {
    pub kind: &'a str,
    pub series: &'a str,
    pub number: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: RecognitionRules = RecognitionRules {
        require_registration: true,
        require_residence: true,
        require_full_loss: true,
    };

    fn facts() -> DecisionFacts {
        DecisionFacts {
            inspection: InspectionOutcome::LossConfirmed,
            loss_extent_found: FoundLoss::Full,
            registered_at_property: true,
            lives_at_property: true,
            recognized_elsewhere: false,
            open_match: false,
        }
    }

    fn invalid_code(result: Result<(), DecisionError>) -> String {
        match result {
            Err(DecisionError::Invalid(error)) => error.code.into_owned(),
            other => panic!("not a broken rule: {other:?}"),
        }
    }

    #[test]
    fn a_recognised_person_is_refused_and_an_open_match_holds() {
        let recognize = decision(MemberOutcome::Recognized, None);
        let elsewhere = DecisionFacts {
            recognized_elsewhere: true,
            open_match: true,
            ..facts()
        };
        assert_eq!(
            check_decision(&recognize, elsewhere, RULES),
            Err(DecisionError::AlreadyRecognized)
        );
        assert_eq!(
            entitlement(elsewhere, RULES),
            Entitlement::Refuse(RefusalReason::Duplicate)
        );
        let held = DecisionFacts {
            open_match: true,
            ..facts()
        };
        assert_eq!(
            check_decision(&recognize, held, RULES),
            Err(DecisionError::OpenDuplicates)
        );
        assert_eq!(entitlement(held, RULES), Entitlement::Held);
        // A refusal needs no resolved match.
        assert!(check_decision(
            &decision(MemberOutcome::Refused, Some(RefusalReason::Other)).with_comment(),
            held,
            RULES
        )
        .is_ok());
        // A rule that refuses anyway does not wait for the match.
        let unregistered = DecisionFacts {
            registered_at_property: false,
            ..held
        };
        assert_eq!(
            entitlement(unregistered, RULES),
            Entitlement::Refuse(RefusalReason::NotRegisteredAtProperty)
        );
    }

    impl MemberDecision {
        fn with_comment(mut self) -> Self {
            self.comment = Some("Отказался сам".into());
            self
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
        let code = |d: MemberDecision| invalid_code(check_decision(&d, facts(), RULES));
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
    fn the_found_extent_must_agree_with_the_outcome() {
        use InspectionOutcome::*;
        let code = |outcome, given| found_loss(outcome, given).unwrap_err().code.into_owned();
        assert_eq!(
            found_loss(LossConfirmed, Some(FoundLoss::Partial)),
            Ok(Some(FoundLoss::Partial))
        );
        assert_eq!(code(LossConfirmed, None), "required");
        assert_eq!(
            code(LossConfirmed, Some(FoundLoss::None)),
            "contradicts_outcome"
        );
        assert_eq!(
            found_loss(LossNotConfirmed, None),
            Ok(Some(FoundLoss::None))
        );
        assert_eq!(
            code(LossNotConfirmed, Some(FoundLoss::Full)),
            "contradicts_outcome"
        );
        assert_eq!(found_loss(NotPossible, None), Ok(None));
        assert_eq!(code(NotPossible, Some(FoundLoss::Full)), "not_allowed");
    }

    #[test]
    fn a_loss_found_partial_or_none_is_not_full() {
        for found in [FoundLoss::Partial, FoundLoss::None] {
            let facts = DecisionFacts {
                loss_extent_found: found,
                ..facts()
            };
            assert_eq!(
                entitlement(facts, RULES),
                Entitlement::Refuse(RefusalReason::HarvestNotFullyLost)
            );
            let lenient = RecognitionRules {
                require_full_loss: false,
                ..RULES
            };
            assert_eq!(entitlement(facts, lenient), Entitlement::Recognize);
        }
    }

    #[test]
    fn event_rules_guard_recognition() {
        let unregistered = DecisionFacts {
            registered_at_property: false,
            ..facts()
        };
        let partial = DecisionFacts {
            loss_extent_found: FoundLoss::Partial,
            ..facts()
        };
        let elsewhere = DecisionFacts {
            lives_at_property: false,
            ..facts()
        };
        let recognize = decision(MemberOutcome::Recognized, None);
        assert_eq!(
            invalid_code(check_decision(&recognize, unregistered, RULES)),
            "require_registration"
        );
        assert_eq!(
            invalid_code(check_decision(&recognize, elsewhere, RULES)),
            "require_residence"
        );
        assert_eq!(
            entitlement(elsewhere, RULES),
            Entitlement::Refuse(RefusalReason::NotLivingAtProperty)
        );
        assert_eq!(
            invalid_code(check_decision(&recognize, partial, RULES)),
            "require_full_loss"
        );
        let lenient = RecognitionRules {
            require_registration: false,
            require_residence: false,
            require_full_loss: false,
        };
        assert!(check_decision(&recognize, unregistered, lenient).is_ok());
        assert!(check_decision(&recognize, elsewhere, lenient).is_ok());
        assert!(check_decision(&recognize, partial, lenient).is_ok());
    }
}
