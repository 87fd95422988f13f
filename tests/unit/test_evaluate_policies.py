"""Policy titles are matched whatever case a Russian designation is written in."""

from __future__ import annotations

from cominer.annotations.gold import GoldFact
from cominer.extract.records import Fact
from cominer.models.evaluate import fact_matches, issuer_key, title_key


def gold(title: str) -> GoldFact:
    return GoldFact(document="d.txt", type="policy", label="policy", lang="ru", text=title,
                    attrs={"title": title})


def pred(title: str) -> Fact:
    return Fact(doc_id="d", type="policy", lang="ru", text=title, start=0, end=len(title),
                label="policy", attrs={"title": title})


def test_an_inflected_designation_matches_its_nominative():
    assert fact_matches(gold("приказ Минтруда от 1.02.2020 № 15"), (0, 1),
                        pred("приказу Минтруда от 1.02.2020 № 15"))
    assert fact_matches(gold("Федеральный закон № 99-ФЗ"), (0, 1),
                        pred("Федеральным законом № 99-ФЗ"))


def test_other_titles_still_differ():
    assert not fact_matches(gold("приказ Минтруда от 1.02.2020 № 15"), (0, 1),
                            pred("приказ Минтруда от 1.02.2020 № 16"))
    assert title_key("Public Services Act 2012") == "publicservicesact2012"


def test_issuers_match_across_case_script_and_list_separator():
    assert issuer_key("Правительства Российской Федерации") == issuer_key(
        "Правительство Российской Федерации")
    assert issuer_key("Государственной думой") == issuer_key("Государственная дума")
    assert issuer_key("中共中央 国务院") == issuer_key("中共中央、国务院")
    assert issuer_key("國務院") == issuer_key("国务院")
    assert issuer_key("Chính phủ") != issuer_key("Quốc hội")
    assert issuer_key("Правительство области") != issuer_key("Дума области")


def numbered(title: str, number: str | None, lang: str = "vi") -> tuple[GoldFact, Fact]:
    attrs = {"title": title, "number": number}
    return (GoldFact(document="d.txt", type="policy", label="policy", lang=lang, text=title,
                     attrs=attrs),
            Fact(doc_id="d", type="policy", lang=lang, text=title, start=0, end=len(title),
                 label="policy", attrs=attrs))


def test_a_decree_is_the_same_document_whatever_length_its_title_is_drawn():
    long, _ = numbered("Nghị định số 35/2021/NĐ-CP quy định chi tiết Luật PPP", "35/2021/NĐ-CP")
    _, short = numbered("Nghị định 35/2021/NĐ-CP", "số 35/2021/NĐ-CP")
    assert fact_matches(long, (0, 1), short)
    gold_zh, _ = numbered("关于推进社区治理的意见", "國發〔2014〕60號", "zh")
    _, pred_zh = numbered("社区治理意见", "国发[2014]60号", "zh")
    assert fact_matches(gold_zh, (0, 1), pred_zh)


def test_different_numbers_or_a_missing_number_do_not_match():
    gold_a, _ = numbered("Nghị định số 35/2021/NĐ-CP về PPP", "35/2021/NĐ-CP")
    _, pred_b = numbered("Nghị định số 28/2021/NĐ-CP", "28/2021/NĐ-CP")
    _, pred_none = numbered("Nghị định", None)
    assert not fact_matches(gold_a, (0, 1), pred_b)
    assert not fact_matches(gold_a, (0, 1), pred_none)
