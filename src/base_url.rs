//! The `baseUrl` option: where requests go, and whether credentials may
//! travel there (https, or http to a loopback host).

use crate::error::Error;

/// A checked base URL.
pub struct BaseUrl {
    /// The URL, without a trailing slash.
    pub url: String,
    /// https, or http to a loopback host.
    pub secure: bool,
    /// Whether it is Cloudflare's own API.
    pub is_cloudflare: bool,
}

impl BaseUrl {
    /// Checks `text` as a base URL.
    // One pass over the bytes, no `str` pattern machinery or Unicode tables:
    // the constructor runs this on every cold start, and V8 compiles each
    // function the first time it runs.
    // Plain byte scans, not `contains`: memchr's word-at-a-time code is
    // ~500 bytes of wasm more for a URL of a few dozen bytes.
    #[allow(clippy::manual_contains)]
    pub fn parse(text: &str) -> Result<BaseUrl, Error> {
        let b = text.as_bytes();
        let mut colon = None;
        let mut query_or_fragment = false;
        let mut space_or_control = false;
        let mut unicode = false;
        for (i, &c) in b.iter().enumerate() {
            match c {
                b':' if colon.is_none() => colon = Some(i),
                b'?' | b'#' => query_or_fragment = true,
                0..=b' ' | 0x7f => space_or_control = true,
                0x80..=0xff => unicode = true,
                _ => {}
            }
        }
        let Some(colon) = colon.filter(|&c| b[c + 1..].starts_with(b"//")) else {
            return Err(bad_base_url(text, "must be an absolute http(s) URL"));
        };
        let https = match &b[..colon] {
            s if s.eq_ignore_ascii_case(b"https") => true,
            s if s.eq_ignore_ascii_case(b"http") => false,
            _ => return Err(bad_base_url(text, "must use http or https")),
        };
        if space_or_control || (unicode && has_unicode_space_or_control(text)) {
            return Err(bad_base_url(
                text,
                "must not contain whitespace or control characters",
            ));
        }
        if query_or_fragment {
            return Err(bad_base_url(text, "must not have a query or fragment"));
        }
        let rest = &b[colon + 3..];
        let authority = &rest[..rest.iter().position(|&c| c == b'/').unwrap_or(rest.len())];
        if authority.iter().any(|&c| c == b'@') {
            return Err(bad_base_url(
                text,
                "must not carry credentials; use apiToken or apiEmail + apiKey",
            ));
        }
        let host = host_of(authority);
        if host.is_empty() {
            return Err(bad_base_url(text, "must name a host"));
        }
        // Judge the host as fetch will connect to it: the name `localhost`,
        // `[::1]`, or a strict dotted quad in 127/8. "127.evil.example.com"
        // is a DNS name, and Node's resolver does not pin "*.localhost" to
        // loopback, so neither counts.
        let loopback = host.eq_ignore_ascii_case(b"localhost")
            || host == b"[::1]"
            || crate::ip::dotted_quad(host).is_some_and(|octets| octets[0] == 127);
        let mut end = b.len();
        while b[end - 1] == b'/' {
            end -= 1;
        }
        Ok(BaseUrl {
            url: text[..end].to_owned(),
            secure: https || loopback,
            is_cloudflare: host.eq_ignore_ascii_case(b"api.cloudflare.com"),
        })
    }
}

/// The error of a base URL that breaks `rule`.
#[cold]
#[inline(never)]
fn bad_base_url(text: &str, rule: &str) -> Error {
    Error::invalid("options.baseUrl", text, rule)
}

/// Whitespace or control characters beyond ASCII (U+00A0, U+2028, ...).
#[cold]
#[inline(never)]
fn has_unicode_space_or_control(text: &str) -> bool {
    text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The host of `host[:port]` or `[v6]:port`.
fn host_of(authority: &[u8]) -> &[u8] {
    let end = if authority.first() == Some(&b'[') {
        authority
            .iter()
            .position(|&c| c == b']')
            .map_or(authority.len(), |i| i + 1)
    } else {
        authority
            .iter()
            .position(|&c| c == b':')
            .unwrap_or(authority.len())
    };
    &authority[..end]
}
