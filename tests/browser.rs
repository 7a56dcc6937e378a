//! The widget in a real browser (issue 15): headless Chromium, driven over the DevTools
//! protocol (`--remote-debugging-pipe`: JSON messages on file descriptors 3 and 4, so no
//! WebSocket client is needed), loads the demo page of `faqmine serve`, types a query, sees
//! the right entry, chooses it with the keyboard, and shows an entry whose text is markup
//! (`<img src=x onerror=...>`) as text, and offers "Contact us" with the question carried
//! over when a search has no answer.
//!
//! Skips with a message when no Chromium is installed (`apt-get install chromium`; CI
//! installs it). `FAQMINE_CHROMIUM` names another binary. `FAQMINE_SCREENSHOT=FILE.png`
//! also saves a screenshot of the page with its list of answers open.

#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::Server;
use faqmine::faq::ExistingFaq;
use faqmine::search::faq_set_from_existing;
use faqmine::FaqIndex;
use serde_json::{json, Value};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FAQMINE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// A pipe whose two ends are at file descriptors 10 or above, closed on exec.
fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0, "pipe2");
    let high = |fd: i32| {
        // SAFETY: `fd` is a descriptor this function just opened; it is closed once copied.
        unsafe {
            let copy = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 10);
            assert!(copy >= 10, "fcntl F_DUPFD_CLOEXEC");
            libc::close(fd);
            OwnedFd::from_raw_fd(copy)
        }
    };
    (high(fds[0]), high(fds[1]))
}

/// Chromium and its DevTools pipe.
struct Browser {
    child: Child,
    to: std::fs::File,
    from: BufReader<std::fs::File>,
    next_id: u64,
    session: Option<String>,
    /// Set when the browser is stopped: the watchdog then leaves it alone.
    done: Arc<AtomicBool>,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(binary: &PathBuf) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let (cmd_read, cmd_write) = pipe();
        let (resp_read, resp_write) = pipe();
        let (child_in, child_out) = (cmd_read.as_raw_fd(), resp_write.as_raw_fd());
        let mut command = Command::new(binary);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--window-size=1000,760",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (dup2) between fork and exec. The DevTools
        // pipe is the child's descriptors 3 (commands in) and 4 (responses out); dup2
        // clears close-on-exec on the copies.
        unsafe {
            command.pre_exec(move || {
                if libc::dup2(child_in, 3) < 0 || libc::dup2(child_out, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("chromium starts");
        // Kill the browser if the test hangs, so that a read of the pipe ends.
        let done = Arc::new(AtomicBool::new(false));
        let finished = done.clone();
        let pid = child.id() as i32;
        std::thread::spawn(move || {
            let start = Instant::now();
            while !finished.load(Ordering::SeqCst) {
                if start.elapsed() > Duration::from_secs(120) {
                    // SAFETY: signals the browser this test started and has not waited
                    // for yet (`done` is set before it is), so the id is still its own.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        drop(cmd_read);
        drop(resp_write);
        Browser {
            child,
            to: std::fs::File::from(cmd_write),
            from: BufReader::new(std::fs::File::from(resp_read)),
            next_id: 0,
            session: None,
            done,
            _profile: profile,
        }
    }

    /// Sends one command and waits for its answer (events in between are skipped).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = &self.session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).expect("write to chromium");
        loop {
            let mut buf = Vec::new();
            let n = self.from.read_until(0, &mut buf).expect("read from chromium");
            assert!(n > 0, "chromium closed the DevTools pipe during {method}");
            buf.pop();
            let v: Value = serde_json::from_slice(&buf).expect("DevTools messages are JSON");
            if v["id"] == id {
                assert!(v.get("error").is_none(), "{method}: {}", v["error"]);
                return v["result"].clone();
            }
        }
    }

    /// Evaluates `expression` in the page, by value.
    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true }));
        assert!(r.get("exceptionDetails").is_none(), "{expression}: {}", r["exceptionDetails"]);
        r["result"]["value"].clone()
    }

    /// Waits until `expression` is true.
    fn wait_for(&mut self, expression: &str) {
        let start = Instant::now();
        while self.eval(expression) != json!(true) {
            assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {expression}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_for("document.readyState === 'complete' && !!window.FaqMine");
    }

    /// Types `text` key by key into the focused element.
    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let s = c.to_string();
            self.call("Input.dispatchKeyEvent", json!({ "type": "keyDown", "text": s, "key": s }));
            self.call("Input.dispatchKeyEvent", json!({ "type": "keyUp", "key": s }));
        }
    }

    fn press(&mut self, key: &str, code: u32) {
        let text = if key == "Enter" { "\r" } else { "" };
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyDown", "key": key, "code": key, "windowsVirtualKeyCode": code, "text": text }),
        );
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": code }),
        );
    }

    fn options(&mut self) -> Vec<String> {
        let v = self
            .eval("JSON.stringify([...document.querySelectorAll('[role=option]')].map(o => o.textContent))");
        serde_json::from_str(v.as_str().unwrap()).unwrap()
    }

    fn fresh_query(&mut self, text: &str) {
        self.eval("(() => { const i = document.querySelector('input[data-faqmine]'); i.value = ''; i.focus(); return true; })()");
        self.type_text(text);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// True when the list's first option starts with TEXT (replaced by the caller).
const FIRST_OPTION_IS: &str =
    "(() => { const o = document.querySelector('[role=option]'); return !!o && o.textContent.startsWith('TEXT'); })()";

fn entry(id: &str, question: &str, answer: &str) -> ExistingFaq {
    ExistingFaq { id: id.into(), question: question.into(), answer: Some(answer.into()) }
}

#[test]
fn the_widget_searches_as_you_type_and_shows_text_as_text() {
    let Some(binary) = chromium() else {
        eprintln!("skipping the browser test: no chromium found (apt-get install chromium, or set FAQMINE_CHROMIUM)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let faqs = faq_set_from_existing(&[
        entry(
            "pw",
            "How do I reset my password?",
            "Click 'Forgot password' on the sign-in page and follow the link we email you.",
        ),
        entry(
            "pw-change",
            "How do I change my password when I am signed in?",
            "Open Settings, then Security, then Change password.",
        ),
        entry(
            "locked",
            "My account is locked after too many password attempts",
            "Wait 15 minutes, or reset your password to unlock it at once.",
        ),
        entry(
            "refund",
            "How long does a refund take?",
            "Refunds reach your bank 5 to 10 business days after we receive the return.",
        ),
        entry(
            "ur",
            "میں اپنا پاس ورڈ کیسے تبدیل کروں؟",
            "ترتیبات میں جائیں، پھر سیکیورٹی، پھر پاس ورڈ تبدیل کریں۔",
        ),
        entry(
            "xss",
            "Why is <img src=x onerror=alert(1)> shown in my profile?",
            "Profiles show what you typed, <b>as text</b>.",
        ),
    ]);
    FaqIndex::create_in_dir(&index, &faqs).unwrap();
    let log = dir.path().join("search.jsonl");
    let server = Server::start(&index, &["--log", common::p(&log)]);
    let url = format!("http://{}/", server.addr);

    let mut b = Browser::launch(&binary);
    let target = b.call("Target.createTarget", json!({ "url": "about:blank" }))["targetId"].clone();
    let session =
        b.call("Target.attachToTarget", json!({ "targetId": target, "flatten": true }))["sessionId"].clone();
    b.session = Some(session.as_str().unwrap().to_string());
    b.call("Page.enable", json!({}));
    b.call("Runtime.enable", json!({}));
    b.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1000, "height": 760, "deviceScaleFactor": 1, "mobile": false }),
    );

    // Type a query: the right entry comes first, its words marked.
    b.open(&url);
    b.eval("document.querySelector('input[data-faqmine]').getAttribute('role')");
    assert_eq!(b.eval("document.querySelector('input[data-faqmine]').getAttribute('role')"), "combobox");
    b.fresh_query("reset my passw");
    b.wait_for("document.querySelectorAll('[role=option]').length > 0 && document.querySelector('[role=option]').textContent.includes('reset my password')");
    assert!(b.options()[0].starts_with("How do I reset my password?"), "{:?}", b.options());
    assert_eq!(b.eval("document.querySelector('input[data-faqmine]').getAttribute('aria-expanded')"), "true");
    assert!(
        b.eval("document.querySelectorAll('[role=option] mark').length").as_u64().unwrap() > 0,
        "highlighted words"
    );
    if let Some(path) = std::env::var_os("FAQMINE_SCREENSHOT") {
        let shot = b.call("Page.captureScreenshot", json!({ "format": "png" }));
        std::fs::write(&path, base64_decode(shot["data"].as_str().unwrap())).unwrap();
    }

    // Choose it with the keyboard.
    b.press("ArrowDown", 40);
    let active =
        b.eval("document.querySelector('input[data-faqmine]').getAttribute('aria-activedescendant')");
    assert_eq!(b.eval(&format!("document.getElementById({active}).getAttribute('aria-selected')")), "true");
    b.press("Enter", 13);
    b.wait_for("!document.querySelector('.faqmine-answer').hidden");
    assert_eq!(
        b.eval("document.querySelector('.faqmine-answer h2').textContent"),
        "How do I reset my password?"
    );
    assert_eq!(
        b.eval("document.querySelector('input[data-faqmine]').getAttribute('aria-expanded')"),
        "false"
    );
    // "Did this answer your question?" Yes.
    b.eval("document.querySelector('.faqmine-vote').click(); true");
    b.wait_for("document.querySelector('.faqmine-feedback').textContent.startsWith('Thanks')");

    // Markup in an entry is shown as text: no element is made of it.
    b.fresh_query("img onerror profile");
    b.wait_for(FIRST_OPTION_IS.replace("TEXT", "Why is <img").as_str());
    assert!(b.options()[0].contains("<img src=x onerror=alert(1)>"), "{:?}", b.options());
    b.press("ArrowDown", 40);
    b.press("Enter", 13);
    b.wait_for(
        "document.querySelector('.faqmine-answer h2').textContent.includes('<img src=x onerror=alert(1)>')",
    );
    assert!(b
        .eval("document.querySelector('.faqmine-answer-text').textContent")
        .as_str()
        .unwrap()
        .contains("<b>as text</b>"));
    assert_eq!(
        b.eval("document.querySelectorAll('.faqmine img, .faqmine b').length"),
        0,
        "no element made of the text"
    );

    // Urdu is laid out right to left.
    b.fresh_query("پاس ورڈ تبدیل");
    b.wait_for(FIRST_OPTION_IS.replace("TEXT", "میں اپنا").as_str());
    assert_eq!(b.eval("document.querySelector('[role=option]').dir"), "rtl");

    // A question the help center has no answer to: "no answer" and "Contact us", the
    // question carried over into the contact link; the log counts it as not found.
    b.fresh_query("zebra giraffe tickets");
    b.press("Enter", 13);
    b.wait_for(
        "!document.querySelector('.faqmine-answer').hidden && !!document.querySelector('.faqmine-contact')",
    );
    assert_eq!(b.eval("document.querySelectorAll('[role=option]').length"), 0);
    assert!(b
        .eval("document.querySelector('.faqmine-status').textContent")
        .as_str()
        .unwrap()
        .starts_with("No answer found"));
    assert_eq!(
        b.eval("document.querySelector('.faqmine-contact-question').textContent"),
        "zebra giraffe tickets"
    );
    let href = b.eval("document.querySelector('.faqmine-contact').href");
    assert!(
        href.as_str().unwrap().starts_with("mailto:")
            && href.as_str().unwrap().contains("zebra%20giraffe%20tickets"),
        "the question goes with the contact link: {href}"
    );
    // A question with an answer hides the offer again.
    b.fresh_query("how long refund");
    b.press("Enter", 13);
    b.wait_for(FIRST_OPTION_IS.replace("TEXT", "How long").as_str());
    assert_eq!(b.eval("document.querySelector('.faqmine-answer').hidden"), true);

    // A deep link runs its search on load.
    b.open(&format!("{url}?q=how%20long%20refund"));
    b.wait_for(FIRST_OPTION_IS.replace("TEXT", "How long").as_str());
    assert!(b.options()[0].starts_with("How long does a refund take?"), "{:?}", b.options());
    assert_eq!(b.eval("document.querySelector('input[data-faqmine]').value"), "how long refund");

    drop(b);
    drop(server);
    // The log saw the searches, the click and the vote.
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("\"event\":\"click\"") && text.contains("\"helpful\":true"), "{text}");
    let not_found = text.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()).any(|v| {
        v["query"] == "zebra giraffe tickets" && v["as_you_type"] == false && v["zero_result"] == true
    });
    assert!(not_found, "the search without an answer is logged as not found: {text}");
}
