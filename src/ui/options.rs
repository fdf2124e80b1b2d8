//! The choices of a `<select>`, from the domain's enums and their Russian
//! labels.

use crate::domain::application::{Channel, LossExtent, Relationship};
use crate::domain::labels;
use crate::domain::review::FoundLoss;

pub type Options = Vec<(String, String)>;

fn of<T: Copy>(all: &[T], value: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Options {
    all.iter()
        .map(|item| (value(*item).to_owned(), label(*item).to_owned()))
        .collect()
}

pub fn channels() -> Options {
    of(Channel::ALL, Channel::as_str, labels::channel)
}

pub fn relationships() -> Options {
    of(
        Relationship::ALL,
        Relationship::as_str,
        labels::relationship,
    )
}

pub fn loss_extents() -> Options {
    of(LossExtent::ALL, LossExtent::as_str, labels::loss_extent)
}

/// What an inspection found, with an empty first choice: the act states
/// it only when the loss is confirmed.
pub fn found_losses() -> Options {
    std::iter::once((String::new(), "— (если утрата не подтверждена)".to_owned()))
        .chain(of(FoundLoss::ALL, FoundLoss::as_str, labels::found_loss))
        .collect()
}

pub fn documents() -> Options {
    [
        ("passport_rf", "Паспорт РФ (с 14 лет)"),
        ("birth_certificate", "Свидетельство о рождении (до 14 лет)"),
        ("other", "Другой документ"),
    ]
    .into_iter()
    .map(|(v, l)| (v.to_owned(), l.to_owned()))
    .collect()
}
