//! The kinds of stock movement a warehouse's ledger holds, and how each
//! moves the two balances: what is on hand and what is reserved for
//! approved lists.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// Goods taken in against a supplier's document.
    Receipt,
    /// A stocktaking correction, either way, with a reason.
    Adjustment,
    /// Set aside for an approved list.
    Reserve,
    /// A closed list's uncollected reserve, free again.
    Release,
    /// Handed to a household.
    Issue,
    /// A wrong issue reversed: back on hand and in reserve.
    UndoIssue,
}

stored_names!(MovementKind {
    Receipt => "receipt",
    Adjustment => "adjustment",
    Reserve => "reserve",
    Release => "release",
    Issue => "issue",
    UndoIssue => "undo_issue",
});

impl MovementKind {
    /// `(on hand, reserved)` grams of a line of `grams` of this kind. A
    /// receipt and an adjustment come with their own signed amount.
    pub fn balances(self, grams: i64) -> (i64, i64) {
        match self {
            MovementKind::Receipt | MovementKind::Adjustment => (grams, 0),
            MovementKind::Reserve => (0, grams),
            MovementKind::Release => (0, -grams),
            MovementKind::Issue => (-grams, -grams),
            MovementKind::UndoIssue => (grams, grams),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_and_its_undoing_cancel_out() {
        let (on_hand, reserved) = MovementKind::Issue.balances(500);
        let (back_on_hand, back_reserved) = MovementKind::UndoIssue.balances(500);
        assert_eq!((on_hand + back_on_hand, reserved + back_reserved), (0, 0));
        let (_, reserved) = MovementKind::Reserve.balances(500);
        let (_, released) = MovementKind::Release.balances(500);
        assert_eq!(reserved + released, 0);
    }
}
