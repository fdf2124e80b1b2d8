//! The address a request came from, as the limits per client count it.
//!
//! `X-Forwarded-For` is anyone's to write, so it is believed only when the
//! connection comes from a proxy the operator named (RELIEF_TRUSTED_PROXIES):
//! then the client is the rightmost address in it that is not one of those
//! proxies. Otherwise the client is the connection's peer.

use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::{ready, Ready};

use crate::error::AppError;
use crate::state::AppState;

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpAddr>);

impl TrustedProxies {
    pub fn new(addresses: Vec<IpAddr>) -> Self {
        Self(addresses)
    }

    /// A comma-separated list of IP addresses.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| IpAddr::from_str(s).map_err(|_| format!("not an IP address: {s:?}")))
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.contains(&ip)
    }

    /// The client behind `peer`, given the request's `X-Forwarded-For`.
    pub fn client(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> Option<IpAddr> {
        let peer = peer?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let Some(header) = forwarded_for else {
            return Some(peer);
        };
        let mut hops = header.rsplit(',').map(str::trim);
        let mut client = peer;
        for hop in hops.by_ref() {
            match IpAddr::from_str(hop) {
                Ok(ip) if self.trusts(ip) => client = ip,
                Ok(ip) => return Some(ip),
                // A hop written badly is where the trusted chain ends.
                Err(_) => return Some(client),
            }
        }
        Some(client)
    }
}

/// The source key of a request: an IPv4 address, or the /64 network of an
/// IPv6 one, since one subscriber holds a whole /64.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientAddr(pub String);

impl ClientAddr {
    pub fn of(ip: Option<IpAddr>) -> Self {
        match ip {
            Some(IpAddr::V4(v4)) => Self(v4.to_string()),
            Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => Self(v4.to_string()),
                None => {
                    let s = v6.segments();
                    let net = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                    Self(format!("{net}/64"))
                }
            },
            None => Self("unknown".to_owned()),
        }
    }

    pub fn of_request(req: &HttpRequest, proxies: &TrustedProxies) -> Self {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        Self::of(proxies.client(req.peer_addr().map(|a| a.ip()), forwarded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromRequest for ClientAddr {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let proxies = req
            .app_data::<web::Data<AppState>>()
            .map(|state| state.proxies.clone())
            .unwrap_or_default();
        ready(Ok(Self::of_request(req, &proxies)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let proxies = TrustedProxies::parse("10.0.0.1, 10.0.0.2").unwrap();
        let forged = Some("1.1.1.1, 203.0.113.7");
        assert_eq!(
            proxies.client(Some(ip("198.51.100.9")), forged),
            Some(ip("198.51.100.9"))
        );
        assert_eq!(
            proxies.client(Some(ip("10.0.0.1")), forged),
            Some(ip("203.0.113.7"))
        );
        // A chain of trusted proxies: the first untrusted hop from the right.
        let chain = Some("1.1.1.1, 203.0.113.7, 10.0.0.2");
        assert_eq!(
            proxies.client(Some(ip("10.0.0.1")), chain),
            Some(ip("203.0.113.7"))
        );
        assert_eq!(
            proxies.client(Some(ip("10.0.0.1")), None),
            Some(ip("10.0.0.1"))
        );
        assert_eq!(
            proxies.client(Some(ip("10.0.0.1")), Some("junk")),
            Some(ip("10.0.0.1"))
        );
        assert!(TrustedProxies::parse("10.0.0.1, nonsense").is_err());
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_network() {
        let a = ClientAddr::of(Some(ip("2001:db8:1:2:aaaa::1")));
        let b = ClientAddr::of(Some(ip("2001:db8:1:2:bbbb::9")));
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "2001:db8:1:2::/64");
        assert_eq!(
            ClientAddr::of(Some(ip("::ffff:192.0.2.1"))).as_str(),
            "192.0.2.1"
        );
    }
}
