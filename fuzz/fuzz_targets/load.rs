//! The input layer: any bytes must give documents or a positioned error, never a panic; every
//! path a document has must be locatable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
