use std::borrow::Cow;

use serde_json::{Map, Value};

/// A rule broken by one input value: a stable English `code` for programs
/// and a Russian `message` for the person who typed the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub code: Cow<'static, str>,
    pub message: Cow<'static, str>,
}

impl FieldError {
    pub fn new(code: impl Into<Cow<'static, str>>, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }

    /// Bridges domain parsing into `validator`'s custom-function hook, so the
    /// rule itself is written once, in the domain.
    pub fn into_validation_error(self) -> validator::ValidationError {
        let mut error = validator::ValidationError::new("invalid").with_message(self.message);
        error.code = self.code;
        error
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for FieldError {}

/// Per-field errors, nested the way the request body is: an object key per
/// field and per list index, with a list of `{code, message}` at each leaf.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldErrors(Map<String, Value>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(path: &[&str], error: FieldError) -> Self {
        let mut errors = Self::new();
        errors.add(path, error);
        errors
    }

    /// Adds one error at `path` (for example `["members", "0", "snils"]`).
    pub fn add(&mut self, path: &[&str], error: FieldError) {
        self.add_with(path, error, Map::new());
    }

    /// As `add`, with more about the error beside its code and message (the
    /// other application a conflict is with, say).
    pub fn add_with(&mut self, path: &[&str], error: FieldError, details: Map<String, Value>) {
        let Some((last, parents)) = path.split_last() else {
            return self.add_with(&["body"], error, details);
        };
        let mut leaf = details;
        leaf.insert("code".into(), Value::String(error.code.into_owned()));
        leaf.insert("message".into(), Value::String(error.message.into_owned()));
        let node = object_at(&mut self.0, parents);
        match node
            .entry(last.to_string())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(list) => list.push(Value::Object(leaf)),
            other => *other = Value::Array(vec![Value::Object(leaf)]),
        }
    }

    /// Keeps the value of a parse that succeeded, or records its error at
    /// `path`, so one pass over a form reports every broken field at once.
    pub fn take<T>(&mut self, path: &[&str], result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(path, error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every message keyed by its dotted path (`members.0.snils`), the way a
    /// web form names its fields.
    pub fn messages(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut out = std::collections::BTreeMap::new();
        collect_messages(&mut out, String::new(), &self.0);
        out
    }

    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// The object at `path` below `root`, made (or made an object) on the way:
/// error trees and the web forms' request bodies are both built this way.
pub fn object_at<'m>(
    root: &'m mut Map<String, Value>,
    path: &[&str],
) -> &'m mut Map<String, Value> {
    let mut node = root;
    for segment in path {
        let entry = node
            .entry(segment.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        node = match entry {
            Value::Object(map) => map,
            _ => unreachable!("replaced by an object just above"),
        };
    }
    node
}

fn collect_messages(
    out: &mut std::collections::BTreeMap<String, Vec<String>>,
    prefix: String,
    node: &Map<String, Value>,
) {
    for (key, value) in node {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(child) => collect_messages(out, path, child),
            Value::Array(leaves) => {
                let messages = leaves
                    .iter()
                    .filter_map(|leaf| leaf.get("message").and_then(Value::as_str))
                    .map(str::to_owned);
                out.entry(path).or_default().extend(messages);
            }
            _ => {}
        }
    }
}

impl From<validator::ValidationErrors> for FieldErrors {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut out = FieldErrors::new();
        collect_validation(&mut out, &mut Vec::new(), &errors);
        out
    }
}

fn collect_validation(
    out: &mut FieldErrors,
    path: &mut Vec<String>,
    errors: &validator::ValidationErrors,
) {
    use validator::ValidationErrorsKind as Kind;
    for (field, kind) in errors.errors() {
        path.push(field.to_string());
        match kind {
            Kind::Field(list) => {
                for error in list {
                    let message = error
                        .message
                        .clone()
                        .unwrap_or_else(|| "Недопустимое значение".into());
                    let segments: Vec<&str> = path.iter().map(String::as_str).collect();
                    out.add(&segments, FieldError::new(error.code.clone(), message));
                }
            }
            Kind::Struct(inner) => collect_validation(out, path, inner),
            Kind::List(items) => {
                for (index, inner) in items {
                    path.push(index.to_string());
                    collect_validation(out, path, inner);
                    path.pop();
                }
            }
        }
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nests_errors_under_field_and_index() {
        let mut errors = FieldErrors::new();
        errors.add(
            &["members", "0", "snils"],
            FieldError::new("invalid_snils", "x"),
        );
        errors.add(&["members", "0", "snils"], FieldError::new("other", "y"));
        errors.add(&["login"], FieldError::new("invalid_login", "z"));
        let value = errors.into_value();
        assert_eq!(value["members"]["0"]["snils"][1]["code"], "other");
        assert_eq!(value["login"][0]["message"], "z");
    }

    #[test]
    fn messages_are_keyed_by_dotted_path() {
        let mut errors = FieldErrors::new();
        errors.add(
            &["members", "0", "snils"],
            FieldError::new("bad", "Неверный СНИЛС"),
        );
        errors.add(&["members", "0", "snils"], FieldError::new("bad2", "Ещё"));
        errors.add(&["applicant_phone"], FieldError::new("bad", "Телефон"));
        let messages = errors.messages();
        assert_eq!(messages["members.0.snils"], vec!["Неверный СНИЛС", "Ещё"]);
        assert_eq!(messages["applicant_phone"], vec!["Телефон"]);
        assert_eq!(messages.len(), 2);
    }
}
