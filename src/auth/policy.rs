//! Which roles may call a route, stated in the handler's signature
//! (`Authed<StaffOnly>`), so a route without a policy does not compile.

use crate::domain::role::Role;

pub trait Policy {
    fn allows(role: Role) -> bool;
}

/// Any signed-in user, whatever the role.
pub struct AnyRole;
/// Administrators only: events, norms, warehouses, users.
pub struct AdminOnly;
/// Social-service officers and administrators.
pub struct StaffOnly;

impl Policy for AnyRole {
    fn allows(role: Role) -> bool {
        match role {
            Role::Resident | Role::Officer | Role::Warehouse | Role::Admin => true,
        }
    }
}

impl Policy for AdminOnly {
    fn allows(role: Role) -> bool {
        match role {
            Role::Admin => true,
            Role::Resident | Role::Officer | Role::Warehouse => false,
        }
    }
}

impl Policy for StaffOnly {
    fn allows(role: Role) -> bool {
        match role {
            Role::Officer | Role::Admin => true,
            Role::Resident | Role::Warehouse => false,
        }
    }
}

/// Those who file applications or handle them: residents (their own only,
/// enforced by the service), officers and administrators.
pub struct FilersAndStaff;

impl Policy for FilersAndStaff {
    fn allows(role: Role) -> bool {
        match role {
            Role::Resident | Role::Officer | Role::Admin => true,
            Role::Warehouse => false,
        }
    }
}

/// Warehouse staff (for their own warehouse, enforced by the service) and
/// administrators.
pub struct WarehouseStaff;

impl Policy for WarehouseStaff {
    fn allows(role: Role) -> bool {
        match role {
            Role::Warehouse | Role::Admin => true,
            Role::Resident | Role::Officer => false,
        }
    }
}

/// Those who work with distribution lists: officers and administrators,
/// and warehouse staff for their own warehouse (enforced by the service).
pub struct AidStaff;

impl Policy for AidStaff {
    fn allows(role: Role) -> bool {
        match role {
            Role::Officer | Role::Warehouse | Role::Admin => true,
            Role::Resident => false,
        }
    }
}
