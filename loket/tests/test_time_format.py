"""Issue 11 §5: a time reads the same wherever Loket shows or mails it: "10.20 WIB" in
Indonesian (PUEBI writes the hour and minutes with a full stop), and "10:20 WIB" in English,
whose readers expect a colon (`loket.moments`). Every template shows a time through the
`waktu` filter, never a fixed format; a time sent back in a form's value stays HH:MM, which
the server reads."""

import re
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

from loket.complaints import channels
from loket.moments import for_language, moment_in
from loket.visits import dates

# `date:"... H.i ..."`, `date:"... H:i ..."` or `time:'H.i'` in a template: a fixed way of
# writing the time, whatever the reader's language; with what precedes it on the line.
FIXED_TIME = re.compile(r"""(?P<before>.{0,40})\|(?:date|time):\s*["'][^"']*H[.:]i""")

PONTIANAK = ZoneInfo("Asia/Pontianak")


def _fixed_formats() -> list[str]:
    found = []
    for path in sorted((Path(settings.BASE_DIR) / "loket").rglob("templates/**/*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in FIXED_TIME.finditer(line):
                if "value=" not in match.group("before"):  # a form's value, read as HH:MM
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    return found


def test_every_template_shows_times_through_waktu():
    assert _fixed_formats() == []


def test_the_check_finds_a_fixed_time_format(tmp_path, settings):
    templates = tmp_path / "loket" / "x" / "templates" / "x"
    templates.mkdir(parents=True)
    (templates / "a.html").write_text(
        '<p>{{ at|date:"j F Y H:i T" }}</p>\n<input value="{{ at|time:\'H:i\' }}">\n'
        '<p>{{ at|time:"H.i" }} {{ at|waktu:"H.i" }}</p>\n'
    )
    settings.BASE_DIR = tmp_path
    assert _fixed_formats() == ["loket/x/templates/x/a.html:1", "loket/x/templates/x/a.html:3"]


def test_a_format_is_written_with_a_full_stop_in_indonesian_and_a_colon_in_english():
    assert for_language("j F Y H.i T", "id") == "j F Y H.i T"
    assert for_language("j F Y H.i T", "en") == "j F Y H:i T"
    assert for_language("d-m-Y H.i.s", "en-us") == "d-m-Y H:i:s"
    with translation.override("en"):
        assert for_language("H.i") == "H:i"


def test_waktu_writes_datetimes_and_times_in_the_readers_language():
    moment = datetime(2026, 12, 1, 10, 20, tzinfo=UTC)  # 17.20 in Pontianak
    page = Template(
        '{{ at|waktu:"j F Y H.i T" }} | {{ opens|waktu:"H.i" }} | {{ none|waktu:"H.i" }}'
    )
    context = Context({"at": moment, "opens": time(8, 0), "none": None})
    with timezone.override(PONTIANAK):
        with translation.override("id"):
            assert page.render(context) == "1 Desember 2026 17.20 WIB | 08.00 | "
        with translation.override("en"):
            assert page.render(context) == "1 December 2026 17:20 WIB | 08:00 | "


def test_a_visits_moment_follows_the_language_too():
    """The visits app writes its instants in Python (`visits.dates.moment_text`: booking
    mail, slot refusals, the kiosk): the same rule as the templates."""
    at = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 09.00 in Pontianak
    with translation.override("id"):
        assert dates.moment_text(at) == "Selasa, 1 Desember 2026 09.00 WIB"
    with translation.override("en"):
        assert dates.moment_text(at) == "Tuesday, 1 December 2026 09:00 WIB"


def test_a_channel_detail_time_follows_the_language_too():
    when = "2026-11-26T15:00:00+07:00"
    with translation.override("id"):
        assert channels.format_detail(when, PONTIANAK) == "26 November 2026 15.00 WIB"
    with translation.override("en"):
        assert channels.format_detail(when, PONTIANAK) == "26 November 2026 15:00 WIB"


def test_an_instant_is_printed_in_the_offices_zone_and_the_readers_language():
    """`moment_in`: the due date of a reply template, the disposition sheet, the report PDF's
    "Dibuat ..." line and a channel detail's time all print through it."""
    at = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    with translation.override("id"):
        assert moment_in(at, PONTIANAK) == "1 Desember 2026 08.00 WIB"
        assert moment_in(at, ZoneInfo("Asia/Jayapura")) == "1 Desember 2026 10.00 WIT"
        assert moment_in(None, PONTIANAK) == ""
    with translation.override("en"):
        assert moment_in(at, ZoneInfo("Asia/Makassar")) == "1 December 2026 09:00 WITA"
