use crate::domain::aid::Norm;
use crate::domain::quantity::{at_most, KILOGRAMS, MAX_MOVEMENT_GRAMS};
use crate::domain::{text, FieldError, FieldErrors};
use crate::error::AppError;
use crate::text_schema;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateItemRequest {
    /// `parse_item_code`'s rule.
    #[schema(example = "potatoes", pattern = r"^\s*[a-z0-9_]{2,32}\s*$")]
    pub code: String,
    #[schema(schema_with = text_schema::required::<100>)]
    pub name: String,
}

pub fn parse_item_code(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim();
    let ok = (2..=32).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(code.to_owned())
    } else {
        Err(FieldError::new(
            "invalid_item_code",
            "Код позиции: от 2 до 32 строчных латинских букв, цифр и «_»",
        ))
    }
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct NormInput {
    pub item_id: i64,
    /// Kilograms per recognised person, at most 3 decimals.
    #[schema(value_type = String, example = "50.000")]
    pub kg_per_person: Decimal,
    /// Kilograms per child, if children get another amount.
    #[schema(value_type = Option<String>, example = "40.000")]
    pub kg_per_child: Option<Decimal>,
}

/// A positive quantity of kilograms in grams: the rule of every quantity
/// of aid.
pub fn positive_grams(kg: Decimal) -> Result<i64, FieldError> {
    let grams = at_most(KILOGRAMS, KILOGRAMS.to_minor(kg)?, MAX_MOVEMENT_GRAMS)?;
    if grams <= 0 {
        return Err(FieldError::new(
            "not_positive",
            "Количество должно быть больше нуля",
        ));
    }
    Ok(grams)
}

/// An item as an administrator names it, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    pub code: String,
    pub name: String,
}

impl CreateItemRequest {
    pub fn parse(&self) -> Result<NewItem, AppError> {
        let mut errors = FieldErrors::new();
        let code = errors.take(&["code"], parse_item_code(&self.code));
        let name = errors.take(&["name"], text::required(&self.name, 100));
        match (code, name) {
            (Some(code), Some(name)) => Ok(NewItem { code, name }),
            _ => Err(AppError::invalid(errors)),
        }
    }
}

/// An event's norms, each broken amount named at its index.
pub fn parse_norms(norms: &[NormInput]) -> Result<Vec<Norm>, AppError> {
    let mut errors = FieldErrors::new();
    let mut parsed = Vec::new();
    for (index, norm) in norms.iter().enumerate() {
        let index = index.to_string();
        let per_person = errors.take(
            &[&index, "kg_per_person"],
            positive_grams(norm.kg_per_person),
        );
        let per_child = match norm.kg_per_child {
            None => Some(None),
            Some(kg) => errors
                .take(&[&index, "kg_per_child"], not_negative_grams(kg))
                .map(Some),
        };
        if let (Some(grams_per_person), Some(grams_per_child)) = (per_person, per_child) {
            parsed.push(Norm {
                item_id: norm.item_id,
                grams_per_person,
                grams_per_child,
            });
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(AppError::invalid(errors))
    }
}

fn not_negative_grams(kg: Decimal) -> Result<i64, FieldError> {
    let grams = KILOGRAMS.to_minor(kg)?;
    if grams < 0 {
        return Err(FieldError::new(
            "negative",
            "Количество не может быть отрицательным",
        ));
    }
    Ok(grams)
}
