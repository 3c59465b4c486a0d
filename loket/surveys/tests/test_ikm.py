"""The IKM arithmetic of PermenPANRB 14/2017 with the check values of the rules, property
tests and the Krejcie-Morgan table."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loket.surveys import ikm

# 29 respondents with these element sums (U1..U9): converted 91.4751... -> 91.48, A.
CHECK_SUMS = [105, 101, 100, 116, 102, 105, 106, 105, 115]


def check_totals():
    return ikm.Totals(
        n=29,
        sums=dict(zip(ikm.CODES, CHECK_SUMS, strict=True)),
        counts=dict.fromkeys(ikm.CODES, 29),
    )


def test_the_worked_example_gives_91_48_and_grade_a_with_the_exact_one_ninth():
    index = ikm.from_totals(check_totals())
    assert index.converted == Fraction(sum(CHECK_SUMS) * 25, 29 * 9)
    assert str(float(index.converted)).startswith("91.4750957")
    assert index.converted_display == Decimal("91.48")
    assert index.grade.letter == "A"
    assert index.grade.label_id == "Sangat baik"


def test_the_published_0_11_weights_would_have_printed_a_wrong_90_56():
    wrong = sum(Fraction(s, 29) * Fraction("0.11") for s in CHECK_SUMS) * 25
    assert ikm.round_half_up(wrong) == Decimal("90.56")
    assert ikm.from_totals(check_totals()).converted_display != Decimal("90.56")


def test_one_respondent_answering_four_everywhere_scores_exactly_100_a():
    index = ikm.compute([dict.fromkeys(ikm.CODES, 4)])
    assert index.ikm == 4
    assert index.converted == 100
    assert index.converted_display == Decimal("100.00")
    assert index.grade.letter == "A"


@pytest.mark.parametrize(
    ("converted", "shown", "grade"),
    [
        (Fraction("76.605"), Decimal("76.61"), "B"),
        (Fraction("76.6049"), Decimal("76.60"), "C"),
        (Fraction("88.305"), Decimal("88.31"), "A"),
        (Fraction("88.3049"), Decimal("88.30"), "B"),
        (Fraction("65.00"), Decimal("65.00"), "C"),
        (Fraction("64.995"), Decimal("65.00"), "C"),
        (Fraction("64.9949"), Decimal("64.99"), "D"),
        (Fraction(25), Decimal("25.00"), "D"),
    ],
)
def test_grades_are_judged_on_the_score_rounded_half_up_to_two_decimals(converted, shown, grade):
    assert ikm.round_half_up(converted) == shown
    assert ikm.grade_for(converted).letter == grade


def test_the_order_trap_codes_are_kept_apart_from_question_numbers():
    assert ikm.QUESTION_ORDER.index("U9") == 7  # facilities is question 8
    assert ikm.QUESTION_ORDER.index("U8") == 8  # complaint handling is question 9
    index = ikm.compute([{**dict.fromkeys(ikm.CODES, 4), "U8": 1}])
    assert index.nrr["U8"] == 1
    assert index.nrr["U9"] == 4
    assert index.weakest(1) == ["U8"]


def test_a_blank_answer_is_left_out_of_its_own_element_only():
    index = ikm.compute([{**dict.fromkeys(ikm.CODES, 4), "U3": None}, dict.fromkeys(ikm.CODES, 2)])
    assert index.nrr["U3"] == 2  # one answer, not (0 + 2) / 2
    assert index.nrr["U1"] == 3
    assert index.n == 2


def test_an_element_nobody_answered_leaves_the_index_undefined():
    index = ikm.compute([{**dict.fromkeys(ikm.CODES, 3), "U4": None}])
    assert index.nrr["U4"] is None
    assert index.ikm is None
    assert index.grade is None


def test_an_answer_outside_one_to_four_is_refused():
    with pytest.raises(ValueError, match="answer 5 is not one of 1, 2, 3, 4"):
        ikm.compute([{**dict.fromkeys(ikm.CODES, 3), "U2": 5}])


@pytest.mark.parametrize(
    ("population", "sample"), [(15, 14), (100, 80), (500, 217), (1000, 278), (9000, 368)]
)
def test_krejcie_morgan_sample_sizes_match_the_table(population, sample):
    assert ikm.sample_size(population) == sample


def test_no_population_needs_no_sample_and_a_huge_one_stays_under_385():
    assert ikm.sample_size(0) == 0
    assert ikm.sample_size(1) == 1
    assert ikm.sample_size(10_000_000) == 384


# The machine is shared: generation may be slow, never the property.
RELAXED = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)

answer = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
sheet = st.fixed_dictionaries(dict.fromkeys(ikm.CODES, answer))
full_sheet = st.fixed_dictionaries({code: st.integers(1, 4) for code in ikm.CODES})


@RELAXED
@given(st.lists(full_sheet, min_size=1, max_size=40))
def test_ikm_stays_between_1_and_4_and_converted_between_25_and_100(sheets):
    index = ikm.compute(sheets)
    assert 1 <= index.ikm <= 4
    assert 25 <= index.converted <= 100
    assert Decimal(25) <= index.converted_display <= Decimal(100)


@RELAXED
@given(st.lists(sheet, min_size=1, max_size=30), st.randoms())
def test_the_index_does_not_depend_on_the_order_of_respondents(sheets, random):
    shuffled = list(sheets)
    random.shuffle(shuffled)
    assert ikm.compute(shuffled) == ikm.compute(sheets)


@RELAXED
@given(st.integers(1, 4), st.integers(1, 50))
def test_when_every_answer_is_the_same_the_index_is_that_value(value, respondents):
    index = ikm.compute([dict.fromkeys(ikm.CODES, value)] * respondents)
    assert index.ikm == value
    assert index.converted == value * 25


@RELAXED
@given(st.lists(sheet, min_size=1, max_size=30))
def test_each_element_is_averaged_over_its_own_answers(sheets):
    index = ikm.compute(sheets)
    for code in ikm.CODES:
        given_answers = [s[code] for s in sheets if s[code] is not None]
        expected = Fraction(sum(given_answers), len(given_answers)) if given_answers else None
        assert index.nrr[code] == expected
    if all(index.nrr[c] is not None for c in ikm.CODES):
        assert index.ikm == sum(index.nrr.values()) / 9


@RELAXED
@given(st.integers(min_value=1, max_value=10**6))
def test_the_sample_never_exceeds_the_population(population):
    assert 1 <= ikm.sample_size(population) <= population
