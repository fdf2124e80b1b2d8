//! The `Idempotency-Key` header: a client's name for one request, so that
//! sending it again after a lost answer repeats nothing.

use actix_web::HttpRequest;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::FieldError;
use crate::error::AppError;
use crate::service::repeat_safe::RequestKey;

pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// The key, with the hash of the parsed body: a retry that differs only in
/// whitespace or key order is the same request, and any other difference
/// makes it a different one.
pub fn request_key(
    req: &HttpRequest,
    body: &impl Serialize,
) -> Result<Option<RequestKey>, AppError> {
    let Some(value) = req.headers().get(IDEMPOTENCY_HEADER) else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or("").trim();
    if key.is_empty() || key.len() > 200 {
        return Err(AppError::invalid_field(
            &["Idempotency-Key"],
            FieldError::new(
                "invalid_idempotency_key",
                "Idempotency-Key: от 1 до 200 символов",
            ),
        ));
    }
    let canonical = serde_json::to_vec(body).map_err(AppError::internal)?;
    Ok(Some(RequestKey {
        key: key.to_owned(),
        request_hash: hex::encode(Sha256::digest(&canonical)),
    }))
}
