"""Code points <-> UTF-16 units, and reading a tool's offsets back into code points."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cominer.annotations.interchange.offsets import Utf16Offsets, utf16_length
from cominer.annotations.interchange.tasks import InterchangeError, read_offsets

TEXT = "a😀中𠀀b\n企业"  # ASCII, emoji (astral), CJK (BMP), 𠀀 (astral), newline, CJK


def units_of(text: str) -> int:
    """UTF-16 length computed independently: the encoded bytes over two."""
    return len(text.encode("utf-16-le")) // 2


def test_astral_characters_take_two_units_and_cjk_one():
    offsets = Utf16Offsets(TEXT)
    assert [offsets.to_units(i) for i in range(len(TEXT) + 1)] == \
        [units_of(TEXT[:i]) for i in range(len(TEXT) + 1)] == [0, 1, 3, 4, 6, 7, 8, 9, 10]
    assert offsets.units == utf16_length(TEXT) == 10
    assert offsets.to_code_points(2) is None  # between the halves of 😀
    assert offsets.to_code_points(5) is None  # between the halves of 𠀀
    assert offsets.to_code_points(11) is None and offsets.to_code_points(-1) is None
    assert offsets.to_code_points(8) == 6  # 企


@given(st.text(alphabet=st.sampled_from("ab 中企\n😀𠀀🎉"), max_size=40))
def test_units_round_trip_for_every_offset(text):
    offsets = Utf16Offsets(text)
    for i in range(len(text) + 1):
        assert offsets.to_units(i) == units_of(text[:i])
        assert offsets.to_code_points(offsets.to_units(i)) == i


def test_code_point_offsets_that_only_fit_as_utf16_are_converted():
    start = TEXT.index("企业")
    # As a JavaScript client counts: two more units for 😀 and 𠀀.
    assert read_offsets(TEXT, start + 2, start + 4, "企业", "code points", "r") == \
        (start, start + 2)
    assert read_offsets(TEXT, start, start + 2, "企业", "code points", "r") == (start, start + 2)
    assert read_offsets(TEXT, start + 2, start + 4, None, "utf16", "r") == (start, start + 2)


@pytest.mark.parametrize("start, end, quote, units, message", [
    (2, 3, None, "utf16", "splits a character"),
    (0, 99, None, "code points", "not inside the text"),
    (0, 1, "b", "code points", "does not match"),
    ("0", 1, None, "code points", "integers"),
])
def test_bad_offsets_name_the_record(start, end, quote, units, message):
    with pytest.raises(InterchangeError, match=f"^task 7: .*{message}"):
        read_offsets(TEXT, start, end, quote, units, "task 7")
