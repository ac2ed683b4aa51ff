//! Option checking: defaults, credentials and where they may be sent,
//! and errors that name the option.

use super::*;

const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn opts(base: Option<&str>, token: Option<&str>) -> Options {
    Options {
        zone_id: Field::Text(ZONE.into()),
        base_url: base.map_or(Field::Missing, |b| Field::Text(b.into())),
        api_token: token.map_or(Field::Missing, |t| Field::Text(t.into())),
        ..Options::default()
    }
}

#[test]
fn defaults() {
    let c = Config::new(&opts(None, Some("tok")), false).unwrap();
    assert_eq!(c.base_url, CLOUDFLARE_BASE_URL);
    assert_eq!(c.api_version, ApiVersion::V2);
    assert_eq!(
        c.limits,
        Limits {
            timeout_ms: 30_000,
            max_retries: 2,
            retry_delay_ms: 500
        }
    );
    assert_eq!(c.credentials.scheme(), "token");
}

#[test]
fn cloudflare_needs_credentials_a_proxy_does_not() {
    let e = Config::new(&opts(None, None), false).unwrap_err();
    assert!(e.to_string().contains("apiToken"), "{e}");
    let c = Config::new(&opts(Some("https://dash.example.com/cf/"), None), false).unwrap();
    assert_eq!(c.base_url, "https://dash.example.com/cf");
}

#[test]
fn lookalike_loopback_hosts_are_not_loopback() {
    for url in [
        "http://127.evil.example.com/x",
        "http://127.0.0.example/x",
        "http://127.0.0.1%2e%65vil/x",
        "http://evil.localhost/x",
    ] {
        assert!(
            Config::new(&opts(Some(url), Some("t")), false).is_err(),
            "{url}"
        );
    }
    for url in [
        "http://127.0.0.1:8/x",
        "http://127.1.2.3/x",
        "http://localhost:8/x",
        "http://[::1]:8/x",
    ] {
        assert!(
            Config::new(&opts(Some(url), Some("t")), false).is_ok(),
            "{url}"
        );
    }
}

#[test]
fn credentials_only_over_https_or_loopback() {
    assert!(Config::new(
        &opts(Some("http://127.0.0.1:8790/client/v4"), Some("t")),
        false
    )
    .is_ok());
    assert!(Config::new(&opts(Some("http://localhost:1/x"), Some("t")), false).is_ok());
    assert!(Config::new(&opts(Some("http://[::1]:1/x"), Some("t")), false).is_ok());
    let e = Config::new(&opts(Some("http://api.example.com/x"), Some("t")), false).unwrap_err();
    assert!(e.to_string().contains("only sent over https"), "{e}");
    let e = Config::new(
        &opts(Some("http://127.0.0.1.example.com/x"), Some("t")),
        false,
    )
    .unwrap_err();
    assert_eq!(e.kind(), "validation");
    let mut o = opts(Some("http://api.example.com/x"), Some("t"));
    o.allow_insecure_http = Field::Bool(true);
    assert!(Config::new(&o, false).is_ok());
    // Without credentials there is nothing to protect.
    assert!(Config::new(&opts(Some("http://proxy.internal/x"), None), false).is_ok());
}

#[test]
fn browser_pages_must_opt_in_to_holding_a_credential() {
    let e = Config::new(&opts(None, Some("t")), true).unwrap_err();
    assert!(
        e.to_string().starts_with("options.dangerouslyAllowBrowser"),
        "{e}"
    );
    let mut o = opts(None, Some("t"));
    o.dangerously_allow_browser = Field::Bool(true);
    assert!(Config::new(&o, true).is_ok());
    assert!(
        Config::new(&opts(Some("/api"), None), true).is_err(),
        "relative URLs are refused"
    );
}

#[test]
fn base_url_scheme_and_host_are_case_blind_and_unicode_spaces_refused() {
    assert!(Config::new(&opts(Some("HTTP://LocalHost:8/x/"), Some("t")), false).is_ok());
    let e = Config::new(
        &opts(Some("HTTPS://API.Cloudflare.COM/client/v4"), None),
        false,
    )
    .unwrap_err();
    assert!(e.to_string().contains("apiToken"), "{e}");
    for bad in [
        "https://x.com/a\u{a0}b",
        "https://x.com/\u{2028}",
        "https://x.com/\u{85}",
    ] {
        let e = Config::new(&opts(Some(bad), Some("t")), false).unwrap_err();
        assert!(
            e.to_string().contains("whitespace or control"),
            "{bad}: {e}"
        );
    }
    // Non-ASCII that is neither passes (an IDN path segment).
    assert!(Config::new(&opts(Some("https://x.com/caf\u{e9}"), Some("t")), false).is_ok());
    let e = Config::new(&opts(Some("ftp ://x"), Some("t")), false).unwrap_err();
    assert!(e.to_string().contains("http or https"), "{e}");
}

#[test]
fn bad_options_name_themselves() {
    let mut o = opts(None, Some("t"));
    o.api_version = Field::Text("v3".into());
    assert_eq!(
        Config::new(&o, false).unwrap_err().to_string(),
        "options.apiVersion \"v3\": must be \"v1\" or \"v2\""
    );
    let mut o = opts(None, Some("t"));
    o.timeout_ms = Field::Number(-1.0);
    assert!(Config::new(&o, false)
        .unwrap_err()
        .to_string()
        .starts_with("options.timeoutMs"));
    for bad in [
        "ftp://x",
        "https://user:pw@x.com",
        "https://x.com/?a=1",
        "https:// x.com",
        "x.com",
    ] {
        assert!(
            Config::new(&opts(Some(bad), Some("t")), false).is_err(),
            "{bad}"
        );
    }
}
