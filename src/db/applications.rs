use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{applications, inspections, members};
use super::DbConnection;
use crate::domain::application::{
    ApplicationPatch, ApplicationStatus, Channel, LossExtent, Relationship,
};
use crate::domain::review::ApplicationOutcome;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct ApplicationRow {
    pub id: i64,
    pub event_id: i64,
    pub seq: i64,
    pub registration_number: String,
    pub status: ApplicationStatus,
    pub channel: Channel,
    pub filed_by: i64,
    pub registered_at: NaiveDateTime,
    pub answer_due_on: NaiveDate,
    pub extended_days: Option<i32>,
    pub extension_reason: Option<String>,
    pub extended_at: Option<NaiveDateTime>,
    pub late_reason: Option<String>,
    pub applicant_phone: String,
    pub applicant_email: Option<String>,
    pub postal_address: String,
    pub property_address: String,
    pub cadastral_number: Option<String>,
    pub plot_area_m2: i64,
    pub crops_lost: String,
    pub loss_extent: LossExtent,
    pub description: String,
    pub consent_personal_data: bool,
    pub updated_at: NaiveDateTime,
    pub outcome: Option<ApplicationOutcome>,
    pub protocol_number: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub status_note: Option<String>,
}

/// `None` is written as NULL (the columns have no default), so the insert
/// is the same statement whatever is missing and stays prepared.
#[derive(Debug, Insertable)]
#[diesel(table_name = applications, treat_none_as_default_value = false)]
pub struct NewApplicationRow<'a> {
    pub event_id: i64,
    pub seq: i64,
    pub registration_number: &'a str,
    pub status: ApplicationStatus,
    pub channel: Channel,
    pub filed_by: i64,
    pub registered_at: NaiveDateTime,
    pub answer_due_on: NaiveDate,
    pub late_reason: Option<&'a str>,
    pub applicant_phone: &'a str,
    pub applicant_email: Option<&'a str>,
    pub postal_address: &'a str,
    pub property_address: &'a str,
    pub cadastral_number: Option<&'a str>,
    /// `domain::property::address_key` of `property_address`.
    pub property_key: &'a str,
    pub plot_area_m2: i64,
    pub crops_lost: &'a str,
    pub loss_extent: LossExtent,
    pub description: &'a str,
    pub consent_personal_data: bool,
    pub updated_at: NaiveDateTime,
}

impl NewApplicationRow<'_> {
    /// The row as stored under `id`.
    pub fn stored(&self, id: i64) -> ApplicationRow {
        ApplicationRow {
            id,
            event_id: self.event_id,
            seq: self.seq,
            registration_number: self.registration_number.to_owned(),
            status: self.status.to_owned(),
            channel: self.channel.to_owned(),
            filed_by: self.filed_by,
            registered_at: self.registered_at,
            answer_due_on: self.answer_due_on,
            extended_days: None,
            extension_reason: None,
            extended_at: None,
            late_reason: self.late_reason.map(str::to_owned),
            applicant_phone: self.applicant_phone.to_owned(),
            applicant_email: self.applicant_email.map(str::to_owned),
            postal_address: self.postal_address.to_owned(),
            property_address: self.property_address.to_owned(),
            cadastral_number: self.cadastral_number.map(str::to_owned),
            plot_area_m2: self.plot_area_m2,
            crops_lost: self.crops_lost.to_owned(),
            loss_extent: self.loss_extent.to_owned(),
            description: self.description.to_owned(),
            consent_personal_data: self.consent_personal_data,
            updated_at: self.updated_at,
            outcome: None,
            protocol_number: None,
            decided_on: None,
            status_note: None,
        }
    }
}

/// Fields an amendment may change; `None` leaves a field as it is.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = applications)]
pub struct ApplicationChanges {
    pub channel: Option<String>,
    pub applicant_phone: Option<String>,
    pub applicant_email: Option<Option<String>>,
    pub postal_address: Option<String>,
    pub property_address: Option<String>,
    pub cadastral_number: Option<Option<String>>,
    /// Set with `property_address`, from it.
    pub property_key: Option<String>,
    pub plot_area_m2: Option<i64>,
    pub crops_lost: Option<String>,
    pub loss_extent: Option<String>,
    pub description: Option<String>,
    pub updated_at: Option<NaiveDateTime>,
}

impl ApplicationChanges {
    /// The columns a parsed patch sets; crops are stored as a JSON array.
    pub fn from_patch(patch: ApplicationPatch) -> Result<Self, serde_json::Error> {
        Ok(Self {
            channel: patch.channel.map(|c| c.as_str().to_owned()),
            applicant_phone: patch.applicant_phone,
            applicant_email: patch.applicant_email,
            postal_address: patch.postal_address,
            property_address: patch.property_address,
            cadastral_number: patch.cadastral_number,
            property_key: None,
            plot_area_m2: patch.plot_area_m2,
            crops_lost: patch
                .crops_lost
                .map(|c| serde_json::to_string(&c))
                .transpose()?,
            loss_extent: patch.loss_extent.map(|l| l.as_str().to_owned()),
            description: patch.description,
            updated_at: None,
        })
    }
}

pub fn insert(conn: &mut DbConnection, row: &NewApplicationRow<'_>) -> QueryResult<i64> {
    diesel::insert_into(applications::table)
        .values(row)
        .returning(applications::id)
        .get_result(conn)
}

/// Many rows at once; their ids in the order of `rows`.
pub fn insert_many(
    conn: &mut DbConnection,
    rows: &[NewApplicationRow<'_>],
) -> QueryResult<Vec<i64>> {
    insert_rows!(conn, applications::table, rows, applications::id)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<ApplicationRow>> {
    applications::table
        .find(id)
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_many(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<ApplicationRow>> {
    applications::table
        .filter(applications::id.eq_any(ids))
        .order(applications::id.asc())
        .select(ApplicationRow::as_select())
        .load(conn)
}

/// `(id, registration_number)` of the given applications.
pub fn registration_numbers(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<Vec<(i64, String)>> {
    applications::table
        .filter(applications::id.eq_any(ids))
        .select((applications::id, applications::registration_number))
        .load(conn)
}

/// Changes fields only while the status is still `expected`, so a change
/// racing a status change cannot land on the wrong state.
pub fn update_if_status(
    conn: &mut DbConnection,
    id: i64,
    expected: &str,
    changes: &ApplicationChanges,
) -> QueryResult<usize> {
    diesel::update(
        applications::table
            .filter(applications::id.eq(id))
            .filter(applications::status.eq(expected)),
    )
    .set(changes)
    .execute(conn)
}

pub fn set_status_note(conn: &mut DbConnection, id: i64, note: Option<&str>) -> QueryResult<usize> {
    diesel::update(applications::table.find(id))
        .set(applications::status_note.eq(note))
        .execute(conn)
}

pub fn set_status(
    conn: &mut DbConnection,
    id: i64,
    expected: ApplicationStatus,
    next: ApplicationStatus,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        applications::table
            .filter(applications::id.eq(id))
            .filter(applications::status.eq(expected)),
    )
    .set((
        applications::status.eq(next),
        applications::updated_at.eq(at),
    ))
    .execute(conn)
}

/// Records the single extension; refuses a second one in the same statement.
pub fn extend(
    conn: &mut DbConnection,
    id: i64,
    days: i32,
    new_due_on: NaiveDate,
    reason: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        applications::table
            .filter(applications::id.eq(id))
            .filter(applications::extended_days.is_null()),
    )
    .set((
        applications::extended_days.eq(Some(days)),
        applications::answer_due_on.eq(new_due_on),
        applications::extension_reason.eq(Some(reason)),
        applications::extended_at.eq(Some(at)),
        applications::updated_at.eq(at),
    ))
    .execute(conn)
}

/// What a list may be narrowed by. Patterns are complete LIKE patterns,
/// already escaped with `\`.
#[derive(Debug, Default, Clone)]
pub struct ApplicationFilter {
    pub event_id: Option<i64>,
    pub filed_by: Option<i64>,
    pub status: Option<String>,
    pub channel: Option<String>,
    /// Due before this date and still awaiting an answer.
    pub overdue_on: Option<NaiveDate>,
    pub awaiting_statuses: Vec<String>,
    pub number_pattern: Option<String>,
    pub name_pattern: Option<String>,
    /// With (true) or without (false) a duplicate match still open.
    pub has_open_duplicates: Option<bool>,
    /// With a pending inspection scheduled before this date.
    pub inspection_due_before: Option<NaiveDate>,
    /// Only those still awaiting an answer, the soonest due first: the
    /// order in which an officer must answer them.
    pub awaiting_by_due: bool,
}

type Backend = <DbConnection as diesel::Connection>::Backend;

fn filtered(filter: &ApplicationFilter) -> applications::BoxedQuery<'static, Backend> {
    let mut query = applications::table.into_boxed();
    if let Some(event_id) = filter.event_id {
        query = query.filter(applications::event_id.eq(event_id));
    }
    if let Some(filed_by) = filter.filed_by {
        query = query.filter(applications::filed_by.eq(filed_by));
    }
    if let Some(status) = &filter.status {
        query = query.filter(applications::status.eq(status.clone()));
    }
    if let Some(channel) = &filter.channel {
        query = query.filter(applications::channel.eq(channel.clone()));
    }
    if let Some(today) = filter.overdue_on {
        query = query.filter(applications::answer_due_on.lt(today));
    }
    if filter.overdue_on.is_some() || filter.awaiting_by_due {
        query = query.filter(applications::status.eq_any(filter.awaiting_statuses.clone()));
    }
    if let Some(wanted) = filter.has_open_duplicates {
        let (as_checked, as_found) = super::duplicates::open_application_ids();
        let with_open = applications::id
            .eq_any(as_checked)
            .or(applications::id.eq_any(as_found));
        query = if wanted {
            query.filter(with_open)
        } else {
            query.filter(diesel::dsl::not(with_open))
        };
    }
    if let Some(date) = filter.inspection_due_before {
        let pending = inspections::table
            .filter(inspections::outcome.is_null())
            .filter(inspections::scheduled_on.lt(date))
            .select(inspections::application_id);
        query = query.filter(applications::id.eq_any(pending));
    }
    match (&filter.number_pattern, &filter.name_pattern) {
        (Some(number), Some(name)) => {
            let by_member = members::table
                .filter(members::search_key.like(name.clone()).escape('\\'))
                .select(members::application_id);
            query = query.filter(
                applications::registration_number
                    .like(number.clone())
                    .escape('\\')
                    .or(applications::id.eq_any(by_member)),
            );
        }
        (Some(number), None) => {
            query = query.filter(
                applications::registration_number
                    .like(number.clone())
                    .escape('\\'),
            );
        }
        (None, Some(name)) => {
            let by_member = members::table
                .filter(members::search_key.like(name.clone()).escape('\\'))
                .select(members::application_id);
            query = query.filter(applications::id.eq_any(by_member));
        }
        (None, None) => {}
    }
    query
}

pub fn count(conn: &mut DbConnection, filter: &ApplicationFilter) -> QueryResult<i64> {
    filtered(filter).count().get_result(conn)
}

/// A page sorted by registration number (event, then its gapless
/// sequence), or by the answer's due date when only those awaiting one are
/// asked for.
pub fn page(
    conn: &mut DbConnection,
    filter: &ApplicationFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<ApplicationRow>> {
    let query = if filter.awaiting_by_due {
        filtered(filter).order((
            applications::answer_due_on.asc(),
            applications::event_id.asc(),
            applications::seq.asc(),
        ))
    } else {
        filtered(filter).order((applications::event_id.asc(), applications::seq.asc()))
    };
    query
        .offset(offset)
        .limit(limit)
        .select(ApplicationRow::as_select())
        .load(conn)
}

/// An application of the event for a plot being checked.
#[derive(Debug, Clone, Queryable)]
pub struct SamePlot {
    pub application_id: i64,
    pub applicant_id: i64,
    pub cadastral_number: Option<String>,
    pub property_key: Option<String>,
}

/// The first `limit` applications of the event (by number), apart from
/// `exclude`, for the plot with `cadastral_number` or `property_key`, with
/// their applicants: one look-up per key, each on its own index.
pub fn same_plot(
    conn: &mut DbConnection,
    event_id: i64,
    exclude: &[i64],
    cadastral_number: Option<&str>,
    property_key: &str,
    limit: i64,
) -> QueryResult<Vec<SamePlot>> {
    macro_rules! by {
        ($key:expr) => {
            applications::table
                .inner_join(members::table.on(members::application_id.eq(applications::id)))
                .filter(applications::event_id.eq(event_id))
                .filter(applications::id.ne_all(exclude.to_vec()))
                .filter(members::relationship.eq(Relationship::Applicant))
                .filter($key)
                .order(applications::seq.asc())
                .limit(limit)
                .select((
                    applications::id,
                    members::id,
                    applications::cadastral_number,
                    applications::property_key,
                ))
                .load::<SamePlot>(conn)
        };
    }
    let mut found = Vec::new();
    if let Some(number) = cadastral_number {
        found.extend(by!(applications::cadastral_number.eq(number))?);
    }
    if !property_key.is_empty() {
        found.extend(by!(applications::property_key.eq(property_key))?);
    }
    found.sort_by_key(|p| p.application_id);
    found.dedup_by_key(|p| p.application_id);
    Ok(found)
}

/// Applications stored before property keys existed, a batch at a time.
pub fn without_property_key(
    conn: &mut DbConnection,
    limit: i64,
) -> QueryResult<Vec<(i64, String)>> {
    applications::table
        .filter(applications::property_key.is_null())
        .order(applications::id.asc())
        .limit(limit)
        .select((applications::id, applications::property_address))
        .load(conn)
}

pub fn set_property_key(conn: &mut DbConnection, id: i64, key: &str) -> QueryResult<usize> {
    diesel::update(applications::table.find(id))
        .set(applications::property_key.eq(key))
        .execute(conn)
}
