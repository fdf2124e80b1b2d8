//! A recognised person on the victims list, with the aid due to them.

use super::distribution::{kg_lines, ItemKg};
use crate::db::victims::VictimRow;
use crate::domain::wording;
use crate::service::catalogue::AidRules;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct VictimView {
    pub member_id: i64,
    #[schema(example = "Иванова Алёна Петровна")]
    pub full_name: String,
    pub birth_date: NaiveDate,
    #[schema(example = "паспорт РФ 1005 123456")]
    pub document: String,
    /// The flooded house's address, where the person is registered.
    pub registration_address: String,
    pub registration_number: String,
    /// Aid due under the event's norms (the child norm for a child); empty
    /// until norms are set.
    pub aid_due: Vec<ItemKg>,
}

impl VictimView {
    pub fn build(row: VictimRow, rules: &AidRules) -> Self {
        let full_name =
            wording::full_name(&row.last_name, &row.first_name, row.patronymic.as_deref());
        let aid_due = kg_lines(&rules.due_to(row.birth_date));
        Self {
            member_id: row.member_id,
            full_name,
            birth_date: row.birth_date,
            document: wording::identity_document(
                &row.document_type,
                row.document_series.as_deref(),
                row.document_number.as_deref(),
                row.document_description.as_deref(),
            ),
            registration_address: row.property_address,
            registration_number: row.registration_number,
            aid_due,
        }
    }
}

/// "Картофель 50.000 кг, Капуста 20.000 кг" for the printed list.
pub fn aid_text(aid: &[ItemKg], rules: &AidRules) -> String {
    aid.iter()
        .map(|line| {
            let name = rules
                .items
                .iter()
                .find(|i| i.id == line.item_id)
                .map_or("", |i| i.name.as_str());
            format!("{name} {} кг", line.kg)
        })
        .collect::<Vec<_>>()
        .join(", ")
}
