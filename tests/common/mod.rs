//! What the server tests share: the example binary, a server process on 127.0.0.1 port 0
//! that is stopped when dropped, and a small HTTP/1.1 client.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// The example binary, `target/<profile>/examples/faqmine`.
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    let dir = exe.parent().and_then(Path::parent).expect("target/<profile>/deps/<test> has two parents");
    let bin = dir.join("examples").join(format!("faqmine{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "the example binary is missing at {}: run `cargo test` (which builds examples) or \
         `cargo build --example faqmine` first",
        bin.display()
    );
    bin
}

/// The example binary as a command that runs on words only: `FAQMINE_MODEL` names a file
/// that does not exist, so an installed sentence model is not used (and the demo does not
/// fetch one). These tests check the word path, which must stay whole; `tests/semantic.rs`
/// checks the model's.
pub fn command() -> Command {
    let mut c = Command::new(binary());
    c.env("FAQMINE_MODEL", std::env::temp_dir().join("faqmine-tests-no-model.bin"));
    c
}

/// Runs the binary to its end, on words only (see [`command`]).
pub fn run(args: &[&str]) -> Output {
    command().args(args).output().expect("the example binary runs")
}

pub fn p(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// `faqmine serve` on 127.0.0.1, an ephemeral port; killed when dropped.
pub struct Server {
    pub addr: SocketAddr,
    child: Child,
}

impl Server {
    /// Starts `serve --index INDEX --addr 127.0.0.1:0 EXTRA...` and waits for its
    /// "listening on" line.
    pub fn start(index: &Path, extra: &[&str]) -> Server {
        let mut child = command()
            .args(["serve", "--index", p(index), "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the example binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the server's first line");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("the server did not say where it listens: {line:?}")
            });
        Server { addr, child }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `GET path`: (status, headers, body).
pub fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    request(addr, "GET", path, &[], b"")
}

/// One request on its own connection: (status, the header lines, body).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    // The server may answer (413) and close before reading a large body: a write error
    // then is not the test's failure; the response is.
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
    let mut raw = Vec::new();
    let _ = BufReader::new(stream).read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((text.as_str(), ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    let body = if chunked { dechunk(rest) } else { rest.to_string() };
    (status, head.to_string(), body)
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else { break };
        let (Some(chunk), Some(next)) = (after.get(..n), after.get(n..)) else { break };
        if n == 0 {
            break;
        }
        out.push_str(chunk);
        rest = next.trim_start_matches("\r\n");
    }
    out
}

/// Percent-encodes everything but ASCII letters and digits.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
