//! The schema of the API's free-text fields, from the rules the domain
//! checks them by (`domain::text`), so the document and the service cannot
//! disagree on what a text may hold. Used as a field's `schema_with`.

use utoipa::openapi::schema::{Array, ArrayBuilder, Object, ObjectBuilder, SchemaType, Type};

use crate::domain::text::{OPTIONAL_PATTERN, REQUIRED_PATTERN};

/// A text that must say something, of at most `MAX` characters.
pub fn required<const MAX: usize>() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(MAX))
        .pattern(Some(REQUIRED_PATTERN))
        .build()
}

/// A text that may be left out, null or blank.
pub fn optional<const MAX: usize>() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .max_length(Some(MAX))
        .pattern(Some(OPTIONAL_PATTERN))
        .build()
}

/// A list of required texts (the inspectors, the crops lost).
pub fn required_items<const MAX: usize, const MIN_ITEMS: usize, const MAX_ITEMS: usize>() -> Array {
    ArrayBuilder::new()
        .items(required::<MAX>())
        .min_items(Some(MIN_ITEMS))
        .max_items(Some(MAX_ITEMS))
        .build()
}

/// A text that may be left out or null, but says something when given (a
/// change of a required text, a proxy's name).
pub fn present<const MAX: usize>() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .min_length(Some(1))
        .max_length(Some(MAX))
        .pattern(Some(REQUIRED_PATTERN))
        .build()
}
