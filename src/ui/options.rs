//! The choices of a `<select>`, from the domain's enums and their Russian
//! labels.

use crate::domain::application::{Channel, LossExtent, Relationship};
use crate::domain::labels;

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
