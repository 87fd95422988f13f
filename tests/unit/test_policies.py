import pytest

from rawdocs import raw_text


def policies(cleaner, extractor, text):
    doc = cleaner.clean(raw_text(text))
    facts = [f for f in extractor.extract(doc) if f.type == "policy"]
    for f in facts:
        assert doc.text[f.start:f.end] == f.text
    return facts


def test_chinese_policy_with_issuer_year_and_number(cleaner, extractor):
    text = ("2014年，国务院印发《关于创新重点领域投融资机制鼓励社会投资的指导意见》"
            "（国发〔2014〕60号），提出推广政府和社会资本合作模式。")
    (fact,) = policies(cleaner, extractor, text)
    assert fact.text == "关于创新重点领域投融资机制鼓励社会投资的指导意见"
    assert fact.attrs["issuer"] == "国务院"
    assert fact.attrs["year"] == 2014
    assert fact.attrs["doc_type"] == "opinion"
    assert fact.attrs["number"] == "国发〔2014〕60号"


def test_joint_issuers_and_back_reference(cleaner, extractor):
    text = ("2017年中共中央、国务院印发《关于加强和完善城乡社区治理的意见》，要求发挥社会组织作用。"
            "《意见》还提出完善社区服务。")
    (fact,) = policies(cleaner, extractor, text)
    assert fact.attrs["issuer"] == "中共中央、国务院"
    (mention,) = fact.attrs["mentions"]
    assert text[mention[0]:mention[1]] == "意见"


def test_traditional_title_is_normalised_to_simplified(cleaner, extractor):
    text = "成都市人民政府2017年印發《關於深入推進城鄉社區發展治理的意見》。"
    (fact,) = policies(cleaner, extractor, text)
    assert fact.text == "關於深入推進城鄉社區發展治理的意見"
    assert fact.attrs["title"] == "关于深入推进城乡社区发展治理的意见"


@pytest.mark.parametrize("text", [
    "王强.社区治理的合作生产逻辑[J].《中国行政管理》,2020(5):45-52.",
    "据《人民日报》报道，社区基金运行良好。",
    "参见《公共管理学报》2019年第3期。",
    "王芳.《社区合伙人研究》[M].北京:社会科学文献出版社,2021.",
])
def test_journals_newspapers_and_books_are_not_policies(cleaner, extractor, text):
    assert policies(cleaner, extractor, text) == []


def test_policy_quoted_inside_a_news_title(cleaner, extractor):
    text = "新华社发表《民政部解读〈关于加强社区服务的通知〉》一文。"
    (fact,) = policies(cleaner, extractor, text)
    assert fact.text == "关于加强社区服务的通知"


def test_russian_federal_law(cleaner, extractor):
    text = ("Отношения сторон регулирует Федеральный закон от 13.07.2015 № 224-ФЗ «О "
            "государственно-частном партнерстве», принятый Государственной думой.")
    (fact,) = policies(cleaner, extractor, text)
    assert fact.text == "О государственно-частном партнерстве"
    assert fact.attrs["number"] == "224-ФЗ"
    assert fact.attrs["year"] == 2015
    assert fact.attrs["doc_type"] == "law"
    assert fact.attrs["issuer"] == "Государственной думой"


def test_vietnamese_decree_and_law(cleaner, extractor):
    text = ("Dự án thực hiện theo Luật Đầu tư theo phương thức đối tác công tư năm 2020 và "
            "Nghị định số 35/2021/NĐ-CP của Chính phủ.")
    facts = policies(cleaner, extractor, text)
    assert [f.text for f in facts] == ["Luật Đầu tư theo phương thức đối tác công tư",
                                       "Nghị định số 35/2021/NĐ-CP"]
    assert facts[1].attrs["number"] == "35/2021/NĐ-CP"
    assert facts[1].attrs["year"] == 2021


def test_english_acts_and_standards(cleaner, extractor):
    text = ("Councils must follow the Public Services (Social Value) Act 2012 and many hold "
            "ISO 14001 certification.")
    facts = policies(cleaner, extractor, text)
    assert [f.text for f in facts] == ["Public Services (Social Value) Act 2012", "ISO 14001"]
    assert facts[0].attrs["year"] == 2012
    assert facts[1].attrs["doc_type"] == "standard"
