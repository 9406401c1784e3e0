"""Reads served by a real PostgreSQL streaming replica (issue 17 item 5, D187, D188).

`.ci/run` starts a hot standby of the CI primary with `pg_basebackup -R` and exports
GIAOTHUONG_CI_REPLICA_URL (its URL; the test database's name replaces the path),
GIAOTHUONG_CI_REPLICA_PGDATA (its data directory) and GIAOTHUONG_CI_PG_BIN (pg_ctl's
directory), so these tests can stop and start it. In CI a missing replica fails them; elsewhere
they skip. The replica is added as the alias `replica_1` for each test (a connection made by
the test, not a settings.DATABASES entry, so the test database is neither created nor flushed
through it) and removed after it.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal

import environ
import pytest
from django.db import DatabaseError, connection, connections
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

import search
from core.db import PIN_COOKIE, health, reader, replica_reads
from tests.factories import ProductFactory
from tests.reference_data import reference_data_restore

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REPLICA = "replica_1"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}


def pg_ctl(action: str) -> None:
    data = os.environ["GIAOTHUONG_CI_REPLICA_PGDATA"]
    command = [os.path.join(os.environ.get("GIAOTHUONG_CI_PG_BIN", ""), "pg_ctl"), "-D", data]
    command += ["-w", "-t", "60", "-m", "fast", action]
    if action == "start":
        command += ["-l", os.path.join(data, "standby.log")]
    if os.geteuid() == 0:  # PostgreSQL refuses root: run as its owner, as .ci/run does
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=90, cwd="/")  # noqa: S603


def wait_replayed(timeout: float = 30) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connection.cursor() as cursor:
        # insert, not write, location: with synchronous_commit=off (CI) a commit may still be in
        # the WAL buffers, not yet sent to the standby.
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while True:
        try:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
                if cursor.fetchone()[0]:
                    return
        except DatabaseError:
            connections[REPLICA].close()
        if time.monotonic() > deadline:
            raise AssertionError(f"the replica did not replay up to {lsn} in {timeout} s")
        time.sleep(0.1)


@pytest.fixture
def replica(transactional_db, settings) -> Iterator[str]:
    url = os.environ.get("GIAOTHUONG_CI_REPLICA_URL")
    if connection.vendor != "postgresql" or not url:
        if in_ci():
            pytest.fail("CI=true: needs .ci/run's streaming replica (GIAOTHUONG_CI_REPLICA_URL)")
        pytest.skip("needs a PostgreSQL streaming replica: GIAOTHUONG_CI_REPLICA_URL (.ci/run)")
    config = environ.Env.db_url_config(url)
    config["NAME"] = connection.settings_dict["NAME"]  # the test database, streamed too
    config["OPTIONS"] = {"connect_timeout": 2}
    configured = connections.configure_settings(
        {"default": dict(connections.settings["default"]), REPLICA: config}
    )[REPLICA]
    # A connection made here, outside settings.DATABASES: Django's test case allows such
    # "dynamically created" connections, and never flushes or creates a database through it.
    wrapper = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, REPLICA)
    setattr(connections._connections, REPLICA, wrapper)
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0  # look at the replica on every read
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 60
    health.forget()
    reference_data_restore()  # the flush after a transactional test removes the seed rows
    try:
        yield REPLICA
    finally:
        health.forget()
        wrapper.close()
        delattr(connections._connections, REPLICA)


def listed(response) -> dict[str, str]:
    assert response.status_code == 200, response.content
    return {p["slug"]: p["price"] for p in response.json()["results"]}


def test_an_anonymous_public_read_is_served_by_the_replica(replica):
    ProductFactory(slug="mien-dong-binh-lieu")
    wait_replayed()
    with replica_reads():
        alias = reader()
    assert alias == REPLICA
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    # Through the API: the product list's rows come from the standby.
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = APIClient().get("/api/v1/products/")
    assert "mien-dong-binh-lieu" in listed(response)
    assert any("catalog_product" in q["sql"] for q in on_replica.captured_queries)
    # Outside a request nothing reads the replica; neither does a signed-in person.
    assert reader() == "default"


def test_database_search_statements_are_served_by_the_replica(replica, settings):
    settings.SEARCH_BACKEND = "database"
    product = ProductFactory(slug="mien-dong-binh-lieu", name="Miến dong Bình Liêu")
    search.backend().index_products([product.pk])
    wait_replayed()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = APIClient().get("/api/v1/search/products/", {"q": "mien dong"})
    assert response.status_code == 200, response.content
    assert [hit["slug"] for hit in response.json()["results"]] == ["mien-dong-binh-lieu"]
    assert any("search_productentry" in q["sql"] for q in on_replica.captured_queries)


def test_a_writer_reads_its_own_write_while_the_replica_lags(replica, vendor, owner, settings):
    product = ProductFactory(vendor=vendor, slug="ca-phe-son-la", price=45000)
    wait_replayed()
    with connections[REPLICA].cursor() as cursor:
        try:
            cursor.execute("SELECT pg_wal_replay_pause()")
        except DatabaseError as exc:  # .ci/run grants it to the test role in template1
            pytest.fail(f"the test role may not pause the replica's replay: {exc}")
    try:
        writer = APIClient()
        writer.force_authenticate(owner)
        response = writer.patch(f"/api/v1/products/{product.slug}/", {"price": 52000})
        assert response.status_code == 200
        assert response.cookies[PIN_COOKIE]["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS
        # The writer's browser reading the public list without its token (the public site)
        # sends the pin back: its reads are the primary's.
        browser = APIClient()
        browser.cookies[PIN_COOKIE] = response.cookies[PIN_COOKIE].value
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            mine = listed(browser.get("/api/v1/products/"))
        assert Decimal(mine["ca-phe-son-la"]) == 52000
        assert not any("catalog_product" in q["sql"] for q in on_replica.captured_queries)
        # Anyone else reads the paused replica, still within the allowed lag: the old price.
        assert Decimal(listed(APIClient().get("/api/v1/products/"))["ca-phe-son-la"]) == 45000
        # Past DATABASE_REPLICA_MAX_LAG_SECONDS the replica is skipped: the primary answers.
        settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 0.5
        time.sleep(1.2)
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            theirs = listed(APIClient().get("/api/v1/products/"))
        assert Decimal(theirs["ca-phe-son-la"]) == 52000
        assert not any("catalog_product" in q["sql"] for q in on_replica.captured_queries)
    finally:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    # Caught up, the replica serves again under the fixture's bound. Not under the 0.5 s one:
    # while any WAL is in flight (the other test worker writes, in transactions it never
    # commits) the lag reads as the age of the last replayed commit, the PATCH's, over 1 s old.
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 60
    wait_replayed()
    with replica_reads():
        assert reader() == REPLICA


def test_reads_fall_back_to_the_primary_when_the_replica_is_stopped(replica):
    if not os.environ.get("GIAOTHUONG_CI_REPLICA_PGDATA"):
        pytest.fail("GIAOTHUONG_CI_REPLICA_PGDATA must name the replica's data directory")
    ProductFactory(slug="gao-seng-cu")
    wait_replayed()
    pg_ctl("stop")
    try:
        with replica_reads():
            assert reader() == "default"
        assert "gao-seng-cu" in listed(APIClient().get("/api/v1/products/"))
        with replica_reads():  # written while the replica is down, read all the same
            ProductFactory(slug="che-tan-cuong")
            assert reader() == "default"
        assert {"gao-seng-cu", "che-tan-cuong"} <= set(listed(APIClient().get("/api/v1/products/")))
    finally:
        pg_ctl("start")
    wait_replayed(timeout=60)
    with replica_reads():
        assert reader() == REPLICA
    assert "che-tan-cuong" in listed(APIClient().get("/api/v1/products/"))
