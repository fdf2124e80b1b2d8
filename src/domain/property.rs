//! One plot, one application: the 2020 process aided a household once per
//! plot, so a second application for the same plot is a match an officer
//! resolves. A plot is its cadastral number when known, and its address as
//! people write it, folded so that spelling habits do not hide a repeat.

/// Words people write in full or cut short: each folds to one form.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("город", "г"),
    ("улица", "ул"),
    ("переулок", "пер"),
    ("проспект", "пр"),
    ("дом", "д"),
    ("корпус", "к"),
    ("корп", "к"),
    ("строение", "стр"),
    ("квартира", "кв"),
    ("участок", "уч"),
    ("садоводческое", "снт"),
    ("село", "с"),
    ("поселок", "п"),
    ("пос", "п"),
];

/// Words that name the kind of place only and may be left out.
const NOISE: &[&str] = &[
    "некоммерческое",
    "товарищество",
    "садовое",
    "обл",
    "область",
    "амурская",
    "no",
    "n",
];

/// The address folded for comparison: case, `ё`, punctuation and quotes,
/// spacing, and the common abbreviations do not matter; numbers and names
/// do. Returns an empty string for an address with nothing left, which
/// never matches.
pub fn address_key(address: &str) -> String {
    let mut letters = String::with_capacity(address.len());
    let mut previous_digit = false;
    let lowered =
        address
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == 'ё' { 'е' } else { c });
    for c in lowered {
        let digit = c.is_ascii_digit();
        if c.is_alphanumeric() {
            // "уч5" and "уч 5" are one address, "5а" stays one token.
            if digit && !previous_digit && letters.ends_with(|l: char| l.is_alphabetic()) {
                letters.push(' ');
            }
            letters.push(c);
        } else {
            letters.push(' ');
        }
        previous_digit = digit;
    }
    letters
        .split_whitespace()
        .filter(|word| !NOISE.contains(word))
        .map(|word| {
            ABBREVIATIONS
                .iter()
                .find(|(full, _)| *full == word)
                .map_or(word, |(_, short)| short)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_habits_fold_to_one_key() {
        let key = address_key("СНТ «Берёзка», участок 5");
        assert_eq!(key, "снт березка уч 5");
        for same in [
            "снт Березка, уч. 5",
            "  СНТ \"БЕРЁЗКА\"  уч.5 ",
            "Садоводческое некоммерческое товарищество «Берёзка», участок № 5",
        ] {
            assert_eq!(address_key(same), key, "{same}");
        }
    }

    #[test]
    fn numbers_and_names_still_differ() {
        let key = address_key("СНТ «Берёзка», участок 5");
        assert_ne!(address_key("СНТ «Берёзка», участок 15"), key);
        assert_ne!(address_key("СНТ «Берёзка», участок 5а"), key);
        assert_ne!(address_key("СНТ «Ромашка», участок 5"), key);
        assert_eq!(
            address_key("г. Благовещенск, ул. Зейская, д. 1"),
            address_key("город Благовещенск улица Зейская дом 1")
        );
        assert_eq!(address_key(" ,. «» "), "");
    }
}
