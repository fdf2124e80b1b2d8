//! A filed application as the domain sees it once every field parsed: the
//! household and the plot. Rules that look at several fields at once live
//! here.

use chrono::NaiveDate;

use super::application::{Channel, LossExtent, Relationship};
use super::document::IdentityDocument;
use super::person_name::PersonName;
use super::phone::Phone;
use super::snils::Snils;
use super::{FieldError, FieldErrors};

pub const MAX_MEMBERS: usize = 30;

#[derive(Debug, Clone)]
pub struct MemberDraft {
    pub name: PersonName,
    pub birth_date: NaiveDate,
    pub relationship: Relationship,
    pub document: IdentityDocument,
    pub snils: Option<Snils>,
    pub registered_at_property: bool,
    pub lives_at_property: bool,
}

#[derive(Debug, Clone)]
pub struct ApplicationDraft {
    pub channel: Channel,
    pub applicant_phone: Phone,
    pub applicant_email: Option<String>,
    pub postal_address: String,
    pub property_address: String,
    pub cadastral_number: Option<String>,
    pub plot_area_m2: i64,
    pub crops_lost: Vec<String>,
    pub loss_extent: LossExtent,
    pub description: String,
    pub members: Vec<MemberDraft>,
}

/// A birth date a person can have: not in the future, not before 1900.
pub fn check_birth_date(birth_date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    if birth_date > today {
        return Err(FieldError::new(
            "date_in_future",
            "Дата рождения не может быть в будущем",
        ));
    }
    if birth_date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(FieldError::new(
            "date_too_early",
            "Дата рождения не может быть раньше 1900 года",
        ));
    }
    Ok(birth_date)
}

/// One household, one applicant: the person who speaks for it.
pub fn check_household(relationships: &[Relationship], errors: &mut FieldErrors) {
    if relationships.is_empty() || relationships.len() > MAX_MEMBERS {
        errors.add(
            &["members"],
            FieldError::new(
                "member_count",
                "В заявлении должно быть от 1 до 30 членов семьи",
            ),
        );
    }
    let applicants = relationships
        .iter()
        .filter(|r| **r == Relationship::Applicant)
        .count();
    if applicants != 1 && !relationships.is_empty() {
        errors.add(
            &["members"],
            FieldError::new(
                "applicant_count",
                "Ровно один член семьи должен быть заявителем (relationship = applicant)",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Relationship as R;

    fn codes(relationships: &[Relationship]) -> Vec<String> {
        let mut errors = FieldErrors::new();
        check_household(relationships, &mut errors);
        let value = errors.into_value();
        value["members"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|e| e["code"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn needs_exactly_one_applicant_and_at_most_thirty_members() {
        assert!(codes(&[R::Applicant, R::Child]).is_empty());
        assert_eq!(codes(&[]), ["member_count"]);
        assert_eq!(codes(&[R::Spouse, R::Child]), ["applicant_count"]);
        assert_eq!(codes(&[R::Applicant, R::Applicant]), ["applicant_count"]);
        let mut many = vec![R::Applicant];
        many.extend(std::iter::repeat_n(R::Child, 30));
        assert_eq!(codes(&many), ["member_count"]);
    }

    #[test]
    fn birth_dates_are_bounded() {
        let today = NaiveDate::from_ymd_opt(2020, 9, 21).unwrap();
        assert!(check_birth_date(today, today).is_ok());
        assert!(check_birth_date(today.succ_opt().unwrap(), today).is_err());
        assert!(check_birth_date(NaiveDate::from_ymd_opt(1899, 12, 31).unwrap(), today).is_err());
    }
}
