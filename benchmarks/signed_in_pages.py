"""Signed-in pages: the site's pages as a signed-in person gets them (issue 16 asks p95 ≤ 100 ms
for every signed-in page at demo scale), measured with wrk beside `/healthz` in the same run.

PAGES below is the table of what is measured: each row is a label, the demo account that signs
in (DESIGN.md's demo accounts, password `demo12345`) and a URL, or a function that finds one in
the database (the buyer's fair ticket, an open fair, a product, a lead). Add a row for each new
signed-in page (account pages, the seller centre).

One command (PostgreSQL of your own, migrated and loaded with `manage.py demo_load`):

    DATABASE_URL=postgres://USER:PASS@127.0.0.1:PORT/DB [CACHE_URL=redis://127.0.0.1:PORT/1] \
        .venv/bin/python benchmarks/signed_in_pages.py [--duration 10] [--rounds 3] [--json FILE]

The machinery is benchmarks/http_reads.py's (gunicorn as shipped, DJANGO_DEBUG=false,
throttles raised through their settings, wrk with http_reads.lua, CPU per request of gunicorn
and PostgreSQL from /proc). Each account signs in once through the site's sign-in page
(`/dang-nhap/`: its CSRF cookie and token, then the POST) and every request of its rows carries
the session cookie (a tab-separated Cookie in wrk's path file). Signed-in pages are private and
never kept in the shared page cache (D198), so every request renders. Results:
docs/benchmarks.md, "Signed-in pages".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.http_reads import (  # noqa: E402
    THROTTLE,
    free_port,
    load_average,
    start_server,
    stop_server,
    summarise,
    wrk,
)

P95_GOAL_MS = 100  # issue 16: every signed-in page at demo scale
PASSWORD = "demo12345"  # noqa: S105  (the demo accounts', published in DESIGN.md)
BUYER = "buyer@demo.local"
VENDOR = "vendor1@demo.local"


def _buyer_ticket() -> str:
    """The demo buyer's live ticket (demo_load registers them for the open fair)."""
    from fairs.models import LIVE_REGISTRATION_STATUSES, VisitorRegistration

    slug = (
        VisitorRegistration.objects.filter(user__email=BUYER, status__in=LIVE_REGISTRATION_STATUSES)
        .values_list("fair__slug", flat=True)
        .first()
    )
    if slug is None:
        raise SystemExit(f"{BUYER} holds no live ticket: run manage.py demo_load")
    return f"/hoi-cho/{slug}/ve/"


def _open_fair() -> str:
    """A fair taking visitors: signed in, its page shows the registration form."""
    from fairs.selectors.fairs import fair_list_public

    fair = fair_list_public().filter(status="open").first()
    if fair is None:
        raise SystemExit("no open fair: run manage.py demo_load")
    return f"/hoi-cho/{fair.slug}/"


def _product() -> str:
    """A public product of another storefront: the cart and inquiry forms for the buyer."""
    from catalog.selectors import product_cards_ocop_featured

    product = product_cards_ocop_featured().first()
    if product is None:
        raise SystemExit("no public product: run manage.py demo_load")
    return f"/san-pham/{product.slug}/"


def _lead() -> str:
    """A published buy lead: its contact is shown to a signed-in storefront member."""
    from leads.selectors import lead_list_public

    lead = lead_list_public().filter(kind="buy").order_by("id").first()
    if lead is None:
        raise SystemExit("no published buy lead: run manage.py demo_load")
    return f"/tin-mua-ban/{lead.slug}/"


class Missing(LookupError):
    """The demo data holds nothing for this row (e.g. no question to vendor1's storefront)."""


def _first(qs: Any, what: str) -> Any:
    found = qs.first()
    if found is None:
        raise Missing(what)
    return found


def _storefront() -> str:
    """The demo storefront vendor1@demo.local owns: its seller center's root."""
    from marketplace.models import VendorMembership

    membership = _first(
        VendorMembership.objects.filter(user__email=VENDOR).select_related("vendor"),
        f"storefront of {VENDOR}",
    )
    return f"/ban-hang/{membership.vendor.slug}/"


def _seller(rest: str) -> Callable[[], str]:
    return lambda: _storefront() + rest


def _seller_order() -> str:
    from orders.models import Order

    order = _first(Order.objects.filter(vendor__memberships__user__email=VENDOR), "seller order")
    return f"{_storefront()}don-hang/{order.number}/"


def _seller_product() -> str:
    from catalog.models import Product

    product = _first(Product.objects.filter(vendor__memberships__user__email=VENDOR), "product")
    return f"{_storefront()}san-pham/{product.slug}/"


def _seller_inquiry() -> str:
    from orders.models import Inquiry

    inquiry = _first(Inquiry.objects.filter(vendor__memberships__user__email=VENDOR), "inquiry")
    return f"{_storefront()}hoi-hang/{inquiry.pk}/"


def _buyer_order() -> str:
    from orders.models import Order

    order = _first(Order.objects.filter(buyer__email=BUYER).order_by("-id"), "buyer order")
    return f"/tai-khoan/don-hang/{order.number}/"


def _buyer_inquiry() -> str:
    from orders.models import Inquiry

    inquiry = _first(Inquiry.objects.filter(buyer__email=BUYER).order_by("-id"), "inquiry")
    return f"/tai-khoan/hoi-hang/{inquiry.pk}/"


def _buyer_checkout() -> str:
    from orders.models import Order

    order = _first(Order.objects.filter(buyer__email=BUYER).order_by("-id"), "buyer order")
    return f"/thanh-toan/xong/{order.checkout_id}/"


# label, account, URL or a function that finds one (run once, after django.setup())
PAGES: list[tuple[str, str, str | Callable[[], str]]] = [
    ("home, signed in", BUYER, "/"),
    ("fair ticket with its QR code", BUYER, _buyer_ticket),
    ("fair page with the registration form", BUYER, _open_fair),
    ("product page with the cart and inquiry forms", BUYER, _product),
    ("search results, signed in", BUYER, "/tim-kiem/?q=che"),
    ("leads board, storefront member", VENDOR, "/tin-mua-ban/"),
    ("buy lead with its contact, storefront member", VENDOR, _lead),
    ("sign-out page", BUYER, "/dang-xuat/"),
    # A buyer's account (issue 16)
    ("my details", BUYER, "/tai-khoan/"),
    ("my data", BUYER, "/tai-khoan/du-lieu/"),
    ("cart", BUYER, "/gio-hang/"),
    ("what to pay for a checkout", BUYER, _buyer_checkout),
    ("my orders", BUYER, "/tai-khoan/don-hang/"),
    ("my order", BUYER, _buyer_order),
    ("my questions and quotes", BUYER, "/tai-khoan/hoi-hang/"),
    ("my question", BUYER, _buyer_inquiry),
    ("my trade leads", BUYER, "/tai-khoan/tin-mua-ban/"),
    ("post a trade lead", BUYER, "/tai-khoan/tin-mua-ban/dang-tin/"),
    ("my fair tickets", BUYER, "/tai-khoan/ve/"),
    # The seller center (issue 16)
    ("seller center home", VENDOR, "/ban-hang/"),
    ("seller dashboard", VENDOR, _storefront),
    ("seller storefront", VENDOR, _seller("gian-hang/")),
    ("seller products", VENDOR, _seller("san-pham/")),
    ("seller product form", VENDOR, _seller_product),
    ("seller new product", VENDOR, _seller("san-pham/moi/")),
    ("seller import", VENDOR, _seller("nhap-san-pham/")),
    ("seller certificates", VENDOR, _seller("chung-nhan/")),
    ("seller members", VENDOR, _seller("thanh-vien/")),
    ("seller orders", VENDOR, _seller("don-hang/")),
    ("seller order", VENDOR, _seller_order),
    ("seller packing slip", VENDOR, lambda: _seller_order() + "phieu-giao/"),
    ("seller questions", VENDOR, _seller("hoi-hang/")),
    ("seller question", VENDOR, _seller_inquiry),
    ("seller reviews", VENDOR, _seller("danh-gia/")),
    ("seller complaints", VENDOR, _seller("khieu-nai/")),
    ("seller lots", VENDOR, _seller("lo-hang/")),
    ("seller fairs", VENDOR, _seller("hoi-cho/")),
]


def build_rows() -> list[dict[str, str]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    from django.db import connection

    rows = []
    for label, account, url in PAGES:
        try:
            path = url() if callable(url) else url
        except Missing as missing:
            print(f"skipped {label!r}: no {missing} in this database", file=sys.stderr)
            continue
        rows.append({"label": label, "account": account, "path": path})
    connection.close()
    return rows


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def _request(
    port: int, path: str, cookies: dict[str, str], data: bytes | None = None
) -> tuple[int, bytes, Any]:
    headers = {"Accept": "text/html"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers)
    try:
        with OPENER.open(request, timeout=30) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:  # a redirect (not followed) or a refusal
        return e.code, e.read(), e.headers


def _keep(cookies: dict[str, str], headers: Any) -> None:
    """The Set-Cookie headers' values, whatever their Secure flag (plain HTTP on 127.0.0.1)."""
    for header in headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = morsel.value


def sign_in(port: int, email: str) -> dict[str, str]:
    """Through the site's sign-in page, as a browser does: GET for the CSRF cookie and token,
    POST the form, keep the session cookie of the redirect."""
    cookies: dict[str, str] = {}
    status, body, headers = _request(port, "/dang-nhap/", cookies)
    _keep(cookies, headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None:
        raise RuntimeError(f"the sign-in page answered {status} without a CSRF token")
    form = {"csrfmiddlewaretoken": token[1].decode(), "email": email, "password": PASSWORD}
    status, _body, headers = _request(port, "/dang-nhap/", cookies, urlencode(form).encode())
    _keep(cookies, headers)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"signing in {email} answered {status}, no session cookie")
    return cookies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--duration", type=int, default=10, help="seconds per page per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install -y wrk")
    if not args.database_url:
        raise SystemExit("name the database: DATABASE_URL=postgres://… or --database-url")
    host = urlsplit(args.database_url).hostname or ""
    if args.database_url.startswith("postgres") and host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"only this machine's database is used; {host!r} is not 127.0.0.1")
    os.environ["DATABASE_URL"] = args.database_url
    started, load_before = time.monotonic(), load_average()
    rows = build_rows()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "THROTTLE_ANON": THROTTLE,
        "THROTTLE_USER": THROTTLE,
        "THROTTLE_LOGIN": THROTTLE,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("GUNICORN_CMD_ARGS", None)
    workdir = Path(tempfile.mkdtemp(prefix="signed_in_pages-"))
    log = workdir / "gunicorn.log"
    env["STATIC_ROOT"] = str(workdir / "static")
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v0"],
        env=env,
        check=True,
    )
    print(f"machine: {os.cpu_count()} CPUs; load average before {load_before}")
    print(f"load: wrk -t{args.threads} -c{args.connections}, {args.duration} s per page, "
          f"{args.rounds} rounds")  # fmt: skip
    names = ["healthz"] + [f"page{i}" for i in range(len(rows))]
    labels = {"healthz": ("`/healthz`", "", "")}
    rounds: list[dict[str, dict[str, Any]]] = []
    server = None
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        port = args.port or free_port()
        server = start_server(env, port, log, None)
        sessions = {email: sign_in(port, email) for email in {row["account"] for row in rows}}
        files = {"healthz": workdir / "healthz.txt"}
        files["healthz"].write_text("/healthz\n")
        for name, row in zip(names[1:], rows, strict=True):
            cookies = sessions[row["account"]]
            status, body, headers = _request(port, row["path"], cookies)
            print(f"check {row['label']}: {row['path']} as {row['account']} -> {status}, "
                  f"{len(body):,} bytes, Cache-Control {headers.get('Cache-Control')}")  # fmt: skip
            if status != 200:
                raise RuntimeError(f"{row['path']} answered {status} to {row['account']}")
            cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
            files[name] = workdir / f"{name}.txt"
            files[name].write_text(f"{row['path']}\t{cookie}\n")
            labels[name] = (row["label"], f"`{row['path']}`", row["account"])
        for name in names:
            wrk(port, files[name], seconds=args.warmup, connections=args.connections,
                threads=args.threads, master=server.pid, log=log)  # fmt: skip
        for number in range(1, args.rounds + 1):
            result: dict[str, dict[str, Any]] = {}
            for name in names:
                result[name] = wrk(port, files[name], seconds=args.duration,
                                   connections=args.connections, threads=args.threads,
                                   master=server.pid, log=log)  # fmt: skip
                result[name]["ratio"] = result[name]["rps"] / result["healthz"]["rps"]
            rounds.append(result)
            print(f"round {number}: " + ", ".join(
                f"{n} {r['rps']:.0f} req/s p95 {r['p95_ms']} ms" for n, r in result.items()
            ))  # fmt: skip
    finally:
        if server is not None:
            stop_server(server)
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(workdir, ignore_errors=True)
    summary = summarise(rounds)
    print(f"\nmedian of {len(rounds)} rounds; load average after {load_average()}; "
          f"{time.monotonic() - started:.0f} s in all")  # fmt: skip
    print("| page | URL | account | req/s | p50 ms | p95 ms | p99 ms | / healthz | CPU ms/req: "
          "gunicorn, PostgreSQL | errors | goal (issue 16: p95 ≤ 100 ms) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, s in summary.items():
        label, url, account = labels[name]
        met = "" if name == "healthz" else ("met" if s["p95_ms"] <= P95_GOAL_MS else "not met")
        print(f"| {label} | {url} | {account} | {s['rps']:,.0f} | {s['p50_ms']} | "
              f"{s['p95_ms']} | {s['p99_ms']} | {s['ratio']:.1%} | {s['cpu_ms']}, "
              f"{s['db_cpu_ms']} | {s['errors']} | {met} |")  # fmt: skip
    if args.json:
        Path(args.json).write_text(
            json.dumps({"rows": rows, "rounds": rounds, "summary": summary}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
