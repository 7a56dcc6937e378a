//! HTML bodies to plain text, with quoted blocks kept recognizable.
//!
//! Mail clients quote the previous message in HTML with `<blockquote>` (Apple Mail,
//! Thunderbird, Outlook on the web) or `<div class="gmail_quote">` (Gmail). This converter
//! writes the text inside such blocks as `>` lines, the way plain-text mail quotes, so the
//! cleaner has one rule for both. Tags, comments, `<head>`, `<style>` and `<script>` content
//! disappear; entities are decoded; block elements end lines.

/// Elements whose content is never text.
const HIDDEN: &[&str] = &["head", "style", "script", "title", "template", "xml", "o:p"];
/// Elements that end a line (or a paragraph).
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "hr",
    "ul",
    "ol",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "dd",
    "dt",
    "address",
];
/// Elements with no closing tag.
const VOID: &[&str] = &["br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base", "source"];
/// Classes and ids that mark a quoted block.
const QUOTE_MARKERS: &[&str] =
    &["gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote", "zmail_extra", "x_gmail_quote"];

/// Whether `text` looks like an HTML document or fragment rather than text that merely
/// mentions a tag.
pub fn looks_like_html(text: &str) -> bool {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    let lower = head.to_ascii_lowercase();
    ["<html", "<body", "<div", "<p>", "<p ", "<br>", "<br/>", "<br />", "<blockquote", "<table"]
        .iter()
        .any(|t| lower.contains(t))
}

struct Writer {
    out: String,
    depth: usize,
    line_start: bool,
    pending_space: bool,
}

impl Writer {
    fn text(&mut self, s: &str) {
        if self.line_start {
            if self.depth > 0 {
                for _ in 0..self.depth.min(8) {
                    self.out.push('>');
                }
                self.out.push(' ');
            }
            self.line_start = false;
            self.pending_space = false;
        } else if self.pending_space {
            self.out.push(' ');
            self.pending_space = false;
        }
        self.out.push_str(s);
    }

    /// Ends the current line; no empty line comes of it.
    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.line_start = true;
        self.pending_space = false;
    }

    /// Ends the paragraph: one empty line, never more.
    fn paragraph(&mut self) {
        self.newline();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }
}

/// Turns an HTML body into plain text: no tags or entities left, block elements on their
/// own lines, quoted blocks (`<blockquote>`, `gmail_quote` ...) written as `> ` lines.
///
/// ```
/// use faqmine::clean::html_to_text;
/// let html = "<p>Where is my order?</p><div class=\"gmail_quote\">On Mon, Bob wrote:<br>\
///             <blockquote>Hello &amp; welcome</blockquote></div>";
/// assert_eq!(html_to_text(html), "Where is my order?\n\n> On Mon, Bob wrote:\n>> Hello & welcome");
/// ```
pub fn html_to_text(html: &str) -> String {
    let mut w = Writer {
        out: String::with_capacity(html.len() / 2),
        depth: 0,
        line_start: true,
        pending_space: false,
    };
    // Open elements that matter for nesting: (name, is a quote).
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut hidden = 0usize;
    let mut pre = 0usize;
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                flush_text(&mut w, &html[text_start..i], hidden > 0, pre > 0);
                if html[i..].starts_with("<!--") {
                    i = html[i + 4..].find("-->").map_or(bytes.len(), |e| i + 4 + e + 3);
                    text_start = i;
                    continue;
                }
                let Some(end) = html[i..].find('>').map(|e| i + e) else {
                    // A `<` with no `>`: text.
                    text_start = i;
                    i += 1;
                    continue;
                };
                let tag = &html[i + 1..end];
                i = end + 1;
                text_start = i;
                handle_tag(tag, &mut w, &mut stack, &mut hidden, &mut pre);
            }
            _ => i += 1,
        }
    }
    flush_text(&mut w, &html[text_start..], hidden > 0, pre > 0);
    let out = w.out.trim_end().to_string();
    out.trim_start_matches('\n').to_string()
}

fn handle_tag(
    tag: &str,
    w: &mut Writer,
    stack: &mut Vec<(String, bool)>,
    hidden: &mut usize,
    pre: &mut usize,
) {
    let closing = tag.starts_with('/');
    let body = tag.trim_start_matches('/');
    let name_end = body.find(|c: char| c.is_ascii_whitespace() || c == '/').unwrap_or(body.len());
    let name = body[..name_end].to_ascii_lowercase();
    if name.is_empty() || name.starts_with('!') || name.starts_with('?') {
        return;
    }
    let is_block = BLOCK.contains(&name.as_str());
    if closing {
        if let Some(pos) = stack.iter().rposition(|(n, _)| *n == name) {
            for (n, q) in stack.drain(pos..) {
                if q {
                    w.depth = w.depth.saturating_sub(1);
                }
                if HIDDEN.contains(&n.as_str()) {
                    *hidden = hidden.saturating_sub(1);
                }
                if n == "pre" {
                    *pre = pre.saturating_sub(1);
                }
            }
        }
        if name == "p" {
            w.paragraph();
        } else if is_block {
            w.newline();
        }
        return;
    }
    if name == "br" && w.line_start {
        // `<br><br>`: an empty line.
        w.paragraph();
    } else if is_block {
        w.newline();
    }
    let self_closing = tag.ends_with('/');
    if VOID.contains(&name.as_str()) || self_closing {
        return;
    }
    let attrs = body[name_end..].to_ascii_lowercase();
    let is_quote = name == "blockquote" || QUOTE_MARKERS.iter().any(|m| attrs.contains(m));
    if is_quote {
        w.depth += 1;
    }
    if HIDDEN.contains(&name.as_str()) {
        *hidden += 1;
    }
    if name == "pre" {
        *pre += 1;
    }
    // Deeply nested junk must not grow without bound.
    if stack.len() < 512 {
        stack.push((name, is_quote));
    } else if is_quote {
        w.depth -= 1;
    }
}

fn flush_text(w: &mut Writer, raw: &str, hidden: bool, pre: bool) {
    if hidden || raw.is_empty() {
        return;
    }
    let decoded = decode_entities(raw);
    if pre {
        for (k, line) in decoded.split('\n').enumerate() {
            if k > 0 {
                w.newline();
            }
            if !line.is_empty() {
                w.text(line);
            }
        }
        return;
    }
    let starts_space = decoded.starts_with(|c: char| c.is_ascii_whitespace());
    let ends_space = decoded.ends_with(|c: char| c.is_ascii_whitespace());
    let mut words = decoded.split_ascii_whitespace().peekable();
    if words.peek().is_none() {
        if !decoded.is_empty() {
            w.pending_space = true;
        }
        return;
    }
    if starts_space {
        w.pending_space = true;
    }
    let mut first = true;
    for word in words {
        if !first {
            w.pending_space = true;
        }
        w.text(word);
        first = false;
    }
    if ends_space {
        w.pending_space = true;
    }
}

/// Decodes `&amp;`, `&eacute;`, `&#233;`, `&#xE9;` ...; anything else stays as it is.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest.bytes().take(12).position(|b| b == b';');
        match end {
            Some(e) if e > 1 && rest[1..e].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#') => {
                // mail-parser knows the full HTML entity table; unknown names are kept as text.
                mail_parser::decoders::html::add_html_token(&mut out, &rest.as_bytes()[..=e], false);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_entities_and_quotes() {
        let cases: &[(&str, &str, &str)] = &[
            ("entities", "<p>Caf&eacute; &amp; th&#7847;y &#x1EA1;</p>", "Café & thầy ạ"),
            (
                "head and style gone",
                "<html><head><title>x</title><style>p{}</style></head><body>Hi</body></html>",
                "Hi",
            ),
            ("br and p", "Line one<br>Line two<p>Para</p>", "Line one\nLine two\nPara"),
            ("comment", "A<!-- hidden -->B", "AB"),
            ("blockquote", "Yes<blockquote>old<br>older</blockquote>after", "Yes\n> old\n> older\nafter"),
            ("broken tag", "a < b and c", "a < b and c"),
            ("unknown entity", "AT&T &bogus; &", "AT&T &bogus; &"),
            ("nbsp kept", "a&nbsp;écrit&nbsp;:", "a\u{a0}écrit\u{a0}:"),
        ];
        for (name, html, want) in cases {
            assert_eq!(html_to_text(html), *want, "case `{name}`");
        }
    }
}
