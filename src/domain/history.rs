//! What a filer may read of their application's history. The audit trail
//! is the staff's record: the notes an officer writes after a visit, who was
//! present at it, and the comments on a possible double claim are working
//! notes about other people as much as about the filer, so a resident sees
//! the steps and the dates, never those words.

use serde_json::Value;

/// Fields of an entry's changes that only staff read.
const STAFF_ONLY_FIELDS: [&str; 3] = ["notes", "present_persons", "comment"];

/// The changes of one entry as the filer may read them, or nothing when
/// the whole entry is the staff's (a match between two applications names
/// the other household).
pub fn for_filer(action: &str, mut changes: Value) -> Option<Value> {
    if action.starts_with("duplicate.") {
        return None;
    }
    if let Value::Object(fields) = &mut changes {
        for field in STAFF_ONLY_FIELDS {
            fields.remove(field);
        }
    }
    Some(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_filer_reads_the_steps_without_the_staffs_notes() {
        let recorded = json!({
            "act_number": { "before": null, "after": "А-1" },
            "notes": { "before": null, "after": "сосед говорит, что урожая не было" },
            "present_persons": { "before": null, "after": "Сидоров" },
        });
        let shown = for_filer("inspection.recorded", recorded).expect("a step");
        assert_eq!(
            shown,
            json!({ "act_number": { "before": null, "after": "А-1" } })
        );
        let asked = json!({ "note": { "before": null, "after": "Приложите справку" } });
        assert_eq!(
            for_filer("application.documents_requested", asked.clone()),
            Some(asked),
            "what is asked of the filer is for the filer"
        );
        assert_eq!(
            for_filer(
                "duplicate.resolved",
                json!({ "comment": { "after": "тот же человек" } })
            ),
            None
        );
    }
}
