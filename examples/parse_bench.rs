fn main() {
    let p = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    let t = std::time::Instant::now();
    let mut n = 0;
    dsctl::manifest::for_each_document(&text, 0, |_d| {
        n += 1;
        Ok(())
    })
    .unwrap();
    eprintln!("docs={n} parse+tree+value {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut n = 0;
    granit_parser::Parser::new_from_str(&text).for_each(|_e| n += 1);
    eprintln!("events={n} raw events {:?}", t.elapsed());
}
