//! Reading the whole list of recognised victims, for the CSV and the
//! printed list, in batches so one query never holds a large event.

use crate::db::victims::{self, VictimRow};
use crate::db::DbConnection;
use crate::error::AppError;

/// Rows fetched per query.
const BATCH: i64 = 5_000;

/// Calls `each` with every recognised person of the event, in application
/// number order, then household order.
pub fn for_each(
    conn: &mut DbConnection,
    event_id: i64,
    mut each: impl FnMut(VictimRow),
) -> Result<(), AppError> {
    let mut offset = 0;
    loop {
        let rows = victims::page(conn, event_id, offset, BATCH)?;
        let fetched = rows.len() as i64;
        rows.into_iter().for_each(&mut each);
        if fetched < BATCH {
            return Ok(());
        }
        offset += fetched;
    }
}

/// One page of the event's recognised people and how many there are.
pub fn page(
    conn: &mut DbConnection,
    event_id: i64,
    offset: i64,
    limit: i64,
) -> Result<(Vec<VictimRow>, i64), AppError> {
    let total = victims::count(conn, event_id)?;
    let rows = victims::page(conn, event_id, offset, limit)?;
    Ok((rows, total))
}
