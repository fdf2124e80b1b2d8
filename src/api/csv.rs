//! CSV files as downloads; the files themselves are written by
//! `print::csv`.

use actix_web::http::header;
use actix_web::HttpResponse;

/// The file as a download named `name` (ASCII).
pub fn response(name: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}
