"""The term matcher's first-character guard changes speed, never matches."""

from __future__ import annotations

import re

from cominer.extract.terms import TermMatcher, first_char_guard, read_extract_lexicon

TEXT = ("社区居委会和街道办事处与企业共同设计服务。Администрация и добровольцы. "
        "Chính quyền và người dân. The Council, local authority and Volunteers co-design it.")


def test_the_guard_keeps_every_match():
    for lang in ("zh", "ru", "vi", "en"):
        matcher = TermMatcher.from_lexicon(read_extract_lexicon(lang))
        assert matcher.pattern is not None and matcher.pattern.pattern.startswith("(?=[")
        bare = re.compile(matcher.pattern.pattern.split("])", 1)[1], re.IGNORECASE)
        unguarded = TermMatcher(bare, matcher.groups, matcher.blocked, matcher.place_stop,
                                matcher.place_suffixes)
        assert matcher.find(TEXT, 0, len(TEXT)) == unguarded.find(TEXT, 0, len(TEXT))
    assert TermMatcher.from_lexicon(read_extract_lexicon("en")).find(TEXT, 0, len(TEXT))


def test_no_guard_when_a_term_starts_with_a_wildcard():
    assert first_char_guard(["*ism", "council"]) == ""
    guard = first_char_guard(["Council", "社区"])
    assert re.match(guard, "council") and re.match(guard, "COUNCIL") and re.match(guard, "社")
    assert not re.match(guard, "x")
