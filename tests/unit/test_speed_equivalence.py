"""The faster paths give exactly what the plain ones give (bench/scale.py measures the speed)."""

import dataclasses
import re

from cominer.corpus.decode import looks_binary
from cominer.corpus.records import CleanDoc, Paragraph, Removed, Repaired
from cominer.corpus.reprints import SHINGLE, permutations, shingle_hashes, text_signature
from cominer.extract.extractor import LanguageRules
from cominer.extract.terms import TermMatcher

TEXTS = ["", "  ", "abc", "Партнёры перечисляют 5% прибыли в фонд.",
         "社区合伙人：街道办事处与社会组织共同设计服务，企业按年利润的5%出资。" * 3,
         "Doanh nghiệp đóng góp 10% lợi nhuận vào quỹ cộng đồng của phường.", "𝄞 nhạc 社区 𝄞"]


def fmix32_int(h: int) -> int:
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & 0xFFFFFFFF
    h = ((h ^ (h >> 13)) * 0xC2B2AE35) & 0xFFFFFFFF
    return h ^ (h >> 16)


def plain_signature(text: str) -> list[int]:
    """The MinHash the plain way: the set of 5-grams, each hashed and permuted in Python."""
    flat = re.sub(r"\s+", "", text.casefold())
    shingles = {flat[i:i + SHINGLE] for i in range(max(1, len(flat) - SHINGLE + 1))}
    mixed = [fmix32_int(int(shingle_hashes(s)[0])) for s in shingles]
    a, b = permutations()
    return [min((int(ak) * h + int(bk)) & 0xFFFFFFFF for h in mixed)
            for ak, bk in zip(a, b, strict=True)]


def test_minhash_signature_equals_the_plain_per_shingle_minhash():
    for text in TEXTS:
        assert text_signature(text).tolist() == plain_signature(text)


def test_clean_doc_json_equals_asdict():
    doc = CleanDoc(doc_id="d", source="s", title="T", date=None, lang="en", cleaner_version="1",
                   config_hash="h", main_text="ab cd", text="ab", text_search="ab",
                   paragraphs=[Paragraph(0, 2, "en", "latin", None, ["x"])],
                   removed=[Removed(3, 5, 2, "nav", "cd")],
                   repaired=[Repaired(0, 1, 0, "mojibake:ftfy", "Ã", "a")], site="x")
    data = doc.to_json()
    assert data == {**dataclasses.asdict(doc), "text_hash": doc.text_hash}
    assert list(data) == [*dataclasses.asdict(doc), "text_hash"]
    data["paragraphs"][0]["flags"].append("y")  # a copy, as asdict's
    assert doc.paragraphs[0].flags == ["x"]


def plain_find(matcher: TermMatcher, text: str) -> list[tuple[int, int, str]]:
    """TermMatcher.find as it was: every position tried, finditer for blocked terms."""
    plain = dataclasses.replace(matcher, starts=None, blocked_starts=None)
    return [(m.start, m.end, m.label) for m in plain.find(text, 0, len(text))]


def test_term_matcher_start_positions_change_nothing():
    samples = {
        "en": "The local council and Eastgate Trust co-design services; residents co-deliver "
              "them, and the Local Authority pays 5% into the community fund. Non-council bodies.",
        "ru": "Администрация города и НКО совместно проектируют услуги; фонд «Здоровое село» "
              "получает 5% прибыли, жители участвуют в соуправлении.",
        "zh": "成都市人民政府与社区居委会、社会组织共同设计服务，企业按年利润的5%出资给社区基金。",
        "vi": "Ủy ban nhân dân phường và tổ chức phi lợi nhuận cùng thiết kế dịch vụ ở Hội An.",
    }
    for lang, text in samples.items():
        matcher = LanguageRules.load(lang).terms
        assert matcher.starts is not None
        found = [(m.start, m.end, m.label) for m in matcher.find(text, 0, len(text))]
        assert found == plain_find(matcher, text), lang
        assert found, lang


def test_binary_check_counts_control_bytes():
    assert looks_binary(bytes(range(1, 9)) * 20 + b"a" * 100)
    assert not looks_binary(b"\t\r\n" * 100 + b"a" * 10)
    assert not looks_binary(bytes([8]) * 5 + b"a" * 95)  # exactly 5%: not more
    assert looks_binary(bytes([14]) * 6 + b"a" * 94)


def test_count_chars_counts_what_findall_of_one_character_finds():
    from cominer.corpus.language import HAN, HAN_RUN, LATIN, LATIN_LETTER_RUN, count_chars

    for text in TEXTS + ["abc 社区 def 合伙人", "Ā ā 12 ĐOÀN"]:
        assert count_chars(HAN_RUN, text) == len(HAN.findall(text))
        assert count_chars(LATIN_LETTER_RUN, text) == len(LATIN.findall(text))


def test_search_form_table_folds_like_nfkc_per_character():
    import unicodedata

    from cominer.corpus.language import ChineseForms

    forms = ChineseForms()
    text = "ＡＢＣ１２３ ﬁ ㈱ 社區 Ⅻ abc"
    expected = "".join(f if len(f := unicodedata.normalize("NFKC", c)) == 1 else c
                       for c in forms.simplified(text))
    assert forms.search_form(text) == expected
    assert len(forms.search_form(text)) == len(text)


def test_gbk_option_tables_list_every_lead_and_trail_byte():
    from cominer.corpus.mojibake import chars_with_lead, chars_with_trail, gbk_char

    for byte in (0x40, 0xA1, 0xB0, 0xE7):
        assert chars_with_trail(byte) == tuple(
            c for b in range(0x81, 0xFF) if (c := gbk_char(b, byte)))
        assert chars_with_lead(byte if byte >= 0x81 else 0xB0) == tuple(
            c for b in range(0x81, 0xFF) if (c := gbk_char(byte if byte >= 0x81 else 0xB0, b)))


def top_level_alternatives(group: str) -> list[str]:
    """The '|'-separated branches of a regex group body, nested groups kept whole."""
    branches, depth, current = [], 0, ""
    for ch in group:
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            branches.append(current)
            current = ""
        else:
            current += ch
    return branches + [current]


def test_spam_cue_first_letter_guards_cover_every_alternative():
    from cominer.corpus.lexicon import LANGUAGES, read_lexicon_file

    guarded = 0
    for lang in LANGUAGES:
        for pattern in read_lexicon_file(lang).get("spam_cues") or []:
            m = re.search(r"\(\?=\[([^\]]+)\]\)\(\?:(.*)\)", pattern)
            if not m:
                continue
            guarded += 1
            for branch in top_level_alternatives(m.group(2)):
                assert branch[0].casefold() in m.group(1), (lang, branch)
    assert guarded >= 3


def test_local_extractor_is_what_bare_extraction_builds_without_a_url():
    from trafilatura.settings import Extractor

    from cominer.corpus.maintext import local_extractor

    built = Extractor(output_format="python", fast=False, precision=False, recall=False,
                      comments=False, formatting=None, links=False, images=False, tables=True,
                      dedup=False, lang=None, url=None, with_metadata=False,
                      only_with_metadata=False, author_blacklist=None, url_blacklist=None,
                      date_params=None)
    for name in Extractor.__slots__:
        assert getattr(local_extractor(), name) == getattr(built, name), name


def test_attribute_floods_are_cut_and_other_tags_kept_byte_for_byte():
    from cominer.corpus.maintext import normalise_lines, strip_attribute_floods

    flood = "<p " + " ".join(f'b{i}="1>2"' for i in range(1000)) + ">flood</p>"
    many_short = "<div " + " ".join(f"a{i}=x" for i in range(300)) + ">kept</div>"
    html = f"<html><body>{many_short}{flood}<a href='x'>link</a>{flood}</body></html>"
    assert strip_attribute_floods(html) == html.replace(flood, "<p>flood</p>")
    assert strip_attribute_floods(many_short) is many_short
    assert normalise_lines(" a \t\u3000b \r\n\n\u2028 c\u00a0 ") == "a b\nc"


def test_sentence_key_equals_the_plain_normalisation():
    import unicodedata

    from cominer.corpus.dedup import NOT_WORD, sentence_key
    from cominer.corpus.pinyin import strip_pinyin

    samples = ["Hello, World_2024! (x)", "ＡＢＣ　１２３，全角", "社區(qū)服务中心",
               "Ｔｅｓｔ ｆｕｌｌ", "Đoàn kết — 10%", "Партнёры: 5% прибыли.",
               "ﬁne straße", "", "  ...  "]
    for text in samples:
        plain = NOT_WORD.sub("", unicodedata.normalize("NFKC", strip_pinyin(text)).casefold())
        assert sentence_key(text) == plain, text


def test_marker_form_is_what_is_marker_compares():
    from cominer.corpus.chrome import is_marker, marker_form

    markers = frozenset({"комментарии", "related articles"})
    assert marker_form("Комментарии (3):") == "комментарии"
    assert is_marker("Комментарии (3):", markers) and is_marker("Related Articles", markers)
    assert marker_form("Related articles " * 5) is None  # long: no marker
    assert not is_marker("Related articles " * 5, markers)


def test_cjk_keyword_heads_change_nothing():
    import dataclasses

    from cominer.corpus.lexicon import KeywordIndex

    index = KeywordIndex.build({"gambling": ["澳门赌场", "赌场", "真人娱乐城"], "loan": ["网贷"]})
    assert index.cjk_heads == frozenset({"澳门", "赌场", "真人", "网贷"})
    line = "澳门赌场真人娱乐城，网贷、赌博、真人秀和澳门"
    assert index.find(line) == dataclasses.replace(index, cjk_heads=None).find(line)
    assert [h for h, _ in index.find(line)] == ["澳门赌场", "真人娱乐城", "网贷"]
    assert KeywordIndex.build({"x": ["赌", "赌场"]}).cjk_heads is None  # a 1-character keyword


def plain_script_language(text: str) -> str:
    """script_language as it was: every class counted."""
    from cominer.corpus.language import (
        CYRILLIC_RUN,
        HAN_RUN,
        LATIN_LETTER_RUN,
        VIETNAMESE_RUN,
        count_chars,
    )

    han, cyr = count_chars(HAN_RUN, text), count_chars(CYRILLIC_RUN, text)
    latin = count_chars(LATIN_LETTER_RUN, text)
    letters = han + cyr + latin
    if letters < 2:
        return "und"
    if han >= 0.3 * letters:
        return "zh"
    if cyr >= 0.5 * letters:
        return "ru"
    return "vi" if count_chars(VIETNAMESE_RUN, text) >= max(1, 0.03 * latin) else "latin"


def test_script_language_shortcuts_change_nothing():
    from cominer.corpus.language import script_language

    samples = ["", "a", "ab", "12 345", "Hello world", "社", "社区", "社区 abc def ghi jk",
               "ab 社区 12345678", "社区合伙人 and partners of the community", "Привет, мир",
               "Мир peace 社区", "Đoàn kết", "café au lait", "社 " * 10, "2024年"]
    for text in samples:
        assert script_language(text) == plain_script_language(text), text
