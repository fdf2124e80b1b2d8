//! Printed documents (PDF, in Russian): the layout engine and the four
//! papers people hold. Nothing here knows about HTTP or the database; a
//! document is drawn from plain data gathered by the service layer.

pub mod composer;
pub mod csv;
pub mod decision;
pub mod fonts;
pub mod page;
pub mod receipt;
pub mod report;
pub mod sheet;
pub mod table;
pub mod victims;
pub mod wrap;

/// A document could not be drawn: only a broken embedded font can cause
/// it, so the API answers it as an internal error.
#[derive(Debug, Clone)]
pub struct PrintError(pub String);

impl std::fmt::Display for PrintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot print: {}", self.0)
    }
}
