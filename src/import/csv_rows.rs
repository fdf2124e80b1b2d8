//! Reading a paper register typed into a spreadsheet: one row per household
//! member, rows of one application sharing its `application_key`. The
//! rows become the same JSON body the API takes, so the import goes through
//! exactly the API's validation.

use serde_json::{json, Map, Value};

/// One application's rows, with the file's line numbers (1 is the header).
#[derive(Debug, Clone)]
pub struct Group {
    pub key: String,
    pub lines: Vec<usize>,
    pub records: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct Register {
    pub header: Vec<String>,
    pub groups: Vec<Group>,
}

/// Columns a register must have; the others may be absent.
pub const REQUIRED: [&str; 7] = [
    "application_key",
    "last_name",
    "first_name",
    "birth_date",
    "relationship",
    "document_type",
    "applicant_phone",
];

/// Reads the file; `;` or `,` as the separator, whichever the header uses.
pub fn read(bytes: &[u8]) -> Result<Register, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the file is not UTF-8".to_owned())?;
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() >= first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("header: {e}"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    for column in REQUIRED {
        if !header.iter().any(|h| h == column) {
            return Err(format!("the header lacks the column {column}"));
        }
    }
    let key_at = header
        .iter()
        .position(|h| h == "application_key")
        .unwrap_or(0);
    let mut groups: Vec<Group> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (offset, record) in reader.records().enumerate() {
        let line = offset + 2;
        let record = record.map_err(|e| format!("line {line}: {e}"))?;
        let fields: Vec<String> = record.iter().map(|f| f.trim().to_owned()).collect();
        if fields.iter().all(String::is_empty) {
            continue;
        }
        let key = fields.get(key_at).cloned().unwrap_or_default();
        let slot = *index.entry(key.clone()).or_insert_with(|| {
            groups.push(Group {
                key: key.clone(),
                lines: Vec::new(),
                records: Vec::new(),
            });
            groups.len() - 1
        });
        groups[slot].lines.push(line);
        groups[slot].records.push(fields);
    }
    Ok(Register { header, groups })
}

fn date(raw: &str) -> Value {
    // Registers typed in Russia write 01.05.1980; the API takes ISO dates.
    match chrono::NaiveDate::parse_from_str(raw, "%d.%m.%Y") {
        Ok(day) => json!(day),
        Err(_) => json!(raw),
    }
}

fn boolean(raw: &str) -> Value {
    match raw.to_lowercase().as_str() {
        "true" | "1" | "да" | "yes" | "+" => json!(true),
        "false" | "0" | "нет" | "no" | "-" | "" => json!(false),
        _ => json!(raw),
    }
}

fn optional(raw: &str) -> Value {
    if raw.is_empty() {
        Value::Null
    } else {
        json!(raw)
    }
}

impl Register {
    fn field<'a>(&self, record: &'a [String], column: &str) -> &'a str {
        self.header
            .iter()
            .position(|h| h == column)
            .and_then(|at| record.get(at))
            .map_or("", String::as_str)
    }

    /// The API body for one application: its own fields from the group's
    /// first row, one member per row.
    pub fn body(&self, event_id: i64, group: &Group) -> Value {
        let first = group.records.first().map_or(&[][..], Vec::as_slice);
        let f = |column: &str| self.field(first, column);
        let members: Vec<Value> = group
            .records
            .iter()
            .map(|record| {
                let m = |column: &str| self.field(record, column);
                let document = match m("document_type") {
                    "passport_rf" => json!({
                        "type": "passport_rf",
                        "series": m("document_series"),
                        "number": m("document_number"),
                        "issued_on": date(m("document_issued_on")),
                        "issued_by": m("document_issued_by"),
                        "subdivision_code": m("document_subdivision_code"),
                    }),
                    "birth_certificate" => json!({
                        "type": "birth_certificate",
                        "series": m("document_series"),
                        "number": m("document_number"),
                        "issued_on": date(m("document_issued_on")),
                    }),
                    other => json!({"type": other, "description": m("document_description")}),
                };
                json!({
                    "last_name": m("last_name"),
                    "first_name": m("first_name"),
                    "patronymic": optional(m("patronymic")),
                    "birth_date": date(m("birth_date")),
                    "relationship": m("relationship"),
                    "document": document,
                    "snils": optional(m("snils")),
                    "registered_at_property": boolean(m("registered_at_property")),
                    "lives_at_property": boolean(m("lives_at_property")),
                })
            })
            .collect();
        let crops: Vec<&str> = f("crops_lost")
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let mut body = Map::new();
        body.insert("event_id".into(), json!(event_id));
        body.insert("channel".into(), optional(f("channel")));
        body.insert("applicant_phone".into(), json!(f("applicant_phone")));
        body.insert("applicant_email".into(), optional(f("applicant_email")));
        body.insert("postal_address".into(), json!(f("postal_address")));
        body.insert("property_address".into(), json!(f("property_address")));
        body.insert("cadastral_number".into(), optional(f("cadastral_number")));
        body.insert(
            "plot_area_sotka".into(),
            json!(f("plot_area_sotka").replace(',', ".")),
        );
        body.insert("crops_lost".into(), json!(crops));
        body.insert("loss_extent".into(), json!(f("loss_extent")));
        body.insert("description".into(), json!(f("description")));
        body.insert(
            "consent_personal_data".into(),
            boolean(f("consent_personal_data")),
        );
        body.insert("late_reason".into(), optional(f("late_reason")));
        body.insert("members".into(), json!(members));
        Value::Object(body)
    }
}
