"""The clean step's shortcuts answer exactly as the plain code they replace."""

from __future__ import annotations

import random
import re

from cominer.corpus.clean import ends_like_sentence
from cominer.corpus.sentences import BOUNDARY, sentence_spans

PROSE_END = re.compile(r"[.!?。！？…][”’\"」』)）]*\s*$")  # what ends_like_sentence replaces


def random_texts(alphabet: str, count: int, longest: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))
            for _ in range(count)]


def test_ends_like_sentence_is_the_prose_end_regex():
    texts = random_texts("ab .!?。！？…”’\"」』)）\t\u3000\n", 20000, 8) + [
        "", " ", "Done.", "Done. ”", "Done.” ", "他说：“好。”", "Ende (Abs.)", "a.b"]
    for text in texts:
        assert ends_like_sentence(text) == (PROSE_END.search(text) is not None), repr(text)


def plain_sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans trimmed character by character, as sentence_spans once did."""
    spans, cursor = [], start
    for match in BOUNDARY.finditer(text, start, end):
        spans.append((cursor, match.end()))
        cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def test_sentence_spans_trim_white_space_like_the_character_loop():
    texts = random_texts("aB .。!\t\u3000\u00a0\x1c”", 5000, 16) + [
        "  One. Two!  ", "第一句。 第二句！", "   ", "13.07.2015 e.g. the end. "]
    for text in texts:
        assert sentence_spans(text) == plain_sentence_spans(text, 0, len(text)), repr(text)
        for start, end in ((1, len(text)), (2, len(text) - 2), (3, 3)):
            if start <= end:
                assert sentence_spans(text, start, end) == plain_sentence_spans(
                    text, start, end), (text, start, end)


def test_best_char_without_neighbours_is_worked_out_once_and_the_same():
    from cominer.corpus.language import ChineseForms
    from cominer.corpus.mojibake import GbkShiftRepairer, chars_with_lead, chars_with_trail

    repairer = GbkShiftRepairer.load(ChineseForms())
    for byte in (0x40, 0x5E, 0xA1, 0xB0, 0xE7, 0xFE):
        for options in (chars_with_trail(byte), chars_with_lead(byte)):
            if not options:
                continue
            plain = repairer.best_in_context(options, "", "")
            assert repairer.best_char(options) == plain
            assert repairer.best_char(options) == plain  # now from lone_best
            assert repairer.lone_best[options] == plain
            # with neighbours the answer is worked out each time, as before
            assert repairer.best_char(options, "社", "區") == repairer.best_in_context(
                options, "社", "區")


def test_figures_are_the_digit_runs_of_a_key():
    from cominer.corpus.dedup import DIGITS, figures

    for key in ("居民参与率为40", "letters", "", "a1b22c", "٣٤abc", "x²y", "ⅻroman", "2023"):
        assert figures(key) == tuple(DIGITS.findall(key)), key


def test_a_sentence_whose_figures_no_other_has_is_not_shingled():
    from cominer.corpus.dedup import NearIndex, SentenceIndex

    index = SentenceIndex()
    lone = "居民参与率为40居民代表参与评估形成了多方协作"
    assert not index.seen_or_add(lone)
    assert index.by_figures[("40",)] == lone  # kept as its key only
    assert index.seen_or_add(lone[:-1] + "的")  # a near copy with the same figure
    assert isinstance(index.by_figures[("40",)], NearIndex)
    assert not index.seen_or_add("居民参与率为45居民代表参与评估形成了多方协作")


def test_comment_meta_digit_guard_changes_no_answer():
    from cominer.corpus.chrome import COMMENT_META, is_comment_meta
    from cominer.corpus.spam import line_weight

    lines = ["momo 2018-07-19", "小王 2023-07-08", "momo", "Ольга К. 12.03.2021 14:05",
             "no date here", "  ", "x ٢٠٢٣-٠٧-٠٨", "Read more about 2023"]
    for line in lines:
        plain = line_weight(line) < 70 and COMMENT_META.match(line.strip()) is not None
        assert is_comment_meta(line) == plain, line


def test_contact_spans_of_a_line_are_the_same_asked_twice():
    from cominer.corpus.lexicon import ChromeLexicon
    from cominer.corpus.spam import contact_spans

    lex = ChromeLexicon.load()
    line = "合作热线：400-123-4567，微信 abc_12345，hotline: 0901 234 567"
    plain = sorted(m.span() for p in lex.contact for m in p.finditer(line))
    assert plain and contact_spans(line, lex.contact) == plain
    assert contact_spans(line, lex.contact) == plain  # now from pattern_spans' answers
    assert contact_spans(line, lex.hotline) == sorted(
        m.span() for p in lex.hotline for m in p.finditer(line))


def test_contact_hint_in_two_patterns_is_the_single_pattern():
    from cominer.corpus.spam import has_contact_hint

    hint = re.compile(r"(?=[\d微薇VQqWwTtZz])"
                      r"(?:\d[\d\s\-–—().]{4,}\d|微信|薇信|V信|QQ|qq|[Ww]hats[Aa]pp|[Tt]elegram"
                      r"|[Zz]alo)")
    lines = ["call 0901 234 567", "加微信", "WhatsApp me", "whatsapp", "Telegram", "telegram",
             "Zalo", "zalo", "QQ群", "qq", "V信", "薇信", "no contact", "year 2023", "12-34-56",
             "WHATSAPP", "Whatsapp", "TELEGRAM", "1 2 3 4 5 6", "(01) 234"]
    lines += random_texts("0123 -().微信Qqtw", 3000, 10)
    for line in lines:
        assert has_contact_hint(line) == (hint.search(line) is not None), repr(line)


def test_a_line_key_is_the_join_of_its_sentence_keys():
    from cominer.corpus.dedup import keyed_sentences, line_key, sentence_key

    # stops, closing marks, white space, combining marks, compatibility forms, Hangul jamo,
    # pinyin after Han characters: what could make keys of pieces differ from the whole's
    alphabet = ("aZ 。.!?；…”）)]\u00a0\u3000\u0301\u0308ﬁＡ１²ᄀ\u1161社區(qū)（dì）e\u0300И")
    texts = random_texts(alphabet, 20000, 14, seed=11) + [
        "社區(qū)。(qū)好", "Café. \u0301Next one.", "第一句。 第二句！", "", "  ", "A. B. c."]
    for text in texts:
        assert line_key(keyed_sentences(text)) == sentence_key(text), repr(text)


def test_best_char_in_context_is_the_max_over_word_test_and_score():
    from cominer.corpus.language import ChineseForms
    from cominer.corpus.mojibake import GbkShiftRepairer, chars_with_lead, chars_with_trail

    repairer = GbkShiftRepairer.load(ChineseForms())
    simple = repairer.chinese.simplified

    def plain(options, before, after):  # the max the ranked options replace
        makes_word = repairer.model.word_test(simple(before), simple(after))
        return max(options, key=lambda ch: (makes_word(simple(ch)), repairer.score(ch)))

    contexts = [("", ""), ("社", "區"), ("原", ""), ("", "化"), ("中华人民", "共和"), ("孵", "")]
    for byte in range(0x40, 0xFF, 7):
        for options in (chars_with_trail(byte), chars_with_lead(byte)):
            for before, after in contexts:
                if options:
                    assert repairer.best_char(options, before, after) == plain(
                        options, before, after), (byte, before, after)


def test_the_marker_end_guard_passes_every_line_the_trailing_marker_pattern_finds():
    from cominer.corpus.clean import may_end_with_marker
    from cominer.corpus.lexicon import ChromeLexicon

    lex = ChromeLexicon.load()
    ends = frozenset(m[-1] for m in lex.related_markers)
    lines = []
    for marker in ("相似文献", "Read more", "Читайте также", "Xem thêm", "See also"):
        for glue in ("", " ", "\u3000"):
            for tail in ("", ":", "：", " : ", ":  ", "::"):
                for case in (str, str.upper, str.lower):
                    lines.append(f"Ende des Satzes.{glue}{case(marker)}{tail}")
    lines += ["Plain sentence.", "", "  ", "A list item", "摘要内容。相关阅读 ", "Done. Read more:"]
    found = 0
    for line in lines:
        if lex.trailing_marker.search(line):
            found += 1
            assert may_end_with_marker(line, ends), repr(line)
    assert found > 20
    assert not may_end_with_marker("Plain sentence.", ends)


def test_strip_counter_removes_what_the_counter_pattern_did():
    from cominer.corpus.chrome import strip_counter

    counter = re.compile(r"[\s(（\[]*\d*[\s)）\]]*$")  # what strip_counter replaces
    texts = random_texts("ab (（[12)）] :：\t٣", 30000, 9, seed=5) + [
        "Комментарии (3)", "评论（12）", "Comments: ", "Related [4] ", "2023", "(3)", ""]
    for text in texts:
        plain = counter.sub("", text.strip().rstrip(":：")).strip()
        assert strip_counter(text) == plain, repr(text)


def test_question_check_is_the_question_regex():
    from cominer.corpus.dedup import QUESTION_CLOSERS, QUESTION_MARKS
    from cominer.corpus.sentences import ends_with_stop

    question = re.compile(r"[?？][”」』\"')）]*\s*$")  # what the check replaces
    texts = random_texts("a ?？”」』\"')）’\t.", 20000, 8, seed=9) + ["Why?", "为什么？」", ""]
    for text in texts:
        assert ends_with_stop(text, QUESTION_MARKS, QUESTION_CLOSERS) == (
            question.search(text) is not None), repr(text)
