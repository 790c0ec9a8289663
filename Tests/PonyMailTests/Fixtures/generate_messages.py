"""Writes messages.json: email messages as Django 5.2 writes them, and as Python reads them back.

    pip install "django==5.2.19" && python3 generate_messages.py

Each case holds the EmailMessage's arguments, Django's `message().as_bytes(linesep="\n")`
(or the error Django raises), and what Python's email parser (policy.default) reads from it:
each header decoded and unfolded (addresses as name/address pairs) and each leaf part's
content type, transfer encoding, file name and decoded bytes. PonyMailTests decodes Pony's
own text the same way and compares; where Django's text has no folded line and one part,
it compares the text itself.
"""
import base64
import email
import email.policy
import json
import os

import django
from django.conf import settings

settings.configure(DEFAULT_CHARSET="utf-8", EMAIL_USE_LOCALTIME=False)
django.setup()

from django.core.mail import EmailMessage, EmailMultiAlternatives  # noqa: E402
from django.core.mail.message import ADDRESS_HEADERS  # noqa: E402

FIXED = [["Date", "Sun, 06 Dec 2026 10:15:00 -0000"], ["Message-ID", "<fixed.1@example.com>"]]
PDF = bytes(range(256)) * 3

CASES = [
    dict(name="ascii", subject="Hello", body="Hi there.\n", to=["bob@example.com"]),
    dict(name="non-ascii subject", subject="Café ☕", body="Body", to=["bob@example.com"]),
    dict(name="non-ascii body", subject="Hi", body="Grüße aus Köln\nZweite Zeile\n", to=["bob@example.com"]),
    dict(name="long line ascii", subject="Long", body=("word " * 250) + "\nnext line \n", to=["a@example.com"]),
    dict(name="long line unicode", subject="Long", body=("é=ü " * 300) + "end\t", to=["a@example.com"]),
    dict(name="long ascii subject", subject="Hello there, this is a long ascii subject line that needs folding at 78 characters, surely",
         body="x", to=["a@example.com"]),
    dict(name="long unicode subject",
         subject="Réinitialisation du mot de passe sur example.com, un sujet très long qui doit être plié deux fois au moins",
         body="x", to=["a@example.com"]),
    dict(name="addresses", subject="Addresses", body="x", from_email='"Shop, Inc." <shop@example.com>',
         to=["Zoë Ünal <zoe@example.com>", "bob@bücher.example", "Plain Name <plain@example.com>"],
         cc=["cc@example.com"], bcc=["hidden@example.com"], reply_to=["Support Team <support@example.com>"]),
    dict(name="many recipients", subject="Many", body="x",
         to=["person%d@example.com" % i for i in range(12)]),
    dict(name="extra headers", subject="Extra", body="x", to=["a@example.com"],
         headers=[["X-Mailer", "Pony"], ["X-Note", "über"], ["From", "Override <override@example.com>"],
                  ["To", "shown@example.com"]]),
    dict(name="html alternative", subject="Both", body="Plain text\n", to=["a@example.com"],
         alternatives=[["<p>HTML <b>text</b> ☕</p>", "text/html"]]),
    dict(name="attachments", subject="Files", body="See attached.", to=["a@example.com"],
         attachments=[["report.pdf", PDF, "application/pdf"], ["notes.txt", "Line one\nLíne two\n".encode(), "text/plain"],
                      ["résumé.bin", b"\x00\x01\x02", "application/octet-stream"]]),
    dict(name="attachments and alternative", subject="Mixed", body="Plain", to=["a@example.com"],
         alternatives=[["<p>HTML</p>", "text/html"]], attachments=[["a.png", b"\x89PNG\r\n\x1a\n", "image/png"]]),
    dict(name="html only", subject="HTML", body="<p>Only HTML</p>", to=["a@example.com"], content_subtype="html"),
    dict(name="line endings and dots", subject="Dots", body="first\r\n.second\r.third\n..fourth\n", to=["a@example.com"]),
    dict(name="empty", subject="", body="", to=["a@example.com"]),
    dict(name="newline in subject", subject="Hi\nBcc: victim@example.com", body="x", to=["a@example.com"]),
    dict(name="newline in address", subject="Hi", body="x", to=["a@example.com\nBcc: victim@example.com"]),
    dict(name="newline in extra header", subject="Hi", body="x", to=["a@example.com"], headers=[["X-Evil", "a\r\nBcc: v@x"]]),
]


def build(case):
    headers = dict(FIXED + case.get("headers", []))
    message = EmailMultiAlternatives(
        case["subject"], case["body"], case.get("from_email", "webmaster@localhost"), case["to"],
        cc=case.get("cc"), bcc=case.get("bcc"), reply_to=case.get("reply_to"), headers=headers,
    )
    message.content_subtype = case.get("content_subtype", "plain")
    for content, mimetype in case.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in case.get("attachments", []):
        message.attach(filename, content, mimetype)
    return message


def parsed(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    headers = []
    for name, value in message.items():
        if name.lower() in ADDRESS_HEADERS:
            headers.append([name, [[a.display_name, a.addr_spec] for a in value.addresses]])
        else:
            headers.append([name, str(value)])
    parts = []
    for part in message.walk():
        if part.is_multipart():
            parts.append({"type": part.get_content_type()})
            continue
        parts.append({
            "type": part.get_content_type(),
            "charset": part.get_param("charset"),
            "encoding": part.get("Content-Transfer-Encoding"),
            "filename": part.get_filename(),
            "content": base64.b64encode(part.get_payload(decode=True)).decode(),
        })
    return {"headers": headers, "parts": parts}


out = []
for case in CASES:
    entry = {key: value for key, value in case.items() if key != "attachments"}
    entry["headers"] = FIXED + case.get("headers", [])
    entry["attachments"] = [[f, base64.b64encode(c).decode(), m] for f, c, m in case.get("attachments", [])]
    try:
        raw = build(case).message().as_bytes(linesep="\n")
        entry["django"] = raw.decode()
        entry["parsed"] = parsed(raw)
    except Exception as error:  # BadHeaderError, ValueError
        entry["error"] = "%s: %s" % (type(error).__name__, error)
    out.append(entry)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "messages.json")
with open(path, "w") as f:
    json.dump({"django": django.get_version(), "cases": out}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote %d cases to %s" % (len(out), path))
