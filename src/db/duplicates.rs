use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::members::MemberRow;
use super::schema::{applications, duplicate_matches, members};
use super::DbConnection;
use crate::domain::duplicates::{MatchKind, MatchStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = duplicate_matches)]
pub struct MatchRow {
    pub id: i64,
    pub event_id: i64,
    pub kind: MatchKind,
    pub member_id: i64,
    pub application_id: i64,
    pub other_member_id: i64,
    pub other_application_id: i64,
    pub explanation: String,
    pub status: MatchStatus,
    pub resolution_comment: Option<String>,
    pub resolved_by: Option<i64>,
    pub resolved_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = duplicate_matches)]
pub struct NewMatch<'a> {
    pub event_id: i64,
    pub kind: MatchKind,
    pub member_id: i64,
    pub application_id: i64,
    pub other_member_id: i64,
    pub other_application_id: i64,
    pub explanation: &'a str,
    pub status: MatchStatus,
    pub created_at: NaiveDateTime,
}

/// The keys of the members being checked.
#[derive(Debug, Default)]
pub struct CandidateKeys {
    pub snils: Vec<String>,
    pub document_numbers: Vec<String>,
    /// Swapped ones too: day and month swapped match under the same name.
    pub birth_dates: Vec<NaiveDate>,
}

/// What matching reads of a member: loading whole rows made up a third of
/// the look-up's cost.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = members)]
pub struct Candidate {
    pub id: i64,
    pub application_id: i64,
    pub match_key: String,
    pub birth_date: NaiveDate,
    pub document_type: String,
    pub document_series: Option<String>,
    pub document_number: Option<String>,
    pub snils: Option<String>,
}

impl From<&MemberRow> for Candidate {
    fn from(member: &MemberRow) -> Self {
        Self {
            id: member.id,
            application_id: member.application_id,
            match_key: member.match_key.clone(),
            birth_date: member.birth_date,
            document_type: member.document_type.clone(),
            document_series: member.document_series.clone(),
            document_number: member.document_number.clone(),
            snils: member.snils.clone(),
        }
    }
}

/// Members of the event's applications, except those in `exclude` (the
/// ones being checked), that share a SNILS, a document number or a birth
/// date (swapped ones included by the caller) with the members being
/// checked.
///
/// One look-up per key, each on its own index (an `OR` of them
/// makes SQLite scan the whole event), in one statement, which diesel
/// builds only for the backend's own connection. Most candidates share
/// only a birthday; those are read from the birth-date index alone, without
/// their document and SNILS (empty here), since a match by those is found
/// by its own look-up, whole.
pub fn candidates(
    conn: &mut DbConnection,
    event_id: i64,
    exclude: &[i64],
    keys: &CandidateKeys,
) -> QueryResult<Vec<Candidate>> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Nullable, Text};
    // A macro, not a closure: the selection's type names the backend.
    // After the key, what is read of a member beyond id, application, name
    // and birth date.
    macro_rules! by {
        ($key:expr, $($document_and_snils:expr),+) => {
            members::table
                .filter(members::event_id.eq(event_id))
                .filter(members::application_id.ne_all(exclude.to_vec()))
                .filter($key)
                .select((
                    members::id,
                    members::application_id,
                    members::match_key,
                    members::birth_date,
                    $($document_and_snils),+
                ))
        };
    }
    macro_rules! whole {
        ($key:expr) => {
            by!(
                $key,
                members::document_type,
                members::document_series,
                members::document_number,
                members::snils
            )
        };
    }
    let mut found: Vec<Candidate> =
        on_backend!(conn, |c| whole!(members::snils.eq_any(keys.snils.clone()))
            .union_all(whole!(
                members::document_number.eq_any(keys.document_numbers.clone())
            ))
            .union_all(by!(
                members::birth_date.eq_any(keys.birth_dates.clone()),
                sql::<Text>("''"),
                sql::<Nullable<Text>>("NULL"),
                sql::<Nullable<Text>>("NULL"),
                sql::<Nullable<Text>>("NULL")
            ))
            .load(c))?;
    // A member found whole and by birthday alone is kept whole.
    found.sort_unstable_by_key(|m| (m.id, m.document_type.is_empty()));
    found.dedup_by_key(|m| m.id);
    Ok(found)
}

/// The candidates among the members of the event's applications numbered
/// `after` < seq <= `up_to`: the ones committed by other writers between a
/// look-up and the moment this writer took its numbers.
pub fn candidates_numbered(
    conn: &mut DbConnection,
    event_id: i64,
    after: i64,
    up_to: i64,
    keys: &CandidateKeys,
) -> QueryResult<Vec<Candidate>> {
    let numbered = applications::table
        .filter(applications::event_id.eq(event_id))
        .filter(applications::seq.gt(after))
        .filter(applications::seq.le(up_to))
        .select(applications::id);
    members::table
        .filter(members::application_id.eq_any(numbered))
        .filter(
            members::snils
                .eq_any(keys.snils.clone())
                .or(members::document_number.eq_any(keys.document_numbers.clone()))
                .or(members::birth_date.eq_any(keys.birth_dates.clone())),
        )
        .order(members::id.asc())
        .select(Candidate::as_select())
        .load(conn)
}

/// All the matches one check found, at once.
pub fn insert_many(conn: &mut DbConnection, rows: &[NewMatch<'_>]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    insert_rows!(conn, duplicate_matches::table, rows).map(drop)
}

/// A removed member's matches go with it.
pub fn delete_for_member(conn: &mut DbConnection, member_id: i64) -> QueryResult<usize> {
    diesel::delete(
        duplicate_matches::table.filter(
            duplicate_matches::member_id
                .eq(member_id)
                .or(duplicate_matches::other_member_id.eq(member_id)),
        ),
    )
    .execute(conn)
}

/// An application's open property matches, when its plot was amended: the
/// plot is checked again. Resolved ones stay, as the officers' record.
pub fn delete_open_property(conn: &mut DbConnection, application_id: i64) -> QueryResult<usize> {
    diesel::delete(
        duplicate_matches::table
            .filter(duplicate_matches::kind.eq(MatchKind::Property))
            .filter(duplicate_matches::status.eq(MatchStatus::Open))
            .filter(
                duplicate_matches::application_id
                    .eq(application_id)
                    .or(duplicate_matches::other_application_id.eq(application_id)),
            ),
    )
    .execute(conn)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<MatchRow>> {
    duplicate_matches::table
        .find(id)
        .select(MatchRow::as_select())
        .first(conn)
        .optional()
}

pub fn count_for_event(
    conn: &mut DbConnection,
    event_id: i64,
    status: Option<MatchStatus>,
) -> QueryResult<i64> {
    let mut query = duplicate_matches::table
        .filter(duplicate_matches::event_id.eq(event_id))
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(duplicate_matches::status.eq(status));
    }
    query.count().get_result(conn)
}

pub fn page_for_event(
    conn: &mut DbConnection,
    event_id: i64,
    status: Option<MatchStatus>,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<MatchRow>> {
    let mut query = duplicate_matches::table
        .filter(duplicate_matches::event_id.eq(event_id))
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(duplicate_matches::status.eq(status));
    }
    query
        .order(duplicate_matches::id.asc())
        .offset(offset)
        .limit(limit)
        .select(MatchRow::as_select())
        .load(conn)
}

/// Every match an application takes part in, from either side.
pub fn for_application(conn: &mut DbConnection, application_id: i64) -> QueryResult<Vec<MatchRow>> {
    duplicate_matches::table
        .filter(
            duplicate_matches::application_id
                .eq(application_id)
                .or(duplicate_matches::other_application_id.eq(application_id)),
        )
        .order(duplicate_matches::id.asc())
        .select(MatchRow::as_select())
        .load(conn)
}

/// Every match any of `application_ids` takes part in, from either side.
pub fn for_applications(
    conn: &mut DbConnection,
    application_ids: &[i64],
) -> QueryResult<Vec<MatchRow>> {
    duplicate_matches::table
        .filter(
            duplicate_matches::application_id
                .eq_any(application_ids)
                .or(duplicate_matches::other_application_id.eq_any(application_ids)),
        )
        .order(duplicate_matches::id.asc())
        .select(MatchRow::as_select())
        .load(conn)
}

/// Every match officers confirmed as one person, in every event (property
/// matches are plots, not people).
pub fn all_confirmed(conn: &mut DbConnection) -> QueryResult<Vec<MatchRow>> {
    duplicate_matches::table
        .filter(duplicate_matches::status.eq(MatchStatus::Confirmed))
        .filter(duplicate_matches::kind.ne(MatchKind::Property))
        .select(MatchRow::as_select())
        .load(conn)
}

/// Moves a match from `expected` to `status`; 0 when it was not in
/// `expected` any more.
pub fn resolve(
    conn: &mut DbConnection,
    id: i64,
    (expected, status): (MatchStatus, MatchStatus),
    comment: Option<&str>,
    user_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        duplicate_matches::table
            .filter(duplicate_matches::id.eq(id))
            .filter(duplicate_matches::status.eq(expected)),
    )
    .set((
        duplicate_matches::status.eq(status),
        duplicate_matches::resolution_comment.eq(comment),
        duplicate_matches::resolved_by.eq(Some(user_id)),
        duplicate_matches::resolved_at.eq(Some(at)),
    ))
    .execute(conn)
}

type OpenMatches = diesel::dsl::Filter<
    duplicate_matches::table,
    diesel::dsl::Eq<duplicate_matches::status, MatchStatus>,
>;
type ApplicationIds<C> = diesel::dsl::Select<OpenMatches, C>;

/// Applications with an open match, as the member checked and as the
/// member found: two subqueries for `eq_any`.
pub fn open_application_ids() -> (
    ApplicationIds<duplicate_matches::application_id>,
    ApplicationIds<duplicate_matches::other_application_id>,
) {
    let open = || duplicate_matches::table.filter(duplicate_matches::status.eq(MatchStatus::Open));
    (
        open().select(duplicate_matches::application_id),
        open().select(duplicate_matches::other_application_id),
    )
}
