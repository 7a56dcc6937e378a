#!/usr/bin/env python3
"""Export the demo corpus (examples/data/conversations.jsonl) as a help desk and a chat app
would give it, so that reading those shapes can be checked against the JSONL they came from.

Writes, under tests/data/formats/demo/ (or --out DIR):

- zendesk/tickets.json: every conversation as a Zendesk ticket with its comments, in the
  shape of the Tickets API with side-loaded users ({"tickets": [...], "users": [...]}):
  `requester_id`, `via.channel`, comments with `author_id`, `public`, `body` (and
  `html_body` for email), `created_at`; users with `role` `end-user` or `agent`. Every fifth ticket also gets an
  internal note (`"public": false`) after its first agent reply, which must never be mined.
- whatsapp/*.txt: the chat conversations as WhatsApp "Export chat" files, one file per
  customer (all of that customer's chats, in time order, with the business written as
  "Lumen Shop"), the files taking in turn the layouts of Android en-US (12-hour clock,
  U+202F before AM/PM), Android en-GB/ur-PK (24-hour), Android fr (`à`), Android vi (`SA`/`CH`)
  and iOS. Android writes minutes only, iOS seconds. Each file opens with the encryption
  notice. Email conversations are not chats and are left out of this export.

Python 3 standard library only; deterministic. `--check` compares instead of writing and
exits 1 when a file differs.
"""

import argparse
import html
import json
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUSINESS = "Lumen Shop"
NOTICE = {
    "android": "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
    "ios": "\u200eMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
}


def when(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(timezone.utc)


def zendesk(convs):
    users = {}

    def user(name, role):
        key = (name, role)
        if key not in users:
            users[key] = {"id": 10_000 + len(users), "name": name, "role": role}
        return users[key]["id"]

    tickets = []
    for n, c in enumerate(convs, 1):
        customer = next((m.get("author") for m in c["messages"] if m["role"] == "customer"), None)
        requester = user(customer or f"Customer {c['id']}", "end-user")
        comments = []
        noted = False
        for m in c["messages"]:
            if m["role"] == "customer":
                author = user(m.get("author") or f"Customer {c['id']}", "end-user")
            else:
                author = user(m.get("author") or "Lumen Support", "agent")
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in m["text"].split("\n\n"))
            comments.append(
                {
                    "id": 100_000 + len(comments) + 100 * n,
                    "type": "Comment",
                    "author_id": author,
                    "public": True,
                    "body": m["text"],
                    "created_at": m["timestamp"],
                    "via": {"channel": c.get("channel") or "web"},
                }
            )
            if c.get("channel") == "email":
                comments[-1]["html_body"] = f'<div class="zd-comment">{paragraphs}</div>'

            if m["role"] == "agent" and not noted and n % 5 == 0:
                noted = True
                comments.append(
                    {
                        "id": 100_000 + len(comments) + 100 * n,
                        "type": "Comment",
                        "author_id": author,
                        "public": False,
                        "body": "Internal: checked the order in the warehouse system; customer called from +84 90 555 0142.",
                        "created_at": m["timestamp"],
                        "via": {"channel": "web"},
                    }
                )
        tickets.append(
            {
                "id": n,
                "external_id": c["id"],
                "requester_id": requester,
                "via": {"channel": c.get("channel") or "web"},
                "created_at": c["messages"][0]["timestamp"],
                "comments": comments,
            }
        )
    # One ticket a line inside the document, so that a diagnostic's line names the ticket.
    dump = lambda v: json.dumps(v, ensure_ascii=False)
    users = sorted(users.values(), key=lambda u: u["id"])
    return (
        '{"tickets": [\n'
        + ",\n".join(dump(t) for t in tickets)
        + '\n],\n"users": [\n'
        + ",\n".join(dump(u) for u in users)
        + f'\n],\n"count": {len(tickets)}}}\n'
    )


def twelve(t, am, pm, nnbsp=True):
    h = t.hour % 12 or 12
    return f"{h}:{t.minute:02d}{chr(0x202F) if nnbsp else ' '}{am if t.hour < 12 else pm}"


LAYOUTS = [
    # (name, header for a datetime, platform)
    ("android-en-us", lambda t: f"{t.month}/{t.day}/{t.year % 100:02d}, {twelve(t, 'AM', 'PM')} - ", "android"),
    ("android-24h", lambda t: f"{t.day:02d}/{t.month:02d}/{t.year}, {t.hour:02d}:{t.minute:02d} - ", "android"),
    ("android-fr", lambda t: f"{t.day:02d}/{t.month:02d}/{t.year} à {t.hour:02d}:{t.minute:02d} - ", "android"),
    ("android-vi", lambda t: f"{t.day:02d}/{t.month:02d}/{t.year % 100:02d}, {twelve(t, 'SA', 'CH', False)} - ", "android"),
    ("ios", lambda t: f"[{t.day:02d}/{t.month:02d}/{t.year}, {t.hour:02d}:{t.minute:02d}:{t.second:02d}] ", "ios"),
]


def whatsapp(convs):
    by_customer = defaultdict(list)
    for c in convs:
        if c.get("channel") != "chat":
            continue
        customer = next((m.get("author") for m in c["messages"] if m["role"] == "customer"), None)
        by_customer[customer or f"Customer {c['id']}"].append(c)
    files = {}
    for i, name in enumerate(sorted(by_customer)):
        _, header, platform = LAYOUTS[i % len(LAYOUTS)]
        chats = sorted(by_customer[name], key=lambda c: c["messages"][0]["timestamp"])
        first = when(chats[0]["messages"][0]["timestamp"])
        if platform == "ios":
            lines = [f"\u200e{header(first)}{BUSINESS}: {NOTICE['ios']}"]
        else:
            lines = [f"{header(first)}{NOTICE['android']}"]
        for c in chats:
            if c["messages"][0]["role"] != "customer":
                sys.exit(f"{c['id']}: a chat that the business opens would join the one before")
            for m in c["messages"]:
                sender = name if m["role"] == "customer" else BUSINESS
                lines.append(f"{header(when(m['timestamp']))}{sender}: {m['text']}")
        newline = "\r\n" if platform == "ios" else "\n"
        files[f"whatsapp/WhatsApp Chat with {name}.txt"] = newline.join("\n".join(lines).split("\n")) + newline
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, default=ROOT / "examples/data/conversations.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "tests/data/formats/demo")
    ap.add_argument("--check", action="store_true", help="compare with the files in --out instead of writing")
    args = ap.parse_args()
    convs = [json.loads(line) for line in args.input.read_text(encoding="utf-8").splitlines() if line.strip()]
    files = {"zendesk/tickets.json": zendesk(convs), **whatsapp(convs)}
    stale = []
    for rel, text in sorted(files.items()):
        path = args.out / rel
        if args.check:
            if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    if args.check:
        extra = sorted(
            str(p.relative_to(args.out)) for p in args.out.rglob("*") if p.is_file() and str(p.relative_to(args.out)) not in files
        )
        if stale or extra:
            print("differs from scripts/export-demo.py: " + ", ".join(stale + extra), file=sys.stderr)
            return 1
        print(f"{len(files)} files up to date")
        return 0
    print(f"wrote {len(files)} files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
