"""The SKM index (IKM) of PermenPANRB 14/2017, computed exactly.

Pure functions, no Django: the staff pages, the exports, the public page, the API and the
`skm_index` command all call these, so they cannot disagree.

- Every element is keyed by its CODE (U1..U9), never by its position on the questionnaire.
- NRR of an element = sum of its answers / number of its answers (a blank answer is left out
  of that element only, never counted as zero and never spread over the other elements).
- IKM = sum(NRR_i x 1/9) with the exact 1/9 (not 0,111 nor 0.11); converted = IKM x 25.
- Arithmetic is done on `Fraction`s; only the converted score is rounded, to 2 decimals
  half-up, for display and for the grade (76.605 -> 76.61 -> B).
- Sample size: Krejcie-Morgan with X2 = 3.841, P = 0.5, d = 0.05, rounded to the nearest
  integer (half-up).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CODES: tuple[str, ...] = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
# The regulation's sample questionnaire asks facilities (U9) as question 8 and complaint
# handling (U8) as question 9: the display order, kept apart from the codes.
QUESTION_ORDER: tuple[str, ...] = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U9", "U8")
SCORES = (1, 2, 3, 4)
WEIGHT = Fraction(1, 9)
CONVERSION = 25

KM_CHI_SQUARE = Fraction("3.841")
KM_P = Fraction(1, 2)
KM_D = Fraction(5, 100)


@dataclass(frozen=True)
class Grade:
    """Mutu pelayanan: the letter and its label in both languages."""

    letter: str
    label_id: str
    label_en: str
    minimum: Decimal


# Highest first; a converted score (rounded to 2 decimals) gets the first grade it reaches.
GRADES: tuple[Grade, ...] = (
    Grade("A", "Sangat baik", "Very good", Decimal("88.31")),
    Grade("B", "Baik", "Good", Decimal("76.61")),
    Grade("C", "Kurang baik", "Poor", Decimal("65.00")),
    Grade("D", "Tidak baik", "Very poor", Decimal("25.00")),
)


@dataclass(frozen=True)
class Totals:
    """Per element: the sum and the number of its answers, plus the respondents counted."""

    n: int
    sums: Mapping[str, int]
    counts: Mapping[str, int]


@dataclass(frozen=True)
class Index:
    """One IKM computation. `ikm` and `converted` are None while an element has no answer."""

    n: int
    nrr: dict[str, Fraction | None]
    ikm: Fraction | None
    converted: Fraction | None
    totals: Totals | None = None

    @property
    def weighted(self) -> dict[str, Fraction | None]:
        """NRR tertimbang per element: NRR x 1/9."""
        return {code: (v * WEIGHT if v is not None else None) for code, v in self.nrr.items()}

    @property
    def converted_display(self) -> Decimal | None:
        return round_half_up(self.converted) if self.converted is not None else None

    @property
    def grade(self) -> Grade | None:
        return grade_for(self.converted) if self.converted is not None else None

    def weakest(self, count: int = 3) -> list[str]:
        """The codes of the lowest NRRs, lowest first (ties in questionnaire order)."""
        present = [code for code in QUESTION_ORDER if self.nrr[code] is not None]
        return sorted(present, key=lambda code: self.nrr[code])[:count]


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round exactly, half away from zero for these positive scores (76.605 -> 76.61)."""
    if isinstance(value, Fraction):
        # Exact: scale, round the Fraction itself, never pass through a float.
        scale = 10**places
        scaled = value * scale
        whole, remainder = divmod(scaled.numerator, scaled.denominator)
        if 2 * remainder >= scaled.denominator:
            whole += 1
        return Decimal(whole).scaleb(-places)
    quantum = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def grade_for(converted: Fraction | Decimal) -> Grade:
    """The grade of a converted score, judged on its 2-decimal half-up rounding."""
    shown = round_half_up(converted)
    for grade in GRADES:
        if shown >= grade.minimum:
            return grade
    return GRADES[-1]


def check_answer(value: int) -> int:
    if value not in SCORES:
        raise ValueError(f"answer {value!r} is not one of 1, 2, 3, 4")
    return value


def totals(responses: Iterable[Mapping[str, int | None]]) -> Totals:
    """Sum and count the answers of each element over `responses` (dicts keyed by code;
    a missing key or None is a blank answer)."""
    sums = dict.fromkeys(CODES, 0)
    counts = dict.fromkeys(CODES, 0)
    n = 0
    for response in responses:
        n += 1
        for code in CODES:
            value = response.get(code)
            if value is None:
                continue
            sums[code] += check_answer(value)
            counts[code] += 1
    return Totals(n=n, sums=sums, counts=counts)


def from_totals(data: Totals) -> Index:
    """IKM from per-element sums and counts (what one SQL aggregate gives)."""
    nrr: dict[str, Fraction | None] = {
        code: (Fraction(data.sums[code], data.counts[code]) if data.counts[code] else None)
        for code in CODES
    }
    if any(value is None for value in nrr.values()):
        return Index(n=data.n, nrr=nrr, ikm=None, converted=None, totals=data)
    ikm = sum((value * WEIGHT for value in nrr.values() if value is not None), Fraction(0))
    return Index(n=data.n, nrr=nrr, ikm=ikm, converted=ikm * CONVERSION, totals=data)


def compute(responses: Iterable[Mapping[str, int | None]]) -> Index:
    """IKM of raw answers: one mapping per respondent, keyed by element code."""
    return from_totals(totals(responses))


def sample_size(population: int) -> int:
    """Krejcie-Morgan minimum sample for a population of `population` people served:
    s = X2 N P(1-P) / (d2 (N-1) + X2 P(1-P)), rounded to the nearest integer (half-up)."""
    if population < 0:
        raise ValueError("population must not be negative")
    if population == 0:
        return 0
    spread = KM_P * (1 - KM_P)
    value = (KM_CHI_SQUARE * population * spread) / (
        KM_D**2 * (population - 1) + KM_CHI_SQUARE * spread
    )
    return int(round_half_up(value, 0))


def as_number(value: Fraction | None, places: int | None = None) -> float | str | None:
    """A Fraction for JSON: full precision as a float, or a fixed-decimal string."""
    if value is None:
        return None
    if places is None:
        return float(value)
    return str(round_half_up(value, places))
