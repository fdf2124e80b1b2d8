//! CSV as Excel in a Russian locale opens it: UTF-8 with a byte order mark,
//! `;` between fields, CRLF line ends.

use actix_web::http::header;
use actix_web::HttpResponse;

/// Makes Excel read the file as UTF-8 Cyrillic.
pub const BOM: &str = "\u{feff}";

/// One field: quoted when it holds the separator, a quote or a line break.
pub fn field(value: &str) -> String {
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// Appends one record.
pub fn push_record<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    let line: Vec<String> = fields.iter().map(|f| field(f.as_ref())).collect();
    out.push_str(&line.join(";"));
    out.push_str("\r\n");
}

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
