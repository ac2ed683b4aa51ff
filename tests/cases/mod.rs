//! Client scenarios against the local API stand-in, run by both wasm
//! runners: `wasm_node.rs` (Node) and `wasm_browser.rs` (headless Chromium).
//! Each test works in a zone of its own, so the stand-in's state, faults and
//! request log of one test never meet another's.

use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use origin_regions::js::{JsClient, JsOriginRegionsError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

/// Set by scripts/test.sh to the stand-in it started.
const BASE: &str = match option_env!("ORIGIN_REGIONS_MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8791/client/v4",
};
const TOKEN: &str = "test-token";

#[wasm_bindgen(module = "/tests/cases/mock.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn control(
        base: &str,
        method: &str,
        path: &str,
        body: JsValue,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = abortAfter)]
    fn abort_after(ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = abortedSignal)]
    fn aborted_signal() -> JsValue;
    #[wasm_bindgen(catch)]
    async fn collect(iterable: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = collectFirst)]
    async fn collect_first(iterable: &JsValue, n: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = hasAsyncIterator)]
    fn has_async_iterator(v: &JsValue) -> bool;
    #[wasm_bindgen(js_name = countingFetch)]
    fn counting_fetch(counter: &JsValue) -> JsValue;
    fn stringify(v: &JsValue) -> String;
    #[wasm_bindgen(js_name = errorStack)]
    fn error_stack(e: &JsValue) -> String;
    fn recorder(list: &Array) -> JsValue;
    #[wasm_bindgen(js_name = plainObjectFetch)]
    fn plain_object_fetch() -> JsValue;
    #[wasm_bindgen(js_name = allSettled)]
    fn all_settled(promises: &Array) -> Promise;
}

// ---------------------------------------------------------------- the client, as JS calls it

/// A client driven through its JS methods, as a JS caller would: each
/// method is looked up on the object and applied to its arguments.
struct Client(JsValue);

fn new_client(options: JsValue) -> Result<Client, JsValue> {
    JsClient::new(options).map(|c| Client(c.into()))
}

impl Client {
    fn call(&self, method: &str, args: &[JsValue]) -> JsValue {
        let f: Function = prop(&self.0, method).unchecked_into();
        let args: Array = args.iter().collect();
        f.apply(&self.0, &args)
            .unwrap_or_else(|e| panic!("{method} threw: {}", message(&e)))
    }
    fn promise(&self, method: &str, args: &[JsValue]) -> Promise {
        self.call(method, args).unchecked_into()
    }
    fn list(&self, o: JsValue) -> Promise {
        self.promise("list", &[o])
    }
    fn list_all(&self, o: JsValue) -> Promise {
        self.promise("listAll", &[o])
    }
    fn iterate(&self, o: JsValue) -> Result<JsValue, JsValue> {
        let f: Function = prop(&self.0, "iterate").unchecked_into();
        f.call1(&self.0, &o)
    }
    fn get(&self, ip: JsValue, o: JsValue) -> Promise {
        self.promise("get", &[ip, o])
    }
    fn create(&self, input: JsValue, o: JsValue) -> Promise {
        self.promise("create", &[input, o])
    }
    fn edit(&self, input: JsValue, o: JsValue) -> Promise {
        self.promise("edit", &[input, o])
    }
    fn update(&self, ip: JsValue, input: JsValue, o: JsValue) -> Promise {
        self.promise("update", &[ip, input, o])
    }
    fn delete(&self, ip: JsValue, o: JsValue) -> Promise {
        self.promise("delete", &[ip, o])
    }
    fn batch_edit(&self, items: JsValue, o: JsValue) -> Promise {
        self.promise("batchEdit", &[items, o])
    }
    fn batch_update(&self, items: JsValue, o: JsValue) -> Promise {
        self.promise("batchUpdate", &[items, o])
    }
    fn batch_delete(&self, ips: JsValue, o: JsValue) -> Promise {
        self.promise("batchDelete", &[ips, o])
    }
    fn plan(&self, desired: JsValue, o: JsValue) -> Promise {
        self.promise("plan", &[desired, o])
    }
    fn apply(&self, plan: JsValue, o: JsValue) -> Promise {
        self.promise("apply", &[plan, o])
    }
    fn sync(&self, desired: JsValue, o: JsValue) -> Promise {
        self.promise("sync", &[desired, o])
    }
    fn supported_regions(&self, o: JsValue) -> Promise {
        self.promise("supportedRegions", &[o])
    }
    fn to_json(&self) -> JsValue {
        self.call("toJSON", &[])
    }
    fn to_string_js(&self) -> String {
        self.call("toString", &[]).as_string().unwrap()
    }
}

// ---------------------------------------------------------------- helpers

fn zone(name: &str) -> String {
    let fnv = |seed: u64| {
        name.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x8422_2325_cbf2_9ce4)
    )
}

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|_| panic!("bad JSON in test: {text}"))
}

fn prop(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn set(v: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(v, &key.into(), value).unwrap();
}

fn text(v: &JsValue, key: &str) -> String {
    prop(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string in {}", stringify(v)))
}

fn num(v: &JsValue, key: &str) -> f64 {
    prop(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {}", stringify(v)))
}

fn len(v: &JsValue) -> u32 {
    v.dyn_ref::<Array>()
        .unwrap_or_else(|| panic!("not an array: {}", stringify(v)))
        .length()
}

/// Client options for `zone` against the stand-in, plus `extra` (a JSON object).
fn options(zone: &str, extra: &str) -> JsValue {
    let o = js(&format!(
        r#"{{"zoneId":"{zone}","apiToken":"{TOKEN}","baseUrl":"{BASE}","retryDelayMs":1,"dangerouslyAllowBrowser":true}}"#
    ));
    Object::assign(
        o.unchecked_ref::<Object>(),
        js(extra).unchecked_ref::<Object>(),
    )
    .into()
}

fn client(zone: &str, extra: &str) -> Client {
    new_client(options(zone, extra))
        .unwrap_or_else(|e| panic!("constructor threw: {}", message(&e)))
}

fn message(e: &JsValue) -> String {
    prop(e, "message")
        .as_string()
        .unwrap_or_else(|| format!("{e:?}"))
}

async fn ok(p: Promise) -> JsValue {
    JsFuture::from(p)
        .await
        .unwrap_or_else(|e| panic!("rejected: {}", message(&e)))
}

/// Awaits a rejection and checks it is a real `OriginRegionsError` of `kind`.
async fn fails(p: Promise, kind: &str) -> JsValue {
    let e = match JsFuture::from(p).await {
        Ok(v) => panic!("resolved instead of rejecting: {}", stringify(&v)),
        Err(e) => e,
    };
    assert_error(&e, kind);
    e
}

fn assert_error(e: &JsValue, kind: &str) {
    assert!(
        e.is_instance_of::<JsOriginRegionsError>(),
        "not an OriginRegionsError: {e:?}"
    );
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error");
    assert_eq!(text(e, "name"), "OriginRegionsError");
    assert_eq!(text(e, "kind"), kind, "{}", message(e));
    assert!(Array::is_array(&prop(e, "errors")));
}

async fn mock(method: &str, path: &str, body: &str) -> JsValue {
    let body = if body.is_empty() {
        JsValue::UNDEFINED
    } else {
        js(body)
    };
    control(BASE, method, path, body)
        .await
        .unwrap_or_else(|e| panic!("mock control failed: {}", message(&e)))
}

/// Replaces the zone's mappings with `mappings` (a JSON array).
async fn seed(zone: &str, mappings: &str) {
    mock("POST", "/reset", &format!(r#"{{"zone":"{zone}"}}"#)).await;
    mock("PUT", &format!("/zones/{zone}/mappings"), mappings).await;
}

async fn fresh(zone: &str) {
    seed(zone, "[]").await;
}

async fn fault(zone: &str, spec: &str) {
    let spec: JsValue = js(spec);
    set(&spec, "zone", &zone.into());
    control(BASE, "POST", "/faults", spec).await.unwrap();
}

/// The requests the stand-in saw for `zone`.
async fn requests(zone: &str) -> Array {
    mock("GET", &format!("/requests?zone={zone}"), "")
        .await
        .unchecked_into()
}

async fn stored(zone: &str) -> Array {
    mock("GET", &format!("/zones/{zone}/mappings"), "")
        .await
        .unchecked_into()
}

fn mappings(n: usize, offset: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            let k = i + offset;
            format!(
                r#"{{"ip":"10.{}.{}.{}","vendor":"aws","region":"us-east-1"}}"#,
                k / 65536 % 256,
                k / 256 % 256,
                k % 256
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

const THREE: &str = r#"[
  {"ip":"192.0.2.1","vendor":"aws","region":"us-east-1"},
  {"ip":"2001:db8::1","vendor":"gcp","region":"us-central1"},
  {"ip":"198.51.100.4","vendor":"azure","region":"eastus"}
]"#;

// ---------------------------------------------------------------- constructor and helpers

#[wasm_bindgen_test]
fn constructor_refuses_bad_options() {
    let z = zone("constructor");
    let cases = [
        (r#"{}"#, "options.zoneId"),
        (
            r#"{"zoneId":"023E105F4ECEF8AD9CA31A8372D0C353","apiToken":"t"}"#,
            "options.zoneId",
        ),
        (
            &format!(r#"{{"zoneId":"{z}","apiToken":"t","apiEmail":"a@b.c","apiKey":"k"}}"#),
            "not both",
        ),
        (
            &format!(r#"{{"zoneId":"{z}","apiToken":"abc\ndef"}}"#),
            "line break",
        ),
        (
            &format!(r#"{{"zoneId":"{z}","apiToken":"t","apiVersion":"v3"}}"#),
            "options.apiVersion",
        ),
        (&format!(r#"{{"zoneId":"{z}"}}"#), "apiToken"),
        (
            &format!(r#"{{"zoneId":"{z}","apiToken":"t","baseUrl":"http://api.example.com/v4"}}"#),
            "https",
        ),
        (
            &format!(r#"{{"zoneId":"{z}","apiToken":"t","timeoutMs":0}}"#),
            "options.timeoutMs",
        ),
        (
            &format!(r#"{{"zoneId":"{z}","apiToken":"t","fetch":5}}"#),
            "options.fetch",
        ),
    ];
    for (opts, expected) in cases {
        // So that in a page the browser rule does not mask the one under test.
        let opts_value = js(opts);
        set(&opts_value, "dangerouslyAllowBrowser", &JsValue::TRUE);
        let e = new_client(opts_value)
            .err()
            .unwrap_or_else(|| panic!("accepted {opts}"));
        assert_error(&e, "validation");
        assert!(
            message(&e).contains(expected),
            "{} does not mention {expected}",
            message(&e)
        );
        assert!(
            !message(&e).contains("abc"),
            "a credential leaked into {}",
            message(&e)
        );
    }
    assert_error(&new_client(JsValue::from(5)).err().unwrap(), "validation");
}

#[wasm_bindgen_test]
fn credentials_never_show_in_json_or_string() {
    let secret = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";
    let c = client(&zone("secrets"), &format!(r#"{{"apiToken":"{secret}"}}"#));
    let as_json = stringify(&c.to_json());
    assert!(as_json.contains("\"auth\":\"token\""), "{as_json}");
    assert!(!as_json.contains(secret));
    assert!(!c.to_string_js().contains(secret));
}

#[wasm_bindgen_test]
fn browser_pages_need_the_opt_in_for_a_credential() {
    let in_page = Reflect::has(&js_sys::global(), &"document".into()).unwrap();
    let z = zone("browser-opt-in");
    let bare = js(&format!(
        r#"{{"zoneId":"{z}","apiToken":"{TOKEN}","baseUrl":"{BASE}"}}"#
    ));
    match new_client(bare) {
        Ok(_) => assert!(
            !in_page,
            "a page accepted a credential without dangerouslyAllowBrowser"
        ),
        Err(e) => {
            assert!(in_page, "refused outside a page");
            assert_error(&e, "validation");
            assert!(message(&e).contains("dangerouslyAllowBrowser"));
        }
    }
    // Without a credential (a proxy adds it) a page needs no opt-in.
    let proxied = js(&format!(r#"{{"zoneId":"{z}","baseUrl":"{BASE}"}}"#));
    assert!(new_client(proxied).is_ok());
}

#[wasm_bindgen_test]
fn canonicalize_ip_helper() {
    assert_eq!(
        origin_regions::js::canonicalize_ip("2001:DB8:0:0:0:0:0:1".into()).unwrap(),
        "2001:db8::1"
    );
    assert_eq!(
        origin_regions::js::canonicalize_ip("::FFFF:C000:0201".into()).unwrap(),
        "::ffff:192.0.2.1"
    );
    for bad in [
        JsValue::from("010.1.1.1"),
        JsValue::from("fe80::1%eth0"),
        JsValue::from(42),
        JsValue::NULL,
    ] {
        let e = origin_regions::js::canonicalize_ip(bad).unwrap_err();
        assert_error(&e, "validation");
    }
    let e = origin_regions::js::canonicalize_ip("1.2.3.04".into()).unwrap_err();
    assert!(message(&e).contains("leading zero"), "{}", message(&e));
}

// ---------------------------------------------------------------- reads

#[wasm_bindgen_test]
async fn list_one_page() {
    let z = zone("list-one-page");
    seed(&z, &mappings(5, 0)).await;
    let page = ok(client(&z, "{}").list(js(r#"{"page":2,"perPage":2}"#))).await;
    assert_eq!(len(&prop(&page, "items")), 2);
    assert_eq!((num(&page, "page"), num(&page, "perPage")), (2.0, 2.0));
    assert_eq!(
        (num(&page, "totalCount"), num(&page, "totalPages")),
        (5.0, 3.0)
    );
    let first = Reflect::get_u32(&prop(&page, "items"), 0).unwrap();
    assert_eq!(text(&first, "ip"), "10.0.0.2");
    assert_eq!(text(&first, "vendor"), "aws");
    assert!(prop(&first, "modifiedOn").is_string());
    let log = requests(&z).await;
    assert_eq!(log.length(), 1);
    let q = prop(&log.get(0), "query");
    assert_eq!(
        (text(&q, "page"), text(&q, "per_page")),
        ("2".into(), "2".into())
    );
}

#[wasm_bindgen_test]
async fn list_all_asks_for_100_and_stops_at_the_last_page() {
    let z = zone("list-all");
    seed(&z, &mappings(250, 0)).await;
    let all = ok(client(&z, "{}").list_all(JsValue::UNDEFINED)).await;
    assert_eq!(len(&all), 250);
    let log = requests(&z).await;
    assert_eq!(log.length(), 3, "one request per page, none past the end");
    let mut pages: Vec<String> = log
        .iter()
        .map(|r| text(&prop(&r, "query"), "page"))
        .collect();
    pages.sort();
    assert_eq!(pages, ["1", "2", "3"]);
    assert!(log
        .iter()
        .all(|r| text(&prop(&r, "query"), "per_page") == "100"));
    fresh(&z).await;
    assert_eq!(
        len(&ok(client(&z, "{}").list_all(JsValue::UNDEFINED)).await),
        0
    );
    assert_eq!(
        requests(&z).await.length(),
        1,
        "an empty zone takes one request"
    );
}

#[wasm_bindgen_test]
async fn iterate_fetches_pages_as_consumed() {
    let z = zone("iterate");
    seed(&z, &mappings(5, 0)).await;
    let c = client(&z, "{}");
    let it = c.iterate(js(r#"{"perPage":2}"#)).unwrap();
    assert!(has_async_iterator(&it));
    let first_two = collect_first(&it, 2).await.unwrap();
    assert_eq!(len(&first_two), 2);
    assert_eq!(
        requests(&z).await.length(),
        1,
        "only the first page was needed"
    );
    mock("DELETE", &format!("/requests?zone={z}"), "").await;
    let all = collect(&c.iterate(js(r#"{"perPage":2}"#)).unwrap())
        .await
        .unwrap();
    let ips: Vec<String> = Array::from(&all).iter().map(|m| text(&m, "ip")).collect();
    assert_eq!(
        ips,
        ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]
    );
    assert_eq!(requests(&z).await.length(), 3);
}

#[wasm_bindgen_test]
async fn overlapping_next_calls_never_repeat_a_page() {
    let z = zone("iterate-overlap");
    seed(&z, &mappings(4, 0)).await;
    let c = client(&z, "{}");
    let it = c.iterate(js(r#"{"perPage":2}"#)).unwrap();
    let next: Function = prop(&it, "next").unchecked_into();
    let calls = Array::new();
    for _ in 0..5 {
        calls.push(&next.call0(&it).unwrap());
    }
    let settled = ok(all_settled(&calls)).await;
    let values: Vec<JsValue> = Array::from(&settled)
        .iter()
        .map(|s| prop(&s, "value"))
        .collect();
    let ips: Vec<String> = values[..4]
        .iter()
        .map(|v| text(&prop(v, "value"), "ip"))
        .collect();
    assert_eq!(ips, ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3"]);
    assert_eq!(prop(&values[4], "done"), JsValue::TRUE);
    assert_eq!(requests(&z).await.length(), 2);
}

#[wasm_bindgen_test]
async fn get_one_and_a_missing_one() {
    let z = zone("get");
    seed(&z, THREE).await;
    let c = client(&z, "{}");
    let m = ok(c.get("2001:DB8:0::1".into(), JsValue::UNDEFINED)).await;
    assert_eq!(
        (text(&m, "ip"), text(&m, "vendor"), text(&m, "region")),
        ("2001:db8::1".into(), "gcp".into(), "us-central1".into())
    );
    let path = text(&requests(&z).await.get(0), "path");
    assert!(
        path.ends_with("/origin/cloud_regions/2001:db8::1"),
        "canonical IP on the wire: {path}"
    );
    let e = fails(c.get("203.0.113.9".into(), JsValue::UNDEFINED), "api").await;
    assert_eq!((num(&e, "status"), num(&e, "code")), (404.0, 1142.0));
    assert_eq!(len(&prop(&e, "errors")), 1);
}

#[wasm_bindgen_test]
async fn supported_regions_then_writes_are_checked_against_them() {
    let z = zone("supported-regions");
    fresh(&z).await;
    let c = client(&z, "{}");
    let cat = ok(c.supported_regions(JsValue::UNDEFINED)).await;
    assert_eq!(prop(&cat, "obtainedCodes"), JsValue::TRUE);
    let aws = prop(&prop(&cat, "vendors"), "aws");
    assert!(len(&aws) > 0);
    assert!(Array::is_array(&prop(
        &Reflect::get_u32(&aws, 0).unwrap(),
        "upperTierColos"
    )));
    mock("DELETE", &format!("/requests?zone={z}"), "").await;
    let e = fails(
        c.update(
            "192.0.2.9".into(),
            js(r#"{"vendor":"aws","region":"eastus"}"#),
            JsValue::UNDEFINED,
        ),
        "validation",
    )
    .await;
    assert!(
        message(&e).contains("supported-regions catalogue"),
        "{}",
        message(&e)
    );
    assert_eq!(requests(&z).await.length(), 0, "refused locally");
}

// ---------------------------------------------------------------- writes

#[wasm_bindgen_test]
async fn update_puts_the_canonical_ip() {
    let z = zone("update");
    fresh(&z).await;
    let c = client(&z, "{}");
    let m = ok(c.update(
        "2001:DB8:0:0:0:0:0:7".into(),
        js(r#"{"vendor":"oci","region":"us-ashburn-1"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&m, "ip"), "2001:db8::7");
    let r = requests(&z).await.get(0);
    assert_eq!(text(&r, "method"), "PUT");
    assert!(text(&r, "path").ends_with("/origin/cloud_regions/2001:db8::7"));
    assert_eq!(text(&stored(&z).await.get(0), "region"), "us-ashburn-1");
}

#[wasm_bindgen_test]
async fn create_then_the_same_ip_again_is_1145() {
    let z = zone("create");
    fresh(&z).await;
    let c = client(&z, "{}");
    let input = r#"{"ip":"198.51.100.20","vendor":"azure","region":"westeurope"}"#;
    let m = ok(c.create(js(input), JsValue::UNDEFINED)).await;
    assert_eq!(text(&m, "ip"), "198.51.100.20");
    let e = fails(c.create(js(input), JsValue::UNDEFINED), "api").await;
    assert_eq!((num(&e, "status"), num(&e, "code")), (400.0, 1145.0));
    let log = requests(&z).await;
    assert_eq!(text(&log.get(0), "method"), "POST");
    assert!(text(&log.get(0), "path").ends_with("/cache/origin_cloud_regions"));
}

#[wasm_bindgen_test]
async fn edit_answers_the_whole_list() {
    let z = zone("edit");
    seed(&z, THREE).await;
    let c = client(&z, "{}");
    let all = ok(c.edit(
        js(r#"{"ip":"192.0.2.1","vendor":"gcp","region":"europe-west1"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(len(&all), 3);
    let first = Reflect::get_u32(&all, 0).unwrap();
    assert_eq!(
        (text(&first, "ip"), text(&first, "vendor")),
        ("192.0.2.1".into(), "gcp".into())
    );
    assert_eq!(text(&requests(&z).await.get(0), "method"), "PATCH");
}

#[wasm_bindgen_test]
async fn delete_one_and_a_missing_one() {
    let z = zone("delete");
    seed(&z, THREE).await;
    let c = client(&z, "{}");
    let d = ok(c.delete("198.51.100.4".into(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&d, "ip"), "198.51.100.4");
    assert_eq!(stored(&z).await.length(), 2);
    let e = fails(c.delete("198.51.100.4".into(), JsValue::UNDEFINED), "api").await;
    assert_eq!((num(&e, "status"), num(&e, "code")), (404.0, 1163.0));
}

#[wasm_bindgen_test]
async fn batch_update_250_with_3_invalid() {
    let z = zone("batch-update");
    fresh(&z).await;
    let items: Array = js(&mappings(247, 0)).unchecked_into();
    items.push(&js(
        r#"{"ip":"10.0.0.300","vendor":"aws","region":"us-east-1"}"#,
    ));
    items.push(&js(
        r#"{"ip":"10.9.9.9","vendor":"ibm","region":"us-east-1"}"#,
    ));
    items.push(&JsValue::from(7));
    let r = ok(client(&z, "{}").batch_update(items.into(), JsValue::UNDEFINED)).await;
    assert_eq!(len(&prop(&r, "succeeded")), 247);
    assert_eq!(len(&prop(&r, "failed")), 3);
    assert_eq!(num(&r, "requests"), 3.0);
    let failed = prop(&r, "failed");
    assert!(text(&Reflect::get_u32(&failed, 0).unwrap(), "error").starts_with("items[247].ip"));
    assert!(text(&Reflect::get_u32(&failed, 1).unwrap(), "error").starts_with("items[248].vendor"));
    assert!(text(&Reflect::get_u32(&failed, 2).unwrap(), "error").starts_with("items[249]"));
    assert_eq!(stored(&z).await.length(), 247);
    let sizes: Vec<f64> = requests(&z)
        .await
        .iter()
        .map(|r| num(&r, "items"))
        .collect();
    let mut sorted = sizes.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(sorted, [47.0, 100.0, 100.0]);
}

#[wasm_bindgen_test]
async fn batch_edit_is_v1_and_reports_server_refusals() {
    let z = zone("batch-edit");
    fresh(&z).await;
    let items = js(r#"[
      {"ip":"192.0.2.1","vendor":"aws","region":"us-east-1"},
      {"ip":"2001:DB8::1","vendor":"gcp","region":"us-central1"},
      {"ip":"192.0.2.2","vendor":"aws","region":"mars-north-1"}
    ]"#);
    let r = ok(client(&z, "{}").batch_edit(items, JsValue::UNDEFINED)).await;
    let ok_items = prop(&r, "succeeded");
    assert_eq!(len(&ok_items), 2);
    let second = Reflect::get_u32(&ok_items, 1).unwrap();
    assert_eq!(
        (text(&second, "ip"), text(&second, "input")),
        ("2001:db8::1".into(), "2001:DB8::1".into())
    );
    let refused = Reflect::get_u32(&prop(&r, "failed"), 0).unwrap();
    assert_eq!(text(&refused, "ip"), "192.0.2.2");
    assert!(!text(&refused, "error").is_empty());
    let req = requests(&z).await.get(0);
    assert_eq!(text(&req, "method"), "PATCH");
    assert!(text(&req, "path").ends_with("/cache/origin_cloud_regions/batch"));
}

#[wasm_bindgen_test]
async fn batch_delete_sends_ips_and_merges_duplicates() {
    let z = zone("batch-delete");
    seed(&z, THREE).await;
    let r = ok(client(&z, "{}").batch_delete(
        js(r#"["192.0.2.1","2001:db8:0::1","2001:DB8::1","203.0.113.1","nope"]"#),
        JsValue::UNDEFINED,
    ))
    .await;
    let ok_ips: Vec<String> = Array::from(&prop(&r, "succeeded"))
        .iter()
        .map(|s| text(&s, "input"))
        .collect();
    assert_eq!(ok_ips, ["192.0.2.1", "2001:db8:0::1", "2001:DB8::1"]);
    let failed: Vec<String> = Array::from(&prop(&r, "failed"))
        .iter()
        .map(|s| text(&s, "input"))
        .collect();
    assert_eq!(failed, ["203.0.113.1", "nope"]);
    let req = requests(&z).await.get(0);
    assert_eq!(text(&req, "method"), "DELETE");
    assert_eq!(
        num(&req, "items"),
        3.0,
        "duplicates sent once, the invalid one not at all"
    );
    assert_eq!(stored(&z).await.length(), 1);
}

#[wasm_bindgen_test]
async fn a_failed_chunk_fails_exactly_its_items() {
    let z = zone("chunk-failure");
    fresh(&z).await;
    fault(
        &z,
        r#"{"kind":"status","status":500,"method":"PUT","times":1}"#,
    )
    .await;
    let c = client(&z, r#"{"concurrency":1,"maxRetries":0}"#);
    let r = ok(c.batch_update(js(&mappings(250, 0)), JsValue::UNDEFINED)).await;
    let failed = prop(&r, "failed");
    assert_eq!(len(&failed), 100);
    assert_eq!(len(&prop(&r, "succeeded")), 150);
    let first = Reflect::get_u32(&failed, 0).unwrap();
    assert_eq!(text(&first, "ip"), "10.0.0.0");
    assert!(
        text(&first, "error").contains("HTTP 500"),
        "{}",
        text(&first, "error")
    );
    assert_eq!(stored(&z).await.length(), 150);
}

#[wasm_bindgen_test]
async fn v1_client_uses_the_cache_endpoints() {
    let z = zone("v1-client");
    seed(&z, THREE).await;
    let c = client(&z, r#"{"apiVersion":"v1"}"#);
    let page = ok(c.list(js(r#"{"perPage":2}"#))).await;
    assert_eq!(
        (
            num(&page, "totalCount"),
            num(&page, "totalPages"),
            len(&prop(&page, "items"))
        ),
        (3.0, 2.0, 2)
    );
    assert_eq!(len(&ok(c.list_all(JsValue::UNDEFINED)).await), 3);
    assert_eq!(
        text(
            &ok(c.get("192.0.2.1".into(), JsValue::UNDEFINED)).await,
            "vendor"
        ),
        "aws"
    );
    assert_eq!(
        text(
            &ok(c.delete("192.0.2.1".into(), JsValue::UNDEFINED)).await,
            "ip"
        ),
        "192.0.2.1"
    );
    let r = ok(c.batch_delete(js(r#"["198.51.100.4"]"#), JsValue::UNDEFINED)).await;
    assert_eq!(len(&prop(&r, "succeeded")), 1);
    ok(c.supported_regions(JsValue::UNDEFINED)).await;
    for r in requests(&z).await.iter() {
        assert!(
            text(&r, "path").contains("/cache/origin_cloud_regions"),
            "{}",
            text(&r, "path")
        );
    }
}

#[wasm_bindgen_test]
async fn legacy_key_credentials_and_a_wrong_token() {
    let z = zone("credentials");
    seed(&z, THREE).await;
    let legacy = new_client(js(&format!(
        r#"{{"zoneId":"{z}","apiEmail":"user@example.com","apiKey":"test-global-key","baseUrl":"{BASE}","dangerouslyAllowBrowser":true}}"#
    )))
    .unwrap();
    assert_eq!(
        num(&ok(legacy.list(JsValue::UNDEFINED)).await, "totalCount"),
        3.0
    );
    assert_eq!(text(&requests(&z).await.get(0), "auth"), "key");
    let wrong = client(&z, r#"{"apiToken":"wrong-token-value"}"#);
    let e = fails(wrong.list(JsValue::UNDEFINED), "api").await;
    assert_eq!((num(&e, "status"), num(&e, "code")), (403.0, 10000.0));
    assert!(!message(&e).contains("wrong-token-value"));
    assert!(!error_stack(&e).contains("wrong-token-value"));
    assert!(!stringify(&e).contains("wrong-token-value"));
}

// ---------------------------------------------------------------- validation sends nothing

#[wasm_bindgen_test]
async fn bad_input_is_refused_before_any_request() {
    let z = zone("validation");
    fresh(&z).await;
    let c = client(&z, "{}");
    let u = JsValue::UNDEFINED;
    let cases: Vec<(Promise, &str)> = vec![
        (c.get("010.1.1.1".into(), u.clone()), "ip \"010.1.1.1\""),
        (
            c.get(JsValue::from(17), u.clone()),
            "ip: must be a string (got number)",
        ),
        (c.delete("fe80::1%eth0".into(), u.clone()), "zone indices"),
        (
            c.update(
                "192.0.2.1".into(),
                js(r#"{"vendor":"ibm","region":"x"}"#),
                u.clone(),
            ),
            "input.vendor",
        ),
        (
            c.update("192.0.2.1".into(), JsValue::from("aws"), u.clone()),
            "input: must be an object",
        ),
        (
            c.create(js(r#"{"ip":"192.0.2.1","vendor":"aws"}"#), u.clone()),
            "input.region: is required",
        ),
        (
            c.edit(
                js(r#"{"ip":"192.0.2.1/32","vendor":"aws","region":"us-east-1"}"#),
                u.clone(),
            ),
            "CIDR",
        ),
        (
            c.batch_update(js(r#"{"ip":"192.0.2.1"}"#), u.clone()),
            "items: must be an array",
        ),
        (
            c.batch_delete(JsValue::from("192.0.2.1"), u.clone()),
            "ips: must be an array",
        ),
        (c.list(js(r#"{"perPage":101}"#)), "options.perPage"),
        (c.list(js(r#"{"page":0}"#)), "options.page"),
        (c.list(js(r#"{"timeoutMs":"fast"}"#)), "options.timeoutMs"),
        (c.list(js(r#"{"signal":"stop"}"#)), "options.signal"),
    ];
    for (p, expected) in cases {
        let e = fails(p, "validation").await;
        assert!(
            message(&e).contains(expected),
            "{:?} does not contain {expected}",
            message(&e)
        );
    }
    let r = ok(c.batch_update(
        js(r#"[{"ip":"1.2.3","vendor":"aws","region":"us-east-1"}]"#),
        u.clone(),
    ))
    .await;
    assert_eq!((len(&prop(&r, "failed")), num(&r, "requests")), (1, 0.0));
    assert_eq!(requests(&z).await.length(), 0, "nothing was sent");
}

// ---------------------------------------------------------------- retries, timeouts, aborts

#[wasm_bindgen_test]
async fn retries_429_honouring_retry_after_seconds() {
    let z = zone("retry-429");
    seed(&z, THREE).await;
    fault(
        &z,
        r#"{"kind":"status","status":429,"retryAfter":"0","times":2}"#,
    )
    .await;
    let page = ok(client(&z, "{}").list(JsValue::UNDEFINED)).await;
    assert_eq!(num(&page, "totalCount"), 3.0);
    assert_eq!(requests(&z).await.length(), 3);
}

#[wasm_bindgen_test]
async fn retry_after_as_an_http_date() {
    let z = zone("retry-date");
    seed(&z, THREE).await;
    fault(
        &z,
        r#"{"kind":"status","status":503,"retryAfter":"Wed, 21 Oct 2015 07:28:00 GMT"}"#,
    )
    .await;
    ok(client(&z, r#"{"retryDelayMs":60000}"#).list(JsValue::UNDEFINED)).await;
    assert_eq!(
        requests(&z).await.length(),
        2,
        "a date in the past means retry at once"
    );
}

#[wasm_bindgen_test]
async fn gives_up_after_max_retries() {
    let z = zone("retry-exhausted");
    fresh(&z).await;
    fault(&z, r#"{"kind":"status","status":503,"times":10}"#).await;
    let e = fails(
        client(&z, r#"{"maxRetries":2}"#).list(JsValue::UNDEFINED),
        "api",
    )
    .await;
    assert_eq!((num(&e, "status"), num(&e, "code")), (503.0, 1140.0));
    assert_eq!(requests(&z).await.length(), 3);
    mock("DELETE", &format!("/requests?zone={z}"), "").await;
    let e = fails(
        client(&z, r#"{"maxRetries":2}"#).list(js(r#"{"maxRetries":0}"#)),
        "api",
    )
    .await;
    assert_eq!(num(&e, "status"), 503.0);
    assert_eq!(
        requests(&z).await.length(),
        1,
        "the per-call maxRetries wins"
    );
}

#[wasm_bindgen_test]
async fn retry_after_beyond_the_cap_is_not_waited() {
    let z = zone("retry-cap");
    fresh(&z).await;
    fault(&z, r#"{"kind":"status","status":429,"retryAfter":"3600"}"#).await;
    let e = fails(client(&z, "{}").list(JsValue::UNDEFINED), "api").await;
    assert_eq!((num(&e, "status"), num(&e, "code")), (429.0, 971.0));
    assert_eq!(requests(&z).await.length(), 1);
}

#[wasm_bindgen_test]
async fn create_is_not_retried_once_the_server_may_have_acted() {
    let z = zone("create-no-retry");
    fresh(&z).await;
    fault(
        &z,
        r#"{"kind":"status","status":502,"method":"POST","times":3}"#,
    )
    .await;
    let input = js(r#"{"ip":"192.0.2.50","vendor":"aws","region":"us-east-1"}"#);
    let e = fails(
        client(&z, "{}").create(input.clone(), JsValue::UNDEFINED),
        "api",
    )
    .await;
    assert_eq!(num(&e, "status"), 502.0);
    assert_eq!(requests(&z).await.length(), 1);
    mock("DELETE", &format!("/faults?zone={z}"), "").await;
    fault(
        &z,
        r#"{"kind":"status","status":429,"retryAfter":"0","method":"POST"}"#,
    )
    .await;
    ok(client(&z, "{}").create(input, JsValue::UNDEFINED)).await;
    assert_eq!(
        requests(&z).await.length(),
        3,
        "a 429 proves nothing was done: retried"
    );
}

#[wasm_bindgen_test]
async fn a_slow_attempt_times_out_and_is_retried() {
    let z = zone("timeout");
    seed(&z, THREE).await;
    fault(&z, r#"{"kind":"delay","delayMs":1500}"#).await;
    let e = fails(
        client(&z, r#"{"timeoutMs":100,"maxRetries":0}"#).list(JsValue::UNDEFINED),
        "timeout",
    )
    .await;
    assert!(message(&e).contains("100 ms"), "{}", message(&e));
    fault(&z, r#"{"kind":"delay","delayMs":1500}"#).await;
    let page = ok(client(&z, r#"{"maxRetries":1}"#).list(js(r#"{"timeoutMs":100}"#))).await;
    assert_eq!(num(&page, "totalCount"), 3.0);
}

#[wasm_bindgen_test]
async fn abort_during_a_request() {
    let z = zone("abort-request");
    fresh(&z).await;
    fault(&z, r#"{"kind":"hang"}"#).await;
    let opts = Object::new();
    set(&opts, "signal", &abort_after(50));
    let e = fails(client(&z, "{}").list(opts.into()), "aborted").await;
    assert!(message(&e).contains("aborted"));
}

#[wasm_bindgen_test]
async fn abort_during_a_backoff_wait() {
    let z = zone("abort-backoff");
    fresh(&z).await;
    fault(&z, r#"{"kind":"status","status":429,"retryAfter":"30"}"#).await;
    let opts = Object::new();
    set(&opts, "signal", &abort_after(50));
    let started = js_sys::Date::now();
    fails(client(&z, "{}").list(opts.into()), "aborted").await;
    assert!(
        js_sys::Date::now() - started < 10_000.0,
        "the 30 s wait was cut short"
    );
    assert_eq!(requests(&z).await.length(), 1);
}

#[wasm_bindgen_test]
async fn an_already_aborted_signal_sends_nothing() {
    let z = zone("abort-early");
    fresh(&z).await;
    let opts = Object::new();
    set(&opts, "signal", &aborted_signal());
    fails(
        client(&z, "{}").batch_delete(js(r#"["192.0.2.1"]"#), opts.into()),
        "aborted",
    )
    .await;
    assert_eq!(requests(&z).await.length(), 0);
}

#[wasm_bindgen_test]
async fn network_failures_are_retried_then_reported() {
    let z = zone("network");
    // Nothing listens on port 9 of loopback.
    let c = new_client(js(&format!(
        r#"{{"zoneId":"{z}","apiToken":"t","baseUrl":"http://127.0.0.1:9/client/v4","maxRetries":1,"retryDelayMs":1,"dangerouslyAllowBrowser":true}}"#
    )))
    .unwrap();
    fails(c.list(JsValue::UNDEFINED), "network").await;
    fresh(&z).await;
    fault(&z, r#"{"kind":"reset"}"#).await;
    let page = ok(client(&z, "{}").list(JsValue::UNDEFINED)).await;
    assert_eq!(num(&page, "totalCount"), 0.0);
    assert_eq!(
        requests(&z).await.length(),
        2,
        "the reset attempt and its retry"
    );
}

// ---------------------------------------------------------------- error mapping

#[wasm_bindgen_test]
async fn an_edge_html_page_is_an_api_error_without_codes() {
    let z = zone("html-502");
    fresh(&z).await;
    fault(&z, r#"{"kind":"html","status":502,"times":3}"#).await;
    let e = fails(client(&z, "{}").list(JsValue::UNDEFINED), "api").await;
    assert_eq!(num(&e, "status"), 502.0);
    assert!(prop(&e, "code").is_undefined());
    assert_eq!(len(&prop(&e, "errors")), 0);
}

#[wasm_bindgen_test]
async fn success_false_with_status_200_is_an_api_error() {
    let z = zone("success-false");
    fresh(&z).await;
    fault(&z, r#"{"kind":"success-false"}"#).await;
    let e = fails(client(&z, "{}").list(JsValue::UNDEFINED), "api").await;
    assert_eq!((num(&e, "status"), num(&e, "code")), (200.0, 1140.0));
}

#[wasm_bindgen_test]
async fn unreadable_bodies_are_decode_errors() {
    let z = zone("decode");
    fresh(&z).await;
    fault(&z, r#"{"kind":"notjson"}"#).await;
    fails(client(&z, "{}").list(JsValue::UNDEFINED), "decode").await;
    fault(&z, r#"{"kind":"truncated"}"#).await;
    fails(
        client(&z, "{}").get("192.0.2.1".into(), JsValue::UNDEFINED),
        "decode",
    )
    .await;
}

// ---------------------------------------------------------------- concurrency and the fetch option

#[wasm_bindgen_test]
async fn overlapping_calls_on_one_client() {
    let z = zone("overlap");
    seed(&z, THREE).await;
    fault(
        &z,
        r#"{"kind":"status","status":503,"retryAfter":"0","times":5}"#,
    )
    .await;
    let c = client(&z, "{}");
    let calls = Array::new();
    for i in 0..30 {
        let p = match i % 3 {
            0 => c.list(JsValue::UNDEFINED),
            1 => c.get("192.0.2.1".into(), JsValue::UNDEFINED),
            _ => c.supported_regions(JsValue::UNDEFINED),
        };
        calls.push(&p);
    }
    let settled = ok(all_settled(&calls)).await;
    for s in Array::from(&settled).iter() {
        assert_eq!(text(&s, "status"), "fulfilled", "{}", stringify(&s));
    }
}

#[wasm_bindgen_test]
async fn the_fetch_option_is_used() {
    let z = zone("custom-fetch");
    seed(&z, THREE).await;
    let counter = js(r#"{"calls":0}"#);
    let opts = options(&z, "{}");
    set(&opts, "fetch", &counting_fetch(&counter));
    let c = new_client(opts).unwrap();
    ok(c.list(JsValue::UNDEFINED)).await;
    ok(c.get("192.0.2.1".into(), JsValue::UNDEFINED)).await;
    assert_eq!(num(&counter, "calls"), 2.0);
}

#[wasm_bindgen_test]
async fn batch_progress_is_reported_per_request() {
    let z = zone("batch-progress");
    fresh(&z).await;
    let reports = Array::new();
    let opts = Object::new();
    set(&opts, "onProgress", &recorder(&reports));
    ok(client(&z, r#"{"concurrency":1}"#).batch_update(js(&mappings(250, 0)), opts.into())).await;
    let done: Vec<f64> = reports.iter().map(|r| num(&r, "done")).collect();
    assert_eq!(done, [100.0, 200.0, 250.0]);
    let last = reports.get(2);
    assert_eq!((num(&last, "total"), num(&last, "requests")), (250.0, 3.0));
    let opts = js(r#"{"onProgress":"yes"}"#);
    fails(
        client(&z, "{}").batch_delete(js(r#"["192.0.2.1"]"#), opts),
        "validation",
    )
    .await;
}

#[wasm_bindgen_test]
async fn an_aborted_batch_says_what_became_of_each_item() {
    let z = zone("batch-abort");
    seed(&z, &mappings(250, 0)).await;
    fault(&z, r#"{"kind":"delay","delayMs":3000,"method":"DELETE"}"#).await;
    let ips: Array = Array::from(&js(&mappings(250, 0)))
        .iter()
        .map(|m| prop(&m, "ip"))
        .collect();
    let opts = Object::new();
    set(&opts, "signal", &abort_after(200));
    let e = fails(
        client(&z, r#"{"concurrency":1}"#).batch_delete(ips.into(), opts.into()),
        "aborted",
    )
    .await;
    let result = prop(&e, "result");
    assert_eq!(len(&prop(&result, "succeeded")), 0);
    let failed = Array::from(&prop(&result, "failed"));
    assert_eq!(failed.length(), 250, "every item is accounted for");
    let in_flight = failed
        .iter()
        .filter(|f| text(f, "error").contains("in flight"))
        .count();
    let not_sent = failed
        .iter()
        .filter(|f| text(f, "error").starts_with("not sent"))
        .count();
    assert_eq!((in_flight, not_sent), (100, 150));
    assert_eq!(requests(&z).await.length(), 1);
}

// ---------------------------------------------------------------- declarative sync

#[wasm_bindgen_test]
async fn sync_then_sync_again_writes_nothing() {
    let z = zone("sync");
    fresh(&z).await;
    let c = client(&z, "{}");
    let desired = mappings(250, 0);
    let first = ok(c.sync(js(&desired), JsValue::UNDEFINED)).await;
    assert_eq!(len(&prop(&prop(&first, "plan"), "create")), 250);
    let applied = prop(&first, "applied");
    assert_eq!(
        (
            len(&prop(&prop(&applied, "upserted"), "succeeded")),
            num(&applied, "requests")
        ),
        (250, 3.0)
    );
    assert_eq!(stored(&z).await.length(), 250);
    mock("DELETE", &format!("/requests?zone={z}"), "").await;
    let second = ok(c.sync(js(&desired), js(r#"{"prune":true}"#))).await;
    assert_eq!(num(&prop(&second, "applied"), "requests"), 0.0);
    let log = requests(&z).await;
    assert!(
        log.iter().all(|r| text(&r, "method") == "GET"),
        "no write on an equal zone"
    );
    assert_eq!(log.length(), 3, "250 mappings are 3 pages of 100");
}

#[wasm_bindgen_test]
async fn plan_shows_changes_and_apply_runs_them() {
    let z = zone("plan-apply");
    seed(&z, THREE).await;
    let c = client(&z, "{}");
    let desired = r#"[
      {"ip":"192.0.2.1","vendor":"aws","region":"eu-west-1"},
      {"ip":"2001:DB8::1","vendor":"gcp","region":"us-central1"},
      {"ip":"203.0.113.7","vendor":"oci","region":"us-ashburn-1"},
      {"ip":"1.2.3","vendor":"aws","region":"us-east-1"}
    ]"#;
    let plan = ok(c.plan(js(desired), js(r#"{"prune":true}"#))).await;
    assert_eq!(len(&prop(&plan, "create")), 1);
    let change = Reflect::get_u32(&prop(&plan, "change"), 0).unwrap();
    assert_eq!(text(&prop(&change, "from"), "region"), "us-east-1");
    assert_eq!(text(&prop(&change, "to"), "region"), "eu-west-1");
    assert_eq!(
        text(&Reflect::get_u32(&prop(&plan, "delete"), 0).unwrap(), "ip"),
        "198.51.100.4"
    );
    assert_eq!(len(&prop(&plan, "unchanged")), 1);
    assert_eq!(len(&prop(&plan, "rejected")), 1);
    let size = prop(&plan, "zoneSize");
    assert_eq!((num(&size, "before"), num(&size, "after")), (3.0, 3.0));
    mock("DELETE", &format!("/requests?zone={z}"), "").await;
    let reports = Array::new();
    let opts = Object::new();
    set(&opts, "onProgress", &recorder(&reports));
    let applied = ok(c.apply(plan, opts.into())).await;
    assert_eq!(
        num(&applied, "requests"),
        2.0,
        "one upsert request and one delete request"
    );
    assert_eq!(num(&reports.get(reports.length() - 1), "done"), 3.0);
    let ips: Vec<String> = stored(&z).await.iter().map(|m| text(&m, "ip")).collect();
    assert_eq!(ips.len(), 3);
    assert!(!ips.contains(&"198.51.100.4".to_string()));
    fails(c.apply(JsValue::from(3), JsValue::UNDEFINED), "validation").await;
}

#[wasm_bindgen_test]
fn check_mappings_validates_a_list_in_one_call() {
    let out = origin_regions::js::check_mappings(js(r#"[
      {"ip":"2001:DB8::1","vendor":"gcp","region":"us-central1"},
      {"ip":"2001:db8:0::1","vendor":"gcp","region":"us-central1"},
      {"ip":"10.0.0.01","vendor":"aws","region":"us-east-1"},
      {"ip":"192.0.2.1","vendor":"ibm","region":"us-east-1"}
    ]"#))
    .unwrap();
    let valid = prop(&out, "valid");
    assert_eq!(len(&valid), 1, "duplicates that agree are one mapping");
    assert_eq!(
        text(&Reflect::get_u32(&valid, 0).unwrap(), "ip"),
        "2001:db8::1"
    );
    let rejected: Vec<String> = Array::from(&prop(&out, "rejected"))
        .iter()
        .map(|r| text(&r, "error"))
        .collect();
    assert_eq!(rejected.len(), 2);
    assert!(
        rejected[0].starts_with("items[2].ip") && rejected[1].starts_with("items[3].vendor"),
        "{rejected:?}"
    );
    assert_error(
        &origin_regions::js::check_mappings(JsValue::from("x")).unwrap_err(),
        "validation",
    );
}

#[wasm_bindgen_test]
async fn a_fetch_answering_response_like_objects_works() {
    let z = zone("plain-object-fetch");
    seed(&z, THREE).await;
    let opts = options(&z, "{}");
    set(&opts, "fetch", &plain_object_fetch());
    let c = new_client(opts).unwrap();
    assert_eq!(
        num(&ok(c.list(JsValue::UNDEFINED)).await, "totalCount"),
        3.0
    );
    let e = fails(c.get("203.0.113.9".into(), JsValue::UNDEFINED), "api").await;
    assert_eq!(num(&e, "code"), 1142.0);
}
