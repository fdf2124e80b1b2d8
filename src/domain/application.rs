//! The aid application and its household members: the closed lists of
//! values and the status machine. Every match lists every variant, so a new
//! status cannot slip through a rule unconsidered.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How the application reached the administration (seed report's channels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    InPerson,
    Post,
    Website,
    OpenRegion,
    FeedbackPlatform,
    SocialNetwork,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    Applicant,
    Spouse,
    Child,
    Parent,
    Sibling,
    Grandchild,
    Grandparent,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LossExtent {
    Full,
    Partial,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Submitted,
    Incomplete,
    InspectionScheduled,
    Inspected,
    Decided,
    Withdrawn,
}

stored_names!(Channel {
    InPerson => "in_person",
    Post => "post",
    Website => "website",
    OpenRegion => "open_region",
    FeedbackPlatform => "feedback_platform",
    SocialNetwork => "social_network",
    Other => "other",
});

stored_names!(Relationship {
    Applicant => "applicant",
    Spouse => "spouse",
    Child => "child",
    Parent => "parent",
    Sibling => "sibling",
    Grandchild => "grandchild",
    Grandparent => "grandparent",
    Other => "other",
});

stored_names!(LossExtent {
    Full => "full",
    Partial => "partial",
});

stored_names!(ApplicationStatus {
    Submitted => "submitted",
    Incomplete => "incomplete",
    InspectionScheduled => "inspection_scheduled",
    Inspected => "inspected",
    Decided => "decided",
    Withdrawn => "withdrawn",
});

/// A change of status someone asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    RequestDocuments,
    Amend,
    ScheduleInspection,
    RecordInspection,
    Decide,
    Withdraw,
}

impl ApplicationStatus {
    /// The status `transition` leads to from `self`, or `None` when the
    /// process does not allow it.
    pub fn apply(self, transition: Transition) -> Option<ApplicationStatus> {
        use ApplicationStatus as S;
        use Transition as T;
        match (self, transition) {
            (S::Submitted, T::RequestDocuments) => Some(S::Incomplete),
            (S::Incomplete, T::Amend) => Some(S::Submitted),
            (S::Submitted, T::ScheduleInspection) => Some(S::InspectionScheduled),
            // Rescheduling after an inspection that could not take place.
            (S::InspectionScheduled, T::ScheduleInspection) => Some(S::InspectionScheduled),
            (S::InspectionScheduled, T::RecordInspection) => Some(S::Inspected),
            (S::Inspected, T::Decide) => Some(S::Decided),
            (S::Submitted | S::Incomplete | S::InspectionScheduled | S::Inspected, T::Withdraw) => {
                Some(S::Withdrawn)
            }
            (
                S::Submitted
                | S::Incomplete
                | S::InspectionScheduled
                | S::Inspected
                | S::Decided
                | S::Withdrawn,
                _,
            ) => None,
        }
    }

    /// Whether the filer may still change fields and members: while
    /// submitted, and when documents were requested (the change resubmits).
    pub fn is_editable(self) -> bool {
        match self {
            ApplicationStatus::Submitted | ApplicationStatus::Incomplete => true,
            ApplicationStatus::InspectionScheduled
            | ApplicationStatus::Inspected
            | ApplicationStatus::Decided
            | ApplicationStatus::Withdrawn => false,
        }
    }

    /// Whether an answer is still owed (and so can be overdue).
    pub fn awaits_answer(self) -> bool {
        match self {
            ApplicationStatus::Submitted
            | ApplicationStatus::Incomplete
            | ApplicationStatus::InspectionScheduled
            | ApplicationStatus::Inspected => true,
            ApplicationStatus::Decided | ApplicationStatus::Withdrawn => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus as S;
    use Transition as T;

    #[test]
    fn withdrawal_is_possible_only_before_a_decision() {
        for status in [
            S::Submitted,
            S::Incomplete,
            S::InspectionScheduled,
            S::Inspected,
        ] {
            assert_eq!(status.apply(T::Withdraw), Some(S::Withdrawn), "{status:?}");
        }
        assert_eq!(S::Decided.apply(T::Withdraw), None);
        assert_eq!(S::Withdrawn.apply(T::Withdraw), None);
    }

    #[test]
    fn the_main_path_runs_in_order() {
        let mut status = S::Submitted;
        for transition in [T::ScheduleInspection, T::RecordInspection, T::Decide] {
            status = status.apply(transition).unwrap();
        }
        assert_eq!(status, S::Decided);
        assert_eq!(S::Submitted.apply(T::Decide), None);
        assert_eq!(S::Incomplete.apply(T::ScheduleInspection), None);
    }

    #[test]
    fn stored_names_round_trip() {
        for status in ApplicationStatus::ALL {
            assert_eq!(
                ApplicationStatus::from_stored(status.as_str()),
                Some(*status)
            );
        }
        for channel in Channel::ALL {
            assert_eq!(Channel::from_stored(channel.as_str()), Some(*channel));
        }
    }
}

/// A change to an application's own fields, parsed; `None` leaves a field
/// as it is, and `Some(None)` clears one that may be empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApplicationPatch {
    pub channel: Option<Channel>,
    pub applicant_phone: Option<String>,
    pub applicant_email: Option<Option<String>>,
    pub postal_address: Option<String>,
    pub property_address: Option<String>,
    pub cadastral_number: Option<Option<String>>,
    pub plot_area_m2: Option<i64>,
    pub crops_lost: Option<Vec<String>>,
    pub loss_extent: Option<LossExtent>,
    pub description: Option<String>,
}
