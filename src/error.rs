//! The one error type of the crate. `kind()` yields exactly the strings of the
//! JS API (`validation`, `api`, `network`, `timeout`, `aborted`, `decode`).
//! Messages name the input and the rule broken; they never carry credentials.

use core::fmt;

/// What an aborted call knew of every item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Partial<'a> {
    /// A batch call's items.
    Batch(&'a crate::model::BatchResult),
    /// `apply`'s or `sync`'s upserts and deletes.
    Applied(&'a crate::client::Applied),
}

/// One `{code, message}` entry of Cloudflare's error envelope.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiMessage {
    /// Cloudflare's numeric error code (1164, 10000, ...).
    pub code: u32,
    /// Cloudflare's text for it.
    pub message: String,
}

/// Everything that can go wrong in a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A value given by the caller breaks a rule; nothing was sent.
    /// (Boxed: it is the largest variant, and every `Result` of the crate
    /// carries an `Error` by value.)
    Validation(Box<Invalid>),
    /// The API answered with an error status or `success: false`.
    Api {
        /// HTTP status of the answer.
        status: u16,
        /// Every Cloudflare error of the envelope (empty when the body had none).
        errors: Vec<ApiMessage>,
        /// The answer's `cf-ray`, for Cloudflare support.
        ray_id: Option<String>,
    },
    /// The request could not be sent or its answer not read.
    Network(String),
    /// An attempt took longer than its timeout.
    Timeout {
        /// The per-attempt timeout that ran out.
        ms: u32,
    },
    /// The caller's AbortSignal fired.
    Aborted,
    /// The caller's AbortSignal fired during a batch call: what is known of
    /// every item (applied, refused, not sent, or unknown because its request
    /// was in flight).
    AbortedBatch(Box<crate::model::BatchResult>),
    /// The caller's AbortSignal fired during `apply` or `sync`: what is known
    /// of every upsert and every delete.
    AbortedApply(Box<crate::client::Applied>),
    /// The API answered success with a body this client cannot read.
    Decode {
        /// What did not fit, and where.
        detail: String,
        /// The answer's `cf-ray`, when there was an answer.
        ray_id: Option<String>,
    },
}

/// What a validation error says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Where the value came from, e.g. `items[3].ip` or `options.zoneId`.
    pub input: String,
    /// The offending value, shortened and escaped for display; `None` for secrets.
    pub value: Option<String>,
    /// The rule broken, in plain words.
    pub rule: String,
}

/// Longest part of a caller's value quoted back in a message: a 1 MB string
/// must not become a 1 MB error message.
const QUOTE_MAX_CHARS: usize = 48;

impl Error {
    /// A validation error quoting the offending value.
    // Error constructors are cold and out of line: they are on error paths
    // only, and a copy inlined into each checking function would be compiled
    // (V8 compiles a wasm function whole, on its first call) on every happy path.
    #[cold]
    #[inline(never)]
    pub fn invalid(input: &str, value: &str, rule: &str) -> Self {
        Error::Validation(Box::new(Invalid {
            input: input.into(),
            value: Some(quote(value)),
            rule: rule.into(),
        }))
    }

    /// A value of the wrong type: "`input`: must be `expected` (got `got`)".
    /// Never quotes the value. Out of line: one copy for every such check.
    #[cold]
    #[inline(never)]
    pub fn wrong_type(input: &str, expected: &str, got: &str) -> Self {
        Error::invalid_unquoted(input, &format!("must be {expected} (got {got})"))
    }

    /// A validation error that does not quote the value (secrets, non-strings).
    #[cold]
    #[inline(never)]
    pub fn invalid_unquoted(input: &str, rule: &str) -> Self {
        Error::Validation(Box::new(Invalid {
            input: input.into(),
            value: None,
            rule: rule.into(),
        }))
    }

    /// The JS API's `kind` string.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::Api { .. } => "api",
            Error::Network(_) => "network",
            Error::Timeout { .. } => "timeout",
            Error::Aborted | Error::AbortedBatch(_) | Error::AbortedApply(_) => "aborted",
            Error::Decode { .. } => "decode",
        }
    }

    /// HTTP status, for `api` errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// First Cloudflare error code, for `api` errors that carry one.
    pub fn code(&self) -> Option<u32> {
        self.errors().first().map(|e| e.code)
    }

    /// What a batch call knew of every item when it was aborted.
    pub fn partial_result(&self) -> Option<&crate::model::BatchResult> {
        match self {
            Error::AbortedBatch(r) => Some(r),
            _ => None,
        }
    }

    /// What an aborted batch, `apply` or `sync` knew of every item
    /// (`error.result` in JS).
    pub fn partial(&self) -> Option<Partial<'_>> {
        match self {
            Error::AbortedBatch(r) => Some(Partial::Batch(r)),
            Error::AbortedApply(a) => Some(Partial::Applied(a)),
            _ => None,
        }
    }

    /// [`Error::partial`] as JSON text.
    pub fn partial_json(&self) -> Option<String> {
        self.partial().and_then(|p| serde_json::to_string(&p).ok())
    }

    /// The `cf-ray` of the answer behind an `api` or `decode` error.
    pub fn ray_id(&self) -> Option<&str> {
        match self {
            Error::Api { ray_id, .. } | Error::Decode { ray_id, .. } => ray_id.as_deref(),
            _ => None,
        }
    }

    /// A decode error with no answer behind it.
    #[cold]
    pub fn decode(detail: impl Into<String>) -> Self {
        Error::Decode {
            detail: detail.into(),
            ray_id: None,
        }
    }

    /// All Cloudflare errors of the answer; empty for every other kind.
    pub fn errors(&self) -> &[ApiMessage] {
        match self {
            Error::Api { errors, .. } => errors,
            _ => &[],
        }
    }
}

/// The value as the caller would recognise it: quoted, with control
/// characters escaped (so NULs and line breaks show), cut to a bounded length.
pub fn quote(value: &str) -> String {
    let mut chars = value.chars();
    let mut out = String::from("\"");
    for c in chars.by_ref().take(QUOTE_MAX_CHARS) {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\0' => out.push_str("\\0"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    let more = chars.count();
    if more > 0 {
        out.push_str(&format!("… ({more} more characters)"));
    }
    out
}

impl Error {
    /// The message users see (`error.message` in JS), built without
    /// `core::fmt` (see `text`).
    pub fn message(&self) -> String {
        let aborted = |applied: usize, not: usize| {
            format!("the call was aborted by its AbortSignal: {applied} items applied, {not} not (see error.result)")
        };
        match self {
            Error::Validation(e) => match &e.value {
                Some(v) => format!("{} {v}: {}", e.input, e.rule),
                None => format!("{}: {}", e.input, e.rule),
            },
            Error::Api { status, errors, .. } => {
                let mut out = format!("Cloudflare API answered HTTP {status}");
                for (i, e) in errors.iter().enumerate() {
                    let sep = if i == 0 { ": " } else { "; " };
                    out.push_str(&format!("{sep}{} (code {})", e.message, e.code));
                }
                out
            }
            Error::Network(detail) => format!("network failure: {detail}"),
            Error::Timeout { ms } => format!("no answer within the timeout of {ms} ms"),
            Error::Aborted => "the call was aborted by its AbortSignal".into(),
            Error::AbortedBatch(r) => aborted(r.succeeded.len(), r.failed.len()),
            Error::AbortedApply(a) => aborted(
                a.upserted.succeeded.len() + a.deleted.succeeded.len(),
                a.upserted.failed.len() + a.deleted.failed.len(),
            ),
            Error::Decode { detail, .. } => format!("unexpected API response: {detail}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_message_names_input_value_and_rule() {
        let e = Error::invalid(
            "items[2].ip",
            "1.2.3.04",
            "IPv4 octet \"04\" has a leading zero",
        );
        assert_eq!(
            e.to_string(),
            r#"items[2].ip "1.2.3.04": IPv4 octet "04" has a leading zero"#
        );
        assert_eq!(e.kind(), "validation");
    }

    #[test]
    fn long_values_are_cut_and_control_characters_escaped() {
        let long = "9".repeat(1_000_000);
        let msg = Error::invalid("ip", &long, "too long").to_string();
        assert!(msg.len() < 200, "{}", msg.len());
        assert!(msg.contains("999952 more characters"));
        let nul = Error::invalid("ip", "1.2.3.4\0", "control character").to_string();
        assert!(nul.contains("\\0"), "{nul}");
    }

    #[test]
    fn api_errors_list_every_code() {
        let e = Error::Api {
            status: 403,
            errors: vec![
                ApiMessage {
                    code: 1164,
                    message: "Maximum reached".into(),
                },
                ApiMessage {
                    code: 9,
                    message: "second".into(),
                },
            ],
            ray_id: Some("8f1b2c3d4e5f6a7b-IAD".into()),
        };
        assert_eq!(e.ray_id(), Some("8f1b2c3d4e5f6a7b-IAD"));
        assert_eq!(e.code(), Some(1164));
        assert_eq!(e.status(), Some(403));
        assert_eq!(
            e.to_string(),
            "Cloudflare API answered HTTP 403: Maximum reached (code 1164); second (code 9)"
        );
        assert_eq!(
            Error::Api {
                status: 502,
                errors: vec![],
                ray_id: None,
            }
            .code(),
            None
        );
    }
}
