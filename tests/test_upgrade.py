"""An installation made before the layout moved (issue 10) upgrades with no data change.

The audit log, inquiries and the partner subsystem moved to other apps with their tables kept
(state-only migrations, content types renamed). This test builds a database with the code of the
last commit before the move, writes a row of each moved kind through that code, migrates the same
database with today's code, and reads the rows back through today's models. It runs on the
database the suite runs on: a throw-away SQLite file, or a new PostgreSQL database beside the test
database when DATABASE_URL points at PostgreSQL (CI).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# The last commit of main before the layout moved.
BEFORE_THE_MOVE = "0272032"

# old app_label.model -> (new app label, model); the table of each stays where it was.
MOVED = {
    "marketplace.auditlog": ("core", "AuditLog"),
    "marketplace.inquiry": ("orders", "Inquiry"),
    "marketplace.inquirymessage": ("orders", "InquiryMessage"),
    "marketplace.partnerclient": ("partners", "PartnerClient"),
    "marketplace.apikey": ("partners", "ApiKey"),
    "marketplace.storefrontgrant": ("partners", "StorefrontGrant"),
    "marketplace.idempotencyrecord": ("partners", "IdempotencyRecord"),
    "marketplace.change": ("partners", "Change"),
    "marketplace.webhooksubscription": ("partners", "WebhookSubscription"),
    "marketplace.webhookdelivery": ("partners", "WebhookDelivery"),
    "marketplace.webhookdispatchstate": ("partners", "WebhookDispatchState"),
}

SEED_OLD = """
import json
from django.contrib.contenttypes.models import ContentType
from catalog.models import Category, Product, Unit
from django.apps import apps
from marketplace.models import AuditLog, Change, Commune, Inquiry, InquiryMessage, PartnerClient
from marketplace.models import StorefrontGrant, User, Vendor
from marketplace.services.audit import audit_record

user = User.objects.create_user("upgrade@example.vn", "upgrade-12345", full_name="Người Thử")
commune = Commune.objects.get(code=7900)
vendor = Vendor.objects.create(
    slug="htx-nang-cap", display_name="HTX Nâng Cấp", legal_name="Hợp tác xã Nâng Cấp",
    kind="cooperative", tax_code="2600999888", commune=commune, province_id=commune.province_id,
    street_address="Khu 1", phone="0210 3812 345", email="htx@example.vn", created_by=user,
)
product = Product.objects.create(
    vendor=vendor, slug="mi-gao-nang-cap", name="Mì gạo nâng cấp",
    category=Category.objects.filter(parent__isnull=True).first(), unit=Unit.objects.first(),
    price=35000, origin_province_id=commune.province_id, origin_commune=commune,
)
audit_record(actor=user, action="upgrade.check", target=vendor, reason="trước khi chuyển")
inquiry = Inquiry.objects.create(
    product=product, vendor=vendor, buyer=user, quantity=5, contact_name="Người Thử"
)
InquiryMessage.objects.create(inquiry=inquiry, author=user, body="Giá sỉ bao nhiêu?")
partner = PartnerClient.objects.create(
    name="Sàn đối tác", contact_email="doitac@example.vn", scopes=["catalog:read"], created_by=user
)
StorefrontGrant.objects.create(vendor=vendor, client=partner, granted_by=user)
Change.objects.create(
    kind="vendor", object_id=vendor.pk, event="vendor.updated", at=vendor.created_at
)
# every content type exists, as after `migrate` and a visit to the admin
ContentType.objects.get_for_models(*apps.get_app_config("marketplace").get_models())
print(json.dumps({
    "audit": AuditLog.objects.count(),
    "inquiry": inquiry.pk,
    "partner": partner.pk,
    "changes": list(Change.objects.values_list("event", flat=True)),
}))
"""

READ_NEW = """
import json
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from core.models import AuditLog
from orders.models import Inquiry
from partners.models import Change, PartnerClient

moved = json.loads(%(moved)r)
entry = AuditLog.objects.get(action="upgrade.check")
inquiry = Inquiry.objects.get(product__slug="mi-gao-nang-cap")
labels = {}
for old, (app_label, model) in moved.items():
    old_app, old_model = old.split(".")
    labels[old] = {
        "old_left": ContentType.objects.filter(app_label=old_app, model=old_model).exists(),
        "new": ContentType.objects.filter(app_label=app_label, model=model.lower()).count(),
        "table": apps.get_model(app_label, model)._meta.db_table,
    }
print(json.dumps({
    "audit": AuditLog.objects.count(),
    "audit_target": entry.target_repr,
    "audit_type": [entry.target_type.app_label, entry.target_type.model],
    "audit_reason": entry.reason,
    "inquiry": inquiry.pk,
    "messages": list(inquiry.messages.values_list("body", flat=True)),
    "partner": PartnerClient.objects.get(name="Sàn đối tác").pk,
    "grants": list(PartnerClient.objects.get(name="Sàn đối tác").grants.values_list(
        "vendor__slug", flat=True)),
    "changes": list(Change.objects.values_list("event", flat=True)),
    "labels": labels,
}))
"""


def _old_tree(destination: Path) -> Path:
    command = ["git", "-C", str(ROOT), "archive", "--format=tar", BEFORE_THE_MOVE]
    # fixed arguments; git from PATH, as developers and CI run it
    archive = subprocess.run(command, capture_output=True, check=True).stdout  # noqa: S603
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def _manage(tree: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=tree,  # the tree's own packages come first on sys.path
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{tree.name}: manage.py {args[0]} failed:\n{done.stderr}"
    return done.stdout


@pytest.fixture
def database_url(tmp_path):
    """A new, empty database of the kind the suite runs on."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    name = f"giaothuong_upgrade_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    db = settings.DATABASES["default"]
    yield f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_database_made_before_the_move_migrates_with_its_rows(tmp_path, database_url):
    old = _old_tree(tmp_path / "before")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "GT_"))
    }
    env.update(
        DATABASE_URL=database_url, CELERY_TASK_ALWAYS_EAGER="true", SEARCH_BACKEND="database"
    )
    env.pop("ELASTICSEARCH_URL", None)

    _manage(old, env, "migrate", "--no-input")
    before = json.loads(_manage(old, env, "shell", "-c", SEED_OLD).strip().splitlines()[-1])

    _manage(ROOT, env, "migrate", "--no-input")
    _manage(ROOT, env, "makemigrations", "--check", "--dry-run")
    script = READ_NEW % {"moved": json.dumps(MOVED)}
    after = json.loads(_manage(ROOT, env, "shell", "-c", script).strip().splitlines()[-1])

    assert after["audit"] == before["audit"]
    assert after["audit_target"] == "HTX Nâng Cấp"
    assert after["audit_type"] == ["marketplace", "vendor"]
    assert after["audit_reason"] == "trước khi chuyển"
    assert after["inquiry"] == before["inquiry"]
    assert after["messages"] == ["Giá sỉ bao nhiêu?"]
    assert after["partner"] == before["partner"]
    assert after["grants"] == ["htx-nang-cap"]
    assert after["changes"] == before["changes"] == ["vendor.updated"]
    for old_label, seen in after["labels"].items():
        assert seen == {
            "old_left": False,
            "new": 1,
            "table": "marketplace_" + old_label.split(".")[1],
        }, old_label
