//! Bulk import of paper registers typed into spreadsheets, for the command
//! line (`relief import applications`) and for officers over HTTP.

pub mod csv_rows;
pub mod run;
