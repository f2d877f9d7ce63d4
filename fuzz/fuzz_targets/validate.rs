//! The whole `validate` pipeline (loader, API-server rules, JSON schema, position lookup) on any
//! bytes: a load error or reports, never a panic; every reported position is 1-based.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = dsctl::manifest::decode(data) else {
        return;
    };
    let config = dsctl::validate::Config {
        version: dsctl::schema::latest(),
        strict: true,
        ignore: Vec::new(),
        previous: HashMap::new(),
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
});
