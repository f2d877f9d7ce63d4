//! Phase timings of `validate` on one large stream, single-threaded:
//! `cargo run --release --example parse_bench -- FILE`.
use std::time::Instant;

fn main() {
    let Some(p) = std::env::args().nth(1) else {
        eprintln!("usage: parse_bench FILE");
        return;
    };
    let text = std::fs::read_to_string(&p).expect("read");
    let t = Instant::now();
    let mut n = 0;
    granit_parser::Parser::new_from_str(&text).for_each(|_e| n += 1);
    eprintln!("granit-parser events ({n}): {:?}", t.elapsed());
    let t = Instant::now();
    let mut events = dsctl::manifest::events::Events::new(&text);
    let n = events.by_ref().count();
    eprintln!(
        "dsctl events ({n}, {} documents by the block scanner): {:?}",
        events.scanned(),
        t.elapsed()
    );
    let t = Instant::now();
    let mut values = 0;
    dsctl::manifest::for_each_value(&text, 0, |_d| {
        values += 1;
        Ok(())
    })
    .expect("parse");
    eprintln!("parse + value, no tree ({values}): {:?}", t.elapsed());
    let t = Instant::now();
    let mut docs = Vec::new();
    dsctl::manifest::for_each_document(&text, 0, |d| {
        docs.push(d);
        Ok(())
    })
    .expect("parse");
    eprintln!("parse + tree + value ({}): {:?}", docs.len(), t.elapsed());
    let t = Instant::now();
    let opts = dsctl::rules::Options::default();
    let mut f = 0;
    for d in &docs {
        f += dsctl::rules::check(&d.value, &opts).len();
    }
    eprintln!("rules ({f} findings): {:?}", t.elapsed());
    let t = Instant::now();
    let v = dsctl::schema::latest();
    for d in &docs {
        let _ = dsctl::schema::check(&d.value, v, true);
    }
    eprintln!("schema: {:?}", t.elapsed());
    let t = Instant::now();
    drop(docs);
    eprintln!("drop: {:?}", t.elapsed());
}
