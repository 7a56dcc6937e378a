//! A deterministic synthetic help-center corpus in English, French, Vietnamese and Urdu.
//!
//! Each customer message asks one of `intents` questions (an action on an object, phrased
//! with one of several frames per language), with the variations real support text has:
//! lower/upper case, missing diacritics, typos, trailing courtesy words, an order number.
//! A share of messages are one-off questions built from random words, and some are
//! greetings and thanks. Intent popularity follows a Zipf-like law, as in real help centers.
//! The same seed always gives the same corpus (a small linear congruential generator; no
//! dependency).

#![allow(dead_code)]

use faqmine::{Conversation, Message, Role};

struct Lang {
    code: &'static str,
    frames: &'static [&'static str],
    actions: &'static [&'static str],
    objects: &'static [&'static str],
    tails: &'static [&'static str],
    chatter: &'static [&'static str],
}

const LANGS: &[Lang] = &[
    Lang {
        code: "en",
        frames: &[
            "How do I {a} my {o}?",
            "how can i {a} the {o}",
            "I can't {a} my {o}, please help",
            "Is it possible to {a} my {o}?",
            "need to {a} {o} asap",
        ],
        actions: &[
            "reset", "change", "cancel", "update", "delete", "renew", "verify", "transfer", "recover",
            "activate", "pause", "refund", "track", "upgrade", "link", "unlock", "download", "share",
            "rename", "report",
        ],
        objects: &[
            "password",
            "account",
            "order",
            "subscription",
            "card",
            "address",
            "email",
            "phone number",
            "invoice",
            "parcel",
            "plan",
            "profile",
            "payment method",
            "booking",
            "ticket",
            "voucher",
            "wallet",
            "device",
            "app",
            "membership",
            "delivery",
            "refund request",
            "statement",
            "pin",
            "username",
        ],
        tails: &["", " thanks", " please", " thank you!", " asap", " ??"],
        chatter: &["hello", "thanks a lot", "ok", "bye"],
    },
    Lang {
        code: "fr",
        frames: &[
            "Comment {a} mon {o} ?",
            "je veux {a} mon {o}",
            "impossible de {a} le {o}, aidez-moi",
            "Est-ce possible de {a} mon {o} ?",
            "besoin de {a} {o} svp",
        ],
        actions: &[
            "réinitialiser",
            "changer",
            "annuler",
            "mettre à jour",
            "supprimer",
            "renouveler",
            "vérifier",
            "transférer",
            "récupérer",
            "activer",
            "suspendre",
            "rembourser",
            "suivre",
            "améliorer",
            "lier",
            "débloquer",
            "télécharger",
            "partager",
            "renommer",
            "signaler",
        ],
        objects: &[
            "mot de passe",
            "compte",
            "commande",
            "abonnement",
            "carte",
            "adresse",
            "e-mail",
            "numéro de téléphone",
            "facture",
            "colis",
            "forfait",
            "profil",
            "moyen de paiement",
            "réservation",
            "billet",
            "bon d'achat",
            "portefeuille",
            "appareil",
            "application",
            "adhésion",
            "livraison",
            "remboursement",
            "relevé",
            "code pin",
            "identifiant",
        ],
        tails: &["", " merci", " svp", " merci beaucoup !", " rapidement", " ??"],
        chatter: &["bonjour", "merci beaucoup", "d'accord", "au revoir"],
    },
    Lang {
        code: "vi",
        frames: &[
            "Làm sao để {a} {o}?",
            "tôi muốn {a} {o}",
            "không thể {a} {o}, giúp tôi với",
            "Có thể {a} {o} không?",
            "cần {a} {o} gấp",
        ],
        actions: &[
            "đặt lại",
            "đổi",
            "hủy",
            "cập nhật",
            "xóa",
            "gia hạn",
            "xác minh",
            "chuyển",
            "khôi phục",
            "kích hoạt",
            "tạm dừng",
            "hoàn tiền",
            "theo dõi",
            "nâng cấp",
            "liên kết",
            "mở khóa",
            "tải về",
            "chia sẻ",
            "đổi tên",
            "báo cáo",
        ],
        objects: &[
            "mật khẩu",
            "tài khoản",
            "đơn hàng",
            "gói đăng ký",
            "thẻ",
            "địa chỉ",
            "email",
            "số điện thoại",
            "hóa đơn",
            "bưu kiện",
            "gói cước",
            "hồ sơ",
            "phương thức thanh toán",
            "đặt chỗ",
            "vé",
            "phiếu quà tặng",
            "ví",
            "thiết bị",
            "ứng dụng",
            "thẻ thành viên",
            "giao hàng",
            "yêu cầu hoàn tiền",
            "sao kê",
            "mã pin",
            "tên đăng nhập",
        ],
        tails: &["", " cảm ơn", " ạ", " cảm ơn nhiều!", " gấp", " ??"],
        chatter: &["xin chào", "cảm ơn nhiều", "vâng", "tạm biệt"],
    },
    Lang {
        code: "ur",
        frames: &[
            "میں اپنا {o} کیسے {a} کروں؟",
            "مجھے {o} {a} کرنا ہے",
            "{o} {a} نہیں ہو رہا، مدد کریں",
            "کیا {o} {a} کرنا ممکن ہے؟",
            "{o} فوری {a} کرنا ہے",
        ],
        actions: &[
            "ری سیٹ",
            "تبدیل",
            "منسوخ",
            "اپ ڈیٹ",
            "حذف",
            "تجدید",
            "تصدیق",
            "منتقل",
            "بحال",
            "فعال",
            "معطل",
            "رقم واپس",
            "ٹریک",
            "اپ گریڈ",
            "منسلک",
            "ان لاک",
            "ڈاؤن لوڈ",
            "شیئر",
            "نام تبدیل",
            "رپورٹ",
        ],
        objects: &[
            "پاس ورڈ",
            "اکاؤنٹ",
            "آرڈر",
            "سبسکرپشن",
            "کارڈ",
            "پتہ",
            "ای میل",
            "فون نمبر",
            "انوائس",
            "پارسل",
            "پلان",
            "پروفائل",
            "ادائیگی کا طریقہ",
            "بکنگ",
            "ٹکٹ",
            "واؤچر",
            "والیٹ",
            "ڈیوائس",
            "ایپ",
            "رکنیت",
            "ڈیلیوری",
            "ریفنڈ کی درخواست",
            "اسٹیٹمنٹ",
            "پن",
            "یوزر نیم",
        ],
        tails: &["", " شکریہ", " براہ کرم", " بہت شکریہ!", " جلدی", " ??"],
        chatter: &["السلام علیکم", "بہت شکریہ", "ٹھیک ہے", "خدا حافظ"],
    },
];

/// Random words for one-off questions.
const RARE: &[&str] = &[
    "zebra", "volcano", "harp", "quartz", "lantern", "meadow", "saffron", "glacier", "origami", "tundra",
    "falcon", "mosaic", "nebula", "orchid", "pylon", "quill", "raven", "sonar", "tulip", "umbra", "velvet",
    "walnut", "yodel", "zenith", "amber", "basalt", "cobalt", "dune", "ember", "fjord",
];

/// A small deterministic generator (PCG-style LCG).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Drops the diacritics of Latin letters (crudely: through NFD would need a dependency).
fn strip_marks(s: &str) -> String {
    faqmine::analyze::fold(s)
}

/// One customer message and its intent (`None` for noise).
pub fn message(rng: &mut Rng) -> (String, Option<usize>) {
    let lang = &LANGS[[0, 0, 1, 2, 2, 3][rng.below(6)]];
    let roll = rng.below(100);
    if roll < 8 {
        return (lang.chatter[rng.below(lang.chatter.len())].to_string(), None);
    }
    if roll < 18 {
        let words: Vec<&str> = (0..4).map(|_| RARE[rng.below(RARE.len())]).collect();
        return (
            format!(
                "{} {} {}?",
                lang.actions[rng.below(lang.actions.len())],
                words.join(" "),
                rng.next() % 1000
            ),
            None,
        );
    }
    // Zipf-like popularity: the square of a uniform draw favours low intent numbers.
    let n = lang.actions.len() * lang.objects.len();
    let u = rng.below(10_000) as f64 / 10_000.0;
    let intent = ((u * u) * n as f64) as usize;
    let (a, o) = (lang.actions[intent % lang.actions.len()], lang.objects[intent / lang.actions.len()]);
    let frame = lang.frames[rng.below(lang.frames.len())];
    let mut text = frame.replace("{a}", a).replace("{o}", o);
    text.push_str(lang.tails[rng.below(lang.tails.len())]);
    if rng.chance(20) {
        text = strip_marks(&text);
    }
    if rng.chance(15) {
        text = text.to_lowercase();
    }
    if rng.chance(10) {
        // A typo: swap two neighbouring characters.
        let mut chars: Vec<char> = text.chars().collect();
        if chars.len() > 4 {
            let i = 1 + rng.below(chars.len() - 3);
            chars.swap(i, i + 1);
        }
        text = chars.into_iter().collect();
    }
    if rng.chance(10) {
        text.push_str(&format!(" order #{}", 10_000 + rng.below(90_000)));
    }
    let id = LANGS.iter().position(|l| l.code == lang.code).unwrap_or(0) * 1000 + intent;
    (text, Some(id))
}

/// `messages` customer messages in conversations of one to three messages, with an agent
/// reply after each.
pub fn corpus(messages: usize, seed: u64) -> Vec<Conversation> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let mut made = 0;
    while made < messages {
        let turns = (1 + rng.below(3)).min(messages - made);
        let mut msgs = Vec::with_capacity(turns * 2);
        for _ in 0..turns {
            msgs.push(Message::new(Role::Customer, message(&mut rng).0));
            msgs.push(Message::new(Role::Agent, "Thanks for reaching out, here is how to do it."));
        }
        made += turns;
        out.push(Conversation::new(format!("synth-{:08}", out.len()), msgs));
    }
    out
}
