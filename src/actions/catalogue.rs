//! The administrator's catalogue set-up, from the API or the web page.

use crate::commands::catalogue::{parse_norms, CreateItemRequest, NormInput};
use crate::domain::clock;
use crate::error::AppError;
use crate::service::audit::Actor;
use crate::service::catalogue;
use crate::state::AppState;
use crate::views::catalogue::{ItemView, NormView};

pub async fn add_item(
    state: &AppState,
    admin_id: i64,
    body: CreateItemRequest,
) -> Result<ItemView, AppError> {
    let item = body.parse()?;
    let actor = Actor::user(admin_id, clock::now());
    let row = state
        .db(move |conn| catalogue::create_item(conn, actor, &item.code, &item.name))
        .await?;
    Ok(row.into())
}

pub async fn replace_norms(
    state: &AppState,
    admin_id: i64,
    event_id: i64,
    norms: Vec<NormInput>,
) -> Result<Vec<NormView>, AppError> {
    let norms = parse_norms(&norms)?;
    let actor = Actor::user(admin_id, clock::now());
    let rows = state
        .db(move |conn| catalogue::set_norms(conn, actor, event_id, norms))
        .await?;
    Ok(rows.into_iter().map(NormView::from).collect())
}
