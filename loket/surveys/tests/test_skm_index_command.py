"""`manage.py skm_index FILE.csv [--json]`: the numbers, and one-line errors naming the row
and the column for bad input."""

import io
import json
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from loket.surveys import ikm

from .test_ikm import CHECK_SUMS


def worked_example_rows():
    """29 respondents whose element sums are the rules' check values."""
    rows = []
    for code_sum in CHECK_SUMS:
        base, extra = divmod(code_sum, 29)
        rows.append([base + 1] * extra + [base] * (29 - extra))
    return [[rows[e][r] for e in range(9)] for r in range(29)]


def write_csv(tmp_path, header, rows, name="jawaban.csv"):
    path = tmp_path / name
    lines = [",".join(header), *(",".join(str(v) for v in row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args):
    out = StringIO()
    call_command("skm_index", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_worked_example_as_json_with_full_precision(tmp_path):
    # Columns in questionnaire order plus an ignored column: matched by code, not position.
    header = ["responden", *ikm.QUESTION_ORDER]
    by_code = worked_example_rows()
    rows = [
        [i, *(row[ikm.CODES.index(code)] for code in ikm.QUESTION_ORDER)]
        for i, row in enumerate(by_code, 1)
    ]
    data = json.loads(run(str(write_csv(tmp_path, header, rows)), "--json"))
    assert data["n"] == 29
    assert data["nrr"]["U4"] == pytest.approx(116 / 29)
    assert data["converted"] == float(Fraction(sum(CHECK_SUMS) * 25, 29 * 9))
    assert data["grade"] == "A"
    assert set(data) == {"n", "nrr", "ikm", "converted", "grade"}


def test_it_prints_a_readable_summary(tmp_path):
    path = write_csv(tmp_path, ikm.CODES, worked_example_rows())
    out = run(str(path))
    assert "91.48" in out
    assert "A (Sangat baik)" in out


def test_a_blank_cell_is_a_blank_answer(tmp_path):
    path = write_csv(tmp_path, ikm.CODES, [[4] * 9, [2, "", 2, 2, 2, 2, 2, 2, 2]])
    data = json.loads(run(str(path), "--json"))
    assert data["nrr"]["U2"] == 4.0
    assert data["nrr"]["U1"] == 3.0


@pytest.mark.parametrize(
    ("header", "rows", "message"),
    [
        (["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8"], [[4] * 8], "row 1, column U9"),
        (ikm.CODES, [[4] * 9, [4, 4, 4, 5, 4, 4, 4, 4, 4]], "row 3, column U4"),
        (ikm.CODES, [[4] * 9, [4, 4, 4, 4, 4, 4, "x", 4, 4]], "row 3, column U7"),
        (ikm.CODES, [], "row 2"),
    ],
)
def test_bad_input_fails_with_one_line_naming_the_row_and_column(tmp_path, header, rows, message):
    path = write_csv(tmp_path, header, rows)
    with pytest.raises(CommandError) as failure:
        run(str(path))
    assert message in str(failure.value)
    assert "\n" not in str(failure.value)


def test_an_empty_file_fails(tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_text("")
    with pytest.raises(CommandError, match="row 1"):
        run(str(path))


def test_the_command_exits_non_zero_from_the_shell(tmp_path):
    import subprocess
    import sys

    path = write_csv(tmp_path, ikm.CODES, [[4, 4, 4, 9, 4, 4, 4, 4, 4]])
    done = subprocess.run(
        [sys.executable, "manage.py", "skm_index", str(path)], capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "row 2, column U4" in done.stderr


@pytest.mark.django_db
def test_a_periods_own_answers_give_the_same_ikm_as_the_app(
    tmp_path, client, office_a, service, head, quarter
):
    """The respondents of the period's XLSX processing table, saved as CSV (what an office
    does to check the app), give the IKM the period page and the public JSON show."""
    from openpyxl import load_workbook

    from loket.surveys import services

    from .test_periods_and_results import fill

    fill(office_a, service, 45, seed=11)  # some sheets leave U5 blank
    client.force_login(head)
    base = f"/staf/{office_a.slug}/survei/periode/{quarter.pk}/"
    book = load_workbook(io.BytesIO(client.get(f"{base}skm.xlsx").content), read_only=True)
    table = list(book["Pengolahan data"].iter_rows(values_only=True))
    header = ["No.", "Tanggal", "Sumber", *ikm.QUESTION_ORDER]
    assert list(table[0][: len(header)]) == header
    respondents = [
        ["" if v is None else v for v in row[: len(header)]]
        for row in table
        if isinstance(row[0], int)
    ]
    assert len(respondents) == 45
    assert any(row[3 + ikm.QUESTION_ORDER.index("U5")] == "" for row in respondents)
    printed = json.loads(run(str(write_csv(tmp_path, header, respondents)), "--json"))

    services.close_period(quarter, actor=head)
    services.save_plan(
        quarter, [services.PlanRow("U8", "Kanal WhatsApp", "Juli", "Humas")], actor=head
    )
    services.publish_period(quarter, actor=head)
    shown = json.loads(client.get(f"/instansi/{office_a.slug}/survei.json").content)["periods"][0]
    assert printed["n"] == shown["respondents"] == 45
    assert printed["ikm"] == shown["ikm"]
    assert printed["converted"] == shown["converted"]
    assert printed["nrr"] == shown["nrr"]
    assert printed["grade"] == shown["grade"]
    page = client.get(base).content.decode()
    shown_on_page = shown["converted_display"].replace(".", ",")  # the page's decimal comma
    assert f'<p class="big-number">{shown_on_page} (' in page
