"""Reports may read from a replica (DATABASE_REPLICA_URL); nothing else does."""

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.conf import settings

from loket import replica

PROBE = """
import json, django
django.setup()
from django.conf import settings
from loket.offices.models import Office
from loket.replica import reading_from_replica
outside = Office.objects.all().db
with reading_from_replica():
    inside = Office.objects.all().db
after = Office.objects.all().db
print(json.dumps({"outside": outside, "inside": inside, "after": after,
                  "replica": settings.DATABASES.get("replica", {}).get("NAME"),
                  "mirror": settings.DATABASES.get("replica", {}).get("TEST", {}).get("MIRROR")}))
"""


def probe(tmp_path, **env) -> dict:
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loket.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'primary.sqlite3'}",
        **env,
    }
    if "DATABASE_REPLICA_URL" not in env:
        environ.pop("DATABASE_REPLICA_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=environ,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_reads_go_to_the_replica_only_inside_the_block(tmp_path):
    found = probe(tmp_path, DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'replica.sqlite3'}")
    assert found == {
        "outside": "default",
        "inside": "replica",
        "after": "default",
        "replica": str(tmp_path / "replica.sqlite3"),
        "mirror": "default",  # the test database of the replica is the primary's
    }


def test_without_a_replica_the_block_reads_the_primary(tmp_path):
    found = probe(tmp_path)
    assert (found["outside"], found["inside"], found["replica"]) == ("default", "default", None)


@pytest.mark.parametrize("configured", [True, False])
def test_writes_and_migrations_stay_on_the_primary(monkeypatch, configured):
    databases = {"default": {}, **({"replica": {}} if configured else {})}
    monkeypatch.setattr(replica, "settings", SimpleNamespace(DATABASES=databases))
    router = replica.ReplicaRouter()
    with replica.reading_from_replica():
        assert router.db_for_read(None) == ("replica" if configured else None)
        assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) is None
    assert router.allow_migrate("default", "complaints") is True
    assert router.allow_migrate("replica", "complaints") is False
