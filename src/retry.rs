//! When to retry and how long to wait. Pure: the clock and the random source
//! come in as arguments.
//!
//! - 429, 5xx, network failures and attempt timeouts are retried, up to
//!   `maxRetries` times after the first attempt.
//! - A request that is not idempotent (v1 create) is retried only on 429:
//!   any other failure may come after the server acted on it.
//! - Without `Retry-After` the wait is `retryDelayMs · 2^n`, capped at
//!   [`MAX_BACKOFF_MS`], with "equal jitter" (between half and all of it), so
//!   that many clients failing together do not retry together.
//! - `Retry-After` (seconds, or an HTTP date) is waited exactly, up to
//!   [`MAX_RETRY_AFTER_MS`]; a server asking for longer is not retried and the
//!   429 goes back to the caller at once, rather than holding a Worker past
//!   its time limit.

/// Cap of the exponential backoff.
pub const MAX_BACKOFF_MS: u32 = 8_000;
/// Longest `Retry-After` the client waits.
pub const MAX_RETRY_AFTER_MS: u32 = 60_000;

/// What went wrong with one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure<'a> {
    /// The server answered with this status.
    Status {
        /// HTTP status.
        status: u16,
        /// The `Retry-After` header, verbatim.
        retry_after: Option<&'a str>,
    },
    /// The request failed before an answer arrived.
    Network,
    /// The attempt ran out of time.
    Timeout,
}

/// Whether a status is worth another attempt.
pub fn retryable_status(status: u16) -> bool {
    status == 429 || status >= 500
}

/// The wait before retry number `retry` (0 for the first retry), or `None`
/// when the failure must go back to the caller.
pub fn delay_ms(
    failure: Failure<'_>,
    retry: u32,
    max_retries: u32,
    idempotent: bool,
    base_delay_ms: u32,
    now_ms: f64,
    random: f64,
) -> Option<u32> {
    if retry >= max_retries {
        return None;
    }
    let retry_after = match failure {
        Failure::Status {
            status,
            retry_after,
        } => {
            if !retryable_status(status) || (!idempotent && status != 429) {
                return None;
            }
            retry_after.and_then(|v| parse_retry_after(v, now_ms))
        }
        Failure::Network | Failure::Timeout if !idempotent => return None,
        Failure::Network | Failure::Timeout => None,
    };
    match retry_after {
        Some(ms) if ms > f64::from(MAX_RETRY_AFTER_MS) => None,
        Some(ms) => Some(ms.ceil() as u32),
        None => {
            let full = (f64::from(base_delay_ms) * 2f64.powi(retry.min(16) as i32))
                .min(f64::from(MAX_BACKOFF_MS));
            Some((full * (0.5 + random.clamp(0.0, 1.0) / 2.0)) as u32)
        }
    }
}

/// `Retry-After` in milliseconds from `now_ms`: delay-seconds, or an HTTP
/// date in any of the three forms RFC 9110 §5.6.7 has recipients accept
/// (IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850
/// `Sunday, 06-Nov-94 08:49:37 GMT`, asctime `Sun Nov  6 08:49:37 1994`).
/// Dates in the past mean 0; anything else is `None` (ordinary backoff).
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let v = value.trim_ascii();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Digits only (no sign, no fraction); one too long for u64 is just large.
        let secs = v.parse::<u64>().unwrap_or(u64::MAX);
        return Some(secs as f64 * 1000.0);
    }
    let date = httpdate::parse_http_date(v).ok()?;
    let ms = date.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis() as f64;
    Some((ms - now_ms).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_445_412_480_000.0; // Wed, 21 Oct 2015 07:28:00 GMT

    fn status(s: u16, ra: Option<&str>) -> Failure<'_> {
        Failure::Status {
            status: s,
            retry_after: ra,
        }
    }

    /// A date as `Retry-After` reads it against the epoch: its ms since 1970.
    fn date_ms(v: &str) -> Option<f64> {
        parse_retry_after(v, 0.0)
    }

    #[test]
    fn http_dates_in_all_three_forms() {
        assert_eq!(date_ms("Wed, 21 Oct 2015 07:28:00 GMT"), Some(NOW));
        assert_eq!(date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(
            date_ms("Tue, 29 Feb 2028 12:00:00 GMT"),
            Some(1_835_438_400_000.0)
        );
        // RFC 9110 §5.6.7's example, in each of its three forms.
        let nov_6_1994 = Some(784_111_777_000.0);
        assert_eq!(date_ms("Sun, 06 Nov 1994 08:49:37 GMT"), nov_6_1994);
        assert_eq!(date_ms("Sunday, 06-Nov-94 08:49:37 GMT"), nov_6_1994);
        assert_eq!(date_ms("Sun Nov  6 08:49:37 1994"), nov_6_1994);
        // Relative to now, as a retry waits.
        assert_eq!(
            parse_retry_after("Wednesday, 21-Oct-15 07:28:09 GMT", NOW),
            Some(9000.0)
        );
        assert_eq!(
            parse_retry_after("Wed Oct 21 07:28:04 2015", NOW),
            Some(4000.0)
        );
        for bad in [
            "",
            "21 Oct 2015",
            "Wed, 21 Foo 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 07:28 GMT",
            "Wed, 21 Oct 2015 07:28:00 UTC",
            "Sunday, 06-Nov-94 08:49:37 UTC",
            "Sun Nov 6 08:49:37",
            "\u{1}\u{2}garbage\u{7f}",
        ] {
            assert_eq!(date_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn retry_after_both_forms() {
        assert_eq!(parse_retry_after("3", NOW), Some(3000.0));
        assert_eq!(parse_retry_after("0", NOW), Some(0.0));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", NOW),
            Some(5000.0)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", NOW),
            Some(0.0)
        );
        assert_eq!(parse_retry_after("-1", NOW), None);
        assert_eq!(parse_retry_after("soon", NOW), None);
        assert_eq!(parse_retry_after(" 3\t", NOW), Some(3000.0));
        // Fields are bare digits: no signs, no overlong numbers, one space after the comma.
        for bad in [
            "Wed, +21 Oct 2015 07:28:05 GMT",
            "Wed, 21 Oct 02015 07:28:05 GMT",
            "Wed, 21 Oct 2015 07:-1:05 GMT",
            "Wed,21 Oct 2015 07:28:05 GMT",
            "Wed, 21 Oct 2015 07:28 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, NOW), None, "{bad}");
        }
    }

    #[test]
    fn what_is_retried() {
        let d = |f, idem| delay_ms(f, 0, 2, idem, 100, NOW, 0.0);
        assert!(d(status(429, None), true).is_some());
        assert!(d(status(500, None), true).is_some());
        assert!(d(status(503, None), true).is_some());
        assert!(d(Failure::Network, true).is_some());
        assert!(d(Failure::Timeout, true).is_some());
        assert!(d(status(400, None), true).is_none());
        assert!(d(status(403, None), true).is_none());
        assert!(d(status(404, None), true).is_none());
        // v1 create: only a 429 proves the server did not act.
        assert!(d(status(429, None), false).is_some());
        assert!(d(status(502, None), false).is_none());
        assert!(d(Failure::Network, false).is_none());
        assert!(d(Failure::Timeout, false).is_none());
    }

    #[test]
    fn at_most_max_retries() {
        assert!(delay_ms(Failure::Network, 1, 2, true, 100, NOW, 0.5).is_some());
        assert!(delay_ms(Failure::Network, 2, 2, true, 100, NOW, 0.5).is_none());
        assert!(delay_ms(Failure::Network, 0, 0, true, 100, NOW, 0.5).is_none());
    }

    #[test]
    fn backoff_doubles_with_jitter_and_a_cap() {
        for retry in 0..6 {
            let full = (500u32 << retry).min(MAX_BACKOFF_MS);
            let lo = delay_ms(Failure::Network, retry, 10, true, 500, NOW, 0.0).unwrap();
            let hi = delay_ms(Failure::Network, retry, 10, true, 500, NOW, 1.0).unwrap();
            assert_eq!((lo, hi), (full / 2, full), "retry {retry}");
        }
    }

    #[test]
    fn retry_after_wins_up_to_its_cap() {
        assert_eq!(
            delay_ms(status(429, Some("2")), 0, 2, true, 500, NOW, 0.9),
            Some(2000)
        );
        assert_eq!(
            delay_ms(
                status(503, Some("Wed, 21 Oct 2015 07:28:01 GMT")),
                0,
                2,
                true,
                500,
                NOW,
                0.9
            ),
            Some(1000)
        );
        assert_eq!(
            delay_ms(status(429, Some("60")), 0, 2, true, 500, NOW, 0.0),
            Some(60_000)
        );
        assert_eq!(
            delay_ms(status(429, Some("61")), 0, 2, true, 500, NOW, 0.0),
            None
        );
        // An unreadable header falls back to the backoff.
        assert_eq!(
            delay_ms(status(429, Some("later")), 0, 2, true, 500, NOW, 1.0),
            Some(500)
        );
    }
}
