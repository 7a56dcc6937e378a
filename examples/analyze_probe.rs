use faqmine::analyze::Analyzer;
fn main() {
    let a = Analyzer::new();
    for line in std::io::stdin().lines() {
        let line = line.unwrap();
        let r = a.analyze(&line, None);
        println!("{} | {} | {:?} | {} | {}", line, r.language, r.utterance, r.tokens.join(" "), r.folded.join(" "));
    }
}
