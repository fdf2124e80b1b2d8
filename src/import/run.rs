//! Files each application of a register through the same service as
//! `POST /api/v1/applications`, under an idempotency key made of the event
//! and the application key: a second run, or a run resumed after a crash,
//! finds what was filed and files nothing twice.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::csv_rows::{Group, Register};

use crate::auth::Principal;
use crate::commands::application::ApplicationInput;
use crate::domain::clock;
use crate::domain::FieldErrors;
use crate::error::AppError;
use crate::print::csv::{CsvError, CsvSheet};
use crate::service::applications::Filing;
use crate::service::registration;
use crate::service::Connection;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Rejection {
    pub application_key: String,
    /// The register's lines of this application (the header is line 1).
    pub lines: Vec<usize>,
    pub reason: String,
}

#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub applications: usize,
    pub imported: usize,
    /// Filed by an earlier run of the same register.
    pub already_imported: usize,
    pub rejected: Vec<Rejection>,
}

/// `members.1.snils: message` for each error, with the member's line.
fn describe(fields: &Value, path: &mut Vec<String>, group: &Group, out: &mut Vec<String>) {
    match fields {
        Value::Object(map) => {
            for (key, value) in map {
                path.push(key.clone());
                describe(value, path, group, out);
                path.pop();
            }
        }
        Value::Array(errors) => {
            let line = match (path.first().map(String::as_str), path.get(1)) {
                (Some("members"), Some(index)) => index
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| group.lines.get(i).copied()),
                _ => None,
            };
            for error in errors {
                let message = error["message"].as_str().unwrap_or_default();
                let at = line.map(|l| format!("line {l}, ")).unwrap_or_default();
                out.push(format!("{at}{}: {message}", path.join(".")));
            }
        }
        _ => {}
    }
}

fn field_errors(errors: FieldErrors, group: &Group) -> String {
    let mut out = Vec::new();
    describe(&errors.into_value(), &mut Vec::new(), group, &mut out);
    out.join("; ")
}

enum Filed {
    New,
    Earlier,
}

fn file_one(
    conn: &mut Connection,
    user: &Principal,
    register: &Register,
    event_id: i64,
    group: &Group,
) -> Result<Result<Filed, String>, AppError> {
    if group.key.is_empty() {
        return Ok(Err("application_key is empty".to_owned()));
    }
    let body = register.body(event_id, group);
    let input: ApplicationInput = match serde_json::from_value(body) {
        Ok(input) => input,
        Err(e) => return Ok(Err(format!("line {}: {e}", group.lines[0]))),
    };
    let now = clock::now();
    let draft = match input.parse(now.date()) {
        Ok(draft) => draft,
        Err(errors) => return Ok(Err(field_errors(errors, group))),
    };
    let canonical = serde_json::to_vec(&input).map_err(AppError::internal)?;
    let filing = Filing {
        event_id,
        draft,
        late_reason: input.late_reason.clone().filter(|r| !r.trim().is_empty()),
        idempotency: Some((
            format!("import:{event_id}:{}", group.key),
            hex::encode(Sha256::digest(&canonical)),
        )),
    };
    match registration::file(conn, user, &filing, now) {
        Ok(application) if application.row.registered_at == now => Ok(Ok(Filed::New)),
        Ok(_) => Ok(Ok(Filed::Earlier)),
        Err(AppError::Validation { fields, .. }) => Ok(Err(field_errors(fields, group))),
        Err(error @ (AppError::Conflict { .. } | AppError::InvalidState { .. })) => {
            Ok(Err(format!("{}: {}", error.code(), error.message())))
        }
        Err(error) => Err(error),
    }
}

/// Imports every application of the register; `progress` is called once
/// per application. A database failure stops the run (a re-run resumes);
/// a bad application is rejected and the run goes on.
pub fn import(
    conn: &mut Connection,
    user: &Principal,
    event_id: i64,
    register: &Register,
    mut progress: impl FnMut(),
) -> Result<Summary, AppError> {
    let mut summary = Summary {
        applications: register.groups.len(),
        ..Summary::default()
    };
    for group in &register.groups {
        match file_one(conn, user, register, event_id, group)? {
            Ok(Filed::New) => summary.imported += 1,
            Ok(Filed::Earlier) => summary.already_imported += 1,
            Err(reason) => summary.rejected.push(Rejection {
                application_key: group.key.clone(),
                lines: group.lines.clone(),
                reason,
            }),
        }
        progress();
    }
    Ok(summary)
}

/// The rejected rows as they were, with the line and the reason added, for
/// the clerk to correct and import again.
pub fn rejects_csv(register: &Register, summary: &Summary) -> Result<String, CsvError> {
    let mut header: Vec<String> = register.header.clone();
    header.extend(["line".to_owned(), "error".to_owned()]);
    let mut out = CsvSheet::new(&header);
    for rejection in &summary.rejected {
        let Some(group) = register
            .groups
            .iter()
            .find(|g| g.key == rejection.application_key && g.lines == rejection.lines)
        else {
            continue;
        };
        for (line, record) in group.lines.iter().zip(&group.records) {
            let mut fields = record.clone();
            fields.resize(register.header.len(), String::new());
            fields.push(line.to_string());
            fields.push(rejection.reason.clone());
            out.push(&fields);
        }
    }
    out.finish()
}
