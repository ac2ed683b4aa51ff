//! Declarative sync: `plan` (the fewest writes that make the zone equal a
//! desired list), `apply` (a plan's writes) and `sync` (both).

use super::JsClient;
use crate::batch::RawItem;
use crate::error::Error;
use crate::js::convert::{array, field, map_elements, raw_items};
use crate::js::options::{no_more, MethodOptions};
use crate::validate::Field;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = OriginRegionsClient)]
impl JsClient {
    /// Reads the zone (every page) and plans the fewest writes that make it
    /// equal `desired`: `{ create, change, delete, unchanged, rejected, zoneSize }`.
    pub async fn plan(
        &self,
        desired: JsValue,
        options: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "plan", "desired, options")?;
        let own = MethodOptions::read(&options)?;
        let call = self.single(&options)?;
        let items = raw_items(&array(&desired, "desired")?);
        let run = self.client.start_plan(items, own.prune()?, call.limits);
        self.run(run, call).await
    }

    /// Applies a plan from `plan()`: upserts then deletes, 100 items a request.
    pub async fn apply(
        &self,
        plan: JsValue,
        options: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "apply", "plan, options")?;
        let call = self.single(&options)?;
        let (upserts, deletes) = plan_writes(&plan)?;
        let run = self
            .client
            .start_apply(&upserts, &deletes, call.limits, call.concurrency)?;
        self.run(run, call).await
    }

    /// Plan, then apply: `{ plan, applied }`.
    pub async fn sync(
        &self,
        desired: JsValue,
        options: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "sync", "desired, options")?;
        let own = MethodOptions::read(&options)?;
        let call = self.single(&options)?;
        let items = raw_items(&array(&desired, "desired")?);
        let run = self
            .client
            .start_sync(items, own.prune()?, call.limits, call.concurrency);
        self.run(run, call).await
    }
}

/// The writes of a plan object: `create` and `change[].to` as upserts,
/// `delete` (mappings or IPs) as deletes. Checked again like any input:
/// a plan may have been edited or rebuilt by the caller.
fn plan_writes(plan: &JsValue) -> Result<(Vec<RawItem>, Vec<Field>), Error> {
    if !crate::js::convert::is_object(plan) {
        return Err(Error::invalid_unquoted(
            "plan",
            "must be the object plan() resolves to",
        ));
    }
    let list = |key: &str| -> Result<js_sys::Array, Error> {
        match js_sys::Reflect::get(plan, &JsValue::from_str(key)) {
            Ok(v) if v.is_undefined() => Ok(js_sys::Array::new()),
            Ok(v) => array(&v, &format!("plan.{key}")),
            Err(_) => Err(Error::invalid_unquoted(
                &format!("plan.{key}"),
                "could not be read",
            )),
        }
    };
    let mut upserts = raw_items(&list("create")?);
    for change in list("change")?.iter() {
        let to =
            js_sys::Reflect::get(&change, &JsValue::from_str("to")).unwrap_or(JsValue::UNDEFINED);
        upserts.push(RawItem::Mapping {
            ip: crate::js::convert::prop(&change, "ip"),
            vendor: crate::js::convert::prop(&to, "vendor"),
            region: crate::js::convert::prop(&to, "region"),
        });
    }
    let deletes = map_elements(&list("delete")?, |d| {
        if crate::js::convert::is_object(d) {
            crate::js::convert::prop(d, "ip")
        } else {
            field(d)
        }
    });
    Ok((upserts, deletes))
}
