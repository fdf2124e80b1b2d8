//! The closed lists are stored under the domain's names and read back as
//! the enums on both backends; the schema refuses a name no variant has.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::distribution::{approved_list, world};
use crate::support::spawn_app;
use relief::db::distribution;
use relief::db::stock::{self, NewMovement};
use relief::domain::clock;
use relief::domain::distribution::{ListStatus, RowStatus};
use relief::domain::stock::MovementKind;

#[derive(QueryableByName)]
struct Stored {
    #[diesel(sql_type = Text)]
    name: String,
}

#[actix_web::test]
async fn statuses_and_kinds_are_stored_by_name_and_an_unknown_name_fails_the_read() {
    let app = spawn_app().await;
    let world = world(&app, 1).await;
    let list = approved_list(&app, &world).await;
    let id = list["id"].as_i64().unwrap();
    let mut conn = app.state.pool.get().unwrap();

    let read = distribution::find_list(&mut conn, id).unwrap().unwrap();
    assert_eq!(read.status, ListStatus::Approved);
    let rows = distribution::rows_of(&mut conn, id).unwrap();
    assert!(rows.iter().all(|r| r.status == RowStatus::Pending));
    let stored: Vec<Stored> = diesel::sql_query(format!(
        "SELECT status AS name FROM distribution_lists WHERE id = {id}"
    ))
    .load(&mut conn)
    .unwrap();
    assert_eq!(stored[0].name, "approved");

    // Every movement kind is written under its own name, and only that.
    for kind in MovementKind::ALL {
        stock::append(
            &mut conn,
            &NewMovement {
                warehouse_id: world.store,
                item_id: world.items[0],
                kind: *kind,
                on_hand_grams: 0,
                reserved_grams: 0,
                received_on: None,
                supplier: None,
                document_number: None,
                unit_price_kopecks: None,
                reason: None,
                actor_id: None,
                created_at: clock::now(),
            },
        )
        .unwrap();
        let stored: Vec<Stored> =
            diesel::sql_query("SELECT kind AS name FROM stock_ledger ORDER BY id DESC LIMIT 1")
                .load(&mut conn)
                .unwrap();
        assert_eq!(stored[0].name, kind.as_str());
    }

    // Every status the domain knows reads back as itself; the schema's
    // check refuses a name it does not know, so none can be stored.
    for status in ListStatus::ALL {
        conn.batch_execute(&format!(
            "UPDATE distribution_lists SET status = '{}' WHERE id = {id}",
            status.as_str()
        ))
        .unwrap();
        let read = distribution::find_list(&mut conn, id).unwrap().unwrap();
        assert_eq!(read.status, *status);
    }
    let refused = conn.batch_execute(&format!(
        "UPDATE distribution_lists SET status = 'archived' WHERE id = {id}"
    ));
    assert!(refused.is_err());
}
