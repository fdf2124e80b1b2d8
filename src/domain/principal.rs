//! Who acts: the signed-in user as a use case sees them. Plain data, so
//! that a service takes the same principal from the API, the pages, the
//! command line and the demo, and knows nothing of how it was signed in.

use super::role::Role;

/// The user as the database knows them now, not as a token remembers them.
#[derive(Debug, Clone)]
pub struct Principal {
    pub id: i64,
    pub login: String,
    pub role: Role,
    pub full_name: String,
    pub phone: Option<String>,
    /// Set for `warehouse` users: the only warehouse whose data they see.
    pub warehouse_id: Option<i64>,
}
