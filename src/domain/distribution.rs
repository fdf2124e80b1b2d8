//! A distribution list and its rows: the two status machines a warehouse
//! keeper moves through. Every match lists every variant.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A list is drawn up (draft), approved against stock, which reserves what
/// it needs, and closed at the end of its pickup window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    Draft,
    Approved,
    Closed,
}

stored_names!(ListStatus {
    Draft => "draft",
    Approved => "approved",
    Closed => "closed",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAction {
    Approve,
    Close,
}

impl ListAction {
    /// The one status the action starts from and the one it leads to: the
    /// database changes a list only if it still is in the first.
    pub fn from_to(self) -> (ListStatus, ListStatus) {
        match self {
            ListAction::Approve => (ListStatus::Draft, ListStatus::Approved),
            ListAction::Close => (ListStatus::Approved, ListStatus::Closed),
        }
    }
}

impl ListStatus {
    /// The status `action` leads to, or `None` when the list cannot take it.
    pub fn apply(self, action: ListAction) -> Option<ListStatus> {
        let (from, to) = action.from_to();
        (self == from).then_some(to)
    }

    /// Rows are issued only while the list is approved: a draft has no
    /// reserved stock, and a closed list has released it.
    pub fn issues_rows(self) -> bool {
        match self {
            ListStatus::Approved => true,
            ListStatus::Draft | ListStatus::Closed => false,
        }
    }

    /// Once approved, a list is a signed paper: its households were told
    /// where to collect, and the event's norms may no longer change.
    pub fn was_approved(self) -> bool {
        match self {
            ListStatus::Approved | ListStatus::Closed => true,
            ListStatus::Draft => false,
        }
    }
}

/// One household's line on a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Pending,
    Issued,
    NotCollected,
}

stored_names!(RowStatus {
    Pending => "pending",
    Issued => "issued",
    NotCollected => "not_collected",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    Issue,
    /// An administrator's correction of a wrong issue.
    UndoIssue,
    /// The list closed before the household came.
    CloseUncollected,
}

impl RowAction {
    /// The one status the action starts from and the one it leads to.
    pub fn from_to(self) -> (RowStatus, RowStatus) {
        match self {
            RowAction::Issue => (RowStatus::Pending, RowStatus::Issued),
            RowAction::UndoIssue => (RowStatus::Issued, RowStatus::Pending),
            RowAction::CloseUncollected => (RowStatus::Pending, RowStatus::NotCollected),
        }
    }
}

impl RowStatus {
    pub fn apply(self, action: RowAction) -> Option<RowStatus> {
        let (from, to) = action.from_to();
        (self == from).then_some(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_approved_then_closed_and_nothing_else() {
        use ListAction as A;
        use ListStatus as S;
        let mut allowed = Vec::new();
        for status in S::ALL {
            for action in [A::Approve, A::Close] {
                if let Some(next) = status.apply(action) {
                    allowed.push((*status, action, next));
                }
            }
        }
        assert_eq!(
            allowed,
            [
                (S::Draft, A::Approve, S::Approved),
                (S::Approved, A::Close, S::Closed)
            ]
        );
        assert!(!S::Draft.issues_rows() && S::Approved.issues_rows() && !S::Closed.issues_rows());
    }

    #[test]
    fn a_row_is_issued_once_and_a_closed_row_stays_closed() {
        use RowAction as A;
        use RowStatus as S;
        let actions = [A::Issue, A::UndoIssue, A::CloseUncollected];
        assert_eq!(S::Pending.apply(A::Issue), Some(S::Issued));
        assert_eq!(S::Issued.apply(A::Issue), None);
        assert_eq!(S::Issued.apply(A::CloseUncollected), None);
        assert_eq!(S::Issued.apply(A::UndoIssue), Some(S::Pending));
        assert!(actions.iter().all(|a| S::NotCollected.apply(*a).is_none()));
    }

    #[test]
    fn stored_names_round_trip() {
        for s in ListStatus::ALL {
            assert_eq!(ListStatus::from_stored(s.as_str()), Some(*s));
        }
        for s in RowStatus::ALL {
            assert_eq!(RowStatus::from_stored(s.as_str()), Some(*s));
        }
    }
}
