use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::FieldError;

/// Who a user is to the administration; every endpoint decides on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    Officer,
    Warehouse,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Resident, Role::Officer, Role::Warehouse, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Officer => "officer",
            Role::Warehouse => "warehouse",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Result<Role, FieldError> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == value)
            .ok_or_else(|| {
                FieldError::new(
                    "invalid_role",
                    "Роль должна быть одной из: resident, officer, warehouse, admin",
                )
            })
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert!(Role::parse("root").is_err());
    }
}
