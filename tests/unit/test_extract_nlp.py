"""Per-language spaCy pipelines: segmenters, Russian lemmas, the lexicon component."""

from __future__ import annotations

import pytest

from cominer.extract.nlp import (
    LEXICON_KEY,
    make_lexicon_nlp,
    make_tokenizer_nlp,
    read_user_dict,
    russian_lemma,
)


def test_jieba_keeps_domain_words_whole():
    nlp = make_tokenizer_nlp("zh")
    words = [t.text for t in nlp("社区合伙人与居委会合作生产公益基金项目")]
    assert "社区合伙人" in words and "合作生产" in words and "公益基金" in words
    assert "".join(words) == "社区合伙人与居委会合作生产公益基金项目"


def test_user_dict_is_data_plus_lexicon_terms():
    words = read_user_dict("zh")
    assert "社区合伙人" in words  # from zh-userdict.txt
    assert "社区居民委员会" in words  # from the zh lexicon


def test_lexicon_term_inside_a_jieba_token_expands_to_the_token():
    nlp = make_tokenizer_nlp("zh")
    nlp.add_pipe("cominer_lexicon", config={"lang": "zh"})
    nlp.initialize()
    nlp.get_pipe("cominer_lexicon").initialize(lexicon={"actor": {"citizen": ["合伙"]}})
    doc = nlp("社区合伙人参加会议")
    [span] = doc.spans[LEXICON_KEY]
    assert (span.text, span.label_) == ("社区合伙人", "actor:citizen")


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "社会组织和志愿者共同设计服务", {("社会组织", "actor:social_org"),
                                     ("志愿者", "actor:volunteer"), ("共同设计", "stage:design")}),
    ("vi", "Tình nguyện viên và người dân tham gia đánh giá.",
     {("Tình nguyện viên", "actor:volunteer"), ("người dân", "actor:citizen"),
      ("đánh giá", "stage:evaluation")}),
    ("ru", "Вместе с жителями и волонтёрами проведена оценка.",
     {("жителями", "actor:citizen"), ("волонтёрами", "actor:volunteer"),
      ("оценка", "stage:evaluation")}),
    ("en", "Residents and volunteers co-designed the service.",
     {("Residents", "actor:citizen"), ("volunteers", "actor:volunteer"),
      ("co-designed", "stage:design")}),
])
def test_lexicon_spans_in_each_language(lang, text, expected):
    doc = make_lexicon_nlp(lang)(text)
    assert {(s.text, s.label_) for s in doc.spans[LEXICON_KEY]} == expected


def test_vietnamese_words_are_segmented_by_pyvi():
    words = [t.text for t in make_tokenizer_nlp("vi")("Tình nguyện viên tham gia đánh giá")]
    assert "Tình nguyện viên" in words and "đánh giá" in words


def test_russian_lemmas_fold_inflected_forms():
    assert russian_lemma("жителями") == "житель"
    assert russian_lemma("волонтёров") == "волонтер"
    doc = make_tokenizer_nlp("ru")("Помогали волонтёры")
    assert [t.lemma_ for t in doc] == ["помогать", "волонтер"]


def test_russian_lemma_terms_match_every_inflection_and_no_adjective():
    from cominer.extract.terms import TermMatcher

    matcher = TermMatcher.from_lexicon({"lemmas": {"actor": {
        "citizen": ["пожилой человек", "ребенок"], "volunteer": ["волонтер"]}}})
    text = "С пожилыми людьми, детьми и волонтёров на детской площадке."
    found = [(m.term, m.label) for m in matcher.find(text, 0, len(text))]
    assert found == [("пожилыми людьми", "citizen"), ("детьми", "citizen"),
                     ("волонтёров", "volunteer")]


def test_a_head_word_with_a_quoted_name_is_a_registered_body():
    from cominer.extract.terms import TermMatcher

    matcher = TermMatcher.from_lexicon({"quoted_orgs": {"social_org": ["фонд", "фонда"]}})
    text = "Средства фонда «Здоровое село» идут в фонд района."
    found = [(m.term, m.label) for m in matcher.find(text, 0, len(text))]
    assert found == [("фонда «Здоровое село»", "social_org")]
