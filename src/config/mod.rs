//! Client options, checked once in the constructor: zone, credentials, base
//! URL and the transport knobs. Nothing here talks to JS or the network.

use crate::auth::Credentials;
use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::validate::{self, Field};

mod options;
pub use options::Options;

/// Cloudflare's API, the default base URL.
pub const CLOUDFLARE_BASE_URL: &str = "https://api.cloudflare.com/client/v4";
/// Per-attempt timeout when none is given.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Retries after the first attempt when none is given.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// First backoff delay; doubled on each retry.
pub const DEFAULT_RETRY_DELAY_MS: u32 = 500;
/// Requests in flight at once, for batches and for reading every page, when
/// none is given. Cloudflare limits requests per 5 minutes, not in flight;
/// Workers and browsers queue what their own connection limits hold back.
pub const DEFAULT_CONCURRENCY: u32 = 16;

/// Which generation of endpoints serves the operations that exist in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    /// `/cache/origin_cloud_regions` (deprecated by Cloudflare).
    V1,
    /// `/origin/cloud_regions`.
    V2,
}

/// How much the client logs: each level includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    /// Nothing.
    Off,
    /// Errors only (the client has none of its own to report yet).
    Error,
    /// Retries, refused items, the first use of v1 (the default).
    Warn,
    /// Nothing more than `warn` yet; accepted as the official SDK names it.
    Info,
    /// Every attempt and every wait.
    Debug,
}

impl LogLevel {
    /// The console method a line of this level goes to.
    pub fn method(self) -> &'static str {
        match self {
            LogLevel::Off | LogLevel::Debug => "debug",
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
        }
    }

    fn parse(f: &Field) -> Result<LogLevel, Error> {
        const RULE: &str = "must be 'debug', 'info', 'warn', 'error' or 'off'";
        match f {
            Field::Missing => Ok(LogLevel::Warn),
            Field::Text(s) => match s.as_str() {
                "off" => Ok(LogLevel::Off),
                "error" => Ok(LogLevel::Error),
                "warn" => Ok(LogLevel::Warn),
                "info" => Ok(LogLevel::Info),
                "debug" => Ok(LogLevel::Debug),
                _ => Err(Error::invalid("options.logLevel", s, RULE)),
            },
            other => Err(Error::wrong_type(
                "options.logLevel",
                "a string",
                other.type_name(),
            )),
        }
    }
}

/// Transport knobs that a single call may override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Per-attempt timeout.
    pub timeout_ms: u32,
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff delay.
    pub retry_delay_ms: u32,
}

/// A checked client configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Zone whose mappings are managed.
    pub zone_id: String,
    /// API base, without a trailing slash.
    pub base_url: String,
    /// Default endpoint generation.
    pub api_version: ApiVersion,
    /// Timeout and retries.
    pub limits: Limits,
    /// Batch requests in flight at once.
    pub concurrency: u32,
    /// Client-side rate limit: requests per window in ms; `None` for none.
    pub rate_limit: Option<(u32, u32)>,
    /// How requests authenticate.
    pub credentials: Credentials,
    /// What the client logs.
    pub log_level: LogLevel,
}

/// Per-call overrides of [`Limits`].
pub fn call_limits(base: Limits, timeout_ms: &Field, max_retries: &Field) -> Result<Limits, Error> {
    Ok(Limits {
        timeout_ms: validate::whole_number("options.timeoutMs", timeout_ms, 1, 600_000)?
            .unwrap_or(base.timeout_ms),
        max_retries: validate::whole_number("options.maxRetries", max_retries, 0, 10)?
            .unwrap_or(base.max_retries),
        retry_delay_ms: base.retry_delay_ms,
    })
}

impl Config {
    /// Checks the options. `in_browser_page` says whether the code runs in a
    /// web page, where any script on the page could read a credential.
    pub fn new(o: &Options, in_browser_page: bool) -> Result<Config, Error> {
        let zone_id = validate::zone_id("options.zoneId", &o.zone_id)?;
        let optional_text = |name: &str, f: &Field| -> Result<Option<String>, Error> {
            match f {
                Field::Missing => Ok(None),
                _ => validate::text(name, f).map(|s| Some(s.to_owned())),
            }
        };
        // The credential values are never quoted back, whatever is wrong with them.
        let secret = |name: &str, f: &Field| -> Result<Option<String>, Error> {
            match f {
                Field::Missing => Ok(None),
                Field::Text(s) => Ok(Some(s.clone())),
                other => Err(Error::wrong_type(name, "a string", other.type_name())),
            }
        };
        let token = secret("options.apiToken", &o.api_token)?;
        let email = optional_text("options.apiEmail", &o.api_email)?;
        let key = secret("options.apiKey", &o.api_key)?;
        let credentials = Credentials::new(token.as_deref(), email.as_deref(), key.as_deref())?;

        let base = optional_text("options.baseUrl", &o.base_url)?;
        let base_url = BaseUrl::parse(base.as_deref().unwrap_or(CLOUDFLARE_BASE_URL))?;
        if base_url.is_cloudflare && !credentials.is_some() {
            return Err(Error::invalid_unquoted(
                "options",
                "apiToken (or apiEmail with apiKey) is required with Cloudflare's API; omit them only behind a proxy that adds them (set baseUrl)",
            ));
        }
        if credentials.is_some()
            && !base_url.secure
            && !validate::flag("options.allowInsecureHttp", &o.allow_insecure_http)?
        {
            return Err(Error::invalid(
                "options.baseUrl",
                &base_url.url,
                "credentials are only sent over https (or http to localhost); set allowInsecureHttp: true to send them over plain http",
            ));
        }
        if credentials.is_some()
            && in_browser_page
            && !validate::flag(
                "options.dangerouslyAllowBrowser",
                &o.dangerously_allow_browser,
            )?
        {
            return Err(Error::invalid_unquoted(
                "options.dangerouslyAllowBrowser",
                "must be true to use a credential in a browser page, where any script on the page can read it; prefer a backend proxy that adds it",
            ));
        }

        let api_version = match &o.api_version {
            Field::Missing => ApiVersion::V2,
            Field::Text(s) if s == "v2" => ApiVersion::V2,
            Field::Text(s) if s == "v1" => ApiVersion::V1,
            Field::Text(s) => {
                return Err(Error::invalid(
                    "options.apiVersion",
                    s,
                    "must be \"v1\" or \"v2\"",
                ))
            }
            other => {
                return Err(Error::wrong_type(
                    "options.apiVersion",
                    "\"v1\" or \"v2\"",
                    other.type_name(),
                ))
            }
        };
        let defaults = Limits {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: DEFAULT_MAX_RETRIES,
            retry_delay_ms: validate::whole_number(
                "options.retryDelayMs",
                &o.retry_delay_ms,
                0,
                60_000,
            )?
            .unwrap_or(DEFAULT_RETRY_DELAY_MS),
        };
        let limits = call_limits(defaults, &o.timeout_ms, &o.max_retries)?;
        let concurrency = validate::whole_number("options.concurrency", &o.concurrency, 1, 32)?
            .unwrap_or(DEFAULT_CONCURRENCY);
        let rate_limit = if o.rate_limit_off {
            None
        } else {
            let requests = validate::whole_number(
                "options.rateLimit.requests",
                &o.rate_limit.0,
                1,
                1_000_000,
            )?;
            let window = validate::whole_number(
                "options.rateLimit.windowMs",
                &o.rate_limit.1,
                1,
                86_400_000,
            )?;
            Some((
                requests.unwrap_or(crate::limiter::CLOUDFLARE_MAX_REQUESTS),
                window.unwrap_or(crate::limiter::CLOUDFLARE_WINDOW_MS),
            ))
        };
        Ok(Config {
            zone_id,
            base_url: base_url.url,
            api_version,
            limits,
            concurrency,
            rate_limit,
            credentials,
            log_level: LogLevel::parse(&o.log_level)?,
        })
    }
}

#[cfg(test)]
mod tests;
