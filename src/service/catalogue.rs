//! The aid catalogue and the norms of each event.

use serde_json::json;

use super::audit::{self, Actor, Subject};
use crate::db::catalogue::{self, ItemRow, NormRow};
use crate::db::{events, write_transaction, DbConnection};
use crate::domain::aid::Norm;
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

pub fn create_item(
    conn: &mut DbConnection,
    actor: Actor,
    code: &str,
    name: &str,
) -> Result<ItemRow, AppError> {
    write_transaction(conn, |conn| {
        let id =
            catalogue::insert_item(conn, code, name, actor.at).map_err(
                |e| match AppError::from(e) {
                    AppError::Conflict { .. } => AppError::Conflict {
                        code: "conflict",
                        message: "Позиция с таким кодом уже есть".into(),
                        fields: FieldErrors::single(
                            &["code"],
                            FieldError::new("code_taken", "Позиция с таким кодом уже есть"),
                        ),
                    },
                    other => other,
                },
            )?;
        let subject = Subject {
            entity: "item",
            entity_id: id,
            application_id: None,
        };
        audit::record(
            conn,
            actor,
            "item.created",
            subject,
            audit::diff(&json!({}), &json!({"code": code, "name": name})),
        )?;
        catalogue::find_items(conn, &[id])?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    })
}

pub fn items(conn: &mut DbConnection) -> Result<Vec<ItemRow>, AppError> {
    Ok(catalogue::all_items(conn)?)
}

pub fn norms(conn: &mut DbConnection, event_id: i64) -> Result<Vec<NormRow>, AppError> {
    events::find(conn, event_id)?.ok_or(AppError::NotFound)?;
    Ok(catalogue::norms_of(conn, event_id)?)
}

/// Replaces the event's norms. Each item at most once, and each must exist.
pub fn set_norms(
    conn: &mut DbConnection,
    actor: Actor,
    event_id: i64,
    norms: Vec<Norm>,
) -> Result<Vec<NormRow>, AppError> {
    let rows: Vec<NormRow> = norms
        .iter()
        .map(|norm| NormRow {
            event_id,
            item_id: norm.item_id,
            grams_per_person: norm.grams_per_person,
            grams_per_child: norm.grams_per_child,
        })
        .collect();
    write_transaction(conn, |conn| {
        events::find(conn, event_id)?.ok_or(AppError::NotFound)?;
        if crate::db::distribution::any_approved(conn, event_id)? {
            return Err(AppError::conflict(
                "norms_locked",
                "Нормы нельзя менять после утверждения первой ведомости",
            ));
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.item_id).collect();
        let known = catalogue::find_items(conn, &ids)?;
        let mut errors = FieldErrors::new();
        for (index, row) in rows.iter().enumerate() {
            let path = [index.to_string(), "item_id".to_owned()];
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            if !known.iter().any(|item| item.id == row.item_id) {
                errors.add(
                    &path,
                    FieldError::new("unknown_item", "Такой позиции нет в каталоге"),
                );
            } else if rows[..index]
                .iter()
                .any(|earlier| earlier.item_id == row.item_id)
            {
                errors.add(
                    &path,
                    FieldError::new("repeated_item", "Позиция указана дважды"),
                );
            }
        }
        if !errors.is_empty() {
            return Err(AppError::invalid(errors));
        }
        let before = catalogue::norms_of(conn, event_id)?;
        catalogue::replace_norms(conn, event_id, &rows)?;
        let snapshot = |rows: &[NormRow]| {
            json!({ "norms": rows.iter().map(|r| json!({
                "item_id": r.item_id,
                "grams_per_person": r.grams_per_person,
                "grams_per_child": r.grams_per_child,
            })).collect::<Vec<_>>() })
        };
        let subject = Subject {
            entity: "event",
            entity_id: event_id,
            application_id: None,
        };
        audit::record(
            conn,
            actor,
            "norms.set",
            subject,
            audit::diff(&snapshot(&before), &snapshot(&rows)),
        )?;
        Ok(catalogue::norms_of(conn, event_id)?)
    })
}

/// What the aid arithmetic needs from an event: its norms, its child age
/// limit and its emergency date.
#[derive(Debug, Clone)]
pub struct AidRules {
    pub norms: Vec<crate::domain::aid::Norm>,
    pub child_age_limit: u32,
    pub emergency_on: chrono::NaiveDate,
    pub items: Vec<ItemRow>,
}

impl AidRules {
    /// `(item id, grams)` due to one person born on `birth_date`.
    pub fn due_to(&self, birth_date: chrono::NaiveDate) -> Vec<(i64, i64)> {
        crate::domain::aid::due(
            &[birth_date],
            &self.norms,
            self.child_age_limit,
            self.emergency_on,
        )
    }
}

pub fn aid_rules(conn: &mut DbConnection, event_id: i64) -> Result<AidRules, AppError> {
    let event = events::find(conn, event_id)?.ok_or(AppError::NotFound)?;
    let norms = catalogue::norms_of(conn, event_id)?
        .into_iter()
        .map(|n| crate::domain::aid::Norm {
            item_id: n.item_id,
            grams_per_person: n.grams_per_person,
            grams_per_child: n.grams_per_child,
        })
        .collect();
    Ok(AidRules {
        norms,
        child_age_limit: u32::try_from(event.child_age_limit).unwrap_or(18),
        emergency_on: event.emergency_declared_on,
        items: catalogue::all_items(conn)?,
    })
}
