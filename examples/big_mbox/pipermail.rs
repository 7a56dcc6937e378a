//! A mailing-list archive as pipermail writes its monthly `.txt` files, generated: what the
//! archive of a users' help list really holds, for `faqmine mine` to be judged on without
//! anyone's mail (every name and address here is made up, at `example.*` domains).
//!
//! Each thread is a question on one of a few topics, in English, French, Portuguese,
//! Spanish or German, sometimes only "How to solve this?" under an informative subject,
//! often with pasted code, an error log or a stack trace; answers from a handful of
//! regulars, quoting the question under an attribution in the poster's client and
//! language (Gmail, Outlook's header block, Apple Mail, Thunderbird, mobile), some with
//! their non-ASCII letters turned to `?` as lossy archives do; thank-you follow-ups;
//! addresses as pipermail obfuscates them (`name at host`) and as people disguise them
//! (`[at]`, `(at)`, `@end|ng |rom`); `[[alternative HTML version deleted]]`, scrubbed
//! attachments and the list footer.

use std::io::Write;

use super::Rng;

/// People who ask (made up).
const ASKERS: &[(&str, &str)] = &[
    ("Jane Roe", "jane.roe"),
    ("John Doe", "jdoe"),
    ("Marie Exemple", "marie.exemple"),
    ("Ana Modelo", "ana.modelo"),
    ("Pedro Ficticio", "pficticio"),
    ("Erika Muster", "erika.muster"),
    ("Paul Sample", "psample"),
    ("Lena Testa", "lena.t"),
];

/// The regulars who answer (made up).
const HELPERS: &[(&str, &str)] = &[
    ("Rui Placeholder", "rui.ph"),
    ("Bert Fakename", "bert.fn"),
    ("Duncan Nomen", "dnomen"),
    ("Ivan Petrov", "ivan.petrov"),
];

/// A topic: the subject, the question in several phrasings (None: the vague question is
/// used), pasted material, and the answer.
struct Topic {
    subject: &'static str,
    questions: &'static [&'static str],
    pasted: &'static str,
    answer: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic {
        subject: "Dates lost when merging two data frames",
        questions: &[
            "When I merge two data frames the date column becomes numbers. How do I keep the dates when merging?",
            "After merge() my Date column turns into plain numbers. Why are the dates lost when merging?",
            "Quand je fusionne deux tableaux avec merge, la colonne de dates devient numérique. Comment garder les dates ?",
        ],
        pasted: "d <- merge(a, b, by = \"id\", all = TRUE)\nstr(d)\n'data.frame':\t120 obs. of  3 variables:\n $ id  : int  1 2 3 4\n $ date: num  19372 19373 19374\nError in as.Date.numeric(d$date) : 'origin' must be supplied",
        answer: "merge() keeps the class when both columns are Date. Convert with as.Date(x, origin = \"1970-01-01\") before merging, or use the by column only; the date column is then kept as a date.",
    },
    Topic {
        subject: "Plot window stays empty after upgrading",
        questions: &[
            "Since the upgrade the plot window stays empty when I call plot(). How can I get the plots back?",
            "After upgrading, plot() opens an empty window and nothing is drawn. What should I check?",
            "Depois da atualização, a janela do gráfico fica vazia quando uso plot(). Como resolver?",
        ],
        pasted: "> plot(1:10)\nWarning message:\nIn plot.xy(xy, type, ...) : graphics device is not open\n> dev.list()\nNULL",
        answer: "An old graphics device is still registered. Close every device with graphics.off(), then restart the session; the upgrade left the previous device settings in your profile file.",
    },
    Topic {
        subject: "Package installation fails behind a proxy",
        questions: &[
            "Installing packages fails at my office behind a proxy. How do I set the proxy for package installation?",
            "install.packages() times out at work, we have a proxy. Where do I configure the proxy?",
            "Die Installation von Paketen scheitert hinter dem Proxy der Firma. Wie stelle ich den Proxy ein?",
        ],
        pasted: "Warning in install.packages(\"ggplot2\") :\n  unable to access index for repository https://cran.example.org/src/contrib:\n  cannot open URL 'https://cran.example.org/src/contrib/PACKAGES'\n  at org.example.net.Http.open(Http.java:212)\n  at org.example.net.Http.get(Http.java:98)",
        answer: "Set the proxy in the environment before starting the session: http_proxy and https_proxy in your .Renviron file, for example http_proxy=http://proxy.example.org:8080, then restart and install again.",
    },
    Topic {
        subject: "Reading a CSV file with a semicolon separator",
        questions: &[
            "My CSV file uses semicolons and commas as decimal marks. How do I read it correctly?",
            "read.csv puts every line in a single column because the file is separated by semicolons. How do I read it?",
            "¿Cómo leo un archivo CSV separado por punto y coma con coma decimal?",
        ],
        pasted: "x <- read.csv(\"data.csv\")\nhead(x)\n  id.name.value\n1  1;alpha;2,5\n2  2;beta;3,1",
        answer: "Use read.csv2(), which reads semicolon separated files with a comma as the decimal mark, or read.csv(file, sep = \";\", dec = \",\").",
    },
];

/// Vague questions, which need the subject.
const VAGUE: &[&str] = &[
    "How to solve this?",
    "Do you know why?",
    "Is anything going wrong?",
    "Any idea?",
    "Comment résoudre ça ?",
];

/// Thank-you and it-worked follow-ups.
const THANKS: &[&str] = &[
    "Thanks to all. Editing the line as you suggested worked.",
    "Very interesting!",
    "Thank you for all your suggestions, it works now.",
    "Merci beaucoup, ça marche !",
    "Obrigado, funcionou.",
];

/// The attribution lines of reply headers, `{name}`, `{addr}` (obfuscated) and `{date}`
/// filled in; some as a lossy archive left them.
const ATTRIBUTIONS: &[&str] = &[
    "On Tue, Jan 14, 2025 at 2:23 PM {name} <{addr}> wrote:",
    "Le 17 août 2024 à 10:00, {name} <{addr}> a écrit :",
    "Le 17 ao?t 2024 ? 10:00, {name} <{addr}> a ?crit :",
    "Às 16:39 de 16/01/2023, {name} escreveu:",
    "Em ter., 14 de jan. de 2025 às 14:23, {name} <{addr}> escreveu:",
    "El mar, 14 ene 2025 a las 14:23, {name} (<{addr}>) escribió:",
    "Am 14.01.2025 um 14:23 schrieb {name} <{addr}>:",
    "Il giorno mar 14 gen 2025 alle ore 14:23 {name} <{addr}> ha scritto:",
    "Op 14 jan. 2025 om 14:23 heeft {name} <{addr}> het volgende geschreven:",
    "вт, 14 янв. 2025 г. в 14:23, {name} <{addr}>:",
    "? Tue, 14 Jan 2025 14:23:54 +0000 \"{name}\" <{addr}> ?????:",
    "في الثلاثاء، 14 يناير 2025 في 2:23 م، كتب {name} <{addr}>:",
    "On 1/14/25 2:23 PM, {name} wrote:",
    "On Jan 14, 2025, at 2:23 PM, {name} <{addr}> wrote:",
];

const FOOTER: &str = "_______________________________________________\n\
users mailing list -- users at lists.example.org\n\
https://lists.example.org/mailman/listinfo/users\n\
PLEASE do read the posting guide and provide commented, minimal, self-contained, reproducible code.\n";

/// One message of the archive.
struct Post<'a> {
    from: (&'a str, &'a str),
    subject: String,
    id: String,
    parent: Option<String>,
    day: usize,
    body: String,
}

fn write_post(p: &Post<'_>, out: &mut Vec<u8>) {
    let (name, user) = p.from;
    let date =
        format!("{:02} Jan 2025 {:02}:{:02}:{:02}", 1 + p.day % 28, 8 + p.day % 10, p.day % 60, p.day % 59);
    let _ = write!(out, "From {user} at example.com  Tue {date}\nFrom: {user} at example.com ({name})\n");
    let _ = write!(out, "Date: Tue, {date} +0000\nSubject: {}\n", p.subject);
    if let Some(parent) = &p.parent {
        let _ = write!(out, "In-Reply-To: <{parent}>\nReferences: <{parent}>\n");
    }
    let _ = write!(out, "Message-ID: <{}>\n\n{}\n\n", p.id, p.body);
}

/// Writes an archive of `threads` threads to `out`; returns the number of messages.
pub(crate) fn generate(threads: usize, seed: u64, out: &mut Vec<u8>) -> usize {
    let mut rng = Rng(seed | 1);
    let mut messages = 0;
    for t in 0..threads {
        let topic = &TOPICS[rng.below(TOPICS.len())];
        let asker = ASKERS[rng.below(ASKERS.len())];
        let helper = HELPERS[(t + rng.below(2)) % HELPERS.len()];
        let vague = rng.below(4) == 0;
        let question = if vague { rng.pick(VAGUE) } else { rng.pick(topic.questions) };
        let (name, user) = asker;
        let mut body = format!("Hi all,\n\n{question}\n");
        if rng.below(3) > 0 {
            body.push_str(&format!("\n{}\n", topic.pasted));
        }
        body.push_str(&format!("\nThanks in advance,\n{name}\n"));
        if rng.below(3) == 0 {
            body.push_str("\n\t[[alternative HTML version deleted]]\n");
        }
        if rng.below(5) == 0 {
            body.push_str(
                "-------------- next part --------------\nA non-text attachment was scrubbed...\nName: data.xlsx\n\
                 Type: application/octet-stream\nSize: 8812 bytes\nDesc: not available\n\
                 URL: <https://lists.example.org/pipermail/users/attachments/20250114/data.xlsx>\n",
            );
        }
        body.push_str(&format!("\n{FOOTER}"));
        let subject = format!("[users] {}", topic.subject);
        let root = format!("{t}.{user} at mail.example.com");
        let quoted: String = body.lines().take(8).map(|l| format!("> {l}\n")).collect();
        write_post(
            &Post { from: asker, subject: subject.clone(), id: root.clone(), parent: None, day: t, body },
            out,
        );
        messages += 1;

        // The answer: an attribution in some client and language, or Outlook's block.
        let (hname, huser) = helper;
        let contact = match rng.below(4) {
            0 => format!("If it still fails, write to me off-list at {huser} at example.org."),
            1 => format!("Questions about the mirror go to {huser} [at] example [dot] org."),
            2 => format!("The maintainer is {huser}(at)example.net, or {huser} @end|ng |rom gm@||@com."),
            _ => String::new(),
        };
        let addr = format!("{user} at example.com");
        let header = if rng.below(5) == 0 {
            format!(
                "-----Original Message-----\nFrom: {name} [mailto:{addr}]\nSent: Tuesday, January 14, 2025 2:23 PM\n\
                 To: users at lists.example.org\nSubject: {subject}\n\n{}",
                quoted.replace("> ", "")
            )
        } else {
            let attribution = rng.pick(ATTRIBUTIONS).replace("{name}", name).replace("{addr}", &addr);
            format!("{attribution}\n{quoted}")
        };
        let reply = format!("{}\n\n{contact}\n\nBest,\n{hname}\n\n{header}\n{FOOTER}", topic.answer);
        let reply_id = format!("{t}.r.{huser} at mail.example.com");
        write_post(
            &Post {
                from: helper,
                subject: format!("Re: {subject}"),
                id: reply_id.clone(),
                parent: Some(root.clone()),
                day: t,
                body: reply,
            },
            out,
        );
        messages += 1;

        // Often a thank-you, quoting the answer.
        if rng.below(2) == 0 {
            let thanks = rng.pick(THANKS);
            let attribution = rng
                .pick(ATTRIBUTIONS)
                .replace("{name}", hname)
                .replace("{addr}", &format!("{huser} at example.org"));
            let body = format!(
                "{thanks}\n\n\t[[alternative HTML version deleted]]\n\n{attribution}\n> {}\n\n{FOOTER}",
                topic.answer
            );
            write_post(
                &Post {
                    from: asker,
                    subject: format!("Re: {subject}"),
                    id: format!("{t}.t.{user} at mail.example.com"),
                    parent: Some(reply_id),
                    day: t,
                    body,
                },
                out,
            );
            messages += 1;
        }
    }
    messages
}
