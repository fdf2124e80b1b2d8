use chrono::NaiveDateTime;
use serde_json::{Map, Value};

use crate::db::audit::{self, NewAuditEntry};
use crate::db::DbConnection;
use crate::error::AppError;

/// Who acts, and when: passed to every write so the audit entry and the
/// row it describes carry the same moment.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub at: NaiveDateTime,
}

impl Actor {
    pub fn user(user_id: i64, at: NaiveDateTime) -> Self {
        Self {
            user_id: Some(user_id),
            at,
        }
    }
}

/// What an audit entry is about.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub entity: &'a str,
    pub entity_id: i64,
    pub application_id: Option<i64>,
}

/// `{field: {before, after}}` for the top-level fields that differ. Both
/// snapshots must already have personal document numbers masked.
pub fn diff(before: &Value, after: &Value) -> Value {
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut changes = Map::new();
    for key in before.keys().chain(after.keys()) {
        let (old, new) = (
            before.get(key).unwrap_or(&Value::Null),
            after.get(key).unwrap_or(&Value::Null),
        );
        if old != new && !changes.contains_key(key) {
            changes.insert(
                key.clone(),
                serde_json::json!({ "before": old, "after": new }),
            );
        }
    }
    Value::Object(changes)
}

pub fn record(
    conn: &mut DbConnection,
    actor: Actor,
    action: &str,
    subject: Subject<'_>,
    changes: Value,
) -> Result<(), AppError> {
    audit::append(conn, &entry(actor, action, subject, changes))?;
    Ok(())
}

/// The entry `record` appends, for writers that append many at once.
pub fn entry<'a>(
    actor: Actor,
    action: &'a str,
    subject: Subject<'a>,
    changes: Value,
) -> NewAuditEntry<'a> {
    NewAuditEntry {
        at: actor.at,
        actor_id: actor.user_id,
        action,
        entity: subject.entity,
        entity_id: subject.entity_id,
        application_id: subject.application_id,
        changes: changes.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_only_changed_fields() {
        let changes = diff(&json!({"a": 1, "b": 2}), &json!({"a": 1, "b": 3, "c": 4}));
        assert_eq!(
            changes,
            json!({"b": {"before": 2, "after": 3}, "c": {"before": null, "after": 4}})
        );
    }
}
