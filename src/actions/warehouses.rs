//! A warehouse made by an administrator, from the API or the web page.

use crate::commands::warehouse::CreateWarehouseRequest;
use crate::domain::clock;
use crate::error::AppError;
use crate::service::audit::Actor;
use crate::service::stock;
use crate::state::AppState;
use crate::views::warehouse::WarehouseView;

pub async fn add_warehouse(
    state: &AppState,
    admin_id: i64,
    body: CreateWarehouseRequest,
) -> Result<WarehouseView, AppError> {
    let new = body.parse()?;
    let actor = Actor::user(admin_id, clock::now());
    let row = state
        .db(move |conn| {
            stock::create_warehouse(conn, actor, &new.name, &new.address, &new.opening_hours)
        })
        .await?;
    Ok(row.into())
}
