//! Quantities cross the API as exact decimals ("50.000" kg, "12.50" rub) and
//! rest in the database as integers of minor units (grams, kopecks): integers
//! are exact on both SQLite and PostgreSQL, and diesel's `MultiConnection`
//! cannot carry a Numeric column at all.

use rust_decimal::Decimal;

use super::FieldError;

/// A unit whose values are stored as an integer count of its minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinorUnit {
    /// Decimal places the major unit allows: 3 for kg→g, 2 for rub→kop.
    pub scale: u32,
    pub code: &'static str,
    pub message: &'static str,
}

pub const KILOGRAMS: MinorUnit = MinorUnit {
    scale: 3,
    code: "invalid_quantity",
    message: "Количество в килограммах: не более трёх знаков после запятой",
};

/// Plot areas in сотки (100 m²), kept as whole square metres.
pub const SOTKI: MinorUnit = MinorUnit {
    scale: 2,
    code: "invalid_area",
    message: "Площадь в сотках: не более двух знаков после запятой",
};

pub const ROUBLES: MinorUnit = MinorUnit {
    scale: 2,
    code: "invalid_amount",
    message: "Сумма в рублях: не более двух знаков после запятой",
};

/// The most one stock movement, receipt or adjustment, may carry: a
/// million kilograms, beyond any warehouse of a city. Bounded so that the
/// ledger's sums stay far inside BIGINT however long it grows.
pub const MAX_MOVEMENT_GRAMS: i64 = 1_000_000 * 1000;

/// The highest unit price a receipt may carry: 100,000 roubles a kilogram.
pub const MAX_PRICE_KOPECKS: i64 = 100_000 * 100;

/// `minor` if its size is at most `max` minor units of `unit`.
pub fn at_most(unit: MinorUnit, minor: i64, max: i64) -> Result<i64, FieldError> {
    if minor.unsigned_abs() > max.unsigned_abs() {
        return Err(FieldError::new(
            "too_large",
            format!("Не более {}", unit.from_minor(max).normalize()),
        ));
    }
    Ok(minor)
}

impl MinorUnit {
    /// Refuses rather than rounds: a kilogram lost to rounding is a
    /// kilogram missing from the warehouse ledger.
    pub fn to_minor(self, value: Decimal) -> Result<i64, FieldError> {
        let invalid = || FieldError::new(self.code, self.message);
        let normalized = value.normalize();
        if normalized.scale() > self.scale {
            return Err(invalid());
        }
        let factor = Decimal::from(10_i64.pow(self.scale));
        let minor = value.checked_mul(factor).ok_or_else(invalid)?;
        i64::try_from(minor).map_err(|_| invalid())
    }

    /// Always carries the full scale, so 50 kg reads "50.000".
    pub fn from_minor(self, minor: i64) -> Decimal {
        Decimal::new(minor, self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn kilograms_round_trip_exactly_through_grams() {
        assert_eq!(KILOGRAMS.to_minor(dec("50")), Ok(50_000));
        assert_eq!(KILOGRAMS.to_minor(dec("0.001")), Ok(1));
        assert_eq!(KILOGRAMS.to_minor(dec("163350.500")), Ok(163_350_500));
        assert_eq!(KILOGRAMS.from_minor(50_000).to_string(), "50.000");
        assert_eq!(KILOGRAMS.from_minor(1).to_string(), "0.001");
    }

    #[test]
    fn refuses_more_precision_than_the_unit_keeps() {
        assert!(KILOGRAMS.to_minor(dec("0.0005")).is_err());
        assert!(ROUBLES.to_minor(dec("12.345")).is_err());
        // Trailing zeros are not extra precision.
        assert_eq!(ROUBLES.to_minor(dec("12.5000")), Ok(1_250));
        assert_eq!(ROUBLES.from_minor(1_250).to_string(), "12.50");
    }

    #[test]
    fn refuses_values_beyond_sixty_four_bits() {
        assert!(KILOGRAMS.to_minor(Decimal::MAX).is_err());
    }
}
