//! Distribution lists and their rows as the API and the lists page show them.

use crate::db::distribution::ListRow;
use crate::domain::distribution::{ListStatus, RowStatus};
use crate::domain::quantity::KILOGRAMS;
use crate::service::distribution::{FullList, OneRow};
use crate::text_schema;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemKg {
    pub item_id: i64,
    #[schema(value_type = String, example = "50.000")]
    pub kg: Decimal,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RowView {
    pub id: i64,
    pub application_id: i64,
    pub registration_number: String,
    pub recipient_full_name: String,
    pub address: String,
    pub persons: i32,
    pub items: Vec<ItemKg>,
    pub status: RowStatus,
    pub issued_at: Option<DateTime<Utc>>,
    pub received_by: Option<String>,
    #[schema(schema_with = text_schema::present::<300>)]
    pub proxy_full_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ListView {
    pub id: i64,
    pub number: i64,
    pub status: ListStatus,
    pub event_id: i64,
    pub warehouse_id: i64,
    pub pickup_from: NaiveDate,
    pub pickup_until: NaiveDate,
    pub rows: Vec<RowView>,
    pub totals: Vec<ItemKg>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ListSummary {
    pub id: i64,
    pub number: i64,
    pub status: ListStatus,
    pub event_id: i64,
    pub warehouse_id: i64,
    pub pickup_from: NaiveDate,
    pub pickup_until: NaiveDate,
}

impl From<ListRow> for ListSummary {
    fn from(row: ListRow) -> Self {
        Self {
            id: row.id,
            number: row.number,
            status: row.status,
            event_id: row.event_id,
            warehouse_id: row.warehouse_id,
            pickup_from: row.pickup_from,
            pickup_until: row.pickup_until,
        }
    }
}

impl From<OneRow> for RowView {
    fn from(one: OneRow) -> Self {
        let row = one.row;
        Self {
            id: row.id,
            application_id: row.application_id,
            registration_number: one.registration_number,
            recipient_full_name: row.recipient_full_name,
            address: row.address,
            persons: row.persons,
            items: kg_lines(&one.items),
            status: row.status,
            issued_at: row.issued_at.map(|at| at.and_utc()),
            received_by: row.received_by,
            proxy_full_name: row.proxy_full_name,
        }
    }
}

impl From<FullList> for ListView {
    fn from(full: FullList) -> Self {
        let totals = kg_lines(&full.totals());
        let rows = full
            .rows
            .iter()
            .map(|row| RowView {
                id: row.id,
                application_id: row.application_id,
                registration_number: full.registration_number(row.application_id).to_owned(),
                recipient_full_name: row.recipient_full_name.clone(),
                address: row.address.clone(),
                persons: row.persons,
                items: kg_lines(&full.items_of(row.id)),
                status: row.status,
                issued_at: row.issued_at.map(|at| at.and_utc()),
                received_by: row.received_by.clone(),
                proxy_full_name: row.proxy_full_name.clone(),
            })
            .collect();
        let list = full.list;
        Self {
            id: list.id,
            number: list.number,
            status: list.status,
            event_id: list.event_id,
            warehouse_id: list.warehouse_id,
            pickup_from: list.pickup_from,
            pickup_until: list.pickup_until,
            rows,
            totals,
        }
    }
}

pub fn kg_lines(lines: &[(i64, i64)]) -> Vec<ItemKg> {
    lines
        .iter()
        .map(|(item_id, grams)| ItemKg {
            item_id: *item_id,
            kg: KILOGRAMS.from_minor(*grams),
        })
        .collect()
}
