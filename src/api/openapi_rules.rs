//! What the generated document cannot say from the types alone: the
//! domain's shapes of identifiers, the bounds of integers and the form of
//! dates as the service reads them, and the rules that tie one field to
//! another. Applied once to the served document, so a client (or a fuzzer)
//! that keeps to it is not refused for what it could not know.

use serde_json::{json, Value};

use crate::domain::password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use crate::domain::patterns::{self, Pattern};

/// Whether a blank text reads as "not given" (a patronymic, a SNILS).
#[derive(Clone, Copy)]
enum Blank {
    Refused,
    Allowed,
}

/// (schema, where in it, property, shape, blank, the most characters).
type Shape = (
    &'static str,
    &'static str,
    &'static str,
    &'static Pattern,
    Blank,
    Option<usize>,
);

const SHAPES: &[Shape] = &[
    (
        "RegisterRequest",
        "",
        "login",
        &patterns::LOGIN,
        Blank::Refused,
        None,
    ),
    (
        "RegisterRequest",
        "",
        "full_name",
        &patterns::FULL_NAME,
        Blank::Refused,
        Some(200),
    ),
    (
        "RegisterRequest",
        "",
        "phone",
        &patterns::PHONE,
        Blank::Refused,
        None,
    ),
    (
        "CreateUserRequest",
        "",
        "login",
        &patterns::LOGIN,
        Blank::Refused,
        None,
    ),
    (
        "CreateUserRequest",
        "",
        "full_name",
        &patterns::FULL_NAME,
        Blank::Refused,
        Some(200),
    ),
    (
        "CreateUserRequest",
        "",
        "phone",
        &patterns::PHONE,
        Blank::Refused,
        None,
    ),
    (
        "CreateEventRequest",
        "",
        "code",
        &patterns::EVENT_CODE,
        Blank::Refused,
        None,
    ),
    (
        "ApplicationInput",
        "",
        "applicant_phone",
        &patterns::PHONE,
        Blank::Refused,
        None,
    ),
    (
        "ApplicationInput",
        "",
        "applicant_email",
        &patterns::EMAIL,
        Blank::Allowed,
        Some(254),
    ),
    (
        "ApplicationInput",
        "",
        "cadastral_number",
        &patterns::CADASTRAL_NUMBER,
        Blank::Allowed,
        None,
    ),
    (
        "ApplicationPatchInput",
        "",
        "applicant_phone",
        &patterns::PHONE,
        Blank::Refused,
        None,
    ),
    (
        "ApplicationPatchInput",
        "",
        "applicant_email",
        &patterns::EMAIL,
        Blank::Allowed,
        Some(254),
    ),
    (
        "ApplicationPatchInput",
        "",
        "cadastral_number",
        &patterns::CADASTRAL_NUMBER,
        Blank::Allowed,
        None,
    ),
    (
        "MemberInput",
        "",
        "last_name",
        &patterns::NAME_PART,
        Blank::Refused,
        Some(100),
    ),
    (
        "MemberInput",
        "",
        "first_name",
        &patterns::NAME_PART,
        Blank::Refused,
        Some(100),
    ),
    (
        "MemberInput",
        "",
        "patronymic",
        &patterns::NAME_PART,
        Blank::Allowed,
        Some(100),
    ),
    (
        "MemberInput",
        "",
        "snils",
        &patterns::SNILS,
        Blank::Allowed,
        None,
    ),
    (
        "DocumentInput",
        "/oneOf/0",
        "series",
        &patterns::PASSPORT_SERIES,
        Blank::Refused,
        None,
    ),
    (
        "DocumentInput",
        "/oneOf/0",
        "number",
        &patterns::DOCUMENT_NUMBER,
        Blank::Refused,
        None,
    ),
    (
        "DocumentInput",
        "/oneOf/0",
        "subdivision_code",
        &patterns::SUBDIVISION_CODE,
        Blank::Refused,
        None,
    ),
    (
        "DocumentInput",
        "/oneOf/1",
        "series",
        &patterns::BIRTH_CERTIFICATE_SERIES,
        Blank::Refused,
        None,
    ),
    (
        "DocumentInput",
        "/oneOf/1",
        "number",
        &patterns::DOCUMENT_NUMBER,
        Blank::Refused,
        None,
    ),
];

/// Decimal amounts, sent as strings: at most the scale the unit keeps
/// (trailing zeros aside) and inside the bounds of `domain::quantity`.
const AREA: &str = r"^[0-9]{1,12}(?:\.[0-9]{1,2}0*)?$";
/// More than zero and less than the million kilograms one movement takes.
const POSITIVE_KG: &str =
    r"^(?:[1-9][0-9]{0,5}(?:\.[0-9]{1,3}0*)?|0\.(?:[1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9])0*)$";
const NONZERO_KG: &str =
    r"^-?(?:[1-9][0-9]{0,5}(?:\.[0-9]{1,3}0*)?|0\.(?:[1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9])0*)$";
/// Under the 100,000 roubles a kilogram a receipt may carry.
const PRICE: &str = r"^[0-9]{1,5}(?:\.[0-9]{1,2}0*)?$";

const AMOUNTS: &[(&str, &str, &str)] = &[
    ("ApplicationInput", "plot_area_sotka", AREA),
    ("ApplicationPatchInput", "plot_area_sotka", AREA),
    ("InspectionResultInput", "lost_area_sotka", AREA),
    ("NormInput", "kg_per_person", POSITIVE_KG),
    ("NormInput", "kg_per_child", POSITIVE_KG),
    ("ReceiptRequest", "quantity_kg", POSITIVE_KG),
    ("ReceiptRequest", "unit_price_rub", PRICE),
    ("AdjustmentRequest", "quantity_kg", NONZERO_KG),
];

/// What `idempotency::request_key` takes: visible ASCII, 1 to 200
/// characters once the blanks around it are dropped.
const IDEMPOTENCY_KEY: &str = r"^[\t ]*[!-~](?:[\t !-~]{0,198}[!-~])?[\t ]*$";

/// A `YYYY-MM-DD` date, as chrono reads it.
const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
/// An RFC 3339 moment with its offset.
const DATE_TIME_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})$";

/// Refines the generated document; answers the places of `SHAPES` and of
/// the rules that it did not find, which a test requires to be none.
pub fn refine(document: &mut Value) -> Vec<String> {
    bound_scalars(document);
    let mut missing = Vec::new();
    for (schema, within, property, pattern, blank, max) in SHAPES {
        let place = format!("/components/schemas/{schema}{within}/properties/{property}");
        let Some(field) = document.pointer_mut(&place).and_then(Value::as_object_mut) else {
            missing.push(place);
            continue;
        };
        let source = match blank {
            Blank::Refused => pattern.source.to_owned(),
            Blank::Allowed => format!(r"^\s*$|{}", pattern.source),
        };
        field.insert("pattern".into(), json!(source));
        if let Some(max) = max {
            field.insert("maxLength".into(), json!(max));
        }
    }
    for (schema, property, pattern) in AMOUNTS {
        let place = format!("/components/schemas/{schema}/properties/{property}");
        match document.pointer_mut(&place).and_then(Value::as_object_mut) {
            Some(field) => {
                field.insert("pattern".into(), json!(pattern));
            }
            None => missing.push(place),
        }
    }
    shape_idempotency_keys(document);
    for (place, rule) in rules() {
        match document.pointer_mut(place).and_then(Value::as_object_mut) {
            Some(target) => {
                if let Value::Object(rule) = rule {
                    target.extend(rule);
                }
            }
            None => missing.push(place.to_owned()),
        }
    }
    missing
}

fn shape_idempotency_keys(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let parameters = paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter_map(|operation| operation.get_mut("parameters"))
        .filter_map(Value::as_array_mut)
        .flatten();
    for parameter in parameters {
        if parameter.get("name").and_then(Value::as_str)
            == Some(super::idempotency::IDEMPOTENCY_HEADER)
        {
            if let Some(schema) = parameter.get_mut("schema").and_then(Value::as_object_mut) {
                schema.insert("pattern".into(), json!(IDEMPOTENCY_KEY));
            }
        }
    }
}

/// Integers as the service's types hold them, and dates in the one form
/// it reads: JSON Schema's `format` alone bounds nothing.
fn bound_scalars(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            let is_type =
                |fields: &serde_json::Map<String, Value>, name: &str| match fields.get("type") {
                    Some(Value::String(t)) => t == name,
                    Some(Value::Array(types)) => types.iter().any(|t| t == name),
                    _ => false,
                };
            let format = fields
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if is_type(fields, "integer") {
                let (min, max) = match format.as_deref() {
                    Some("int32") => (json!(i32::MIN), json!(i32::MAX)),
                    _ => (json!(i64::MIN), json!(i64::MAX)),
                };
                fields.entry("minimum").or_insert(min);
                fields.entry("maximum").or_insert(max);
            }
            if is_type(fields, "string") {
                match format.as_deref() {
                    Some("date") => {
                        fields.entry("pattern").or_insert(json!(DATE_PATTERN));
                    }
                    Some("date-time") => {
                        fields.entry("pattern").or_insert(json!(DATE_TIME_PATTERN));
                    }
                    _ => {}
                }
            }
            fields.values_mut().for_each(bound_scalars);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_scalars),
        _ => {}
    }
}

/// Rules between fields and bounds the derive cannot carry, merged into
/// the object at each place.
fn rules() -> Vec<(&'static str, Value)> {
    // A required text, as `text_schema` gives every other one.
    let short_text =
        serde_json::to_value(crate::text_schema::required::<300>()).unwrap_or_default();
    let long_text =
        serde_json::to_value(crate::text_schema::required::<1000>()).unwrap_or_default();
    let anyone_given = ["appeals", "examined_on_site", "recognized"]
        .map(|name| json!({"required": [name], "properties": {name: {"type": "integer"}}}));
    let new_password = json!({"type": "string", "minLength": MIN_PASSWORD_CHARS,
                              "maxLength": MAX_PASSWORD_CHARS});
    vec![
        (
            "/components/schemas/RegisterRequest/properties/password",
            new_password.clone(),
        ),
        (
            "/components/schemas/CreateUserRequest/properties/password",
            new_password.clone(),
        ),
        (
            "/components/schemas/ChangePasswordRequest/properties/new_password",
            new_password,
        ),
        (
            "/components/schemas/ChangePasswordRequest/properties/current_password",
            json!({"minLength": 1, "maxLength": 1024}),
        ),
        (
            "/components/schemas/LoginRequest/properties/login",
            json!({"minLength": 1, "maxLength": 200}),
        ),
        (
            "/components/schemas/LoginRequest/properties/password",
            json!({"minLength": 1, "maxLength": 1024}),
        ),
        (
            "/components/schemas/ApplicationInput/properties/consent_personal_data",
            json!({"const": true}),
        ),
        (
            "/components/schemas/IssueInput",
            json!({"allOf": [
                {"if": {"required": ["received_by"], "properties": {"received_by": {"const": "proxy"}}},
                 "then": {"required": ["proxy_full_name", "proxy_document", "power_of_attorney_number"],
                          "properties": {"proxy_full_name": short_text.clone(), "proxy_document": short_text.clone(),
                                         "power_of_attorney_number": short_text}}},
                {"if": {"required": ["issued_at"], "properties": {"issued_at": {"type": "string"}}},
                 "then": {"required": ["backdate_reason"], "properties": {"backdate_reason": long_text}}}
            ]}),
        ),
        (
            "/components/schemas/CreateUserRequest",
            json!({"if": {"properties": {"role": {"const": "warehouse"}}},
                   "then": {"required": ["warehouse_id"], "properties": {"warehouse_id": {"type": "integer"}}},
                   "else": {"properties": {"warehouse_id": {"type": "null"}}}}),
        ),
        (
            "/components/schemas/IssueInput/properties/received_by",
            json!({"enum": ["recipient", "proxy"]}),
        ),
        (
            "/components/schemas/InspectionResultInput",
            json!({"allOf": [
                {"if": {"properties": {"outcome": {"const": "not_possible"}}},
                 "then": {"required": ["rescheduled_on"],
                          "properties": {"loss_extent_found": {"type": "null"},
                                         "rescheduled_on": {"type": "string"}}}},
                {"if": {"properties": {"outcome": {"const": "loss_confirmed"}}},
                 "then": {"required": ["loss_extent_found"],
                          "properties": {"loss_extent_found": {"enum": ["full", "partial"]}}}},
                {"if": {"properties": {"outcome": {"const": "loss_not_confirmed"}}},
                 "then": {"properties": {"loss_extent_found": {"enum": ["none", null]}}}}
            ]}),
        ),
        (
            "/components/schemas/AnnualFiguresInput",
            json!({"anyOf": anyone_given}),
        ),
        (
            "/paths/~1api~1v1~1events~1{id}~1imports/post/requestBody",
            json!({"required": true, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary",
                                        "description": "The register as CSV, one row per member"}}}}}}),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_and_rule_finds_its_place() {
        let mut document =
            serde_json::to_value(<super::super::openapi::ApiDoc as utoipa::OpenApi>::openapi())
                .unwrap_or_default();
        assert_eq!(refine(&mut document), Vec::<String>::new());
    }
}
