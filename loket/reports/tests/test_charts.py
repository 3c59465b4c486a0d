"""Charts as plain SVG: the right bars, a target line, escaped text, the data table."""

from datetime import date
from fractions import Fraction

import pytest
import time_machine
from django.utils import translation

from loket.reports import charts, periods, selectors
from loket.standards.selectors import complaint_classes

from .conftest import NOVEMBER, NOW

pytestmark = pytest.mark.django_db

NOVEMBER_2026 = periods.Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def report(office_a, november):
    return selectors.office_report(
        office_a, NOVEMBER_2026, classes=complaint_classes(office_a), now=NOW
    )


def test_the_weekly_chart_stacks_each_channel(report):
    with translation.override("id"):
        svg = charts.weekly_volume(report)
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    # Week of Monday 2 November: A, C and D by the web form, B by phone, E by e-mail.
    assert "<title>2 Nov: Formulir web 3</title>" in svg
    assert "<title>2 Nov: Telepon 1</title>" in svg
    assert "<title>2 Nov: E-mail 1</title>" in svg
    assert "16 Nov:" not in svg  # a week without complaints has no bar
    assert svg.count("<text") >= 6 + 4  # six weeks, four channels in the legend
    assert "<script" not in svg


def test_the_on_time_chart_draws_the_share_and_the_target(report):
    with translation.override("id"):
        svg = charts.monthly_on_time(report)
    assert "<title>Nov 2026: 75.0%</title>" in svg
    assert "Target 90%" in svg
    assert 'stroke-dasharray="6 4"' in svg


def test_chart_text_is_escaped():
    svg = charts.share_bars("x", "<b>", "&", ["<script>"], [Fraction(1, 2)], Fraction(9, 10))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&lt;b&gt;" in svg
    assert "&amp;" in svg


@time_machine.travel(NOW, tick=False)
def test_the_report_page_shows_each_chart_with_its_numbers(client, hana, november):
    client.force_login(hana)
    page = client.get(f"/staf/kantor-a/laporan/{NOVEMBER}").content.decode()
    assert page.count('class="report-chart"') == 2
    assert "<caption>Pengaduan per minggu</caption>" in page
    assert "<caption>Tepat waktu per bulan</caption>" in page
    assert '<th scope="row">November 2026</th><td>4</td><td>3</td><td>75,0%</td>' in page


@time_machine.travel(NOW, tick=False)
def test_the_public_page_shows_the_on_time_chart(client, november):
    page = client.get("/instansi/kantor-a/statistik/").content.decode()
    assert page.count('class="report-chart"') == 1
    assert "Nov 2026: " not in page  # four complaints with a deadline: withheld
