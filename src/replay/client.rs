//! A thin JSON client over awc for the replay: every call is timed, and any
//! answer other than 2xx stops the replay with the server's error body.

use std::time::{Duration, Instant};

use serde_json::Value;

#[derive(Clone)]
pub struct Api {
    client: awc::Client,
    base: String,
}

impl Api {
    pub fn new(base: &str) -> Self {
        let client = awc::Client::builder()
            .timeout(Duration::from_secs(120))
            .finish();
        Self {
            client,
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// Sends the request and answers the JSON body with the time it took,
    /// in milliseconds.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Result<(Value, f64), String> {
        let url = format!("{}{path}", self.base);
        let method = awc::http::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
        let mut request = self.client.request(method, &url);
        if let Some(token) = token {
            request = request.insert_header(("authorization", format!("Bearer {token}")));
        }
        let started = Instant::now();
        let mut response = match body {
            Some(body) => request.send_json(body).await,
            None => request.send().await,
        }
        .map_err(|e| format!("{path}: {e}"))?;
        let bytes = response
            .body()
            .limit(256 * 1024 * 1024)
            .await
            .map_err(|e| format!("{path}: {e}"))?;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        if !response.status().is_success() {
            return Err(format!(
                "{path}: {} {}",
                response.status(),
                String::from_utf8_lossy(&bytes)
            ));
        }
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok((json, elapsed))
    }
}
