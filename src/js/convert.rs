//! JS values in and out. Arguments become [`Field`]s and [`RawItem`]s for
//! the core to check, read property by property so that one unreadable item
//! (a throwing getter, a Proxy) fails alone; results go out as plain
//! objects through serde-wasm-bindgen.
// RegionIndex's module (feature `ranges` alone) uses a few of these.
#![cfg_attr(not(feature = "client"), allow(dead_code))]

use crate::batch::RawItem;
use crate::error::Error;
use crate::validate::Field;
use js_sys::{Array, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A value as plain JS data: objects, arrays, strings, numbers; `None`
/// fields left out.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

/// A JS value as a [`Field`], whatever its type.
pub fn field(v: &JsValue) -> Field {
    if let Some(s) = v.as_string() {
        return Field::Text(s);
    }
    if v.is_undefined() {
        Field::Missing
    } else if let Some(n) = v.as_f64() {
        Field::Number(n)
    } else if let Some(b) = v.as_bool() {
        Field::Bool(b)
    } else {
        Field::Other(type_name(v))
    }
}

/// The name of a non-primitive type, as messages give it.
fn type_name(v: &JsValue) -> &'static str {
    if v.is_null() {
        "null"
    } else if Array::is_array(v) {
        "array"
    } else if v.is_function() {
        "function"
    } else if v.is_symbol() {
        "symbol"
    } else if v.is_bigint() {
        "bigint"
    } else {
        "object"
    }
}

/// Whether `v` is an object whose properties can be read (not an array).
pub fn is_object(v: &JsValue) -> bool {
    v.is_object() && !Array::is_array(v)
}

/// Property `name` of `obj` as a [`Field`]; a getter that throws reads as unreadable.
pub fn prop(obj: &JsValue, name: &str) -> Field {
    if !is_object(obj) {
        return Field::Missing;
    }
    match Reflect::get(obj, &JsValue::from_str(name)) {
        Ok(v) => field(&v),
        Err(_) => Field::Other("unreadable property"),
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

/// An array argument.
pub fn array(v: &JsValue, name: &str) -> Result<Array, Error> {
    if Array::is_array(v) {
        Ok(v.clone().unchecked_into())
    } else {
        Err(Error::wrong_type(name, "an array", field(v).type_name()))
    }
}

/// Every element of `a` read with `read`.
pub fn map_elements<T>(a: &Array, read: impl Fn(&JsValue) -> T) -> Vec<T> {
    (0..a.length()).map(|i| read(&a.get(i))).collect()
}

/// Upsert items from an array.
pub fn raw_items(a: &Array) -> Vec<RawItem> {
    map_elements(a, raw_item)
}

/// One upsert item.
pub fn raw_item(v: &JsValue) -> RawItem {
    if is_object(v) {
        RawItem::Mapping {
            ip: prop(v, "ip"),
            vendor: prop(v, "vendor"),
            region: prop(v, "region"),
        }
    } else {
        RawItem::NotObject(field(v).type_name())
    }
}

/// A function option (`fetch`, `onProgress`): the function, or `None`.
pub fn function_option(f: &JsValue, at: &str) -> Result<Option<js_sys::Function>, Error> {
    if f.is_undefined() {
        Ok(None)
    } else if f.is_function() {
        Ok(Some(f.clone().unchecked_into()))
    } else {
        Err(Error::wrong_type(at, "a function", field(f).type_name()))
    }
}
