"""Fill translations into a gettext catalogue from a JSON object {msgid: msgstr}.

Usage: python scripts/po_fill.py loket/<app>/locale/en/LC_MESSAGES/django.po < pairs.json
Also clears the header's fuzzy flag (Babel will not compile a fuzzy catalogue) and lists
entries still untranslated.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po


def main(path: str) -> int:
    raw = "" if sys.stdin.isatty() else sys.stdin.read()
    pairs = json.loads(raw) if raw.strip() else {}
    with open(path, "rb") as fh:
        catalog = read_po(fh, abort_invalid=True)
    catalog.fuzzy = False
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in pairs:
            value = pairs[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with open(path, "wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    missing = [
        m.id for m in catalog if m.id and not all(m.string if m.pluralizable else [m.string])
    ]
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if missing and "en/" in path else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
