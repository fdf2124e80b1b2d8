//! Request bodies of the application endpoints and their parsing into the
//! domain's drafts. Every broken field is reported at once, at its path.

use crate::domain::application::ApplicationPatch;
use crate::domain::application::Channel;
use crate::domain::application::LossExtent;
use crate::domain::application::Relationship;
use crate::domain::cadastral::parse_cadastral_number;
use crate::domain::document::check_issue_date;
use crate::domain::document::parse_birth_certificate_series;
use crate::domain::document::parse_document_number;
use crate::domain::document::parse_passport_series;
use crate::domain::document::parse_subdivision_code;
use crate::domain::document::IdentityDocument;
use crate::domain::event::age_on;
use crate::domain::household::check_birth_date;
use crate::domain::household::check_household;
use crate::domain::household::ApplicationDraft;
use crate::domain::household::MemberDraft;
use crate::domain::person_name::parse_name_part;
use crate::domain::person_name::PersonName;
use crate::domain::phone::Phone;
use crate::domain::quantity::SOTKI;
use crate::domain::snils::Snils;
use crate::domain::text;
use crate::domain::FieldError;
use crate::domain::FieldErrors;
use crate::error::AppError;
use crate::text_schema;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::Serialize;
use utoipa::ToSchema;
use validator::Validate;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DocumentInput {
    /// For members aged 14 and over.
    PassportRf {
        #[schema(example = "10 05")]
        series: String,
        #[schema(example = "123456")]
        number: String,
        issued_on: NaiveDate,
        #[schema(schema_with = text_schema::required::<300>)]
        issued_by: String,
        #[schema(example = "280-001")]
        subdivision_code: String,
    },
    /// For members under 14.
    BirthCertificate {
        #[schema(example = "III-ОТ")]
        series: String,
        number: String,
        issued_on: NaiveDate,
    },
    Other {
        #[schema(schema_with = text_schema::required::<500>)]
        description: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
pub struct MemberInput {
    #[schema(example = "Иванова")]
    pub last_name: String,
    #[schema(example = "Мария")]
    pub first_name: String,
    #[schema(example = "Петровна")]
    pub patronymic: Option<String>,
    pub birth_date: NaiveDate,
    pub relationship: Relationship,
    pub document: DocumentInput,
    /// With or without separators: `112-233-445 95`.
    pub snils: Option<String>,
    /// Registered at the flooded address on the emergency date.
    pub registered_at_property: bool,
    pub lives_at_property: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
pub struct ApplicationInput {
    pub event_id: i64,
    /// Ignored for residents, whose filings are always `website`.
    pub channel: Option<Channel>,
    #[schema(example = "8 (914) 123-45-67")]
    pub applicant_phone: String,
    pub applicant_email: Option<String>,
    #[schema(schema_with = text_schema::required::<500>)]
    pub postal_address: String,
    #[schema(schema_with = text_schema::required::<500>)]
    pub property_address: String,
    #[schema(example = "28:01:0130123:456")]
    pub cadastral_number: Option<String>,
    #[schema(value_type = String, example = "6.5")]
    pub plot_area_sotka: Decimal,
    #[schema(schema_with = text_schema::required_items::<100, 0, 50>)]
    pub crops_lost: Vec<String>,
    pub loss_extent: LossExtent,
    #[schema(schema_with = text_schema::required::<4000>)]
    pub description: String,
    /// Must be `true` (152-FZ).
    pub consent_personal_data: bool,
    /// Required from staff registering a paper filed outside the intake window.
    pub late_reason: Option<String>,
    pub members: Vec<MemberInput>,
}

/// A change to an application's own fields; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
pub struct ApplicationPatchInput {
    pub channel: Option<Channel>,
    pub applicant_phone: Option<String>,
    pub applicant_email: Option<String>,
    #[schema(schema_with = text_schema::present::<500>)]
    pub postal_address: Option<String>,
    #[schema(schema_with = text_schema::present::<500>)]
    pub property_address: Option<String>,
    pub cadastral_number: Option<String>,
    #[schema(value_type = Option<String>)]
    pub plot_area_sotka: Option<Decimal>,
    #[schema(schema_with = text_schema::required_items::<100, 0, 50>)]
    pub crops_lost: Option<Vec<String>>,
    pub loss_extent: Option<LossExtent>,
    #[schema(schema_with = text_schema::present::<4000>)]
    pub description: Option<String>,
}

/// RFC 5321's bound on a path.
pub const MAX_EMAIL_CHARS: usize = 254;

fn parse_email(raw: &str) -> Result<Option<String>, FieldError> {
    let email = raw.trim();
    if email.is_empty() {
        return Ok(None);
    }
    // The published shape alone decides, so the document says all of it.
    let fits = raw.chars().count() <= MAX_EMAIL_CHARS;
    if fits && crate::domain::patterns::EMAIL.matches(raw) {
        Ok(Some(email.to_owned()))
    } else {
        Err(FieldError::new(
            "invalid_email",
            "Неверный адрес электронной почты",
        ))
    }
}

fn parse_area(value: Decimal) -> Result<i64, FieldError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(FieldError::new(
            "negative_area",
            "Площадь не может быть отрицательной",
        ));
    }
    SOTKI.to_minor(value)
}

fn parse_crops(crops: &[String]) -> Result<Vec<String>, FieldError> {
    if crops.len() > 50 {
        return Err(FieldError::new("too_many", "Не более 50 культур"));
    }
    crops.iter().map(|crop| text::required(crop, 100)).collect()
}

fn parse_document(
    input: &DocumentInput,
    birth_date: Option<NaiveDate>,
    today: NaiveDate,
    errors: &mut FieldErrors,
    base: &[&str],
) -> Option<IdentityDocument> {
    let path = |field: &'static str| -> Vec<&str> { base.iter().copied().chain([field]).collect() };
    match input {
        DocumentInput::PassportRf {
            series,
            number,
            issued_on,
            issued_by,
            subdivision_code,
        } => {
            let series = errors.take(&path("series"), parse_passport_series(series));
            let number = errors.take(&path("number"), parse_document_number(number));
            let issued_on = errors.take(
                &path("issued_on"),
                check_issue_date(*issued_on, birth_date, today),
            );
            let issued_by = errors.take(&path("issued_by"), text::required(issued_by, 300));
            let subdivision_code = errors.take(
                &path("subdivision_code"),
                parse_subdivision_code(subdivision_code),
            );
            Some(IdentityDocument::PassportRf {
                series: series?,
                number: number?,
                issued_on: issued_on?,
                issued_by: issued_by?,
                subdivision_code: subdivision_code?,
            })
        }
        DocumentInput::BirthCertificate {
            series,
            number,
            issued_on,
        } => {
            let series = errors.take(&path("series"), parse_birth_certificate_series(series));
            let number = errors.take(&path("number"), parse_document_number(number));
            let issued_on = errors.take(
                &path("issued_on"),
                check_issue_date(*issued_on, birth_date, today),
            );
            Some(IdentityDocument::BirthCertificate {
                series: series?,
                number: number?,
                issued_on: issued_on?,
            })
        }
        DocumentInput::Other { description } => errors
            .take(&path("description"), text::required(description, 500))
            .map(|description| IdentityDocument::Other { description }),
    }
}

impl MemberInput {
    /// `base` is where this member sits in the body, e.g. `["members", "2"]`.
    pub fn parse(
        &self,
        today: NaiveDate,
        errors: &mut FieldErrors,
        base: &[&str],
    ) -> Option<MemberDraft> {
        let path =
            |field: &'static str| -> Vec<&str> { base.iter().copied().chain([field]).collect() };
        let last = errors.take(&path("last_name"), parse_name_part(&self.last_name));
        let first = errors.take(&path("first_name"), parse_name_part(&self.first_name));
        let patronymic = match self.patronymic.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(raw) => errors
                .take(&path("patronymic"), parse_name_part(raw))
                .map(Some),
        };
        let birth_date = errors.take(
            &path("birth_date"),
            check_birth_date(self.birth_date, today),
        );
        let document = parse_document(&self.document, birth_date, today, errors, &path("document"));
        if let (Some(born), Some(document)) = (birth_date, &document) {
            errors.take(&path("document"), document.check_age(age_on(born, today)));
        }
        let snils = match self.snils.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(raw) => errors.take(&path("snils"), Snils::parse(raw)).map(Some),
        };
        Some(MemberDraft {
            name: PersonName {
                last: last?,
                first: first?,
                patronymic: patronymic?,
            },
            birth_date: birth_date?,
            relationship: self.relationship,
            document: document?,
            snils: snils?,
            registered_at_property: self.registered_at_property,
            lives_at_property: self.lives_at_property,
        })
    }

    /// A single member added to an application later.
    pub fn parse_alone(&self, today: NaiveDate) -> Result<MemberDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        match self.parse(today, &mut errors, &[]) {
            Some(draft) if errors.is_empty() => Ok(draft),
            _ => Err(errors),
        }
    }
}

impl ApplicationInput {
    pub fn parse(&self, today: NaiveDate) -> Result<ApplicationDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        if !self.consent_personal_data {
            errors.add(
                &["consent_personal_data"],
                FieldError::new(
                    "consent_required",
                    "Без согласия на обработку персональных данных заявление не принимается",
                ),
            );
        }
        let phone = errors.take(&["applicant_phone"], Phone::parse(&self.applicant_phone));
        let email = match self.applicant_email.as_deref() {
            None => Some(None),
            Some(raw) => errors.take(&["applicant_email"], parse_email(raw)),
        };
        let postal_address = errors.take(
            &["postal_address"],
            text::required(&self.postal_address, 500),
        );
        let property_address = errors.take(
            &["property_address"],
            text::required(&self.property_address, 500),
        );
        let cadastral_number = match self.cadastral_number.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(raw) => errors
                .take(&["cadastral_number"], parse_cadastral_number(raw))
                .map(Some),
        };
        let plot_area_m2 = errors.take(&["plot_area_sotka"], parse_area(self.plot_area_sotka));
        let crops_lost = errors.take(&["crops_lost"], parse_crops(&self.crops_lost));
        let description = errors.take(&["description"], text::required(&self.description, 4000));
        let relationships: Vec<Relationship> =
            self.members.iter().map(|m| m.relationship).collect();
        check_household(&relationships, &mut errors);
        let members: Vec<Option<MemberDraft>> = self
            .members
            .iter()
            .enumerate()
            .map(|(index, member)| {
                let index = index.to_string();
                member.parse(today, &mut errors, &["members", &index])
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let missing = || {
            FieldErrors::single(
                &["body"],
                FieldError::new("invalid", "Проверьте заполнение полей"),
            )
        };
        Ok(ApplicationDraft {
            channel: self.channel.unwrap_or(Channel::InPerson),
            applicant_phone: phone.ok_or_else(missing)?,
            applicant_email: email.ok_or_else(missing)?,
            postal_address: postal_address.ok_or_else(missing)?,
            property_address: property_address.ok_or_else(missing)?,
            cadastral_number: cadastral_number.ok_or_else(missing)?,
            plot_area_m2: plot_area_m2.ok_or_else(missing)?,
            crops_lost: crops_lost.ok_or_else(missing)?,
            loss_extent: self.loss_extent,
            description: description.ok_or_else(missing)?,
            members: members
                .into_iter()
                .collect::<Option<Vec<_>>>()
                .ok_or_else(missing)?,
        })
    }
}

impl ApplicationPatchInput {
    pub fn parse(&self) -> Result<ApplicationPatch, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut changes = ApplicationPatch {
            channel: self.channel,
            loss_extent: self.loss_extent,
            ..ApplicationPatch::default()
        };
        if let Some(raw) = &self.applicant_phone {
            changes.applicant_phone = errors
                .take(&["applicant_phone"], Phone::parse(raw))
                .map(Phone::into_string);
        }
        if let Some(raw) = &self.applicant_email {
            changes.applicant_email = errors.take(&["applicant_email"], parse_email(raw));
        }
        if let Some(raw) = &self.postal_address {
            changes.postal_address = errors.take(&["postal_address"], text::required(raw, 500));
        }
        if let Some(raw) = &self.property_address {
            changes.property_address = errors.take(&["property_address"], text::required(raw, 500));
        }
        if let Some(raw) = &self.cadastral_number {
            changes.cadastral_number = match raw.trim() {
                "" => Some(None),
                value => errors
                    .take(&["cadastral_number"], parse_cadastral_number(value))
                    .map(Some),
            };
        }
        if let Some(area) = self.plot_area_sotka {
            changes.plot_area_m2 = errors.take(&["plot_area_sotka"], parse_area(area));
        }
        if let Some(crops) = &self.crops_lost {
            changes.crops_lost = errors.take(&["crops_lost"], parse_crops(crops));
        }
        if let Some(raw) = &self.description {
            changes.description = errors.take(&["description"], text::required(raw, 4000));
        }
        if errors.is_empty() {
            Ok(changes)
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct WithdrawRequest {
    #[schema(schema_with = text_schema::optional::<1000>)]
    pub reason: Option<String>,
}

impl WithdrawRequest {
    pub fn parse(self) -> Result<Option<String>, AppError> {
        text::optional(self.reason.as_deref(), 1000)
            .map_err(|e| AppError::invalid_field(&["reason"], e))
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ExtendRequest {
    /// 1 to 30.
    #[schema(minimum = 1, maximum = 30)]
    pub days: i64,
    #[schema(schema_with = text_schema::required::<1000>)]
    pub reason: String,
}

impl ExtendRequest {
    /// The days as asked (the deadline rules judge them) and the reason,
    /// which the notice to the filer quotes, so it may not be blank.
    pub fn parse(self) -> Result<(i64, String), AppError> {
        let reason = text::required(&self.reason, 1000)
            .map_err(|e| AppError::invalid_field(&["reason"], e))?;
        Ok((self.days, reason))
    }
}
