"""`make deploy-check`: Django's deployment checks and Loket's production self-checks with
the values of an environment file (default deploy/loket.env.example, or LOKET_ENV_FILE),
failing on any warning. Nothing is written and no database is opened. For the example file
three placeholders are replaced: the secret key and the encryption key (fresh random ones)
and, since the example names no WhatsApp/SMS gateway, LOKET_TEXT_SENDER (a gateway path the
check never imports); a real deployment's file must carry all three."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import environ

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    env = dict(os.environ)
    values: dict[str, str] = {}
    example = ROOT / "deploy" / "loket.env.example"
    path = Path(os.environ.get("LOKET_ENV_FILE", example))
    environ.Env.read_env(path, overwrite=True)
    for line in path.read_text().splitlines():
        name = line.split("=", 1)[0].strip()
        if name and not name.startswith("#") and "=" in line and name in os.environ:
            values[name] = os.environ[name]
    if path == example:
        values["LOKET_SECRET_KEY"] = secrets.token_urlsafe(50)
        values["LOKET_ENCRYPTION_KEYS"] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        values.setdefault("LOKET_TEXT_SENDER", "gateway.senders.TextSender")
        # Paths of this checkout, so the check runs anywhere (the example names /srv/loket).
        values["LOKET_STATIC_ROOT"] = str(ROOT / "staticfiles")
        values["LOKET_MEDIA_ROOT"] = str(ROOT / "media")
    env.update(values)
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
