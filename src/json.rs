//! JSON text out, parsed JSON in, without a JSON library in the module: the
//! host parses (`JSON.parse` in wasm), the core reads the parsed value
//! through [`JsonBody`], and writes answers and request bodies as text with
//! [`ToJson`]. Both sides are a few dozen lines; serde's would be tens of KB
//! of wasm.

/// A parsed JSON value the decoders can read.
pub trait JsonBody: Sized {
    /// Member `key` of an object; `None` when this is not an object, or the
    /// member is absent or `null`.
    fn member(&self, key: &'static str) -> Option<Self>;
    /// The string, if this is one.
    fn string(&self) -> Option<String>;
    /// The number, if this is one.
    fn number(&self) -> Option<f64>;
    /// The boolean, if this is one.
    fn boolean(&self) -> Option<bool>;
    /// The elements, if this is an array.
    fn elements(&self) -> Option<Vec<Self>>;
    /// The members in order, if this is an object.
    fn members(&self) -> Option<Vec<(String, Self)>>;
}

/// Writes itself as JSON text.
pub trait ToJson {
    /// Appends the JSON text of `self` to `out`.
    fn write_json(&self, out: &mut String);

    /// The JSON text of `self`.
    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u");
                crate::text::hex(out, c as u32, 4, crate::text::LOWER);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a whole number.
pub fn write_u32(out: &mut String, n: u32) {
    crate::text::Piece::push_to(&n, out);
}

/// Writes an object member by member, with the commas in the right places.
pub struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, first: true }
    }

    fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, k);
        self.out.push(':');
        self.out
    }

    /// A string member.
    pub fn str(&mut self, k: &str, v: &str) -> &mut Self {
        write_str(self.key(k), v);
        self
    }

    /// A string member, left out when `None`.
    pub fn opt_str(&mut self, k: &str, v: Option<&str>) -> &mut Self {
        if let Some(v) = v {
            self.str(k, v);
        }
        self
    }

    /// A number member.
    pub fn num(&mut self, k: &str, v: u32) -> &mut Self {
        write_u32(self.key(k), v);
        self
    }

    /// A boolean member.
    pub fn bool(&mut self, k: &str, v: bool) -> &mut Self {
        self.key(k).push_str(if v { "true" } else { "false" });
        self
    }

    /// A member whose value is any [`ToJson`].
    pub fn value(&mut self, k: &str, v: &(impl ToJson + ?Sized)) -> &mut Self {
        v.write_json(self.key(k));
        self
    }

    /// A member whose value is JSON text already written.
    pub fn key_raw(&mut self, k: &str, json: &str) -> &mut Self {
        self.key(k).push_str(json);
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        write_u32(out, *self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        let mut out = String::new();
        write_str(&mut out, "a\"b\\c\n\u{1}é\u{1F600}");
        assert_eq!(out, r#""a\"b\\c\n\u0001é😀""#);
    }

    #[test]
    fn numbers_and_objects() {
        let mut out = String::new();
        for n in [0, 7, 10, 4_294_967_295] {
            write_u32(&mut out, n);
            out.push(' ');
        }
        assert_eq!(out, "0 7 10 4294967295 ");
        let mut out = String::new();
        Obj::new(&mut out)
            .str("a", "x")
            .opt_str("b", None)
            .num("c", 3)
            .bool("d", true)
            .value("e", &vec!["y".to_string()])
            .end();
        assert_eq!(out, r#"{"a":"x","c":3,"d":true,"e":["y"]}"#);
    }
}
