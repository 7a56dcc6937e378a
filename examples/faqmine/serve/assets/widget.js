/*! faqmine search widget: search-as-you-type for a help center, with no dependency.
 *
 * Embed it in any page (the server's origin must be in `serve --allow-origin` when the page
 * is on another origin):
 *
 *   <link rel="stylesheet" href="https://faq.example.com/widget.css">
 *   <script src="https://faq.example.com/widget.js" defer></script>
 *   <input data-faqmine placeholder="Search the help center">
 *
 * Attributes of the input: data-faqmine-endpoint (the server; default: where this script
 * came from), data-faqmine-lang (the visitors' language, e.g. "vi"), data-faqmine-limit
 * (answers listed, default 8), data-faqmine-deeplink (run the page's ?q= on load),
 * data-faqmine-contact (where a visitor whose question has no answer can reach an agent: a
 * URL in which {question} is replaced by the question, or to which ?question= is added;
 * without it the widget dispatches a "faqmine-contact" event on the input, with the
 * question in event.detail.question).
 * Or from a script: FaqMine.attach(input, {endpoint, lang, limit, deeplink, contact}).
 *
 * When the server says a complete search has no answer (`answered: false`), the widget
 * says so and offers "Contact us" with the visitor's question carried over. An answer
 * shown in another language than the query's is marked with its language.
 *
 * Everything that comes from the index or the query is inserted as text (textContent and
 * text nodes), never as markup.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var defaultEndpoint = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var RTL = { ur: 1, ar: 1, fa: 1, he: 1, ps: 1, sd: 1, yi: 1 };
  var MAX_QUERY = 512;
  var counter = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // Marked runs become <mark> elements holding text; the rest text nodes.
  function appendParts(parent, parts, fallback) {
    if (!parts || !parts.length) {
      parent.appendChild(document.createTextNode(fallback || ""));
      return;
    }
    parts.forEach(function (p) {
      parent.appendChild(p.mark ? el("mark", null, p.text) : document.createTextNode(p.text));
    });
  }

  function direction(node, language) {
    if (RTL[language]) node.dir = "rtl";
    else node.dir = "auto";
    if (language && language !== "und") node.lang = language;
  }

  function attach(input, options) {
    options = options || {};
    var attr = function (name) { return input.getAttribute("data-faqmine-" + name); };
    var endpoint = (options.endpoint || attr("endpoint") || defaultEndpoint).replace(/\/+$/, "");
    var lang = options.lang || attr("lang") || "";
    var contact = options.contact || attr("contact") || "";
    var limit = Math.min(50, Math.max(1, parseInt(options.limit || attr("limit") || "8", 10) || 8));
    var id = "faqmine-" + ++counter;

    var wrap = el("div", "faqmine");
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var list = el("ul", "faqmine-list");
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Answers");
    list.hidden = true;
    var status = el("div", "faqmine-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var answer = el("section", "faqmine-answer");
    answer.hidden = true;
    answer.setAttribute("aria-live", "polite");
    wrap.appendChild(list);
    wrap.appendChild(status);
    wrap.appendChild(answer);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("maxlength", String(MAX_QUERY));
    if (!input.getAttribute("aria-label")) input.setAttribute("aria-label", "Search the help center");
    input.dir = "auto";

    var hits = [];
    var active = -1;
    var sent = 0; // requests sent
    var shown = 0; // the newest request whose answer is on screen
    var prev = null; // the last search typed in this box, which the next one replaces
    var resultQuery = null; // the query_id of the hits on screen
    var timer = null;

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function post(path, body) {
      return fetch(endpoint + path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        keepalive: true
      }).catch(function () {});
    }

    function search(complete) {
      clearTimeout(timer);
      var q = input.value.slice(0, MAX_QUERY);
      if (!q.trim()) {
        hits = [];
        list.textContent = "";
        status.textContent = "";
        prev = null;
        close();
        return;
      }
      var mine = ++sent;
      var url = endpoint + "/api/search?q=" + encodeURIComponent(q) + "&limit=" + limit +
        (complete ? "" : "&as_you_type=1") +
        (lang ? "&lang=" + encodeURIComponent(lang) : "") +
        (prev ? "&prev=" + encodeURIComponent(prev) : "");
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.json().then(function (data) {
            if (!r.ok) throw new Error(data && data.error ? data.error : "HTTP " + r.status);
            return data;
          });
        })
        .then(function (data) {
          if (mine < shown) return; // an older answer arriving late
          shown = mine;
          prev = data.query_id;
          resultQuery = data.query_id;
          render(data.hits || []);
          if (complete && data.answered === false) offerContact(q);
        })
        .catch(function () {
          if (mine >= shown) status.textContent = "Search is not available right now.";
        });
    }

    function contactUrl(question) {
      var v = encodeURIComponent(question);
      if (contact.indexOf("{question}") >= 0) return contact.split("{question}").join(v);
      return contact + (contact.indexOf("?") >= 0 ? "&" : "?") + "question=" + v;
    }

    // No answer: say so and offer to ask a person, the question carried over.
    function offerContact(question) {
      answer.textContent = "";
      answer.dir = "auto";
      answer.appendChild(el("h2", "faqmine-answer-q", "We have no answer to this yet."));
      var quoted = el("blockquote", "faqmine-contact-question", question);
      quoted.dir = "auto";
      answer.appendChild(quoted);
      var link = el("a", "faqmine-contact", "Contact us");
      if (contact) {
        link.href = contactUrl(question);
      } else {
        link.href = "#";
        link.addEventListener("click", function (e) {
          e.preventDefault();
          input.dispatchEvent(new CustomEvent("faqmine-contact", { bubbles: true, detail: { question: question } }));
        });
      }
      answer.appendChild(link);
      answer.hidden = false;
      status.textContent = "No answer found. You can contact us with your question.";
    }

    function render(found) {
      hits = found;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.textContent = "";
      hits.forEach(function (h, i) {
        var li = el("li", "faqmine-option");
        li.id = id + "-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        direction(li, h.shown_language || h.language);
        var q = el("div", "faqmine-q");
        appendParts(q, h.question_parts, h.question);
        if (h.in_query_language === false) q.appendChild(el("span", "faqmine-lang", h.shown_language || h.language));
        li.appendChild(q);
        if (h.snippet) {
          var s = el("div", "faqmine-snippet");
          appendParts(s, h.snippet_parts, h.snippet);
          li.appendChild(s);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { select(i); });
        list.appendChild(li);
      });
      answer.hidden = true;
      if (hits.length) {
        status.textContent = hits.length + (hits.length === 1 ? " answer" : " answers") +
          " found; use the up and down arrow keys to choose.";
        open();
      } else {
        status.textContent = "No answer found. Try other words.";
        close();
      }
    }

    function move(to) {
      if (!hits.length) return;
      if (list.hidden) open();
      active = (to + hits.length) % hits.length;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      var option = list.children[active];
      input.setAttribute("aria-activedescendant", option.id);
      if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
    }

    function select(i) {
      var h = hits[i];
      if (!h) return;
      var queryId = resultQuery;
      close();
      prev = null; // a new question starts a new chain
      post("/api/click", { query_id: queryId, faq_id: h.faq_id });
      answer.textContent = "";
      direction(answer, h.shown_language || h.language);
      answer.appendChild(el("h2", "faqmine-answer-q", h.question));
      answer.appendChild(el("div", "faqmine-answer-text", h.answer || "This question has no answer yet."));
      var ask = el("div", "faqmine-feedback");
      ask.dir = "ltr";
      ask.appendChild(el("span", null, "Did this answer your question?"));
      [["Yes", true], ["No", false]].forEach(function (b) {
        var button = el("button", "faqmine-vote", b[0]);
        button.type = "button";
        button.addEventListener("click", function () {
          post("/api/feedback", { query_id: queryId, faq_id: h.faq_id, helpful: b[1] });
          ask.textContent = b[1] ? "Thanks! Glad it helped." : "Thanks, we will improve this answer.";
        });
        ask.appendChild(button);
      });
      answer.appendChild(ask);
      answer.hidden = false;
      status.textContent = "";
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(false); }, 60);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        move(active + 1);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        move(active < 0 ? hits.length - 1 : active - 1);
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (!list.hidden && active >= 0) select(active);
        else search(true);
      } else if (e.key === "Escape") {
        if (!list.hidden) close();
        else input.value = "";
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("focus", function () { if (hits.length && answer.hidden) open(); });

    var deeplink = options.deeplink || input.hasAttribute("data-faqmine-deeplink");
    if (deeplink) {
      var q = new URLSearchParams(location.search).get("q");
      if (q) {
        input.value = q.slice(0, MAX_QUERY);
        search(true);
      }
    }
    return { search: search, close: close };
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-faqmine]"), function (input) {
      attach(input);
    });
  }

  window.FaqMine = { attach: attach };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
