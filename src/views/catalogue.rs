//! Items and norms as the API and the admin page show them, in kilograms.

use crate::db::catalogue::{ItemRow, NormRow};
use crate::domain::quantity::KILOGRAMS;
use crate::text_schema;
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemView {
    pub id: i64,
    #[schema(example = "potatoes")]
    pub code: String,
    #[schema(schema_with = text_schema::required::<100>)]
    pub name: String,
    #[schema(example = "kg")]
    pub unit: String,
}

impl From<ItemRow> for ItemView {
    fn from(row: ItemRow) -> Self {
        Self {
            id: row.id,
            code: row.code,
            name: row.name,
            unit: row.unit,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NormView {
    pub item_id: i64,
    #[schema(value_type = String, example = "50.000")]
    pub kg_per_person: Decimal,
    #[schema(value_type = Option<String>)]
    pub kg_per_child: Option<Decimal>,
}

impl From<NormRow> for NormView {
    fn from(row: NormRow) -> Self {
        Self {
            item_id: row.item_id,
            kg_per_person: KILOGRAMS.from_minor(row.grams_per_person),
            kg_per_child: row.grams_per_child.map(|g| KILOGRAMS.from_minor(g)),
        }
    }
}
