//! What a household receives: the event's norm summed over its recognised
//! people (a child's norm for children), exact in grams.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::event::age_on;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Norm {
    pub item_id: i64,
    pub grams_per_person: i64,
    pub grams_per_child: Option<i64>,
}

/// Grams of each item due to people born on `birth_dates`. A child is under
/// `child_age_limit` on the emergency date.
pub fn due(
    birth_dates: &[NaiveDate],
    norms: &[Norm],
    child_age_limit: u32,
    emergency_on: NaiveDate,
) -> Vec<(i64, i64)> {
    norms
        .iter()
        .map(|norm| {
            let grams = birth_dates
                .iter()
                .map(|born| match norm.grams_per_child {
                    Some(child) if age_on(*born, emergency_on) < child_age_limit => child,
                    _ => norm.grams_per_person,
                })
                .sum();
            (norm.item_id, grams)
        })
        .collect()
}

/// Per-item sums over many rows.
pub fn totals<'a>(rows: impl IntoIterator<Item = &'a [(i64, i64)]>) -> Vec<(i64, i64)> {
    let mut sums: BTreeMap<i64, i64> = BTreeMap::new();
    for row in rows {
        for (item, grams) in row {
            *sums.entry(*item).or_default() += grams;
        }
    }
    sums.into_iter().collect()
}

/// What is missing per item for `needed` out of `available`.
pub fn shortfall(needed: &[(i64, i64)], available: &[(i64, i64)]) -> Vec<(i64, i64)> {
    needed
        .iter()
        .filter_map(|(item, grams)| {
            let have = available
                .iter()
                .find(|(i, _)| i == item)
                .map_or(0, |(_, g)| *g);
            (grams > &have).then_some((*item, grams - have))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const BLAGOVESHCHENSK: [Norm; 4] = [
        Norm {
            item_id: 1,
            grams_per_person: 50_000,
            grams_per_child: None,
        },
        Norm {
            item_id: 2,
            grams_per_person: 20_000,
            grams_per_child: None,
        },
        Norm {
            item_id: 3,
            grams_per_person: 10_000,
            grams_per_child: None,
        },
        Norm {
            item_id: 4,
            grams_per_person: 10_000,
            grams_per_child: None,
        },
    ];

    #[test]
    fn the_2020_norm_for_1815_people_is_163_350_kg() {
        let people = vec![date(1980, 5, 1); 1815];
        let due = due(&people, &BLAGOVESHCHENSK, 18, date(2020, 8, 18));
        let total: i64 = due.iter().map(|(_, g)| g).sum();
        assert_eq!(total, 163_350_000);
        assert_eq!(due[0], (1, 90_750_000));
    }

    #[test]
    fn children_get_the_child_norm() {
        let norms = [Norm {
            item_id: 1,
            grams_per_person: 100_400,
            grams_per_child: Some(88_100),
        }];
        let emergency = date(2020, 8, 18);
        // Turns 18 the day after the emergency: still a child.
        let due = due(
            &[date(1980, 1, 1), date(2002, 8, 19)],
            &norms,
            18,
            emergency,
        );
        assert_eq!(due, [(1, 188_500)]);
    }

    #[test]
    fn totals_and_shortfall() {
        let a = [(1, 10), (2, 5)];
        let b = [(1, 7)];
        let sum = totals([&a[..], &b[..]]);
        assert_eq!(sum, [(1, 17), (2, 5)]);
        assert_eq!(shortfall(&sum, &[(1, 20)]), [(2, 5)]);
        assert_eq!(shortfall(&sum, &[(1, 17), (2, 5)]), []);
    }
}
