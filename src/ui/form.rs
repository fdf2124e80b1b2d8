//! Posted forms read into the API's own request bodies, so a page runs the
//! same parsing and the same rules as the JSON API and adds none of its own.
//!
//! A field's name is its path in the request body (`members.0.snils`), with
//! an optional type after a colon, because a browser posts only strings:
//! `:int`, `:num` (a decimal, comma or point), `:date`, `:bool` (true if
//! any value posted is `true`), `:lines` (one list entry per line) and
//! `:ints` (every posted value, as a list). A trailing `?` makes an empty
//! value absent instead of missing. Names starting with `_` are the form's
//! own (CSRF token, button) and are not part of the body.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::domain::field_error::object_at;
use crate::domain::{FieldError, FieldErrors};

/// The most repeated rows a form shows (household members, norms).
pub const MAX_ROWS: usize = 100;

/// The largest form body accepted: a household of 30 with every field
/// filled is about 25 KB, over actix's default of 16 KB.
pub const MAX_BODY: usize = 256 * 1024;

/// The deepest field path a form may post: the deepest the pages use is
/// four (`members.0.document.number`). Bounding it keeps the conversion to
/// JSON, and dropping what it builds, within a worker's stack whatever an
/// anonymous client posts.
pub const MAX_DEPTH: usize = 6;

/// The longest field name a form may post, type suffix included.
pub const MAX_NAME_LEN: usize = 200;

/// The most fields one form may post: a household of 100 members with every
/// field is about 1,500.
pub const MAX_FIELDS: usize = 2_000;

pub struct FormData {
    pairs: Vec<(String, String)>,
}

/// Why a posted form was refused before any of it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRefusal {
    TooManyFields,
    NameTooLong,
    TooDeep,
}

impl FormRefusal {
    pub fn field_error(self) -> FieldError {
        match self {
            Self::TooManyFields => FieldError::new(
                "form_too_many_fields",
                format!("В форме больше {MAX_FIELDS} полей"),
            ),
            Self::NameTooLong => FieldError::new(
                "form_name_too_long",
                format!("Имя поля длиннее {MAX_NAME_LEN} символов"),
            ),
            Self::TooDeep => FieldError::new(
                "form_too_deep",
                format!("Имя поля вложено глубже {MAX_DEPTH} уровней"),
            ),
        }
    }
}

/// The body path of a field name, without its type.
fn path_of(name: &str) -> &str {
    name.split_once(':').map_or(name, |(path, _)| path)
}

impl FormData {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Self { pairs }
    }

    /// A form posted from outside, refused whole when its shape is beyond
    /// what any page posts, before anything is built from it.
    pub fn posted(pairs: Vec<(String, String)>) -> Result<Self, FormRefusal> {
        if pairs.len() > MAX_FIELDS {
            return Err(FormRefusal::TooManyFields);
        }
        for (name, _) in &pairs {
            if name.len() > MAX_NAME_LEN {
                return Err(FormRefusal::NameTooLong);
            }
            if path_of(name).split('.').count() > MAX_DEPTH {
                return Err(FormRefusal::TooDeep);
            }
        }
        // A browser sends a textarea's line breaks as CR LF (HTML's form
        // encoding); the service keeps text with LF alone.
        let pairs = pairs
            .into_iter()
            .map(|(name, value)| (name, value.replace("\r\n", "\n")))
            .collect();
        Ok(Self { pairs })
    }

    pub fn empty() -> Self {
        Self { pairs: Vec::new() }
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The last value posted under exactly this name.
    pub fn raw(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// The last value posted for a body path, whatever its type suffix:
    /// what a re-rendered form shows in the field.
    pub fn value(&self, path: &str) -> &str {
        self.pairs
            .iter()
            .rev()
            .find(|(key, _)| path_of(key) == path)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Whether any value posted for the path is `value` (checkboxes,
    /// multiple choice).
    pub fn has(&self, path: &str, value: &str) -> bool {
        self.pairs
            .iter()
            .any(|(key, v)| path_of(key) == path && v == value)
    }

    /// The highest list index posted under `prefix` (`members`), plus one,
    /// and never more than [`MAX_ROWS`]: a forged index must not make a
    /// page render a million rows.
    pub fn rows(&self, prefix: &str) -> usize {
        self.pairs
            .iter()
            .filter_map(|(key, _)| {
                let rest = path_of(key).strip_prefix(prefix)?.strip_prefix('.')?;
                rest.split('.').next()?.parse::<usize>().ok()
            })
            .map(|index| index + 1)
            .max()
            .unwrap_or(0)
            .min(MAX_ROWS)
    }

    /// The request body the API would have received, or every value of the
    /// wrong type at its path.
    pub fn input<T: DeserializeOwned>(&self) -> Result<T, FieldErrors> {
        let body = self.to_json()?;
        serde_path_to_error::deserialize::<_, T>(body).map_err(|error| {
            use serde_path_to_error::Segment;
            let path: Vec<String> = error
                .path()
                .iter()
                .filter_map(|segment| match segment {
                    Segment::Seq { index } => Some(index.to_string()),
                    Segment::Map { key } => Some(key.clone()),
                    Segment::Enum { .. } | Segment::Unknown => None,
                })
                .collect();
            let segments: Vec<&str> = path.iter().map(String::as_str).collect();
            FieldErrors::single(
                &segments,
                FieldError::new("invalid_value", "Заполните поле правильно"),
            )
        })
    }

    fn to_json(&self) -> Result<Value, FieldErrors> {
        let mut root = Map::new();
        let mut errors = FieldErrors::new();
        let mut bools: BTreeMap<&str, bool> = BTreeMap::new();
        for (name, raw) in &self.pairs {
            if name.starts_with('_') {
                continue;
            }
            let (path, kind) = name.split_once(':').unwrap_or((name.as_str(), ""));
            let (kind, optional) = match kind.strip_suffix('?') {
                Some(kind) => (kind, true),
                None => (kind, false),
            };
            let segments: Vec<&str> = path.split('.').collect();
            if segments.len() > MAX_DEPTH {
                errors.add(&["body"], FormRefusal::TooDeep.field_error());
                continue;
            }
            let value = raw.trim();
            let converted = match kind {
                "bool" => {
                    let entry = bools.entry(path).or_insert(false);
                    *entry |= value == "true" || value == "on";
                    Ok(Some(Value::Bool(*entry)))
                }
                // An empty value only makes sure the list is there, so a
                // form where nothing is ticked still posts an empty list.
                "ints" if value.is_empty() => {
                    ensure_list(&mut root, &segments);
                    continue;
                }
                "ints" => match value.parse::<i64>() {
                    Ok(number) => {
                        push(&mut root, &segments, Value::from(number));
                        continue;
                    }
                    Err(_) => Err(FieldError::new("invalid_number", "Неверное значение")),
                },
                "lines" => Ok(Some(Value::Array(
                    raw.lines()
                        .map(str::trim)
                        .filter(|line| !line.is_empty())
                        .map(|line| Value::String(line.to_owned()))
                        .collect(),
                ))),
                _ if value.is_empty() && !kind.is_empty() => {
                    if optional {
                        Ok(None)
                    } else {
                        Err(FieldError::new("required", "Заполните поле"))
                    }
                }
                "int" => value
                    .parse::<i64>()
                    .map(|n| Some(Value::from(n)))
                    .map_err(|_| FieldError::new("invalid_number", "Введите целое число")),
                "num" => {
                    let normalised = value.replace(',', ".").replace(' ', "");
                    match normalised.parse::<rust_decimal::Decimal>() {
                        Ok(_) => Ok(Some(Value::String(normalised))),
                        Err(_) => Err(FieldError::new(
                            "invalid_number",
                            "Введите число, например 6,5",
                        )),
                    }
                }
                "date" => NaiveDate::parse_from_str(value, "%Y-%m-%d")
                    .map(|_| Some(Value::String(value.to_owned())))
                    .map_err(|_| FieldError::new("invalid_date", "Введите дату")),
                "" if optional && value.is_empty() => Ok(None),
                _ => Ok(Some(Value::String(raw.clone()))),
            };
            match converted {
                Ok(Some(value)) => set(&mut root, &segments, value),
                Ok(None) => set(&mut root, &segments, Value::Null),
                Err(error) => errors.add(&segments, error),
            }
        }
        if errors.is_empty() {
            Ok(arrays(Value::Object(root)))
        } else {
            Err(errors)
        }
    }
}

fn set(root: &mut Map<String, Value>, segments: &[&str], value: Value) {
    if let Some((last, parents)) = segments.split_last() {
        object_at(root, parents).insert(last.to_string(), value);
    }
}

fn ensure_list(root: &mut Map<String, Value>, segments: &[&str]) {
    if let Some((last, parents)) = segments.split_last() {
        object_at(root, parents)
            .entry(last.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
    }
}

fn push(root: &mut Map<String, Value>, segments: &[&str], value: Value) {
    if let Some((last, parents)) = segments.split_last() {
        let entry = object_at(root, parents)
            .entry(last.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        match entry {
            Value::Array(list) => list.push(value),
            other => *other = Value::Array(vec![value]),
        }
    }
}

/// Objects keyed `0`, `1`, … become lists in index order, as the request
/// bodies have them.
fn arrays(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let numeric = !map.is_empty() && map.keys().all(|k| k.parse::<usize>().is_ok());
            if numeric {
                let mut entries: Vec<(usize, Value)> = map
                    .into_iter()
                    .filter_map(|(k, v)| Some((k.parse().ok()?, arrays(v))))
                    .collect();
                entries.sort_by_key(|(index, _)| *index);
                Value::Array(entries.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(map.into_iter().map(|(k, v)| (k, arrays(v))).collect())
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn names_become_the_nested_body_with_types() {
        let data = form(&[
            ("_csrf", "x"),
            ("event_id:int", "7"),
            ("plot_area_sotka:num", "6,5"),
            ("members.1.last_name", "Петров"),
            ("members.0.last_name", "Иванова"),
            ("members.0.birth_date:date", "1980-02-03"),
            ("members.0.lives:bool", "false"),
            ("members.0.lives:bool", "true"),
            ("crops:lines", "картофель\n\n капуста "),
            ("note:?", ""),
            ("ids:ints", ""),
            ("ids:ints", "3"),
            ("ids:ints", "5"),
            ("none:ints", ""),
        ]);
        let body = data.to_json().unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "event_id": 7,
                "plot_area_sotka": "6.5",
                "members": [
                    {"last_name": "Иванова", "birth_date": "1980-02-03", "lives": true},
                    {"last_name": "Петров"}
                ],
                "crops": ["картофель", "капуста"],
                "note": null,
                "ids": [3, 5],
                "none": [],
            })
        );
        assert_eq!(data.rows("members"), 2);
        assert_eq!(data.value("members.0.birth_date"), "1980-02-03");
    }

    #[test]
    fn a_textareas_line_breaks_arrive_as_line_feeds() {
        let posted = FormData::posted(vec![("description".into(), "две\r\nстроки".into())]);
        assert_eq!(posted.unwrap().raw("description"), "две\nстроки");
    }

    #[test]
    fn forms_beyond_any_page_are_refused_before_conversion() {
        let deep = vec!["a"; 100_000].join(".");
        let refused = FormData::posted(vec![(deep.clone(), "x".into())]);
        assert_eq!(refused.err(), Some(FormRefusal::NameTooLong));
        let seven = ["a"; MAX_DEPTH + 1].join(".");
        assert_eq!(
            FormData::posted(vec![(seven.clone(), "x".into())]).err(),
            Some(FormRefusal::TooDeep)
        );
        let many = (0..=MAX_FIELDS).map(|i| (format!("f{i}"), String::new()));
        assert_eq!(
            FormData::posted(many.collect()).err(),
            Some(FormRefusal::TooManyFields)
        );
        assert!(FormData::posted(vec![("members.0.document.number".into(), "1".into())]).is_ok());
        // Built by a page rather than posted, a deep name is still an error,
        // not a deep tree.
        let messages = form(&[(seven.as_str(), "x")])
            .to_json()
            .unwrap_err()
            .messages();
        assert_eq!(messages.len(), 1);
    }

    #[test]
    fn every_value_of_the_wrong_type_is_reported_at_its_path() {
        let data = form(&[
            ("event_id:int", "семь"),
            ("members.0.birth_date:date", ""),
            ("members.1.birth_date:date", "31.12.1999"),
            ("area:num", "много"),
            ("optional:date?", ""),
        ]);
        let messages = data.to_json().unwrap_err().messages();
        assert_eq!(messages["event_id"], vec!["Введите целое число"]);
        assert_eq!(messages["members.0.birth_date"], vec!["Заполните поле"]);
        assert_eq!(messages["members.1.birth_date"], vec!["Введите дату"]);
        assert_eq!(messages["area"], vec!["Введите число, например 6,5"]);
        assert_eq!(messages.len(), 4);
    }
}
