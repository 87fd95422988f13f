"""Policy references in Russian, Chinese and Vietnamese (and foreign titles cited in them)."""

import pytest

from rawdocs import extracted


def policies(cleaner, extractor, text):
    return extracted(cleaner, extractor, text, "policy")


def titles(cleaner, extractor, text):
    return [f.text for f in policies(cleaner, extractor, text)]


@pytest.mark.parametrize("text, expected", [
    # Any case of the document word; a comma ends the title.
    ("Опрос проводился по Положению о публичных обсуждениях в Заречном районе, 70% жителей "
     "поддержали проект.", ["Положению о публичных обсуждениях в Заречном районе"]),
    ("Фонд руководствуется Стандартом прозрачности работы местных фондов, принятым ассоциацией.",
     ["Стандартом прозрачности работы местных фондов"]),
    ("Эти правила описаны в Методических рекомендациях по подготовке заявок на гранты, которые "
     "выпустило министерство.", ["Методических рекомендациях по подготовке заявок на гранты"]),
    # A part in brackets belongs to the title; "и на …" starts the verb's second object.
    ("Авторы ссылаются на Концепцию развития наставничества (менторства) и на отраслевые "
     "доклады.", ["Концепцию развития наставничества (менторства)"]),
    # Not a name: a new clause after a short form, a sentence's first word.
    ("Всё сделано в соответствии с Порядком нецелевое использование средств влечёт возврат "
     "субсидии.", []),
    ("Итоги года. Концепция соучастия (participation) предполагает, что жители решают сами.", []),
])
def test_russian_unquoted_titles_in_any_case(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


def test_russian_unquoted_concept_takes_the_number_of_the_order_approving_it(cleaner, extractor):
    (fact,) = policies(cleaner, extractor,
                       "Работа ведётся в соответствии с Концепцией развития наставничества в "
                       "Российской Федерации до 2030 года, утверждённой распоряжением "
                       "Правительства Российской Федерации от 14.03.2021 № 512-р.")
    assert fact.text == "Концепцией развития наставничества в Российской Федерации до 2030 года"
    assert fact.attrs["number"] == "512-р" and fact.attrs["year"] == 2021
    assert fact.attrs["issuer"].startswith("Правительств")


@pytest.mark.parametrize("text, expected, number", [
    ("投标人须通过GB/T 19001-2016质量管理体系认证。", "GB/T 19001-2016", "19001-2016"),
    ("披露信息时可参照ISO 26000:2010。", "ISO 26000:2010", "26000:2010"),
    # A designation right before a 《》 title is that title's number.
    ("我们按照GB/T 36000—2015《社会责任指南》发布了报告。", "社会责任指南", "GB/T 36000—2015"),
])
def test_chinese_standards_right_after_a_chinese_character(cleaner, extractor, text, expected,
                                                            number):
    (fact,) = policies(cleaner, extractor, text)
    assert (fact.text, fact.attrs["number"]) == (expected, number)
    assert fact.attrs["year"] == int(number[-4:])


@pytest.mark.parametrize("text, expected", [
    ("В Великобритании на таких контрактах действует Public Services (Social Value) Act 2012. "
     "У нас такого закона нет.", ["Public Services (Social Value) Act 2012"]),
    ("英国的Localism Act 2011规定了社区权利。", ["Localism Act 2011"]),
    ("Tại Anh, Procurement Act 2023 đã có hiệu lực từ năm ngoái.", ["Procurement Act 2023"]),
    ("Команда Act Now 2024 провела встречу.", []),  # no title-case name before the head word
])
def test_english_act_with_its_year_in_another_language(cleaner, extractor, text, expected):
    facts = policies(cleaner, extractor, text)
    assert [f.text for f in facts] == expected
    assert all(f.attrs["year"] == int(f.text[-4:]) for f in facts)


@pytest.mark.parametrize("text, expected", [
    # The laws named in a numbered document's subject are part of its title, not facts.
    ("Sở Tư pháp phổ biến Thông tư 12/2019/TT-BNV hướng dẫn thi hành Nghị định số 30/2018/NĐ-CP "
     "của Chính phủ quy định chi tiết Luật Hộ tịch, các xã phải thực hiện ngay.",
     ["Thông tư 12/2019/TT-BNV"]),
    ("Quốc hội đã thông qua Luật số 40/2024/QH15 sửa đổi, bổ sung một số điều của Luật Nhà ở, "
     "Luật Đất đai và Luật Xây dựng, có hiệu lực từ tháng 8.",
     ["Luật số 40/2024/QH15"]),
    # A law named before the numbered document, outside its subject, stays a fact.
    ("Luật Hộ tịch và Nghị định số 30/2018/NĐ-CP quy định chi tiết Luật Hộ tịch đều áp dụng.",
     ["Luật Hộ tịch", "Nghị định số 30/2018/NĐ-CP"]),
])
def test_vietnamese_laws_inside_a_numbered_title_are_part_of_it(cleaner, extractor, text,
                                                                 expected):
    assert titles(cleaner, extractor, text) == expected


def test_vietnamese_law_keeps_the_number_it_was_first_written_with(cleaner, extractor):
    (fact,) = policies(cleaner, extractor,
                       "Hội thảo giới thiệu Luật Hộ tịch số 60/2014/QH13 cho cán bộ xã.\n\n"
                       "Theo quy định của Luật Hộ tịch 2014, việc đăng ký khai sinh là miễn phí.")
    assert fact.attrs["number"] == "60/2014/QH13" and fact.attrs["year"] == 2014
    assert len(fact.attrs["mentions"]) == 1


@pytest.mark.parametrize("text, expected", [
    ("Căn cứ Quy chế tổ chức và hoạt động của Quỹ Phát triển xã Bình An ban hành kèm theo "
     "Quyết định số 5/QĐ-UBND của UBND xã.",
     ["Quy chế tổ chức và hoạt động của Quỹ Phát triển xã Bình An", "Quyết định số 5/QĐ-UBND"]),
    ("Sở đang xây dựng Hướng dẫn lồng ghép tiêu chí môi trường trong đầu tư công tỉnh Hà Lâm, "
     "dự kiến ban hành năm sau.",
     ["Hướng dẫn lồng ghép tiêu chí môi trường trong đầu tư công tỉnh Hà Lâm"]),
    ("Nước cấp phải đạt QCVN 02:2009/BYT về nước sinh hoạt.", ["QCVN 02:2009/BYT"]),
    ("Diễn giả giới thiệu Đạo luật Dịch vụ công (Giá trị xã hội) năm 2012 của Anh.",
     ["Đạo luật Dịch vụ công (Giá trị xã hội)"]),
    # A plan approved by a numbered decision is that decision's subject.
    ("Quyết định số 77/QĐ-TTg của Thủ tướng Chính phủ phê duyệt Đề án phát triển thư viện "
     "cộng đồng nông thôn.", ["Quyết định số 77/QĐ-TTg"]),
])
def test_vietnamese_cited_titles_regulations_and_foreign_acts(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    # A named regulation is found where no 法 is written.
    ("社区招募志愿者时，应当遵守志愿服务条例的各项要求。", ["志愿服务条例"]),
    # A law's implementing regulation right after the law's name is a document of its own.
    ("采购程序依照《中华人民共和国招标投标法》和招标投标法实施条例执行。",
     ["中华人民共和国招标投标法", "招标投标法实施条例"]),
    ("本区依据所得税法第十一条审核捐赠扣除。", ["所得税法"]),
])
def test_chinese_unquoted_laws_and_regulations(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


def test_chinese_its_implementing_regulation_is_titled_after_the_law(cleaner, extractor):
    facts = policies(cleaner, extractor, "根据《中华人民共和国个人所得税法》第六条及其实施条例，"
                                         "公益捐赠可以扣除。")
    assert [f.text for f in facts] == ["中华人民共和国个人所得税法", "实施条例"]
    assert facts[1].attrs["title"] == "中华人民共和国个人所得税法实施条例"
    # …and a law is no back-reference of its implementing regulation named before it.
    facts = policies(cleaner, extractor, "《中华人民共和国招标投标法实施条例》细化了程序。"
                                         "《中华人民共和国招标投标法》第三条另有规定。")
    assert len(facts) == 2


def test_chinese_short_name_of_a_longer_title_is_its_mention(cleaner, extractor):
    facts = policies(cleaner, extractor, "市民政局印发了《河西市社区基金会登记管理办法》。"
                                         "按照《登记办法》，基金会每年报送审计报告。")
    assert [f.text for f in facts] == ["河西市社区基金会登记管理办法"]
    assert len(facts[0].attrs["mentions"]) == 1


def test_chinese_number_in_a_page_metadata_field_is_no_citation(cleaner, extractor):
    assert titles(cleaner, extractor, "发文字号：河民发〔2024〕3号\n"
                                      "各街道：请按照河民发〔2023〕9号文件要求做好工作。") == [
        "河民发〔2023〕9号"]


@pytest.mark.parametrize("text, expected", [
    # The acronym of the subject's words, Đ written D or Đ, a year after it.
    ("Tỉnh triển khai Luật Đầu tư công.\n\nTheo Luật ĐTC 2019, dự án nhóm A cần "
     "thẩm định.", ["Luật Đầu tư công"]),
    ("Dự án tuân thủ Luật Bảo vệ môi trường.\n\nLuật BVMT yêu cầu đánh giá tác động.",
     ["Luật Bảo vệ môi trường"]),
    # An acronym the lexicon knows (PPP: đối tác công tư).
    ("Luật Đầu tư theo phương thức đối tác công tư đã có hiệu lực.\n\nĐiều 82 của Luật PPP quy "
     "định chia sẻ doanh thu.", ["Luật Đầu tư theo phương thức đối tác công tư"]),
    # Initials of another law's words: two facts.
    ("Luật Bảo vệ môi trường và Luật Đất đai được sửa.\n\nLuật BVDL mới chưa ban hành.",
     ["Luật Bảo vệ môi trường", "Luật Đất đai", "Luật BVDL"]),
])
def test_vietnamese_law_by_acronym_is_a_mention_of_its_full_name(cleaner, extractor, text,
                                                                 expected):
    facts = policies(cleaner, extractor, text)
    assert [f.text for f in facts] == expected
    if len(expected) == 1:
        assert len(facts[0].attrs["mentions"]) == 1


@pytest.mark.parametrize("text, expected", [
    # The state runs the programme in the sentence: a policy, doc_type plan.
    ("Правительство поддерживает такие проекты по программе «Чистая вода» через субсидии "
     "регионам.", ["Чистая вода"]),
    ("Минфин выдаёт кредиты по программе «Модернизация школ» под 3% годовых.",
     ["Модернизация школ"]),
    # A fund's or a firm's programme is a brand, not a policy.
    ("Фонд «Соседи» запустил программу «Добрый двор» для пенсионеров.", []),
    ("Сеть кофеен работает по программе «Чистая вода» с 2020 года.", []),
])
def test_russian_programme_run_by_the_state(cleaner, extractor, text, expected):
    facts = policies(cleaner, extractor, text)
    assert [f.text for f in facts] == expected
    assert all(f.attrs["doc_type"] == "plan" for f in facts)


def test_russian_act_amended_in_a_quoted_title_is_a_fact_beside_it(cleaner, extractor):
    facts = policies(cleaner, extractor,
                     "Комиссия применяет постановление Правительства Российской Федерации от "
                     "10 марта 2023 г. № 301 «О порядке отбора подрядчиков, внесении изменений в "
                     "пункт 3 постановления Правительства Российской Федерации от 5 мая 2020 г. "
                     "№ 640 и признании утратившими силу некоторых актов».")
    assert [f.attrs["number"] for f in facts] == ["301", "640"]
    assert facts[1].text.startswith("постановления Правительства") and facts[1].attrs[
        "year"] == 2020
    assert facts[1].attrs["issuer"].startswith("Правительств")
    # A numbered act inside a title that does not amend it stays part of that title.
    facts = policies(cleaner, extractor,
                     "Совет утвердил «Порядок применения постановления Правительства Российской "
                     "Федерации от 5 мая 2020 г. № 640 в районе».")
    assert len(facts) == 1


def test_chinese_white_paper_in_title_marks_is_a_report(cleaner, extractor):
    assert titles(cleaner, extractor, "研究院发布了《社区慈善发展白皮书（2023）》，并解读了"
                                      "《慈善组织信息公开办法》。") == ["慈善组织信息公开办法"]


def test_vietnamese_law_cited_by_number_alone_is_a_mention_of_its_name(cleaner, extractor):
    facts = policies(cleaner, extractor,
                     "Tỉnh áp dụng Luật Bảo vệ môi trường.\n\nMức phạt tối đa theo Luật số "
                     "72/2020/QH14 là 1 tỷ đồng.")
    assert [f.text for f in facts] == ["Luật Bảo vệ môi trường"]
    assert facts[0].attrs["number"] == "72/2020/QH14" and len(facts[0].attrs["mentions"]) == 1
    # A name two laws have had (2014, 2020): the number alone does not say it is this one.
    facts = policies(cleaner, extractor,
                     "Công ty thành lập theo Luật Doanh nghiệp.\n\nLuật số 68/2014/QH13 đã hết "
                     "hiệu lực.")
    assert len(facts) == 2
