//! `convert` with the real checker on any bytes: a load error, a refusal or a text that loads
//! again, where every converted object keeps the input's Pod template unchanged.
#![no_main]

use dsctl::convert::{Options, Source, convert_file};
use dsctl::finding::Severity;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn check(ds: &Value) -> Vec<dsctl::finding::Finding> {
    dsctl::rules::check(ds, &dsctl::rules::Options::default())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(conversion) = convert_file(data, None, &Options::default(), &check) else {
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
});
