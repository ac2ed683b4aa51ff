//! Credentials and the headers they become. Debug output is written by hand
//! so that `{:?}` of a client or config never prints a secret.

use crate::error::Error;
use core::fmt;

/// A secret string: no Display, a Debug that redacts.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The secret, for the one place that needs it: the request headers.
    fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// None: a proxy in front of the API adds them.
    None,
    /// `Authorization: Bearer <token>`.
    Token(Secret),
    /// Legacy `X-Auth-Email` + `X-Auth-Key` (global API key).
    Key {
        /// Account e-mail.
        email: String,
        /// Global API key.
        key: Secret,
    },
}

impl Credentials {
    /// Builds credentials from the option values, checking that each is a
    /// header-safe token. Messages never quote the secret itself.
    pub fn new(token: Option<&str>, email: Option<&str>, key: Option<&str>) -> Result<Self, Error> {
        match (token, email, key) {
            (None, None, None) => Ok(Credentials::None),
            (Some(t), None, None) => Ok(Credentials::Token(Secret(header_safe(
                "options.apiToken",
                t,
            )?))),
            (None, Some(e), Some(k)) => Ok(Credentials::Key {
                email: header_safe("options.apiEmail", e)?,
                key: Secret(header_safe("options.apiKey", k)?),
            }),
            (Some(_), _, _) => Err(Error::invalid_unquoted(
                "options",
                "give either apiToken, or apiEmail with apiKey (legacy global key), not both",
            )),
            (None, Some(_), None) => Err(Error::invalid_unquoted(
                "options.apiKey",
                "is required with apiEmail",
            )),
            (None, None, Some(_)) => Err(Error::invalid_unquoted(
                "options.apiEmail",
                "is required with apiKey",
            )),
        }
    }

    /// Whether any credential is set.
    pub fn is_some(&self) -> bool {
        !matches!(self, Credentials::None)
    }

    /// `none`, `token` or `key`: safe to show.
    pub fn scheme(&self) -> &'static str {
        match self {
            Credentials::None => "none",
            Credentials::Token(_) => "token",
            Credentials::Key { .. } => "key",
        }
    }

    /// The request headers that carry the credentials.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match self {
            Credentials::None => vec![],
            Credentials::Token(t) => {
                vec![("Authorization", format!("Bearer {}", t.expose()))]
            }
            Credentials::Key { email, key } => {
                vec![
                    ("X-Auth-Email", email.clone()),
                    ("X-Auth-Key", key.expose().to_owned()),
                ]
            }
        }
    }
}

/// A header value must be visible ASCII: a line break would split the header
/// (and `fetch` throws on anything else). The value is never quoted back.
fn header_safe(name: &str, value: &str) -> Result<String, Error> {
    if value.is_empty() {
        return Err(Error::invalid_unquoted(name, "must not be empty"));
    }
    if value.bytes().any(|b| b == b'\r' || b == b'\n') {
        return Err(Error::invalid_unquoted(
            name,
            "must not contain a line break",
        ));
    }
    if !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid_unquoted(
            name,
            "must be visible ASCII characters without spaces",
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";

    #[test]
    fn debug_never_prints_a_secret() {
        let c = Credentials::new(Some(TOKEN), None, None).unwrap();
        assert!(!format!("{c:?}").contains(TOKEN));
        let k = Credentials::new(
            None,
            Some("a@b.c"),
            Some("144c9defac04969c7bfad8efaa8ea194"),
        )
        .unwrap();
        assert!(!format!("{k:?}").contains("144c9d"));
    }

    #[test]
    fn headers_per_scheme() {
        let c = Credentials::new(Some(TOKEN), None, None).unwrap();
        assert_eq!(
            c.headers(),
            vec![("Authorization", format!("Bearer {TOKEN}"))]
        );
        let k = Credentials::new(None, Some("a@b.c"), Some("k1")).unwrap();
        assert_eq!(
            k.headers(),
            vec![
                ("X-Auth-Email", "a@b.c".into()),
                ("X-Auth-Key", "k1".into())
            ]
        );
        assert!(Credentials::new(None, None, None)
            .unwrap()
            .headers()
            .is_empty());
    }

    #[test]
    fn bad_credentials_are_refused_without_quoting_them() {
        let secret = "abc\ndef-secret";
        let e = Credentials::new(Some(secret), None, None)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "options.apiToken: must not contain a line break");
        assert!(Credentials::new(Some("t"), Some("e"), Some("k")).is_err());
        assert!(Credentials::new(Some("t"), None, Some("k")).is_err());
        assert!(Credentials::new(None, Some("e"), None).is_err());
        assert!(Credentials::new(Some("tok en"), None, None).is_err());
        assert!(Credentials::new(Some(""), None, None).is_err());
        assert!(Credentials::new(Some("tök"), None, None).is_err());
    }
}
