"""docs/buyers.md, run (issue 13, D164): every command of the walkthrough's shell blocks, in
order, against the app with the demo loaded, through the test client.

The page is read as a reader would paste it: variables (`API`, `BUYER`, `N`, …) assigned and
expanded, `$(token …)` signing in for real, `$(curl … | python3 -c '…["id"]')` keeping a field
of an answer, `-d` JSON bodies, `-F file=@…` uploads (a generated JPEG), `> file` and `< file`
kept in memory. `EXPECTED` is what each command must answer, in order; a command added,
removed or changed on the page, or an answer that changes, fails the test with the whole list.
Time is fixed in December 2026, the month the page's dates (a quote's `valid_until`) are for.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import shlex
import uuid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.media import corpus

pytestmark = pytest.mark.django_db

PAGE = Path(__file__).resolve().parents[2] / "docs" / "buyers.md"
PASSWORD = "demo12345"
NOW = dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))

# (method, path as written on the page, status), in the page's order.
EXPECTED = [
    ("PATCH", "$API/vendors/htx-mi-gao-hung-lo/sales/", 200),
    ("PUT", "$API/products/mi-gao-hung-lo/stock/", 200),
    ("POST", "$API/cart/items/", 201),
    ("POST", "$API/cart/items/", 201),
    ("GET", "$API/cart/", 200),
    ("POST", "$API/checkout/", 201),
    ("GET", "$API/orders/", 200),
    ("GET", "$API/orders/$N/", 200),
    ("GET", "$API/vendors/htx-mi-gao-hung-lo/orders/?status=placed", 200),
    ("GET", "$API/vendors/htx-mi-gao-hung-lo/orders/export/?status=placed", 200),
    ("POST", "$API/orders/$N/mark-paid/", 200),
    ("POST", "$API/orders/$N/confirm/", 200),
    ("POST", "$API/orders/$N/ship/", 200),
    ("POST", "$API/orders/$N/deliver/", 200),
    ("POST", "$API/orders/$N/complete/", 200),
    ("POST", "$API/orders/$N/cancel/", 409),  # "only before confirmation": it is completed
    ("POST", "$API/orders/$N/return/", 409),  # from delivered only
    ("GET", "$API/orders/$N/", 200),
    ("POST", "$API/orders/$N/reviews/", 201),
    ("POST", "$API/reviews/$R/pictures/", 201),
    ("POST", "$API/orders/$N/reviews/", 201),
    ("GET", "$API/products/mi-gao-hung-lo/reviews/", 200),
    ("GET", "$API/vendors/htx-mi-gao-hung-lo/reviews/", 200),
    ("GET", "$API/me/export/", 200),
    ("POST", "$API/me/erase/", 409),  # the demo buyer has orders on their way: erasure waits
    ("POST", "$API/inquiries/", 201),
    ("POST", "$API/inquiries/$I/quotes/", 201),
    ("GET", "$API/inquiries/$I/quotes/", 200),
    ("POST", "$API/quotes/$Q/accept/", 201),
    ("POST", "$API/quotes/$Q/withdraw/", 409),  # "an open quote only": it was accepted
    ("POST", "$API/orders/$N/complaints/", 201),
    ("POST", "$API/complaints/$C/pictures/", 201),
    ("POST", "$API/complaints/$C/messages/", 201),
    ("POST", "$API/complaints/$C/escalate/", 200),
    ("POST", "$API/complaints/$C/decide/", 200),
    ("POST", "$API/complaints/$C/withdraw/", 409),  # "before a decision": it is decided
]


def shell_commands(text: str) -> list[str]:
    """The page's ```sh blocks as commands: continuation lines joined, comments kept for shlex."""
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        pending = ""
        for line in joined.splitlines():
            pending = f"{pending}\n{line}" if pending else line
            try:  # a quoted body may run over several lines
                shlex.split(pending, comments=True)
            except ValueError:
                continue
            if pending.strip():
                commands.append(pending.strip())
            pending = ""
    return commands


def _substitution(text: str, start: int) -> int:
    """The index of the `)` closing the `(` at `start`, quotes and nesting respected."""
    depth, i, quote = 0, start, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == '"':
                i += 1
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise AssertionError(f"unbalanced $( in {text!r}")


class Reader:
    """Runs the page's commands as the shell would, with the test client as the server."""

    def __init__(self) -> None:
        self.vars: dict[str, str] = {}
        self.files: dict[str, str] = {}
        self.seen: list[tuple[str, str, int]] = []
        self.answers: list[Any] = []

    def expand(self, text: str) -> str:
        out, i = [], 0
        quote = ""
        while i < len(text):
            ch = text[i]
            if ch == "'" and quote != '"':
                quote = "" if quote == "'" else "'"
            elif ch == '"' and quote != "'":
                quote = "" if quote == '"' else '"'
            if quote != "'" and text.startswith("$(", i):
                end = _substitution(text, i + 1)
                out.append(self.capture(text[i + 2 : end]))
                i = end + 1
                continue
            match = re.match(r"\$([A-Z_]+)", text[i:]) if quote != "'" else None
            if match:
                out.append(self.vars[match.group(1)])
                i += len(match.group(0))
                continue
            out.append(ch)
            i += 1
        return "".join(out)

    def capture(self, inner: str) -> str:
        inner = inner.strip()
        if inner.startswith("token "):
            email = inner.split()[1]
            r = APIClient().post(
                "/api/v1/auth/token/", {"email": email, "password": PASSWORD}, format="json"
            )
            assert r.status_code == 200, r.content
            return r.json()["access"]
        if "uuid.uuid4()" in inner:
            return str(uuid.uuid4())
        source, _, program = inner.partition("| python3 -c ")
        if not program:  # python3 -c '…' < file
            program, _, name = inner.removeprefix("python3 -c ").partition(" < ")
            answer = json.loads(self.files[name.strip()])
        else:
            answer = self.curl(source, path_written=source)
        keys = re.search(r"json\.load\(sys\.stdin\)((?:\[[^\]]+\])+)", program)
        assert keys is not None, program
        value = answer
        for key in re.findall(r"\[([^\]]+)\]", keys.group(1)):
            value = value[ast.literal_eval(key)]
        return str(value)

    def run(self, command: str) -> None:
        if command.startswith("token()") or command.startswith("token ()"):
            return  # the shell function behind $(token …), done by capture()
        assign = re.match(r"^([A-Z_]+)=(.*)$", command, flags=re.S)
        if assign:
            self.vars[assign.group(1)] = self.expand(assign.group(2))
            return
        assert command.startswith("curl "), command
        self.curl(command, path_written=command)

    def curl(self, command: str, *, path_written: str) -> Any:
        words = shlex.split(self.expand(command), comments=True)
        written = [w for w in shlex.split(path_written, comments=True) if "$API" in w]
        method, headers, body, files, target = "", {}, None, {}, None
        i = 1
        while i < len(words):
            word = words[i]
            if word == "-X":
                method, i = words[i + 1], i + 1
            elif word == "-H":
                name, _, value = words[i + 1].partition(":")
                headers["HTTP_" + name.strip().upper().replace("-", "_")] = value.strip()
                i += 1
            elif word == "-d":
                body, i = words[i + 1], i + 1
            elif word == "-F":
                field, _, value = words[i + 1].partition("=@")
                files[field] = SimpleUploadedFile(
                    value, corpus.jpeg((320, 240)), content_type="image/jpeg"
                )
                i += 1
            elif word == "-o":
                i += 1
            elif word == ">":
                target, i = words[i + 1], i + 1
            elif word.startswith("http"):
                url = word
            i += 1
        method = method or ("POST" if body is not None or files else "GET")
        path = re.sub(r"^https?://[^/]+", "", url)
        client = APIClient()
        content_type = headers.pop("HTTP_CONTENT_TYPE", "application/json")
        if files:
            response = client.post(path, files, format="multipart", **headers)
        elif body is not None:
            response = client.generic(method, path, body, content_type=content_type, **headers)
        else:
            response = client.generic(method, path, **headers)
        self.seen.append((method, written[0] if written else path, response.status_code))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if target:
            self.files[target] = content.decode()
        try:
            answer = json.loads(content) if content else None
        except ValueError:
            answer = content
        self.answers.append(answer)
        return answer


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # demo_load refuses to run with DEBUG off (public passwords)
    settings.ORDER_PICTURES_MAX = 5
    with time_machine.travel(NOW, tick=True):
        call_command("demo_load", stdout=StringIO())
        yield


def test_every_command_of_the_buyers_walkthrough_answers_as_the_page_says(demo):
    reader = Reader()
    for command in shell_commands(PAGE.read_text()):
        reader.run(command)
    assert reader.seen == EXPECTED, [
        (seen, answer)
        for seen, answer in zip(reader.seen, reader.answers, strict=True)
        if seen not in EXPECTED
    ]
    # What the reader is told to look at is there.
    checkout = json.loads(reader.files["checkout.json"])
    assert [o["payment"]["method"] for o in checkout["orders"]] == ["bank_transfer", "cod"]
    assert reader.vars["N"] == checkout["orders"][0]["number"]
    reviews = reader.answers[EXPECTED.index(("GET", "$API/products/mi-gao-hung-lo/reviews/", 200))]
    mine = next(r for r in reviews["results"] if str(r["id"]) == reader.vars["R"])
    assert len(mine["pictures"]) == 1
    export = reader.answers[9]
    assert isinstance(export, bytes) and "Số đơn".encode() in export
