use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::EnvFilter;

/// Structured logs to stderr. Each request's span carries its request id, so
/// every line logged while serving it can be found by that id. Request
/// bodies are never logged: they carry passports and SNILS.
pub fn init() {
    let filter = EnvFilter::try_from_env("RELIEF_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_span_events(FmtSpan::CLOSE);
    let result = if std::env::var("RELIEF_LOG_FORMAT").is_ok_and(|v| v == "json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    // A second init (tests) keeps the first subscriber.
    drop(result);
}

/// The root span of a request: method, route pattern, status and request
/// id. Never the path with its query, which carries what an officer
/// searched for (surnames), nor the client's address or agent.
pub struct RouteOnly;

impl tracing_actix_web::RootSpanBuilder for RouteOnly {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        use actix_web::HttpMessage;
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = tracing::field::Empty,
            http.status_code = tracing::field::Empty,
            request_id = %request_id,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        // The route is known only once the request has been routed.
        let (status, route) = match outcome {
            Ok(response) => (response.status(), response.request().match_pattern()),
            Err(error) => (error.as_response_error().status_code(), None),
        };
        span.record("http.route", route.as_deref().unwrap_or("unmatched"));
        span.record("http.status_code", status.as_u16());
    }
}
