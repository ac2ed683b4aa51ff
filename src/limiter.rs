//! A client-side rate limiter: at most `max` requests in any window of
//! `window_ms`, so that a long run stays under Cloudflare's API limit
//! (1,200 requests per 5 minutes per user) instead of running into 429s.
//! A sliding log: bursts up to `max` go at once, then each request waits
//! for the one `max` places before it to leave the window. Pure: the clock
//! comes in as an argument.

/// Cloudflare's global API limit: requests...
pub const CLOUDFLARE_MAX_REQUESTS: u32 = 1_200;
/// ...per this many milliseconds.
pub const CLOUDFLARE_WINDOW_MS: u32 = 300_000;

/// How long to wait before looking again when every slot is held by a
/// request still in flight.
const IN_FLIGHT_POLL_MS: u32 = 50;

/// The slots of the last `max` requests: each held from before the request
/// is sent until `window_ms` after its answer came back. The server counts a
/// request when it arrives, which is somewhere between the two, so no window
/// as the server sees it ever holds more than `max`, however late requests
/// arrive.
#[derive(Debug, Clone)]
pub struct Limiter {
    max: usize,
    window_ms: f64,
    /// (ticket, when its answer came back; `None` while in flight), oldest first.
    // A plain Vec (at most `max` entries, shifted when the oldest expire):
    // VecDeque's ring plumbing is ~600 bytes of wasm on every call's path.
    slots: Vec<(u64, Option<f64>)>,
    next_ticket: u64,
}

impl Limiter {
    /// `max` requests per `window_ms`; `max == 0` means no limit.
    pub fn new(max: u32, window_ms: u32) -> Limiter {
        Limiter {
            max: max as usize,
            window_ms: f64::from(window_ms),
            slots: Vec::new(),
            next_ticket: 0,
        }
    }

    /// Takes a slot for a request about to be sent at `now_ms`, or says how
    /// long to wait before asking again.
    pub fn acquire(&mut self, now_ms: f64) -> Result<u64, u32> {
        if self.max == 0 {
            return Ok(0);
        }
        let expired = self
            .slots
            .iter()
            .take_while(|(_, done)| done.is_some_and(|t| t + self.window_ms <= now_ms))
            .count();
        self.slots.copy_within(expired.., 0);
        self.slots.truncate(self.slots.len() - expired);
        if self.slots.len() < self.max {
            self.next_ticket += 1;
            self.slots.push((self.next_ticket, None));
            return Ok(self.next_ticket);
        }
        Err(match self.slots.first() {
            Some((_, Some(done))) => ((done + self.window_ms - now_ms).ceil() as u32).max(1),
            _ => IN_FLIGHT_POLL_MS,
        })
    }

    /// Marks the request of `ticket` as answered (or failed) at `now_ms`.
    pub fn release(&mut self, ticket: u64, now_ms: f64) {
        if let Some(slot) = self.slots.iter_mut().find(|(t, _)| *t == ticket) {
            slot.1 = Some(now_ms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_up_to_max_then_waits_a_window_after_the_answers() {
        let mut l = Limiter::new(3, 1_000);
        let tickets: Vec<u64> = (0..3).map(|_| l.acquire(0.0).unwrap()).collect();
        assert_eq!(
            l.acquire(5.0),
            Err(IN_FLIGHT_POLL_MS),
            "all three still in flight"
        );
        l.release(tickets[0], 40.0);
        l.release(tickets[1], 60.0);
        assert_eq!(
            l.acquire(100.0),
            Err(940),
            "a window after the first answer"
        );
        assert!(l.acquire(1_040.0).is_ok());
        assert_eq!(l.acquire(1_040.0), Err(20));
        l.release(tickets[2], 70.0);
        assert!(l.acquire(5_000.0).is_ok(), "a quiet spell frees the window");
    }

    /// Requests that reach the server at any time between send and answer:
    /// no window of arrivals holds more than `max`.
    #[test]
    fn never_more_than_max_arrivals_in_any_window() {
        let (max, window) = (20u32, 1_000.0);
        let mut l = Limiter::new(max, window as u32);
        let mut arrivals = Vec::new();
        let mut now = 0.0f64;
        let mut in_flight: Vec<(u64, f64)> = Vec::new();
        let mut seed = 7u64;
        let mut rand = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as f64 / f64::from(1u32 << 31)
        };
        while arrivals.len() < 500 {
            // Answers due by now come back.
            in_flight.retain(|&(t, done)| {
                if done <= now {
                    l.release(t, done);
                    false
                } else {
                    true
                }
            });
            match l.acquire(now) {
                Ok(t) => {
                    let latency = 10.0 + rand() * 200.0;
                    arrivals.push(now + rand() * latency);
                    in_flight.push((t, now + latency));
                }
                Err(wait) => now += f64::from(wait.min(5)),
            }
        }
        arrivals.sort_by(f64::total_cmp);
        for (i, a) in arrivals.iter().enumerate() {
            let n = arrivals[i..]
                .iter()
                .take_while(|b| **b < a + window)
                .count();
            assert!(n <= max as usize, "{n} arrivals in the window from {a}");
        }
    }

    #[test]
    fn zero_means_unlimited() {
        let mut l = Limiter::new(0, 1_000);
        assert!((0..10_000).all(|_| l.acquire(0.0).is_ok()));
    }
}
