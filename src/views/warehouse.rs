//! Warehouses and their stock in kilograms, as the API shows them.

use crate::db::catalogue as items;
use crate::db::stock::{Totals, WarehouseRow};
use crate::domain::quantity::KILOGRAMS;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct WarehouseView {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub opening_hours: String,
    pub created_at: DateTime<Utc>,
}

impl From<WarehouseRow> for WarehouseView {
    fn from(row: WarehouseRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            address: row.address,
            opening_hours: row.opening_hours,
            created_at: row.created_at.and_utc(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StockItemView {
    pub item_id: i64,
    pub code: String,
    pub name: String,
    #[schema(value_type = String, example = "163350.000")]
    pub received_kg: Decimal,
    #[schema(value_type = String)]
    pub issued_kg: Decimal,
    #[schema(value_type = String)]
    pub reserved_kg: Decimal,
    #[schema(value_type = String)]
    pub available_kg: Decimal,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StockView {
    pub items: Vec<StockItemView>,
}

pub fn stock_view(totals: Vec<Totals>, catalogue: &[items::ItemRow]) -> StockView {
    let kg = |grams: Option<i64>| KILOGRAMS.from_minor(grams.unwrap_or(0));
    StockView {
        items: totals
            .into_iter()
            .map(|t| {
                let item = catalogue.iter().find(|i| i.id == t.item_id);
                StockItemView {
                    item_id: t.item_id,
                    code: item.map(|i| i.code.clone()).unwrap_or_default(),
                    name: item.map(|i| i.name.clone()).unwrap_or_default(),
                    received_kg: kg(t.received),
                    issued_kg: kg(t.issued),
                    reserved_kg: kg(t.reserved),
                    available_kg: kg(Some(t.on_hand.unwrap_or(0) - t.reserved.unwrap_or(0))),
                }
            })
            .collect(),
    }
}
