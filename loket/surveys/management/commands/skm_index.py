"""`python manage.py skm_index FILE.csv [--json]`: the IKM of a spreadsheet of answers.

Header row with the element codes U1..U9 (other columns ignored), one row per respondent,
values 1-4 (a blank cell is a blank answer, averaged out of that element only). Prints n,
NRR per element, IKM, the converted score and the grade; `--json` prints full precision.
Bad input exits non-zero with one line naming the row and the column.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.surveys import ikm
from loket.surveys.csvio import SheetError, read_table


def parse_answers(data: bytes) -> list[dict[str, int | None]]:
    header, body = read_table(data)
    missing = [code for code in ikm.CODES if code not in header]
    if missing:
        raise SheetError(f"row 1, column {missing[0]}: the column is missing")
    if not body:
        raise SheetError("row 2: the file has no respondent rows")
    respondents = []
    for number, row in body:
        answers: dict[str, int | None] = {}
        for code in ikm.CODES:
            text = row.get(code, "")
            if text == "":
                answers[code] = None
                continue
            if text not in {"1", "2", "3", "4"}:
                raise SheetError(f"row {number}, column {code}: {text!r} is not 1, 2, 3 or 4")
            answers[code] = int(text)
        if all(v is None for v in answers.values()):
            raise SheetError(f"row {number}, column U1: the row has no answer")
        respondents.append(answers)
    return respondents


class Command(BaseCommand):
    help = "Compute the IKM (PermenPANRB 14/2017) of a CSV or XLSX file of answers."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="print JSON, full precision")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            index = ikm.compute(parse_answers(data))
        except SheetError as exc:
            raise CommandError(str(exc)) from exc
        if index.ikm is None:
            code = next(c for c in ikm.CODES if index.nrr[c] is None)
            raise CommandError(f"row 2, column {code}: the element has no answer in any row")
        if options["json"]:
            payload = {
                "n": index.n,
                "nrr": {code: float(index.nrr[code]) for code in ikm.CODES},
                "ikm": float(index.ikm),
                "converted": float(index.converted),
                "grade": index.grade.letter,
            }
            self.stdout.write(json.dumps(payload))
            return
        self.stdout.write(f"n          {index.n}")
        for code in ikm.QUESTION_ORDER:
            self.stdout.write(f"NRR {code:<6} {ikm.round_half_up(index.nrr[code], 3)}")
        self.stdout.write(f"IKM        {ikm.round_half_up(index.ikm, 4)}")
        self.stdout.write(f"converted  {index.converted_display}")
        self.stdout.write(f"grade      {index.grade.letter} ({index.grade.label_id})")
