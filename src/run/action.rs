//! What a run tells its host: the next thing to do, and the decisions the
//! host cannot see (retries, rate-limit waits) as notes for the log.

use crate::client::Progress;

/// What the host does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Send the attempt with this id ([`Run::request`]); then poll again.
    Send(u32),
    /// Tell the caller how far a batch call is; then poll again.
    Progress(Progress),
    /// Nothing to send for this many ms: call [`Run::woke`] when they have
    /// passed, unless an answer comes first.
    Wait(u32),
    /// Nothing to send until an answer comes.
    Idle,
    /// Finished: take [`Run::result`].
    Done,
}

/// Why requests wait before their next attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// The exponential backoff after a failure.
    Backoff,
    /// The server's `Retry-After`.
    RetryAfter,
}

/// What the run decided that its host cannot see, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A failed attempt will be tried again.
    Retry {
        /// The request (`GET /zones/...`).
        what: String,
        /// The number of the attempt to come (2 for the first retry).
        attempt: u32,
        /// How long it waits first.
        ms: u32,
        /// Why it waits that long.
        why: WaitReason,
        /// What the failed attempt came to (`HTTP 503`).
        after: String,
    },
    /// Requests wait this long for the client's rate limit.
    RateLimited {
        /// Milliseconds.
        ms: u32,
    },
}
