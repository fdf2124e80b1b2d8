//! Pages through HTTP without a browser: a session cookie, the CSRF token
//! of the page a form is on, and the answer as status, headers and text.

use actix_web::http::{header, StatusCode};
use actix_web::test as actix_test;

/// The CSRF token a page's forms carry.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    html[start..start + 64].to_owned()
}

pub fn set_cookies(headers: &header::HeaderMap) -> Vec<String> {
    headers
        .get_all(header::SET_COOKIE)
        .map(|v| v.to_str().unwrap_or("").to_owned())
        .collect()
}

macro_rules! call {
    ($app:expr, $request:expr) => {{
        let response = actix_test::call_service(&$app.service, $request.to_request()).await;
        let status = response.status();
        let headers = response.headers().clone();
        let body = actix_test::read_body(response).await;
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }};
}

/// A page as the signed-in holder of `token` sees it.
macro_rules! get_page {
    ($app:expr, $path:expr, $token:expr) => {
        call!(
            $app,
            actix_test::TestRequest::get()
                .uri($path)
                .insert_header(session($token))
        )
    };
}

pub fn session(token: &str) -> (&'static str, String) {
    ("Cookie", format!("relief_session={token}"))
}

/// Posts a form from a page already shown to the same session.
pub async fn post_form<S, B>(
    app: &crate::support::TestApp<S>,
    token: &str,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, header::HeaderMap, String)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (_, _, html) = get_page!(app, page, token);
    let csrf = csrf_of(&html);
    let mut pairs = vec![("_csrf", csrf.as_str())];
    pairs.extend_from_slice(fields);
    let request = actix_test::TestRequest::post()
        .uri(action)
        .insert_header(session(token))
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload(serde_urlencoded::to_string(&pairs).expect("form body"));
    call!(app, request)
}
