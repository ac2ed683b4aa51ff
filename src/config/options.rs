//! The constructor's options as the caller gave them, before any check:
//! each a [`Field`] that `Config::new` checks and names in its errors.

use crate::validate::Field;

/// The constructor's options as the caller gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `zoneId`.
    pub zone_id: Field,
    /// `apiToken`.
    pub api_token: Field,
    /// `apiEmail`.
    pub api_email: Field,
    /// `apiKey`.
    pub api_key: Field,
    /// `baseUrl`.
    pub base_url: Field,
    /// `apiVersion`.
    pub api_version: Field,
    /// `timeoutMs`.
    pub timeout_ms: Field,
    /// `maxRetries`.
    pub max_retries: Field,
    /// `retryDelayMs`.
    pub retry_delay_ms: Field,
    /// `concurrency`.
    pub concurrency: Field,
    /// `rateLimit`: `false`, or `{ requests, windowMs }` as its two fields.
    pub rate_limit: (Field, Field),
    /// `rateLimit === false`.
    pub rate_limit_off: bool,
    /// `dangerouslyAllowBrowser`.
    pub dangerously_allow_browser: Field,
    /// `allowInsecureHttp`.
    pub allow_insecure_http: Field,
    /// `logLevel`.
    pub log_level: Field,
}

impl Default for Options {
    fn default() -> Self {
        let m = || Field::Missing;
        Options {
            zone_id: m(),
            api_token: m(),
            api_email: m(),
            api_key: m(),
            base_url: m(),
            api_version: m(),
            timeout_ms: m(),
            max_retries: m(),
            retry_delay_ms: m(),
            concurrency: m(),
            rate_limit: (m(), m()),
            rate_limit_off: false,
            dangerously_allow_browser: m(),
            allow_insecure_http: m(),
            log_level: m(),
        }
    }
}
