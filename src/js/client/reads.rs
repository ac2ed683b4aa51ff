//! The reading methods: one page, every page, the async iterable, one
//! mapping, and the vendor/region catalogue.

use super::JsClient;
use crate::js::convert::field;
use crate::js::iter::MappingIterator;
use crate::js::options::{no_more, MethodOptions};
use crate::validate;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = OriginRegionsClient)]
impl JsClient {
    /// One page of mappings: `{ items, page, perPage, totalCount, totalPages }`.
    /// Call options may sit in `options` or in `call` (which wins).
    pub async fn list(
        &self,
        options: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "list", "options, callOptions")?;
        let own = MethodOptions::read(&options)?;
        let call = self.merged(&options, &call)?;
        let run = self
            .client
            .start_list(&own.page(), &own.per_page(), call.limits)?;
        self.run(run, call).await
    }

    /// Every mapping of the zone, every page fetched.
    #[wasm_bindgen(js_name = listAll)]
    pub async fn list_all(
        &self,
        options: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "listAll", "options, callOptions")?;
        let own = MethodOptions::read(&options)?;
        let call = self.merged(&options, &call)?;
        let run = self.client.start_list_all(&own.per_page(), call.limits)?;
        self.run(run, call).await
    }

    /// An async iterable of every mapping, fetching pages as they are consumed.
    pub fn iterate(
        &self,
        options: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "iterate", "options, callOptions")?;
        let own = MethodOptions::read(&options)?;
        let call = self.merged(&options, &call)?;
        let per_page = validate::whole_number("options.perPage", &own.per_page(), 1, 100)?;
        let transport = self.transport(&call);
        Ok(MappingIterator::start(
            self.client.clone(),
            call.limits,
            per_page,
            transport,
        ))
    }

    /// The mapping of one IP.
    pub async fn get(
        &self,
        ip: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "get", "ip, options")?;
        let call = self.single(&call)?;
        let run = self.client.start_get(&field(&ip), call.limits)?;
        self.run(run, call).await
    }

    /// The vendor/region catalogue; later writes are checked against it.
    #[wasm_bindgen(js_name = supportedRegions)]
    pub async fn supported_regions(
        &self,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 1, "supportedRegions", "options")?;
        let call = self.single(&call)?;
        let run = self.client.start_supported_regions(call.limits);
        self.run(run, call).await
    }
}
