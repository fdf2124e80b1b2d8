//! Warehouses and their stock: every movement is a ledger row, and every
//! check of available stock happens under the warehouse's lock in the
//! transaction that moves it.

/// A warehouse's balance of one item, as the stock operations answer.
pub use crate::db::stock::Totals;

use chrono::NaiveDate;
use serde_json::json;

use super::audit::{self, Actor, Subject};
use crate::db::catalogue;
use crate::db::stock::{self, NewMovement, WarehouseRow};
use crate::db::{write_transaction, DbConnection};
use crate::domain::principal::Principal;
use crate::domain::role::Role;
use crate::domain::stock::MovementKind;
use crate::domain::FieldError;
use crate::error::AppError;

/// Another warehouse's records do not exist for a warehouse user.
pub fn check_access(user: &Principal, warehouse_id: i64) -> Result<(), AppError> {
    match user.role {
        Role::Admin => Ok(()),
        Role::Warehouse if user.warehouse_id == Some(warehouse_id) => Ok(()),
        Role::Warehouse => Err(AppError::NotFound),
        Role::Resident | Role::Officer => Err(AppError::Forbidden),
    }
}

pub fn create_warehouse(
    conn: &mut DbConnection,
    actor: Actor,
    name: &str,
    address: &str,
    opening_hours: &str,
) -> Result<WarehouseRow, AppError> {
    write_transaction(conn, |conn| {
        let id = stock::insert_warehouse(conn, name, address, opening_hours, actor.at)?;
        let subject = Subject {
            entity: "warehouse",
            entity_id: id,
            application_id: None,
        };
        let after = json!({"name": name, "address": address, "opening_hours": opening_hours});
        audit::record(
            conn,
            actor,
            "warehouse.created",
            subject,
            audit::diff(&json!({}), &after),
        )?;
        stock::find_warehouse(conn, id)?.ok_or(AppError::NotFound)
    })
}

/// All warehouses for an administrator; their own for a warehouse user.
/// Every warehouse, for choosing one (a list's warehouse): names and
/// addresses, not stock, so no access check.
pub fn directory(conn: &mut DbConnection) -> Result<Vec<WarehouseRow>, AppError> {
    Ok(stock::all_warehouses(conn)?)
}

pub fn warehouses(
    conn: &mut DbConnection,
    user: &Principal,
) -> Result<Vec<WarehouseRow>, AppError> {
    let all = stock::all_warehouses(conn)?;
    Ok(all
        .into_iter()
        .filter(|w| check_access(user, w.id).is_ok())
        .collect())
}

fn existing(
    conn: &mut DbConnection,
    user: &Principal,
    warehouse_id: i64,
) -> Result<WarehouseRow, AppError> {
    check_access(user, warehouse_id)?;
    stock::find_warehouse(conn, warehouse_id)?.ok_or(AppError::NotFound)
}

fn known_item(conn: &mut DbConnection, item_id: i64) -> Result<(), AppError> {
    if catalogue::find_items(conn, &[item_id])?.is_empty() {
        return Err(AppError::invalid_field(
            &["item_id"],
            FieldError::new("unknown_item", "Такой позиции нет в каталоге"),
        ));
    }
    Ok(())
}

/// A delivery, as on its waybill.
pub struct Receipt {
    pub item_id: i64,
    pub grams: i64,
    pub received_on: NaiveDate,
    pub supplier: String,
    pub document_number: String,
    pub unit_price_kopecks: Option<i64>,
}

pub fn receive(
    conn: &mut DbConnection,
    user: &Principal,
    warehouse_id: i64,
    receipt: &Receipt,
    actor: Actor,
) -> Result<Vec<Totals>, AppError> {
    write_transaction(conn, |conn| {
        existing(conn, user, warehouse_id)?;
        known_item(conn, receipt.item_id)?;
        stock::lock(conn, warehouse_id)?;
        stock::append(
            conn,
            &NewMovement {
                warehouse_id,
                item_id: receipt.item_id,
                kind: MovementKind::Receipt,
                on_hand_grams: receipt.grams,
                reserved_grams: 0,
                received_on: Some(receipt.received_on),
                supplier: Some(&receipt.supplier),
                document_number: Some(&receipt.document_number),
                unit_price_kopecks: receipt.unit_price_kopecks,
                reason: None,
                actor_id: actor.user_id,
                created_at: actor.at,
            },
        )?;
        audit::record(
            conn,
            actor,
            "stock.received",
            warehouse_subject(warehouse_id),
            json!({"item_id": {"before": null, "after": receipt.item_id}, "grams": {"before": null, "after": receipt.grams}}),
        )?;
        Ok(stock::totals(conn, warehouse_id)?)
    })
}

fn warehouse_subject(id: i64) -> Subject<'static> {
    Subject {
        entity: "warehouse",
        entity_id: id,
        application_id: None,
    }
}

/// A correction of the stock on hand (spoiled goods, a recount), never
/// below what is available.
pub fn adjust(
    conn: &mut DbConnection,
    user: &Principal,
    warehouse_id: i64,
    item_id: i64,
    grams: i64,
    reason: &str,
    actor: Actor,
) -> Result<Vec<Totals>, AppError> {
    write_transaction(conn, |conn| {
        existing(conn, user, warehouse_id)?;
        known_item(conn, item_id)?;
        // Under the lock, so two corrections cannot both take the last
        // kilograms.
        stock::lock(conn, warehouse_id)?;
        let current = stock::totals(conn, warehouse_id)?
            .into_iter()
            .find(|t| t.item_id == item_id)
            .unwrap_or_default();
        let available = current.on_hand.unwrap_or(0) - current.reserved.unwrap_or(0);
        if available + grams < 0 {
            return Err(AppError::Conflict {
                code: "insufficient_stock",
                message: format!(
                    "Недостаточно товара: доступно {} кг",
                    crate::domain::quantity::KILOGRAMS.from_minor(available)
                ),
                fields: crate::error::FieldErrors::single(
                    &["quantity_kg"],
                    FieldError::new("insufficient_stock", "Списание больше доступного остатка"),
                ),
            });
        }
        stock::append(
            conn,
            &NewMovement {
                warehouse_id,
                item_id,
                kind: MovementKind::Adjustment,
                on_hand_grams: grams,
                reserved_grams: 0,
                received_on: None,
                supplier: None,
                document_number: None,
                unit_price_kopecks: None,
                reason: Some(reason),
                actor_id: actor.user_id,
                created_at: actor.at,
            },
        )?;
        audit::record(
            conn,
            actor,
            "stock.adjusted",
            warehouse_subject(warehouse_id),
            json!({"item_id": {"before": null, "after": item_id}, "grams": {"before": null, "after": grams}, "reason": {"before": null, "after": reason}}),
        )?;
        Ok(stock::totals(conn, warehouse_id)?)
    })
}

pub fn balances(
    conn: &mut DbConnection,
    user: &Principal,
    warehouse_id: i64,
) -> Result<Vec<Totals>, AppError> {
    existing(conn, user, warehouse_id)?;
    Ok(stock::totals(conn, warehouse_id)?)
}
