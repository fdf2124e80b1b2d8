//! What a person or a file asks for, as it arrives (the published input
//! shapes) and parsed once into the services' typed inputs, with every
//! broken field named. The API, the pages, the import and the demo all take
//! their input through here, so one rule is checked one way. Nothing here
//! knows HTTP, the app state or the database.

pub mod account;
pub mod annual;
pub mod application;
pub mod catalogue;
pub mod distribution;
pub mod duplicates;
pub mod event;
pub mod review;
pub mod warehouse;
