//! Messages built from pieces by plain pushes. `format!` would bring
//! `core::fmt` into the wasm (its argument engine, padding and number
//! printing: ~3 KB); every message here is a few strings and numbers.

/// Something a message is made of.
pub trait Piece {
    /// Appends this piece to `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

macro_rules! decimal {
    ($($t:ty)*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                digits(out, *self as u64, 10, 1, UPPER);
            }
        }
    )*};
}
decimal!(u8 u16 u32 u64 usize);

impl Piece for i64 {
    fn push_to(&self, out: &mut String) {
        if *self < 0 {
            out.push('-');
        }
        digits(out, self.unsigned_abs(), 10, 1, UPPER);
    }
}

/// A number in upper-case hex, at least four digits (as in U+00A0).
pub struct Hex4(pub u32);

impl Piece for Hex4 {
    fn push_to(&self, out: &mut String) {
        hex(out, self.0, 4, UPPER);
    }
}

/// A number in lower-case hex.
pub struct Hex(pub u32);

impl Piece for Hex {
    fn push_to(&self, out: &mut String) {
        hex(out, self.0, 1, LOWER);
    }
}

/// Digit tables for [`hex`].
pub const UPPER: &[u8; 16] = b"0123456789ABCDEF";
/// See [`UPPER`].
pub const LOWER: &[u8; 16] = b"0123456789abcdef";

/// Appends `n` in hex with `table`'s digits, zero-padded to `min` digits
/// (percent-escapes, JSON `\u` escapes, code points in messages).
pub fn hex(out: &mut String, n: u32, min: usize, table: &[u8; 16]) {
    digits(out, u64::from(n), 16, min, table);
}

/// `n` in base `radix` (10 or 16) with `table`'s digits, zero-padded to `min` digits.
fn digits(out: &mut String, mut n: u64, radix: u64, min: usize, table: &[u8; 16]) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while n > 0 || buf.len() - i < min {
        i -= 1;
        buf[i] = table[(n % radix) as usize];
        n /= radix;
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

/// The pieces, in order, as one `String`.
macro_rules! cat {
    ($($piece:expr),* $(,)?) => {{
        #[allow(unused_mut)] // no pieces: nothing pushed
        let mut out = String::new();
        $( $crate::text::Piece::push_to(&$piece, &mut out); )*
        out
    }};
}
pub(crate) use cat;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_join_like_format() {
        let s = String::from("b");
        assert_eq!(
            cat!("a", s, '-', 0u32, " ", 42usize, " ", u64::MAX),
            format!("ab-0 42 {}", u64::MAX)
        );
        assert_eq!(
            cat!(-7i64, " ", 0i64, " ", i64::MIN),
            format!("-7 0 {}", i64::MIN)
        );
        assert_eq!(
            cat!(Hex4(0xa0), " ", Hex4(0), " ", Hex4(0x10FFFF)),
            "00A0 0000 10FFFF"
        );
        assert_eq!(cat!(Hex(0x1f), " ", Hex(0xABC)), "1f abc");
        assert_eq!(cat!(), "");
    }
}
