//! The writing methods of one mapping (create, edit, update, delete) and
//! of many (the batch calls, 100 items a request).

use super::JsClient;
use crate::batch::RawItem;
use crate::config::ApiVersion;
use crate::error::Error;
use crate::js::convert::{array, field, map_elements, raw_item, raw_items};
use crate::js::options::no_more;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = OriginRegionsClient)]
impl JsClient {
    /// v1 POST: creates a mapping; rejects with code 1145 if the IP has one.
    pub async fn create(
        &self,
        input: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "create", "input, options")?;
        let call = self.single(&call)?;
        let run = self.client.start_create(&raw_item(&input), call.limits)?;
        self.run(run, call).await
    }

    /// v1 PATCH: creates or overwrites; resolves to the zone's whole list.
    pub async fn edit(
        &self,
        input: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "edit", "input, options")?;
        let call = self.single(&call)?;
        let run = self.client.start_edit(&raw_item(&input), call.limits)?;
        self.run(run, call).await
    }

    /// v2 PUT: creates or replaces the mapping of `ip`.
    pub async fn update(
        &self,
        ip: JsValue,
        input: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 3, "update", "ip, { vendor, region }, options")?;
        let (vendor, region) = match raw_item(&input) {
            RawItem::Mapping { vendor, region, .. } => (vendor, region),
            RawItem::NotObject(ty) => {
                return Err(Error::wrong_type("input", "an object { vendor, region }", ty).into())
            }
        };
        let call = self.single(&call)?;
        let run = self
            .client
            .start_update(&field(&ip), &vendor, &region, call.limits)?;
        self.run(run, call).await
    }

    /// Removes the mapping of one IP: `{ ip }`.
    pub async fn delete(
        &self,
        ip: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "delete", "ip, options")?;
        let call = self.single(&call)?;
        let run = self.client.start_delete(&field(&ip), call.limits)?;
        self.run(run, call).await
    }

    /// v1 PATCH /batch, any number of items, 100 a request.
    #[wasm_bindgen(js_name = batchEdit)]
    pub async fn batch_edit(
        &self,
        inputs: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "batchEdit", "items, options")?;
        self.batch_upsert(ApiVersion::V1, &inputs, &call).await
    }

    /// v2 PUT /batch, any number of items, 100 a request.
    #[wasm_bindgen(js_name = batchUpdate)]
    pub async fn batch_update(
        &self,
        inputs: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "batchUpdate", "items, options")?;
        self.batch_upsert(ApiVersion::V2, &inputs, &call).await
    }

    /// Batch delete, any number of IPs, 100 a request.
    #[wasm_bindgen(js_name = batchDelete)]
    pub async fn batch_delete(
        &self,
        ips: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "batchDelete", "ips, options")?;
        let call = self.single(&call)?;
        let ips = map_elements(&array(&ips, "ips")?, field);
        let run = self
            .client
            .start_batch_delete(&ips, call.limits, call.concurrency);
        self.run(run, call).await
    }
}

impl JsClient {
    async fn batch_upsert(
        &self,
        version: ApiVersion,
        inputs: &JsValue,
        call: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let call = self.single(call)?;
        let items = raw_items(&array(inputs, "items")?);
        let run = self
            .client
            .start_batch_upsert(version, &items, call.limits, call.concurrency)?;
        self.run(run, call).await
    }
}
