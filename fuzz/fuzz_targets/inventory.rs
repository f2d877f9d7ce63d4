//! The node-inventory reader of `preview --nodes` on any bytes: nodes or a positioned error,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = dsctl::inventory::read_nodes(data) {
        assert!(!e.message.is_empty());
    }
});
