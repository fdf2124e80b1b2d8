//! An event made by an administrator, from the API or the web page.

use crate::commands::event::{parse_create, CreateEventRequest};
use crate::domain::clock;
use crate::error::AppError;
use crate::service::audit::Actor;
use crate::service::events;
use crate::state::AppState;
use crate::views::event::EventView;

pub async fn add_event(
    state: &AppState,
    admin_id: i64,
    body: CreateEventRequest,
) -> Result<EventView, AppError> {
    let draft = parse_create(&body)?;
    let actor = Actor::user(admin_id, clock::now());
    let row = state
        .db(move |conn| events::create(conn, actor, &draft))
        .await?;
    Ok(row.into())
}
