"""Check that the gettext catalogues are in step with the code (`make test` runs it).

For every catalogue `loket/<app>/locale/<lang>/LC_MESSAGES/django.po` (and the site-wide
`loket/locale`), the strings marked for translation in the sources it covers are extracted the
way `manage.py makemessages` (run by `make messages`) extracts them: Python files with Django's
gettext keywords, templates (.html, .txt) through Django's own `templatize`. The check fails
when a marked string is missing from a catalogue (a new `_()` that was never extracted), when a
catalogue keeps a string the code no longer has, or when an English entry has no translation.

Needs only Babel and Django (no GNU gettext). Exit status 1 on any difference; the fix is
`make messages`, then the English msgstr of each new entry.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "loket"
sys.path.insert(0, str(ROOT))

# Django's makemessages keywords for xgettext (django/core/management/commands/makemessages.py)
# beside xgettext's own Python defaults, in Babel's notation.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
TEMPLATE_SUFFIXES = {".html", ".txt"}
SKIPPED_DIRS = {"locale", "static", "__pycache__", "migrations"}


def _sources(base: Path, skip: set[Path]) -> list[Path]:
    files = []
    for path in sorted(base.rglob("*")):
        relative = path.relative_to(base)
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in relative.parts):
            continue
        if any(path.is_relative_to(other) for other in skip):
            continue
        if path.is_file() and (path.suffix == ".py" or path.suffix in TEMPLATE_SUFFIXES):
            files.append(path)
    return files


def _extract(path: Path) -> set[tuple[str | None, str]]:
    from babel.messages.extract import extract
    from django.utils.translation.template import templatize

    text = path.read_text(encoding="utf-8")
    if path.suffix in TEMPLATE_SUFFIXES:
        # Made for xgettext, which ignores indentation: every string in it is on one line
        # (a repr), so the lines can be dedented for Python's tokenizer.
        text = "\n".join(line.lstrip() for line in templatize(text, origin=str(path)).split("\n"))
    found = set()
    for _lineno, message, _comments, context in extract(
        "python", io.BytesIO(text.encode("utf-8")), keywords=KEYWORDS, options={"encoding": "utf-8"}
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.add((context, msgid))
    return found


def _catalogue(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh)


def _scopes() -> list[tuple[Path, Path, set[Path]]]:
    """(locale dir, source base, excluded dirs): each app's own, then the site-wide rest."""
    apps = sorted(path.parent for path in PACKAGE.glob("*/apps.py"))
    scopes = [(app / "locale", app, set()) for app in apps if (app / "locale").is_dir()]
    scopes.append((PACKAGE / "locale", PACKAGE, set(apps)))
    return scopes


def check() -> list[str]:
    import django

    django.setup()
    problems = []
    for locale, base, skip in _scopes():
        marked: set[tuple[str | None, str]] = set()
        for source in _sources(base, skip):
            marked |= _extract(source)
        for po in sorted(locale.glob("*/LC_MESSAGES/django.po")):
            name = po.relative_to(ROOT)
            catalog = _catalogue(po)
            listed = {(message.context, _msgid(message)) for message in catalog if message.id}
            for context, msgid in sorted(marked - listed, key=str):
                problems.append(f"{name}: not extracted: {msgid!r}" + _ctx(context))
            for context, msgid in sorted(listed - marked, key=str):
                problems.append(f"{name}: no longer in the code: {msgid!r}" + _ctx(context))
            if po.parts[-3] == "en":
                for message in catalog:
                    strings = message.string if message.pluralizable else [message.string]
                    if message.id and (message.fuzzy or not all(strings)):
                        problems.append(f"{name}: no English translation: {_msgid(message)!r}")
    return problems


def _msgid(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _ctx(context: str | None) -> str:
    return f" (context {context!r})" if context else ""


def main() -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} catalogue problem(s): run `make messages`, then translate.")
        return 1
    print("Catalogues in step with the code.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
