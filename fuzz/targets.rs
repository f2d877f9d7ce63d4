//! The bodies of the fuzz targets, shared by the libFuzzer binaries (`fuzz/fuzz_targets/`,
//! nightly, coverage-guided) and the stable mutation loop (`tests/cli/fuzz.rs`, every CI run).
//! Each takes any bytes and panics only when dsctl broke a promise.

use dsctl::convert::{Options, Source, convert_file};
use dsctl::finding::{Finding, Severity};
use granit_parser::{Event, Parser, ScanError, Span};
use serde_json::Value;
use std::collections::HashMap;

/// A fuzz target: any bytes in, a panic only on a broken promise.
pub type Target = fn(&[u8]);

/// Every target by name, in the order the smoke runs take them.
pub const TARGETS: &[(&str, Target)] = &[
    ("load", load),
    ("validate", validate),
    ("convert", convert),
    ("inventory", inventory),
    ("events", events),
];

/// The input layer: documents or a positioned error, never a panic; every path a document has
/// must be locatable.
pub fn load(data: &[u8]) {
    if let Ok(docs) = dsctl::manifest::load(data) {
        for d in &docs {
            for o in d.objects() {
                let _ = o.locate("metadata.name");
                let _ = o.locate("spec.template.spec.containers[0].image");
                let _ = o.locate("metadata.labels[a.b/c]");
                let _ = o.describe();
            }
        }
    }
}

/// The whole `validate` pipeline (loader, API-server rules, JSON schema, position lookup): a
/// load error or reports, never a panic; every reported position is 1-based.
pub fn validate(data: &[u8]) {
    let Ok(text) = dsctl::manifest::decode(data) else {
        return;
    };
    let config = dsctl::validate::Config {
        version: dsctl::schema::latest(),
        strict: true,
        ignore: Vec::new(),
        previous: HashMap::new(),
        sole_previous: None,
    };
    if let Ok(reports) = dsctl::validate::validate_text("fuzz.yaml", text, &config) {
        for r in &reports {
            for f in &r.findings {
                assert!(
                    f.line >= 1 && f.column >= 1,
                    "position {}:{}",
                    f.line,
                    f.column
                );
            }
        }
    }
}

fn refusals(ds: &Value) -> Vec<Finding> {
    dsctl::rules::check(ds, &dsctl::rules::Options::default())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// `convert` with the real checker: a load error, a refusal or a text that loads again, where
/// every converted object keeps the input's Pod template unchanged.
pub fn convert(data: &[u8]) {
    let Ok(conversion) = convert_file(data, None, &Options::default(), &refusals) else {
        return;
    };
    let Some(output) = &conversion.output else {
        assert!(conversion.refused(), "no output but nothing refused");
        return;
    };
    let before = dsctl::manifest::load(data).expect("the input loaded once");
    let after = dsctl::manifest::load(output.as_bytes())
        .unwrap_or_else(|e| panic!("output does not load: {e:?}\n{output}"));
    let objects = |docs: &[dsctl::manifest::Document]| -> Vec<Value> {
        docs.iter()
            .flat_map(|d| d.objects().into_iter().map(|o| o.value.clone()))
            .collect()
    };
    let (before, after) = (objects(&before), objects(&after));
    assert_eq!(before.len(), after.len(), "object count changed\n{output}");
    for (b, a) in before.iter().zip(&after) {
        if Source::of(b).yields_daemonset() {
            assert_eq!(
                b.pointer("/spec/template"),
                a.pointer("/spec/template"),
                "template changed\n{output}"
            );
        }
    }
}

/// The node-inventory reader of `preview --nodes`: nodes or a positioned error, never a panic.
pub fn inventory(data: &[u8]) {
    if let Err(e) = dsctl::inventory::read_nodes(data) {
        assert!(!e.message.is_empty());
    }
}

/// One event as text, for comparing two event sources.
pub fn show_event(item: Result<(Event<'_>, Span), ScanError>) -> String {
    match item {
        Ok((e, s)) => format!(
            "{e:?} @ {}:{}+{:?} .. {}:{}+{:?}",
            s.start.line(),
            s.start.col(),
            s.start.byte_offset(),
            s.end.line(),
            s.end.col(),
            s.end.byte_offset()
        ),
        Err(e) => format!(
            "error {}:{} {}",
            e.marker().line(),
            e.marker().col(),
            e.info()
        ),
    }
}

/// The events of a source as text, up to the first error.
pub fn collect_events<'a>(
    items: impl Iterator<Item = Result<(Event<'a>, Span), ScanError>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for item in items.take(100_000) {
        let err = item.is_err();
        out.push(show_event(item));
        if err {
            break;
        }
    }
    out
}

/// The block scanner must be invisible: on any text, dsctl's event source yields exactly
/// granit-parser's events, spans and first error.
pub fn events(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut opts = granit_parser::Options::default();
    opts.emit_comments = false;
    let want = collect_events(Parser::new_from_str_with_options(text, opts));
    let got = collect_events(dsctl::manifest::events::Events::new(text));
    if let Some(i) = (0..want.len().max(got.len())).find(|&i| want.get(i) != got.get(i)) {
        panic!(
            "event {i} differs\n granit: {:?}\n  dsctl: {:?}",
            want.get(i),
            got.get(i)
        );
    }
}
