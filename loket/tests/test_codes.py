"""Read-aloud codes (loket/codes.py): unguessable, free of characters that read as another,
and found however a person types them, for the complaints' tracking codes and the visits'
booking codes alike."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket import codes
from loket.complaints import models as complaints
from loket.visits import codes as visits

AMBIGUOUS = set("0O1ILU")
raw_codes = st.text(alphabet=codes.CODE_ALPHABET, min_size=12, max_size=12)
legacy_raw_codes = st.text(alphabet=codes.LEGACY_ALPHABET, min_size=12, max_size=12)
separators = st.text(alphabet=" -\t–—_./", max_size=3)


def test_a_code_carries_more_than_40_bits():
    assert codes.ENTROPY_BITS >= 40
    assert codes.ENTROPY_BITS > 58.8  # 12 * log2(30)
    assert len(codes.CODE_ALPHABET) ** codes.CODE_LENGTH > 2**58


def test_new_codes_never_contain_a_character_that_reads_as_another():
    drawn = "".join(codes.new_code() for _ in range(2000)).replace("-", "")
    assert not AMBIGUOUS & set(drawn)
    assert set(drawn) == set(codes.CODE_ALPHABET)  # every other character is used


def test_the_alphabet_has_no_confusable_character_and_no_repeat():
    assert not AMBIGUOUS & set(codes.CODE_ALPHABET)
    assert len(set(codes.CODE_ALPHABET)) == len(codes.CODE_ALPHABET) == 30
    assert set(codes.CODE_ALPHABET) <= set(string.digits + string.ascii_uppercase)


def test_a_new_code_is_four_groups_of_four_and_never_repeats():
    code = codes.new_code()
    assert len(code) == 14
    assert [len(group) for group in code.split("-")] == [4, 4, 4]
    assert len({codes.new_code() for _ in range(500)}) == 500


def test_both_apps_issue_the_sites_codes():
    for issue in (complaints.new_tracking_code, visits.new_booking_code):
        code = issue()
        assert codes.normalize_code(code) == code


def test_no_look_alike_letter_is_a_character_of_a_code():
    # So mapping one can never turn one valid code into another.
    assert not set(codes.CONFUSABLE) & set(codes.LEGACY_ALPHABET)
    assert set(codes.CONFUSABLE.values()) <= set(codes.LEGACY_ALPHABET)


@pytest.mark.parametrize(
    "typed",
    ["K7QM-2XPR-4TBD", "k7qm-2xpr-4tbd", "K7QM2XPR4TBD", " k7qm 2xpr 4tbd ", "K7QM–2XPR—4TBD"],
)
def test_a_code_is_read_whatever_the_case_spaces_and_dashes(typed):
    assert codes.normalize_code(typed) == "K7QM-2XPR-4TBD"
    assert codes.normalize_code(typed, legacy=True) == "K7QM-2XPR-4TBD"


@pytest.mark.parametrize(
    "typed",
    ["", None, "K7QM-2XPR", "K7QM-2XPR-4TBD-9", "K7QM-2XPR-4TB#", "K7QM-2XPR-4TB٣"],
)
def test_what_cannot_be_a_code_is_refused(typed):
    assert codes.normalize_code(typed) is None
    assert codes.normalize_code(typed, legacy=True) is None


def test_a_legacy_code_is_found_with_the_letters_people_type_for_its_digits():
    assert codes.normalize_code("bfv8 fbof mlva", legacy=True) == "BFV8-FB0F-M1VA"
    assert codes.normalize_code("BFV8FBOFMIVA", legacy=True) == "BFV8-FB0F-M1VA"
    assert codes.normalize_code("BFV8-FB0F-M1VA") is None  # 0 and 1 were never tracking codes


def test_o_i_and_l_cannot_be_read_as_a_tracking_code_but_u_is_read_as_v():
    assert codes.normalize_code("ABCD-EFGH-IJKL") is None
    assert codes.normalize_code("OOOO-2222-3333") is None
    assert codes.normalize_code("UUUU-2222-3333") == "VVVV-2222-3333"


def test_the_apps_keep_their_answer_for_what_is_not_a_code():
    assert codes.normalize_code("K7QM-2XPR") is None  # the complaints use loket.codes as is
    assert visits.normalize_code("K7QM-2XPR") == ""
    assert visits.normalize_code("bfv8 fbof mlva") == "BFV8-FB0F-M1VA"


@given(raw_codes)
def test_a_formatted_code_reads_back_as_itself(raw):
    code = codes.format_code(raw)
    assert code.replace("-", "") == raw
    assert codes.normalize_code(code) == code
    assert codes.normalize_code(code, legacy=True) == code


@given(raw_codes, st.lists(separators, min_size=13, max_size=13), st.booleans())
def test_a_code_survives_any_case_and_separators(raw, seps, lower):
    typed = "".join(sep + ch for sep, ch in zip(seps, raw, strict=False)) + seps[-1]
    typed = typed.lower() if lower else typed
    assert codes.normalize_code(typed) == codes.format_code(raw)


@given(legacy_raw_codes)
def test_every_legacy_code_reads_back_as_itself_and_only_legacy_lookups_accept_it(raw):
    code = codes.format_code(raw)
    assert codes.normalize_code(code, legacy=True) == code
    strict = codes.normalize_code(code)
    assert strict == (code if not set(raw) & set("01") else None)


@given(st.text(max_size=30), st.booleans())
def test_normalising_is_idempotent_and_yields_only_codes(text, legacy):
    alphabet = codes.LEGACY_ALPHABET if legacy else codes.CODE_ALPHABET
    code = codes.normalize_code(text, legacy=legacy)
    if code is not None:
        assert len(code) == 14
        assert code.count("-") == 2
        assert set(code.replace("-", "")) <= set(alphabet)
        assert codes.normalize_code(code, legacy=legacy) == code


@given(st.lists(legacy_raw_codes, min_size=2, max_size=2, unique=True))
def test_two_different_codes_never_read_as_the_same_code(pair):
    first, second = (codes.format_code(raw) for raw in pair)
    assert codes.normalize_code(first, legacy=True) != codes.normalize_code(second, legacy=True)
