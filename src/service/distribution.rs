//! Distribution lists: built from recognised people and the event's norms,
//! approved against the warehouse's stock, issued row by row, closed.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use super::applications::member_full_name;
use super::audit::{self, Actor, Subject};
use super::stock::check_access;
use crate::db::catalogue;
use crate::db::distribution::{self, Issue, ListRow, RowItem, RowRow};
use crate::db::members::MemberRow;
use crate::db::stock::{self, NewMovement};
use crate::db::{applications, decisions, events, write_transaction, DbConnection};
use crate::domain::aid::{self, Norm};
use crate::domain::application::Relationship;
use crate::domain::distribution::{ListAction, ListStatus, RowAction};
use crate::domain::event::age_on;
use crate::domain::labels;
use crate::domain::principal::Principal;
use crate::domain::quantity::KILOGRAMS;
use crate::domain::role::Role;
use crate::domain::stock::MovementKind;
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

/// A list with its rows and their items.
#[derive(Debug, Clone)]
pub struct FullList {
    pub list: ListRow,
    pub rows: Vec<RowRow>,
    /// Sorted by row id, then item id, so a row's items are found by
    /// binary search: a list can run to thousands of rows.
    pub items: Vec<RowItem>,
    pub registration_numbers: HashMap<i64, String>,
}

impl FullList {
    pub fn items_of(&self, row_id: i64) -> Vec<(i64, i64)> {
        let start = self.items.partition_point(|i| i.row_id < row_id);
        self.items[start..]
            .iter()
            .take_while(|i| i.row_id == row_id)
            .map(|i| (i.item_id, i.grams))
            .collect()
    }

    pub fn registration_number(&self, application_id: i64) -> &str {
        self.registration_numbers
            .get(&application_id)
            .map_or("", String::as_str)
    }

    pub fn totals(&self) -> Vec<(i64, i64)> {
        let rows: Vec<Vec<(i64, i64)>> = self.rows.iter().map(|r| self.items_of(r.id)).collect();
        aid::totals(rows.iter().map(Vec::as_slice))
    }
}

fn load(conn: &mut DbConnection, id: i64) -> Result<FullList, AppError> {
    let list = distribution::find_list(conn, id)?.ok_or(AppError::NotFound)?;
    let rows = distribution::rows_of(conn, id)?;
    let items = distribution::items_of(conn, id)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.application_id).collect();
    let registration_numbers = applications::registration_numbers(conn, &ids)?
        .into_iter()
        .collect();
    Ok(FullList {
        list,
        rows,
        items,
        registration_numbers,
    })
}

/// Staff see every list; warehouse staff only their warehouse's.
fn visible(conn: &mut DbConnection, user: &Principal, id: i64) -> Result<FullList, AppError> {
    let full = load(conn, id)?;
    match user.role {
        Role::Officer | Role::Admin => Ok(full),
        Role::Warehouse => check_access(user, full.list.warehouse_id).map(|()| full),
        Role::Resident => Err(AppError::Forbidden),
    }
}

pub fn get(conn: &mut DbConnection, user: &Principal, id: i64) -> Result<FullList, AppError> {
    visible(conn, user, id)
}

pub fn list(
    conn: &mut DbConnection,
    user: &Principal,
    event_id: Option<i64>,
    warehouse_id: Option<i64>,
    status: Option<ListStatus>,
) -> Result<Vec<ListRow>, AppError> {
    let warehouse_id = match (user.role, user.warehouse_id) {
        (Role::Warehouse, Some(own)) => Some(own),
        // A keeper tied to no warehouse sees nothing rather than everything;
        // the database refuses such an account, this holds if one slips in.
        (Role::Warehouse, None) => return Ok(Vec::new()),
        (Role::Officer | Role::Admin | Role::Resident, _) => warehouse_id,
    };
    Ok(distribution::lists(conn, event_id, warehouse_id, status)?)
}

pub struct NewList {
    pub event_id: i64,
    pub warehouse_id: i64,
    pub pickup_from: NaiveDate,
    pub pickup_until: NaiveDate,
    pub application_ids: Option<Vec<i64>>,
    pub max_rows: usize,
}

fn list_subject(id: i64) -> Subject<'static> {
    Subject {
        entity: "distribution_list",
        entity_id: id,
        application_id: None,
    }
}

/// Builds a draft list: one row per application with recognised people not
/// on any list yet, each row's aid the norm summed over its people.
pub fn create(conn: &mut DbConnection, actor: Actor, new: &NewList) -> Result<FullList, AppError> {
    write_transaction(conn, |conn| {
        let invalid = |field: &str, code: &'static str, message: &'static str| {
            AppError::invalid_field(&[field], FieldError::new(code, message))
        };
        let event = events::find(conn, new.event_id)?
            .ok_or_else(|| invalid("event_id", "unknown_event", "Такого события нет"))?;
        stock::find_warehouse(conn, new.warehouse_id)?
            .ok_or_else(|| invalid("warehouse_id", "unknown_warehouse", "Такого склада нет"))?;
        let norms: Vec<Norm> = catalogue::norms_of(conn, event.id)?
            .into_iter()
            .map(|n| Norm {
                item_id: n.item_id,
                grams_per_person: n.grams_per_person,
                grams_per_child: n.grams_per_child,
            })
            .collect();
        if norms.is_empty() {
            return Err(AppError::conflict(
                "no_norms",
                "Для события не заданы нормы выдачи",
            ));
        }
        let people =
            decisions::recognized_unlisted(conn, event.id, new.application_ids.as_deref())?;
        let mut households: BTreeMap<i64, Vec<MemberRow>> = BTreeMap::new();
        let mut order = Vec::new();
        for member in people {
            if !households.contains_key(&member.application_id) {
                order.push(member.application_id);
            }
            households
                .entry(member.application_id)
                .or_default()
                .push(member);
        }
        if let Some(ids) = &new.application_ids {
            if let Some(missing) = ids.iter().find(|id| !households.contains_key(id)) {
                return Err(AppError::conflict(
                    "not_listable",
                    format!("В заявлении {missing} нет признанных пострадавшими, ещё не включённых в ведомость"),
                ));
            }
        }
        order.truncate(new.max_rows);
        if order.is_empty() {
            return Err(AppError::conflict(
                "nothing_to_list",
                "Некого включить в ведомость",
            ));
        }
        let number = events::next_number(conn, event.id, "distribution_list")?;
        let list_id = distribution::insert_list(
            conn,
            event.id,
            new.warehouse_id,
            number,
            new.pickup_from,
            new.pickup_until,
            actor.user_id.unwrap_or_default(),
            actor.at,
        )?;
        let limit = u32::try_from(event.child_age_limit).unwrap_or(18);
        let rows = applications::find_many(conn, &order)?;
        for application_id in &order {
            let members = &households[application_id];
            let application = rows
                .iter()
                .find(|r| r.id == *application_id)
                .ok_or(AppError::NotFound)?;
            let is_adult =
                |m: &&MemberRow| age_on(m.birth_date, event.emergency_declared_on) >= limit;
            let recipient = members
                .iter()
                .find(|m| m.relationship == Relationship::Applicant)
                .or_else(|| members.iter().find(is_adult))
                .unwrap_or(&members[0]);
            let births: Vec<NaiveDate> = members.iter().map(|m| m.birth_date).collect();
            let persons = i32::try_from(members.len()).map_err(AppError::internal)?;
            let row_id = distribution::insert_row(
                conn,
                list_id,
                *application_id,
                &member_full_name(recipient),
                &application.property_address,
                persons,
            )?;
            for (item_id, grams) in aid::due(&births, &norms, limit, event.emergency_declared_on) {
                distribution::insert_row_item(conn, row_id, item_id, grams)?;
            }
            for member in members {
                distribution::insert_membership(conn, member.id, list_id, row_id)?;
            }
        }
        audit::record(
            conn,
            actor,
            "distribution_list.created",
            list_subject(list_id),
            json!({"number": {"before": null, "after": number}, "rows": {"before": null, "after": order.len()}}),
        )?;
        load(conn, list_id)
    })
}

/// One ledger entry per line of `(item id, grams)`, all of one kind.
fn move_stock(
    conn: &mut DbConnection,
    actor: Actor,
    warehouse_id: i64,
    (kind, reason): (MovementKind, Option<&str>),
    lines: &[(i64, i64)],
) -> Result<(), AppError> {
    for (item_id, grams) in lines {
        let (on_hand_grams, reserved_grams) = kind.balances(*grams);
        stock::append(
            conn,
            &NewMovement {
                warehouse_id,
                item_id: *item_id,
                kind,
                on_hand_grams,
                reserved_grams,
                received_on: None,
                supplier: None,
                document_number: None,
                unit_price_kopecks: None,
                reason,
                actor_id: actor.user_id,
                created_at: actor.at,
            },
        )?;
    }
    Ok(())
}

fn invalid_list_state(list: &ListRow) -> AppError {
    AppError::Conflict {
        code: "invalid_state",
        message: format!(
            "Действие недоступно для ведомости № {} (статус: {})",
            list.number,
            labels::list_status(list.status)
        ),
        fields: FieldErrors::new(),
    }
}

/// A status change as the audit trail records it.
fn status_change<S: serde::Serialize>((before, after): (S, S)) -> serde_json::Value {
    json!({"before": before, "after": after})
}

/// The one place a list changes status: compare-and-set in the database
/// from the status the action starts from (`ListAction::from_to`), so of
/// two racing requests only one moves it. The callers have checked the
/// status machine before their stock work.
fn move_list(
    conn: &mut DbConnection,
    list: &ListRow,
    action: ListAction,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    if distribution::set_list_status(conn, list.id, action, at)? == 0 {
        return Err(invalid_list_state(list));
    }
    Ok(())
}

/// Approves a draft: the warehouse's available stock must cover the list,
/// and is reserved for it in the same transaction.
pub fn approve(conn: &mut DbConnection, actor: Actor, id: i64) -> Result<FullList, AppError> {
    write_transaction(conn, |conn| {
        distribution::lock_list(conn, id)?;
        let full = load(conn, id)?;
        if full.list.status.apply(ListAction::Approve).is_none() {
            return Err(invalid_list_state(&full.list));
        }
        let warehouse_id = full.list.warehouse_id;
        stock::lock(conn, warehouse_id)?;
        let available: Vec<(i64, i64)> = stock::totals(conn, warehouse_id)?
            .into_iter()
            .map(|t| (t.item_id, t.on_hand.unwrap_or(0) - t.reserved.unwrap_or(0)))
            .collect();
        let needed = full.totals();
        let missing = aid::shortfall(&needed, &available);
        if !missing.is_empty() {
            let mut fields = FieldErrors::new();
            for (item_id, grams) in &missing {
                fields.add(
                    &["items", &item_id.to_string()],
                    FieldError::new(
                        "insufficient_stock",
                        format!("Не хватает {} кг", KILOGRAMS.from_minor(*grams)),
                    ),
                );
            }
            return Err(AppError::Conflict {
                code: "insufficient_stock",
                message: "На складе не хватает товара для этой ведомости".into(),
                fields,
            });
        }
        move_list(conn, &full.list, ListAction::Approve, actor.at)?;
        move_stock(
            conn,
            actor,
            warehouse_id,
            (MovementKind::Reserve, None),
            &needed,
        )?;
        audit::record(
            conn,
            actor,
            "distribution_list.approved",
            list_subject(id),
            json!({"status": status_change(ListAction::Approve.from_to())}),
        )?;
        load(conn, id)
    })
}

/// Closes an approved list: rows not issued become `not_collected`, their
/// reservation is released and their people may go onto a new list.
pub fn close(conn: &mut DbConnection, actor: Actor, id: i64) -> Result<FullList, AppError> {
    write_transaction(conn, |conn| {
        // The pending rows are read under the list's lock: a row being
        // issued meanwhile is either issued before this reads, or waits.
        distribution::lock_list(conn, id)?;
        let full = load(conn, id)?;
        if full.list.status.apply(ListAction::Close).is_none() {
            return Err(invalid_list_state(&full.list));
        }
        stock::lock(conn, full.list.warehouse_id)?;
        let pending: Vec<&RowRow> = full
            .rows
            .iter()
            .filter(|r| r.status.apply(RowAction::CloseUncollected).is_some())
            .collect();
        let released: Vec<Vec<(i64, i64)>> = pending.iter().map(|r| full.items_of(r.id)).collect();
        let released = aid::totals(released.iter().map(Vec::as_slice));
        distribution::mark_not_collected(conn, id)?;
        let pending_ids: Vec<i64> = pending.iter().map(|r| r.id).collect();
        distribution::free_members_of_rows(conn, &pending_ids)?;
        move_stock(
            conn,
            actor,
            full.list.warehouse_id,
            (MovementKind::Release, None),
            &released,
        )?;
        move_list(conn, &full.list, ListAction::Close, actor.at)?;
        audit::record(
            conn,
            actor,
            "distribution_list.closed",
            list_subject(id),
            json!({"status": status_change(ListAction::Close.from_to()), "not_collected": {"before": null, "after": pending_ids.len()}}),
        )?;
        load(conn, id)
    })
}

pub struct IssueRequest {
    pub received_by: String,
    pub proxy_full_name: Option<String>,
    pub proxy_document: Option<String>,
    pub power_of_attorney_number: Option<String>,
    pub issued_at: NaiveDateTime,
    /// Why an administrator dated the issue earlier than now, if they did.
    pub backdate_reason: Option<String>,
}

/// `(item id, grams)` per item.
type ItemLines = Vec<(i64, i64)>;

/// One row of a list, with what it holds, as issuing answers it.
#[derive(Debug, Clone)]
pub struct OneRow {
    pub row: RowRow,
    pub items: Vec<(i64, i64)>,
    pub registration_number: String,
}

/// The list's header and one of its rows, read under the list's shared lock and
/// checked against the user's warehouse; issuing must not load a
/// 10,000-row list to touch one row.
fn list_and_row(
    conn: &mut DbConnection,
    user: Option<&Principal>,
    list_id: i64,
    row_id: i64,
) -> Result<(ListRow, RowRow, ItemLines), AppError> {
    distribution::share_list(conn, list_id)?;
    let list = distribution::find_list(conn, list_id)?.ok_or(AppError::NotFound)?;
    if let Some(user) = user {
        check_access(user, list.warehouse_id)?;
    }
    if !list.status.issues_rows() {
        return Err(invalid_list_state(&list));
    }
    let row = distribution::find_row(conn, list_id, row_id)?.ok_or(AppError::NotFound)?;
    let items = distribution::items_of_row(conn, row_id)?
        .into_iter()
        .map(|i| (i.item_id, i.grams))
        .collect();
    Ok((list, row, items))
}

fn one_row(
    conn: &mut DbConnection,
    list_id: i64,
    row_id: i64,
    items: Vec<(i64, i64)>,
) -> Result<OneRow, AppError> {
    let row = distribution::find_row(conn, list_id, row_id)?.ok_or(AppError::NotFound)?;
    let registration_number = applications::registration_numbers(conn, &[row.application_id])?
        .into_iter()
        .next()
        .map(|(_, n)| n)
        .unwrap_or_default();
    Ok(OneRow {
        row,
        items,
        registration_number,
    })
}

/// One row as its keeper sees it, whatever its list's status: a repeated
/// issue answers the row as it stands now.
pub fn row(
    conn: &mut DbConnection,
    user: &Principal,
    list_id: i64,
    row_id: i64,
) -> Result<OneRow, AppError> {
    let list = distribution::find_list(conn, list_id)?.ok_or(AppError::NotFound)?;
    check_access(user, list.warehouse_id)?;
    distribution::find_row(conn, list_id, row_id)?.ok_or(AppError::NotFound)?;
    let items = distribution::items_of_row(conn, row_id)?
        .into_iter()
        .map(|i| (i.item_id, i.grams))
        .collect();
    one_row(conn, list_id, row_id, items)
}

/// Issues one row: reserved stock becomes issued, once. A second attempt
/// says when and by whom the row was issued.
pub fn issue(
    conn: &mut DbConnection,
    user: &Principal,
    actor: Actor,
    list_id: i64,
    row_id: i64,
    request: &IssueRequest,
) -> Result<OneRow, AppError> {
    write_transaction(conn, |conn| {
        let (list, row, items) = list_and_row(conn, Some(user), list_id, row_id)?;
        let issued = distribution::issue_row(
            conn,
            row_id,
            &Issue {
                at: request.issued_at,
                by: user.id,
                received_by: &request.received_by,
                proxy_full_name: request.proxy_full_name.as_deref(),
                proxy_document: request.proxy_document.as_deref(),
                power_of_attorney_number: request.power_of_attorney_number.as_deref(),
            },
        )?;
        if issued == 0 {
            // Read again: another request may have issued it a moment ago.
            let row = distribution::find_row(conn, list_id, row_id)?.ok_or(AppError::NotFound)?;
            return Err(AppError::conflict(
                "already_issued",
                match (row.issued_at, row.issued_by) {
                    (Some(at), Some(by)) => {
                        let who = crate::db::users::find(conn, by)?
                            .map_or_else(|| by.to_string(), |u| u.full_name);
                        format!("Уже выдано {} (выдал: {who})", at.format("%d.%m.%Y %H:%M"))
                    }
                    _ => format!("Строка ведомости: {}", labels::row_status(row.status)),
                },
            ));
        }
        move_stock(
            conn,
            actor,
            list.warehouse_id,
            (MovementKind::Issue, None),
            &items,
        )?;
        audit::record(
            conn,
            actor,
            "distribution_row.issued",
            Subject {
                entity: "distribution_row",
                entity_id: row_id,
                application_id: Some(row.application_id),
            },
            json!({"status": status_change(RowAction::Issue.from_to()), "received_by": {"before": null, "after": request.received_by}, "backdated": {"before": null, "after": request.backdate_reason.as_ref().map(|reason| json!({"issued_at": request.issued_at, "reason": reason}))}}),
        )?;
        one_row(conn, list_id, row_id, items)
    })
}

/// An administrator's correction of a wrong issue: the row is pending again
/// and the stock is back in reserve, by a reversing ledger entry.
pub fn undo_issue(
    conn: &mut DbConnection,
    actor: Actor,
    list_id: i64,
    row_id: i64,
    reason: &str,
) -> Result<OneRow, AppError> {
    write_transaction(conn, |conn| {
        let (list, row, items) = list_and_row(conn, None, list_id, row_id)?;
        if distribution::unissue_row(conn, row_id)? == 0 {
            return Err(AppError::conflict("not_issued", "Эта строка не выдана"));
        }
        move_stock(
            conn,
            actor,
            list.warehouse_id,
            (MovementKind::UndoIssue, Some(reason)),
            &items,
        )?;
        audit::record(
            conn,
            actor,
            "distribution_row.issue_undone",
            Subject {
                entity: "distribution_row",
                entity_id: row_id,
                application_id: Some(row.application_id),
            },
            json!({"status": status_change(RowAction::UndoIssue.from_to()), "reason": {"before": null, "after": reason}}),
        )?;
        one_row(conn, list_id, row_id, items)
    })
}
