//! Who a request comes from, for limits: the connection's own address, or,
//! when that is one of our trusted proxies (the load balancer), the address
//! the proxy says it forwarded for. `X-Forwarded-For` from anyone else is
//! ignored: a visitor could write anything there.

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use std::net::{IpAddr, SocketAddr};

/// The client's address: starting from the connection's `peer`, each trusted
/// proxy in turn is replaced by the address it appended to `X-Forwarded-For`
/// (read from the right), until an address that is not a trusted proxy.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let mut forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>()
        .into_iter()
        .rev();
    let mut address = peer;
    while trusted.contains(&address) {
        match forwarded.next().and_then(|hop| hop.parse().ok()) {
            Some(hop) => address = hop,
            None => break,
        }
    }
    address
}

/// The address of the connection a request came on (the unspecified
/// address when there is none, as in tests that do not set it).
pub fn peer(extensions: &Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |info| info.0.ip())
}

/// A `TRUSTED_PROXIES` entry that is not an address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an IP address")]
pub struct NotAnAddress(pub String);

/// Reads `TRUSTED_PROXIES`: addresses separated by commas.
pub fn parse_trusted(text: &str) -> Result<Vec<IpAddr>, NotAnAddress> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| item.parse().map_err(|_| NotAnAddress(item.into())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_static(value));
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_ignored_unless_the_peer_is_trusted() {
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(
            client_address(ip("198.51.100.1"), &headers, &[]),
            ip("198.51.100.1")
        );
        assert_eq!(
            client_address(ip("198.51.100.1"), &headers, &[ip("10.0.0.1")]),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn trusted_proxies_are_passed_from_the_right() {
        let proxy = ip("10.0.0.1");
        // The visitor wrote a false address first; the proxy appended the real one.
        let headers = forwarded(&["1.2.3.4, 203.0.113.7"]);
        assert_eq!(client_address(proxy, &headers, &[proxy]), ip("203.0.113.7"));
        // Two proxies in a row, the second header line the nearer one.
        let inner = ip("10.0.0.2");
        let headers = forwarded(&["203.0.113.7", "10.0.0.1"]);
        assert_eq!(
            client_address(inner, &headers, &[proxy, inner]),
            ip("203.0.113.7")
        );
        // A trusted proxy that forwarded nothing readable is the client.
        assert_eq!(
            client_address(proxy, &forwarded(&["nonsense"]), &[proxy]),
            proxy
        );
        assert_eq!(client_address(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }

    #[test]
    fn trusted_proxies_setting() {
        assert_eq!(
            parse_trusted("127.0.0.1, ::1").unwrap(),
            vec![ip("127.0.0.1"), ip("::1")]
        );
        assert!(parse_trusted("").unwrap().is_empty());
        assert!(parse_trusted("localhost").is_err());
    }
}
