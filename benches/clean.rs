//! How fast the cleaner is on what mailboxes really hold: a long reply chain, and a
//! megabyte of text built to trip an unanchored reply-header pattern.
//!
//! Targets: the 20 KB reply chain in a few milliseconds, and the hostile megabyte (16 000
//! phone numbers among reply-header words) in about a second; an unanchored `On .* wrote:`
//! regex with backtracking takes minutes on such text. Measured on the 2-core machine while
//! other builds ran: 3 ms for the chain; 5 to 15 s for the megabyte before the rules got
//! their cheap pre-checks and ASCII word boundaries, about 1.2 s after.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use faqmine::clean::clean_message;
use faqmine::Role;

/// A customer's question on top of a twenty-message reply chain, each level quoted once
/// more, with French and Vietnamese headers and signatures.
fn reply_chain() -> String {
    let mut mail =
        String::from("Bonjour,\n\nPeut-on changer l'adresse de livraison ?\n\nCordialement,\nMarie\n\n");
    for level in 1..=20 {
        let q = ">".repeat(level);
        mail.push_str(&format!(
            "{q} Le lun. 3 juin 2024 à 10:{level:02}, Service client <sav@boutique.fr> a écrit\u{a0}:\n"
        ));
        for _ in 0..10 {
            mail.push_str(&format!(
                "{q} Vào Th 2, 3 thg 6, 2024 em đã hỏi về đơn hàng DH2024061234 rồi ạ.\n"
            ));
        }
    }
    mail
}

fn hostile() -> String {
    let line = "On Mon wrote on on on Le Le a écrit Vào đã viết 0612345678 ".repeat(40);
    format!("{line}\n").repeat(1024 * 1024 / line.len())
}

fn bench(c: &mut Criterion) {
    let chain = reply_chain();
    let mut g = c.benchmark_group("clean");
    g.throughput(Throughput::Bytes(chain.len() as u64));
    g.bench_function("reply_chain", |b| {
        b.iter(|| {
            let got = clean_message(&chain, Role::Customer);
            assert_eq!(got.question, "Peut-on changer l'adresse de livraison ?");
        })
    });
    let text = hostile();
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("hostile_megabyte", |b| {
        b.iter(|| {
            let got = clean_message(&text, Role::Customer);
            assert!(got.body.contains("⟨phone⟩"));
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
