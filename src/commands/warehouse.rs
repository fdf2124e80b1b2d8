use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::commands::catalogue::positive_grams;
use crate::domain::quantity::{at_most, MAX_PRICE_KOPECKS, ROUBLES};
use crate::domain::{text, FieldError, FieldErrors};
use crate::error::AppError;
use crate::service::stock::Receipt;
use crate::text_schema;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateWarehouseRequest {
    #[schema(schema_with = text_schema::required::<200>)]
    pub name: String,
    #[schema(schema_with = text_schema::required::<500>)]
    pub address: String,
    #[schema(schema_with = text_schema::required::<200>)]
    pub opening_hours: String,
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct ReceiptRequest {
    pub item_id: i64,
    #[schema(value_type = String, example = "10000.000")]
    pub quantity_kg: Decimal,
    pub received_on: NaiveDate,
    #[schema(schema_with = text_schema::required::<300>)]
    pub supplier: String,
    #[schema(schema_with = text_schema::required::<100>)]
    pub document_number: String,
    /// Optional, roubles with at most 2 decimals.
    #[schema(value_type = Option<String>, example = "25.50")]
    pub unit_price_rub: Option<Decimal>,
}

impl ReceiptRequest {
    pub fn into_receipt(self) -> Result<Receipt, AppError> {
        let mut errors = FieldErrors::new();
        let grams = errors.take(&["quantity_kg"], positive_grams(self.quantity_kg));
        let supplier = errors.take(&["supplier"], text::required(&self.supplier, 300));
        let document = errors.take(
            &["document_number"],
            text::required(&self.document_number, 100),
        );
        let price = match self.unit_price_rub {
            None => Some(None),
            Some(rub) if rub.is_sign_negative() => {
                errors.add(
                    &["unit_price_rub"],
                    FieldError::new("negative", "Цена не может быть отрицательной"),
                );
                None
            }
            Some(rub) => errors
                .take(
                    &["unit_price_rub"],
                    ROUBLES
                        .to_minor(rub)
                        .and_then(|k| at_most(ROUBLES, k, MAX_PRICE_KOPECKS)),
                )
                .map(Some),
        };
        let (Some(grams), Some(supplier), Some(document_number), Some(unit_price_kopecks)) =
            (grams, supplier, document, price)
        else {
            return Err(AppError::invalid(errors));
        };
        Ok(Receipt {
            item_id: self.item_id,
            grams,
            received_on: self.received_on,
            supplier,
            document_number,
            unit_price_kopecks,
        })
    }
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct AdjustmentRequest {
    pub item_id: i64,
    /// Signed: negative writes stock off (spoiled goods), positive adds a surplus.
    #[schema(value_type = String, example = "-120.500")]
    pub quantity_kg: Decimal,
    #[schema(schema_with = text_schema::required::<1000>)]
    pub reason: String,
}

/// A warehouse as an administrator describes it, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWarehouse {
    pub name: String,
    pub address: String,
    pub opening_hours: String,
}

impl CreateWarehouseRequest {
    pub fn parse(&self) -> Result<NewWarehouse, AppError> {
        let mut errors = FieldErrors::new();
        let name = errors.take(&["name"], text::required(&self.name, 200));
        let address = errors.take(&["address"], text::required(&self.address, 500));
        let hours = errors.take(&["opening_hours"], text::required(&self.opening_hours, 200));
        match (name, address, hours) {
            (Some(name), Some(address), Some(opening_hours)) => Ok(NewWarehouse {
                name,
                address,
                opening_hours,
            }),
            _ => Err(AppError::invalid(errors)),
        }
    }
}
