#!/usr/bin/env python
"""Back up or restore Loket: the database and the uploaded files, in one tar archive.

    python scripts/backup.py --to /srv/loket/backups          # writes loket-YYYYmmddTHHMMSSZ.tar
    python scripts/backup.py --restore /srv/loket/backups/loket-....tar

SQLite: a consistent copy taken with SQLite's online backup API while the site keeps serving
(no lock longer than one page step). PostgreSQL: `pg_dump --format=custom` (consistent snapshot)
and `pg_restore --clean --if-exists` on restore, so both need the PostgreSQL client tools.
Media: every file under MEDIA_ROOT (local storage; with an S3-compatible store use the store's
own versioning or replication instead, see deploy/README.md).

Restoring replaces the database and the media folder; stop the web and worker services first.
Exit status: 0 on success, 1 with one line on stderr otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    import django

    django.setup()


def _database():
    from django.conf import settings

    return settings.DATABASES["default"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise OSError(
            f"{name} not found: install the PostgreSQL client (apt install postgresql-client)"
        )
    return path


def _pg_env(db) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db) -> list[str]:
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _dump_database(target: Path) -> str:
    db = _database()
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(target / "database.sqlite3"))
        with copy:
            source.backup(copy, pages=256)
        copy.close()
        source.close()
        return "sqlite"
    if engine.endswith("postgresql"):
        # The arguments come from the settings, never from a request.
        subprocess.run(  # noqa: S603
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(target / "database.pgdump"),
                *_pg_args(db),
            ],
            check=True,
            env=_pg_env(db),
        )
        return "postgresql"
    raise SystemExit(f"backup: unsupported database engine {engine}")


def backup(to: Path, now: dt.datetime | None = None) -> Path:
    """Write one archive into `to` and return its path."""
    from django.conf import settings

    now = now or dt.datetime.now(dt.UTC)
    to.mkdir(parents=True, exist_ok=True)
    archive = to / f"loket-{now:%Y%m%dT%H%M%SZ}.tar"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        kind = _dump_database(work)
        (work / "KIND").write_text(kind)
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(work / "KIND", arcname="KIND")
            for name in ("database.sqlite3", "database.pgdump"):
                if (work / name).exists():
                    tar.add(work / name, arcname=name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
        partial.rename(archive)  # never leave a half-written archive under the final name
    return archive


def restore(archive: Path) -> None:
    """Replace the database and the media folder with the archive's."""
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    db = _database()
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")
        work = Path(tmp)
        kind = (work / "KIND").read_text().strip()
        if kind == "sqlite":
            source = sqlite3.connect(str(work / "database.sqlite3"))
            target = sqlite3.connect(str(db["NAME"]))
            with target:
                source.backup(target)
            target.close()
            source.close()
        elif kind == "postgresql":
            subprocess.run(  # noqa: S603
                [
                    _tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *_pg_args(db),
                    str(work / "database.pgdump"),
                ],
                check=True,
                env=_pg_env(db),
            )
        else:
            raise SystemExit(f"restore: unknown archive kind {kind!r}")
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        if (work / "media").exists():
            shutil.copytree(work / "media", media)
        else:
            media.mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--to", type=Path, help="folder to write the archive into")
    group.add_argument("--restore", type=Path, help="archive to restore")
    args = parser.parse_args(argv)
    _setup_django()
    try:
        if args.to:
            print(backup(args.to))
        else:
            restore(args.restore)
            print(f"restored {args.restore}")
    except (OSError, sqlite3.Error, subprocess.CalledProcessError, tarfile.TarError) as exc:
        print(f"backup: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
