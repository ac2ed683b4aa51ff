//! A client-side rate limiter: at most `max` requests in any window of
//! `window_ms`, so that a long run stays under Cloudflare's API limit
//! (1,200 requests per 5 minutes per user) instead of running into 429s.
//! A sliding log: bursts up to `max` go at once, then each request waits
//! for the one `max` places before it to leave the window. Pure: the clock
//! comes in as an argument.

use std::collections::VecDeque;

/// Cloudflare's global API limit: requests...
pub const CLOUDFLARE_MAX_REQUESTS: u32 = 1_200;
/// ...per this many milliseconds.
pub const CLOUDFLARE_WINDOW_MS: u32 = 300_000;

/// The send times of the last `max` requests.
#[derive(Debug, Clone)]
pub struct Limiter {
    max: usize,
    window_ms: f64,
    sent: VecDeque<f64>,
}

impl Limiter {
    /// `max` requests per `window_ms`; `max == 0` means no limit.
    pub fn new(max: u32, window_ms: u32) -> Limiter {
        Limiter { max: max as usize, window_ms: f64::from(window_ms), sent: VecDeque::new() }
    }

    /// Reserves a slot for a request wanted at `now_ms`: how long to wait
    /// before sending it (0 when it may go at once).
    pub fn reserve(&mut self, now_ms: f64) -> u32 {
        if self.max == 0 {
            return 0;
        }
        let mut at = now_ms;
        if self.sent.len() >= self.max {
            let oldest = self.sent.pop_front().unwrap_or(now_ms);
            at = at.max(oldest + self.window_ms);
        }
        self.sent.push_back(at);
        (at - now_ms).ceil() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_up_to_max_then_waits_for_the_window() {
        let mut l = Limiter::new(3, 1_000);
        assert_eq!([l.reserve(0.0), l.reserve(0.0), l.reserve(10.0)], [0, 0, 0]);
        assert_eq!(l.reserve(20.0), 980, "waits for the first to leave the window");
        assert_eq!(l.reserve(20.0), 980);
        assert_eq!(l.reserve(20.0), 990);
        assert_eq!(l.reserve(5_000.0), 0, "a quiet spell frees the window");
    }

    #[test]
    fn never_more_than_max_in_any_window() {
        let mut l = Limiter::new(CLOUDFLARE_MAX_REQUESTS, CLOUDFLARE_WINDOW_MS);
        let mut now = 0.0;
        let mut sends = Vec::new();
        for _ in 0..5_000 {
            let wait = l.reserve(now);
            now += f64::from(wait) + 7.0;
            sends.push(now - 7.0);
        }
        for (i, t) in sends.iter().enumerate() {
            let in_window = sends[i..].iter().take_while(|s| **s < t + f64::from(CLOUDFLARE_WINDOW_MS)).count();
            assert!(in_window <= CLOUDFLARE_MAX_REQUESTS as usize, "{in_window} requests in a window from {t}");
        }
    }

    #[test]
    fn zero_means_unlimited() {
        let mut l = Limiter::new(0, 1_000);
        assert!((0..10_000).all(|_| l.reserve(0.0) == 0));
    }
}
