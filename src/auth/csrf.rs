//! Tokens that prove a form was rendered by `relief` for this browser.
//!
//! Nothing is stored: the token is an HMAC of a value only the browser's
//! cookies hold (the session token, or a random seed before sign-in), under a
//! key derived from the signing secret. Every instance behind the load
//! balancer derives the same key, and a page of another site can neither
//! read the cookie nor compute the token.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Holds the keyed MAC state, cloned for each token.
pub struct CsrfKey(HmacSha256);

impl CsrfKey {
    /// A key of its own, so a CSRF token can never serve as a JWT signature.
    pub fn derive(secret: &[u8]) -> Result<Self, String> {
        let mut mac = HmacSha256::new_from_slice(secret).map_err(|e| e.to_string())?;
        mac.update(b"relief csrf v1");
        let derived = mac.finalize().into_bytes();
        HmacSha256::new_from_slice(&derived)
            .map(Self)
            .map_err(|e| e.to_string())
    }

    fn mac(&self, purpose: &str, binding: &str) -> HmacSha256 {
        let mut mac = self.0.clone();
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(binding.as_bytes());
        mac
    }

    /// The token for forms shown under `binding` (`"session"` with the
    /// session token, `"anonymous"` with the pre-sign-in seed).
    pub fn token(&self, purpose: &str, binding: &str) -> String {
        hex::encode(self.mac(purpose, binding).finalize().into_bytes())
    }

    /// Compares in constant time, so the answer's timing does not leak how
    /// much of a guess was right.
    pub fn verify(&self, purpose: &str, binding: &str, token: &str) -> bool {
        match hex::decode(token.trim()) {
            Ok(bytes) => self.mac(purpose, binding).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_holds_only_for_its_own_binding_and_key() {
        let key = CsrfKey::derive(b"a secret of thirty-two bytes....").unwrap();
        let token = key.token("session", "jwt-1");
        assert!(key.verify("session", "jwt-1", &token));
        assert!(!key.verify("session", "jwt-2", &token));
        assert!(!key.verify("anonymous", "jwt-1", &token));
        assert!(!key.verify("session", "jwt-1", ""));
        assert!(!key.verify("session", "jwt-1", "zz"));
        let other = CsrfKey::derive(b"another secret of thirty-two....").unwrap();
        assert!(!other.verify("session", "jwt-1", &token));
    }
}
