//! Who a person is, for "recognised at most once per event".
//!
//! A person is every identifier their records carry, not one chosen key: a
//! record with a SNILS and a passport and a record with the same passport
//! alone are one person. Each identifier of a recognised member is stored
//! once per event, so the database refuses a second recognition under any
//! of them, whichever identifiers each record carries. The folded name and
//! birth date are not an identifier: namesakes born on one day exist, so
//! they only raise a possible match that an officer resolves; a match the
//! officer confirmed is then an identifier of both members.

use super::review::DocumentId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentifierKind {
    Snils,
    Document,
    /// A duplicate match an officer confirmed: its two members are one
    /// person whatever their records say.
    ConfirmedMatch,
    /// A property match an officer confirmed: one plot, aided through one
    /// application, held by that application's first recognised member.
    Plot,
}

impl IdentifierKind {
    /// The stable name clients see in an error's details.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentifierKind::Snils => "snils",
            IdentifierKind::Document => "document",
            IdentifierKind::ConfirmedMatch => "confirmed_match",
            IdentifierKind::Plot => "plot",
        }
    }

    /// What matched, in words an officer reads; never the value itself,
    /// since messages may be shown beside other people's records.
    pub fn describe(self) -> &'static str {
        match self {
            IdentifierKind::Snils => "совпадает СНИЛС",
            IdentifierKind::Document => "совпадают вид, серия и номер документа",
            IdentifierKind::ConfirmedMatch => "совпадение подтверждено как одно лицо",
            IdentifierKind::Plot => "на один участок подаётся одно заявление",
        }
    }

    fn of_stored(stored: &str) -> Option<IdentifierKind> {
        match stored.split_once(':')?.0 {
            "snils" => Some(IdentifierKind::Snils),
            "document" => Some(IdentifierKind::Document),
            "match" => Some(IdentifierKind::ConfirmedMatch),
            "plot" => Some(IdentifierKind::Plot),
            _ => None,
        }
    }
}

/// One identifier, in the form stored and compared.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identifier(String);

impl Identifier {
    pub fn snils(digits: &str) -> Identifier {
        Identifier(format!("snils:{digits}"))
    }

    pub fn document(document: DocumentId<'_>) -> Identifier {
        Identifier(format!(
            "document:{}:{}:{}",
            document.kind, document.series, document.number
        ))
    }

    pub fn confirmed_match(match_id: i64) -> Identifier {
        Identifier(format!("match:{match_id}"))
    }

    pub fn plot(match_id: i64) -> Identifier {
        Identifier(format!("plot:{match_id}"))
    }

    pub fn from_stored(stored: String) -> Identifier {
        Identifier(stored)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn kind(&self) -> Option<IdentifierKind> {
        IdentifierKind::of_stored(&self.0)
    }
}

/// The identifiers a member's own record carries: SNILS and document, each
/// when known. Confirmed matches are added by whoever knows them.
pub fn identifiers_of(snils: Option<&str>, document: Option<DocumentId<'_>>) -> Vec<Identifier> {
    snils
        .map(Identifier::snils)
        .into_iter()
        .chain(document.map(Identifier::document))
        .collect()
}

/// Groups of people who share an identifier, transitively: `members` are
/// `(member id, its identifiers)`; answers each group of two or more
/// member ids, smallest first. A person recognised twice shows as one
/// group, however their records chain (SNILS on one pair, passport on the
/// next).
pub fn same_people(members: &[(i64, Vec<Identifier>)]) -> Vec<Vec<i64>> {
    use std::collections::HashMap;
    let mut parent: Vec<usize> = (0..members.len()).collect();
    fn root(parent: &mut [usize], mut at: usize) -> usize {
        while parent[at] != at {
            parent[at] = parent[parent[at]];
            at = parent[at];
        }
        at
    }
    let mut first_with: HashMap<&Identifier, usize> = HashMap::new();
    for (index, (_, identifiers)) in members.iter().enumerate() {
        for identifier in identifiers {
            match first_with.get(identifier) {
                Some(&other) => {
                    let (a, b) = (root(&mut parent, index), root(&mut parent, other));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    first_with.insert(identifier, index);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<i64>> = HashMap::new();
    for (index, (member_id, _)) in members.iter().enumerate() {
        let top = root(&mut parent, index);
        groups.entry(top).or_default().push(*member_id);
    }
    let mut groups: Vec<Vec<i64>> = groups
        .into_values()
        .filter(|group| group.len() > 1)
        .map(|mut group| {
            group.sort_unstable();
            group
        })
        .collect();
    groups.sort();
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSPORT: DocumentId<'static> = DocumentId {
        kind: "passport_rf",
        series: "1005",
        number: "123456",
    };

    #[test]
    fn a_member_is_each_of_their_identifiers() {
        assert_eq!(
            identifiers_of(Some("11223344595"), Some(PASSPORT)),
            vec![
                Identifier::snils("11223344595"),
                Identifier::document(PASSPORT)
            ]
        );
        assert_eq!(
            identifiers_of(None, Some(PASSPORT)),
            vec![Identifier::document(PASSPORT)]
        );
        assert!(identifiers_of(None, None).is_empty());
        assert_eq!(
            Identifier::document(PASSPORT).kind(),
            Some(IdentifierKind::Document)
        );
        assert_eq!(
            Identifier::confirmed_match(7).kind(),
            Some(IdentifierKind::ConfirmedMatch)
        );
    }

    #[test]
    fn people_chain_through_any_shared_identifier() {
        let snils = Identifier::snils("11223344595");
        let passport = Identifier::document(PASSPORT);
        let other = Identifier::snils("00000000101");
        let members = vec![
            (1, vec![snils.clone(), passport.clone()]),
            (2, vec![passport]),
            (3, vec![other]),
            (4, vec![snils]),
            (5, vec![]),
        ];
        assert_eq!(same_people(&members), vec![vec![1, 2, 4]]);
    }
}
