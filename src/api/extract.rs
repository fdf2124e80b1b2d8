//! Request parsing that answers in the service's one error shape: the JSON
//! body (with the path of a wrongly typed field), the path and the query.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors, Refusal};

/// Largest JSON body accepted: a household of 30 members fits many times.
pub const JSON_LIMIT: usize = 256 * 1024;

/// A JSON body that parsed and passed its `validator` rules, or why not.
///
/// The extraction itself never fails: actix polls a handler's extractors
/// together, and a body error that arrived first would answer a caller
/// without the route's role with 422 and the route's rules. The handler
/// takes the body (`into_inner()?`) only after the role check of its
/// `Authed<P>` has passed, so authorization always comes first.
pub struct ValidJson<T>(Result<T, AppError>);

impl<T> ValidJson<T> {
    pub fn into_inner(self) -> Result<T, AppError> {
        self.0
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_valid::<T>(req, payload);
        Box::pin(async move { Ok(ValidJson(body.await)) })
    }
}

fn read_valid<T: DeserializeOwned + Validate + 'static>(
    req: &HttpRequest,
    payload: &mut Payload,
) -> LocalBoxFuture<'static, Result<T, AppError>> {
    {
        let is_json = req.mime_type().ok().flatten().is_some_and(|mime| {
            mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json")
        });
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(body_error(
                    Refusal::UnsupportedFormat,
                    "unsupported_media_type",
                    "Тело запроса должно быть JSON (Content-Type: application/json)",
                ));
            }
            let bytes = body.await.map_err(|_| {
                body_error(
                    Refusal::TooLarge,
                    "payload_too_large",
                    "Тело запроса слишком большое",
                )
            })?;
            let value = parse_json::<T>(&bytes)?;
            value.validate()?;
            Ok(value)
        })
    }
}

fn body_error(refusal: Refusal, code: &'static str, message: &'static str) -> AppError {
    AppError::Validation {
        refusal,
        message: message.into(),
        fields: FieldErrors::single(&["body"], FieldError::new(code, message)),
    }
}

/// Syntax errors are 400 (the body cannot be read); a missing field or a
/// wrong type is 422 on that field's path.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let malformed = || {
        AppError::bad_request(FieldErrors::single(
            &["body"],
            FieldError::new("malformed_json", "Тело запроса не является корректным JSON"),
        ))
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let error = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => {
            deserializer.end().map_err(|_| malformed())?;
            return Ok(value);
        }
        Err(error) => error,
    };
    let inner = error.inner();
    // A type error can surface before a syntax error further on; a body
    // that is not JSON at all is reported as such, not by its first field.
    if inner.is_syntax()
        || inner.is_eof()
        || inner.is_io()
        || serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_err()
    {
        return Err(malformed());
    }
    if let Some(value) = integral_numbers_as_integers(bytes) {
        return Ok(value);
    }
    let mut path: Vec<String> = error
        .path()
        .iter()
        .filter_map(|segment| {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => Some(index.to_string()),
                Segment::Map { key } => Some(key.clone()),
                Segment::Enum { variant } => Some(variant.clone()),
                Segment::Unknown => None,
            }
        })
        .collect();
    let text = inner.to_string();
    let field_error = if let Some(name) = missing_field_name(&text) {
        path.push(name);
        FieldError::new("required", "Обязательное поле")
    } else if text.starts_with("unknown variant") {
        FieldError::new("invalid_choice", "Недопустимое значение из списка")
    } else {
        FieldError::new("invalid_type", "Неверный тип или формат значения")
    };
    let segments: Vec<&str> = path.iter().map(String::as_str).collect();
    Err(AppError::invalid(FieldErrors::single(
        &segments,
        field_error,
    )))
}

/// JSON Schema counts `24.0` as an integer, as the document promises, but
/// serde's integers refuse it. Only a body that failed is read again this
/// way, so the common one is parsed once.
fn integral_numbers_as_integers<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    fn normalise(value: &mut serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(number) if !number.is_i64() && !number.is_u64() => {
                let integral = number
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && (-9.2e18..9.2e18).contains(f));
                match integral {
                    // The bound keeps the cast exact and in range.
                    #[allow(clippy::cast_possible_truncation)]
                    Some(f) => {
                        *number = serde_json::Number::from(f as i64);
                        true
                    }
                    None => false,
                }
            }
            // Every number is visited: no short circuit after the first.
            serde_json::Value::Array(items) => {
                let mut changed = false;
                for item in items {
                    changed |= normalise(item);
                }
                changed
            }
            serde_json::Value::Object(fields) => {
                let mut changed = false;
                for item in fields.values_mut() {
                    changed |= normalise(item);
                }
                changed
            }
            _ => false,
        }
    }
    let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    if !normalise(&mut value) {
        return None;
    }
    serde_json::from_value(value).ok()
}

/// serde reports a missing field at its parent's path, naming the field only
/// in the message: "missing field `login` at line 1 column 2".
fn missing_field_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split_once('`').map(|(name, _)| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        members: Vec<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        age: u32,
    }

    fn fields_of(error: AppError) -> serde_json::Value {
        match error {
            AppError::Validation { fields, .. } => fields.into_value(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn wrong_type_is_reported_at_its_path() {
        let error = parse_json::<Outer>(br#"{"name":"x","members":[{"age":1},{"age":"two"}]}"#)
            .unwrap_err();
        assert_eq!(
            fields_of(error)["members"]["1"]["age"][0]["code"],
            "invalid_type"
        );
    }

    #[test]
    fn missing_field_is_reported_under_its_own_name() {
        let error = parse_json::<Outer>(br#"{"members":[]}"#).unwrap_err();
        assert_eq!(fields_of(error)["name"][0]["code"], "required");
    }

    #[test]
    fn trailing_garbage_is_malformed() {
        let error = parse_json::<Outer>(br#"{"name":"x","members":[]} x"#).unwrap_err();
        assert_eq!(fields_of(error)["body"][0]["code"], "malformed_json");
    }
}
