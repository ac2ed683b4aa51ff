//! Canonical text: dotted quads and RFC 5952, written on the stack.

use super::MAX_LEN;
use std::net::IpAddr;

/// Canonical text being written: at most [`MAX_LEN`] ASCII bytes, on the
/// stack, so that checking an already-canonical input allocates nothing.
pub struct Text {
    buf: [u8; MAX_LEN],
    len: usize,
}

impl Text {
    fn push(&mut self, c: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = c;
            self.len += 1;
        }
    }

    /// Writes `v` in decimal.
    fn dec(&mut self, v: u8) {
        if v >= 100 {
            self.push(b'0' + v / 100);
        }
        if v >= 10 {
            self.push(b'0' + v / 10 % 10);
        }
        self.push(b'0' + v % 10);
    }

    fn v4(&mut self, o: [u8; 4]) {
        for (i, &v) in o.iter().enumerate() {
            if i > 0 {
                self.push(b'.');
            }
            self.dec(v);
        }
    }

    /// Writes `v` in lower-case hex without leading zeros.
    fn hex(&mut self, v: u16) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut started = false;
        for shift in [12u32, 8, 4, 0] {
            let d = usize::from((v >> shift) & 0xf);
            if d != 0 || started || shift == 0 {
                started = true;
                self.push(HEX[d]);
            }
        }
    }

    /// The text written.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    /// The text written, as a string (always ASCII).
    #[must_use]
    pub fn as_str(&self) -> &str {
        let bytes = self.as_bytes();
        debug_assert!(bytes.is_ascii());
        // SAFETY: `push` is the only writer, and every caller passes it an
        // ASCII digit, hex letter, '.' or ':'; ASCII is valid UTF-8. (The
        // checked conversion is the module's only UTF-8 validator: 0.6 KB.)
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

/// The canonical text of an address, without allocating: see [`canonical`].
#[must_use]
pub fn canonical_text(addr: &IpAddr) -> Text {
    let mut out = Text {
        buf: [0; MAX_LEN],
        len: 0,
    };
    match addr {
        IpAddr::V4(a) => out.v4(a.octets()),
        IpAddr::V6(a) => {
            let g = a.segments();
            if g[..5] == [0; 5] && g[5] == 0xffff {
                // IPv4-mapped (::ffff:0:0/96), RFC 5952 section 5.
                let o = a.octets();
                for &c in b"::ffff:" {
                    out.push(c);
                }
                out.v4([o[12], o[13], o[14], o[15]]);
                return out;
            }
            // Longest run of zero groups, the first on a tie; only runs of 2+.
            let (mut best_at, mut best_len) = (0usize, 0usize);
            let mut i = 0;
            while i < 8 {
                if g[i] == 0 {
                    let start = i;
                    while i < 8 && g[i] == 0 {
                        i += 1;
                    }
                    if i - start > best_len {
                        best_at = start;
                        best_len = i - start;
                    }
                } else {
                    i += 1;
                }
            }
            if best_len < 2 {
                best_len = 0;
                best_at = 8;
            }
            let mut i = 0;
            while i < 8 {
                if i == best_at {
                    out.push(b':');
                    out.push(b':');
                    i += best_len;
                    continue;
                }
                if i > 0 && i != best_at + best_len {
                    out.push(b':');
                }
                out.hex(g[i]);
                i += 1;
            }
        }
    }
    out
}

/// The canonical text of an address: dotted quad for IPv4, RFC 5952 for IPv6.
#[must_use]
pub fn canonical(addr: &IpAddr) -> String {
    canonical_text(addr).as_str().to_owned()
}
