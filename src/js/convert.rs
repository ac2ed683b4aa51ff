//! JS values in and out: arguments become [`Field`]s for the core to check;
//! results become plain JS objects.

use crate::batch::RawItem;
use crate::error::Error;
use crate::json::ToJson;
use crate::validate::Field;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// Property names as JS strings, made once: building a JS string from
    /// Rust text costs a UTF-8 decode, and a batch of 3,500 items would
    /// otherwise make tens of thousands of them.
    static KEYS: std::cell::RefCell<Vec<(&'static str, JsValue)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The JS string for property name `name`.
pub fn key(name: &'static str) -> JsValue {
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some((_, v)) = keys.iter().find(|(k, _)| *k == name) {
            return v.clone();
        }
        let v = JsValue::from_str(name);
        keys.push((name, v.clone()));
        v
    })
}

#[wasm_bindgen(module = "/src/js/support.js")]
extern "C" {
    /// What `v` is: one of the `kind` constants.
    #[wasm_bindgen(js_name = kindOf)]
    pub fn kind_of(v: &JsValue) -> u32;
}

/// The answers of `kindOf` in support.js.
pub mod kind {
    pub const UNDEFINED: u32 = 0;
    pub const NUMBER: u32 = 2;
    pub const FALSE: u32 = 3;
    pub const TRUE: u32 = 4;
    pub const NULL: u32 = 5;
    pub const ARRAY: u32 = 6;
    pub const FUNCTION: u32 = 7;
    pub const SYMBOL: u32 = 8;
    pub const BIGINT: u32 = 9;
    pub const OBJECT: u32 = 10;
}

/// A JS value as a [`Field`], whatever its type.
pub fn field(v: &JsValue) -> Field {
    // Strings first: nearly every field is one, and each test is a call out of wasm.
    if let Some(s) = v.as_string() {
        return Field::Text(s);
    }
    match kind_of(v) {
        kind::UNDEFINED => Field::Missing,
        kind::NUMBER => Field::Number(v.as_f64().unwrap_or(f64::NAN)),
        kind::FALSE => Field::Bool(false),
        kind::TRUE => Field::Bool(true),
        kind::NULL => Field::Other("null"),
        kind::ARRAY => Field::Other("array"),
        kind::FUNCTION => Field::Other("function"),
        kind::SYMBOL => Field::Other("symbol"),
        kind::BIGINT => Field::Other("bigint"),
        _ => Field::Other("object"),
    }
}

/// Whether `v` is an object whose properties can be read.
pub fn is_object(v: &JsValue) -> bool {
    kind_of(v) == kind::OBJECT
}

/// Property `key` of `obj` as a [`Field`]; a getter that throws reads as unreadable.
pub fn prop(obj: &JsValue, name: &'static str) -> Field {
    if !is_object(obj) {
        return Field::Missing;
    }
    object_prop(obj, name)
}

/// Property `name` of `obj`, known to be an object.
fn object_prop(obj: &JsValue, name: &'static str) -> Field {
    match Reflect::get(obj, &key(name)) {
        Ok(v) => field(&v),
        Err(_) => Field::Other("unreadable property"),
    }
}

/// Property `key` as a raw JS value (signals, functions).
pub fn prop_value(obj: &JsValue, name: &'static str) -> JsValue {
    if is_object(obj) {
        Reflect::get(obj, &key(name)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// An options argument: `undefined` or an object.
pub fn options_object(v: &JsValue, name: &str) -> Result<(), Error> {
    if v.is_undefined() || is_object(v) {
        Ok(())
    } else {
        Err(Error::wrong_type(name, "an object", field(v).type_name()))
    }
}

/// An array argument, element by element.
pub fn array(v: &JsValue, name: &str) -> Result<Array, Error> {
    if kind_of(v) == kind::ARRAY {
        Ok(v.clone().unchecked_into())
    } else {
        Err(Error::wrong_type(name, "an array", field(v).type_name()))
    }
}

/// Every element of `a` read with `read`. (An index loop: collecting a
/// mapped `ArrayIter` is several hundred bytes of wasm per element type.)
pub fn map_elements<T>(a: &Array, read: impl Fn(&JsValue) -> T) -> Vec<T> {
    let n = a.length();
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        out.push(read(&a.get(i)));
    }
    out
}

/// Upsert items from an array.
pub fn raw_items(a: &Array) -> Vec<RawItem> {
    map_elements(a, raw_item)
}

/// One upsert item.
pub fn raw_item(v: &JsValue) -> RawItem {
    if is_object(v) {
        RawItem::Mapping {
            ip: object_prop(v, "ip"),
            vendor: object_prop(v, "vendor"),
            region: object_prop(v, "region"),
        }
    } else {
        RawItem::NotObject(field(v).type_name())
    }
}

/// A JS function option (`fetch`, `onProgress`): the function, or undefined.
pub fn function_option(options: &JsValue, name: &'static str, at: &str) -> Result<JsValue, Error> {
    let f = prop_value(options, name);
    if matches!(kind_of(&f), kind::UNDEFINED | kind::FUNCTION) {
        Ok(f)
    } else {
        let got = field(&f).type_name();
        Err(Error::wrong_type(at, "a function", got))
    }
}

/// A result as plain JS objects: written as JSON text by the core, parsed by
/// the host's `JSON.parse` (faster than building objects property by property
/// across the boundary, and no serialiser in the module).
pub fn to_js<T: ToJson + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    JSON::parse(&value.to_json())
}
