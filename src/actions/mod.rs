//! What the API and the pages do the same way over the app state: signing
//! in (the password pool, the token keys), making accounts, filing through
//! the queue, the administrator's set-up and the paper downloads. Both
//! front-ends call these so neither imports the other; these call the
//! services and answer in views, never in rows.

pub mod accounts;
pub mod catalogue;
pub mod events;
pub mod filing;
pub mod papers;
pub mod review;
pub mod warehouses;
