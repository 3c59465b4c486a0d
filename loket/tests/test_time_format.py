"""Issue 11 §5: a time reads "10.20 WIB" wherever Loket shows or mails it (PUEBI writes the
hour and minutes with a full stop), never "10:20 WIB". The one exception is a time sent back
in a form's value, which the server reads as HH:MM."""

import re
from pathlib import Path

from django.conf import settings

# `date:"... H:i ..."` or `time:'H:i'` in a template, with what precedes it on the line.
COLON_TIME = re.compile(r"""(?P<before>.{0,40})\|(?:date|time):\s*["'][^"']*H:i""")


def _shown_with_a_colon() -> list[str]:
    found = []
    for path in sorted((Path(settings.BASE_DIR) / "loket").rglob("templates/**/*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in COLON_TIME.finditer(line):
                if "value=" not in match.group("before"):  # a form's value, read as HH:MM
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    return found


def test_no_template_shows_a_time_with_a_colon():
    assert _shown_with_a_colon() == []


def test_the_check_finds_a_time_shown_with_a_colon(tmp_path, settings):
    templates = tmp_path / "loket" / "x" / "templates" / "x"
    templates.mkdir(parents=True)
    (templates / "a.html").write_text(
        '<p>{{ at|date:"j F Y H:i T" }}</p>\n<input value="{{ at|time:\'H:i\' }}">\n'
    )
    settings.BASE_DIR = tmp_path
    assert _shown_with_a_colon() == ["loket/x/templates/x/a.html:1"]
