//! The block scanner must be invisible: on any text, dsctl's event source yields exactly
//! granit-parser's events, spans and first error (see `tests/cli/events.rs`).
#![no_main]

use granit_parser::{Event, Options, Parser, ScanError, Span};
use libfuzzer_sys::fuzz_target;

fn show(item: Result<(Event<'_>, Span), ScanError>) -> String {
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
        Err(e) => format!("error {}:{} {}", e.marker().line(), e.marker().col(), e.info()),
    }
}

fn collect<'a>(items: impl Iterator<Item = Result<(Event<'a>, Span), ScanError>>) -> Vec<String> {
    let mut out = Vec::new();
    for item in items.take(100_000) {
        let err = item.is_err();
        out.push(show(item));
        if err {
            break;
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut opts = Options::default();
    opts.emit_comments = false;
    let want = collect(Parser::new_from_str_with_options(text, opts));
    let got = collect(dsctl::manifest::events::Events::new(text));
    if let Some(i) = (0..want.len().max(got.len())).find(|&i| want.get(i) != got.get(i)) {
        panic!(
            "event {i} differs\n granit: {:?}\n  dsctl: {:?}",
            want.get(i),
            got.get(i)
        );
    }
});
