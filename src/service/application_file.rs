//! Everything an application's page shows, read on one connection: the
//! application as its reader may see it, where to collect the aid, its
//! history as the reader may read it, and for staff the possible double
//! claims with the names they point at.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::applications::{self, member_full_name, Application};
use super::documents::pickup_of;
use super::duplicates::{self, FoundMatch};
use super::events;
use crate::db::audit::{self, AuditRow};
use crate::db::{members, DbConnection};
use crate::domain::principal::Principal;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::print::decision::Pickup;

pub struct ApplicationFile {
    pub application: Application,
    pub event_title: String,
    pub pickup: Option<Pickup>,
    /// For a resident without the staff's working notes.
    pub history: Vec<AuditRow>,
    pub duplicates: Vec<FoundMatch>,
    /// Names of the members the matches point at, in either application.
    pub matched_names: HashMap<i64, String>,
}

/// A resident asking for another resident's application gets 404.
pub fn read(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    now: NaiveDateTime,
) -> Result<ApplicationFile, AppError> {
    let application = applications::get(conn, user, id, now)?;
    let event = events::get(conn, application.row.event_id)?;
    let pickup = pickup_of(conn, &event, id)?;
    let staff = match user.role {
        Role::Officer | Role::Admin => true,
        Role::Resident | Role::Warehouse => false,
    };
    // Access was checked by `get` above; `applications::history` would
    // read the application a second time to check it again.
    let history = applications::readable_history(user, audit::for_application(conn, id)?);
    let found = if staff {
        duplicates::of_application(conn, id)?
    } else {
        Vec::new()
    };
    let matched: Vec<i64> = found
        .iter()
        .flat_map(|m| [m.row.application_id, m.row.other_application_id])
        .collect();
    let matched_names = members::for_applications(conn, &matched)?
        .iter()
        .map(|m| (m.id, member_full_name(m)))
        .collect();
    Ok(ApplicationFile {
        application,
        event_title: event.title,
        pickup,
        history,
        duplicates: found,
        matched_names,
    })
}
