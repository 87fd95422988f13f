import pytest

from rawdocs import extracted


def policies(cleaner, extractor, text):
    return extracted(cleaner, extractor, text, "policy")


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


def titles(cleaner, extractor, text):
    return [f.text for f in policies(cleaner, extractor, text)]


@pytest.mark.parametrize("text, expected", [
    ("The Localism Act 2011 and the Care Act 2014 both shape the scheme.",
     ["Localism Act 2011", "Care Act 2014"]),
    ("Buyers follow Procurement Policy Note 06/20 and the National Procurement Policy Statement.",
     ["Procurement Policy Note 06/20", "National Procurement Policy Statement"]),
    ("Directive 2014/24/EU was carried into law by the Public Contracts Regulations 2015.",
     ["Directive 2014/24/EU", "Public Contracts Regulations 2015"]),
    ("Suppliers must hold ISO 14001 and BS 8950 certificates.", ["ISO 14001", "BS 8950"]),
    ("The loan counts under the Community Reinvestment Act of 1977.",
     ["Community Reinvestment Act of 1977"]),
    ("Hanoi applies Decree No. 35/2021/ND-CP under the Law on Investment under the "
     "Public-Private Partnership Method.",
     ["Decree No. 35/2021/ND-CP", "Law on Investment under the Public-Private Partnership Method"]),
    ("The board signed up to the council's “Fair Tenancy Charter for Social Landlords” in March.",
     ["Fair Tenancy Charter for Social Landlords"]),
    ("The guidance, titled “Working together: a plan for neighbourhood care”, came out in May.",
     ["Working together: a plan for neighbourhood care"]),
    ("Planners must follow the Statement of Community Involvement.",
     ["Statement of Community Involvement"]),
    ("Yesterday the Charities Act 2011 was cited by the trustees.", ["Charities Act 2011"]),
    ("Executive Order 13985 asked agencies to review their programmes.", ["Executive Order 13985"]),
    ("The council’s ‘Community Wealth Building Strategy’ sets local spending targets.",
     ["Community Wealth Building Strategy"]),
    ("Staff follow the Health and Safety at Work Act 1974 and the Mayor's Transport Strategy.",
     ["Health and Safety at Work Act 1974", "Mayor's Transport Strategy"]),
    ("In 2017 the State Council issued the Opinions on Strengthening Urban Community Governance.",
     ["Opinions on Strengthening Urban Community Governance"]),
    ("Donations follow the Charity Law of the People's Republic of China.",
     ["Charity Law of the People's Republic of China"]),
    ("The city published the Action Plan for Elderly Meal Services and its Council Plan "
     "2020–2024.", ["Action Plan for Elderly Meal Services", "Council Plan 2020–2024"]),
])
def test_english_policy_forms(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text", [
    ("en", "The figures were published by the Millbrook Policy Institute last week."),
    ("en", "The Evening Standard ran the story on its front page."),
    ("en", "“The Plan is working,” the mayor told reporters."),
    ("en", "She called it “a real partnership between neighbours”."),
    ("en", "He said the scheme was ‘a great idea’ and the council’s plan was fine."),
    ("en", "Volunteers joined Code for America last year."),
    ("ru", "Ключевой партнер программы — сеть аптек «Здоровый двор»."),
    ("ru", "О программе подробно писала «Городская газета»."),
    ("ru", "В городе третий год работает программа «Добрый сосед»."),
    ("ru", "По закону о благотворительности сеть кофеен «Зёрна» перечисляет деньги фонду."),
    ("vi", "Các bạn trẻ của chương trình “Tiếp sức mùa thi” hỗ trợ thí sinh."),
    ("vi", "Luật cũng giới hạn phần vốn của nhà nước trong dự án."),
    ("zh", "据《城市晚报》报道，社区基金运转良好。"),
])
def test_names_that_are_not_policies(cleaner, extractor, lang, text):
    assert titles(cleaner, extractor, text) == []


@pytest.mark.parametrize("text, expected", [
    ("卫健委推动的〈长期照护服务计划2.0〉已在多地试行。", ["长期照护服务计划2.0"]),
    ("这一做法与《江南省实施〈中华人民共和国慈善法〉办法》的精神相符。",
     ["江南省实施〈中华人民共和国慈善法〉办法"]),
    ("社区基金依照中华人民共和国慈善法设立。", ["中华人民共和国慈善法"]),
    ("晚报以《〈慈善法〉走进社区》为题作了报道。", ["慈善法"]),
])
def test_chinese_policy_forms(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


def test_chinese_headline_notice_is_a_policy(cleaner, extractor):
    text = ("青山市民政局关于开展社区合作服务试点的通知\n\n各区民政局：现将试点安排通知如下。")
    (fact,) = policies(cleaner, extractor, text)
    assert fact.text == "青山市民政局关于开展社区合作服务试点的通知"
    assert fact.attrs["issuer"] == "青山市民政局" and fact.attrs["doc_type"] == "notice"


def test_back_references_across_paragraphs_are_mentions(cleaner, extractor):
    text = ("区里正在修订《青山区社区基金管理办法（试行）》。\n\n"
            "新《办法》将引入第三方审计。")
    (fact,) = policies(cleaner, extractor, text)
    (mention,) = fact.attrs["mentions"]
    assert fact.text.startswith("青山区") and mention[1] - mention[0] == 2


@pytest.mark.parametrize("text, expected", [
    ("Правительство области утвердило Порядок предоставления грантов социально "
     "ориентированным организациям.",
     ["Порядок предоставления грантов социально ориентированным организациям"]),
    ("Такие фонды не предусмотрены Жилищным кодексом Российской Федерации.",
     ["Жилищным кодексом Российской Федерации"]),
    ("Проект соответствует государственной программе Российской Федерации «Доступная "
     "среда для всех граждан».", ["Доступная среда для всех граждан"]),
])
def test_russian_policy_forms(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


def test_russian_number_and_year_from_the_approval_after_the_title(cleaner, extractor):
    text = ("Работа ведется по Федеральному закону от 05.04.2013 № 44-ФЗ и программе края "
            "«Поддержка семей с детьми в крае», утвержденной постановлением правительства края "
            "от 12 марта 2019 г. № 118-п.")
    facts = policies(cleaner, extractor, text)
    program = next(f for f in facts if f.text == "Поддержка семей с детьми в крае")
    assert program.attrs["number"] == "118-п" and program.attrs["year"] == 2019


def test_russian_standard_designation_is_the_number(cleaner, extractor):
    text = ("Участники следуют стандарту ГОСТ Р ИСО 26000-2012 «Руководство по социальной "
            "ответственности».")
    (fact,) = policies(cleaner, extractor, text)
    assert fact.text == "Руководство по социальной ответственности"
    assert fact.attrs["number"] == "ГОСТ Р ИСО 26000-2012" and fact.attrs["year"] == 2012


@pytest.mark.parametrize("text, expected", [
    ("Ủy ban nhân dân huyện ban hành Quyết định số 512/QĐ-UBND về Quy chế phối hợp giữa "
     "chính quyền và doanh nghiệp trong quản lý nhà văn hóa.",
     ["Quyết định số 512/QĐ-UBND",
      "Quy chế phối hợp giữa chính quyền và doanh nghiệp trong quản lý nhà văn hóa"]),
    ("Mô hình phù hợp với Bộ luật Lao động và Luật Hợp tác xã năm 2023.",
     ["Bộ luật Lao động", "Luật Hợp tác xã"]),
    ("Tỉnh triển khai Đề án “Phát triển dịch vụ chăm sóc người cao tuổi tại cộng đồng”.",
     ["Phát triển dịch vụ chăm sóc người cao tuổi tại cộng đồng"]),
])
def test_vietnamese_policy_forms(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, title, issuer, year", [
    # an issuing verb ties the body and the year to the title
    ("zh", "2019年，江南省人民政府印发《关于推进社区服务合作的实施意见》。",
     "关于推进社区服务合作的实施意见", "江南省人民政府", 2019),
    # a title that opens with its issuer
    ("zh", "项目依据《民政部关于加强社区社会组织建设的意见》开展。",
     "民政部关于加强社区社会组织建设的意见", "民政部", None),
    # a body that only mentions the title is not its issuer
    ("en", "The council says the deals are consistent with the Charities Act 2011.",
     "Charities Act 2011", None, 2011),
    ("en", "Eastfield City Council adopted the Social Value Policy in 2022.",
     "Social Value Policy", "Eastfield City Council", 2022),
    ("en", "It meets the council's duties under the Care Act 2014.", "Care Act 2014", None, 2014),
    ("en", "Contracts follow the Fair Work Policy the council adopted in 2021.",
     "Fair Work Policy", "council", 2021),
    ("en", "The Wellbeing of Future Generations (Wales) Act 2015, passed by the National "
           "Assembly for Wales, applies.",
     "Wellbeing of Future Generations (Wales) Act 2015", "National Assembly for Wales", 2015),
    ("vi", "Dự án áp dụng Thông tư số 06/2011/TT-BVHTTDL của Bộ Văn hóa, Thể thao và Du lịch.",
     "Thông tư số 06/2011/TT-BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", 2011),
    ("vi", "Mô hình phù hợp với Luật Thủ đô năm 2024.", "Luật Thủ đô", None, 2024),
    ("ru", "Закон области «О поддержке добровольчества», принятый Законодательным Собранием "
           "области, действует с 2020 года.",
     "О поддержке добровольчества", "Законодательным Собранием области", None),
])
def test_issuer_and_year_only_where_the_sentence_says_them(cleaner, extractor, lang, text,
                                                          title, issuer, year):
    fact = next(f for f in policies(cleaner, extractor, text) if f.text == title)
    assert (fact.attrs["issuer"], fact.attrs["year"]) == (issuer, year)


def test_jurisdiction_from_the_sentence_or_the_language(cleaner, extractor):
    (wales,) = policies(cleaner, extractor,
                        "The Social Services and Well-being (Wales) Act 2014 applies here.")
    (vn,) = policies(cleaner, extractor, "Dự án theo Nghị định số 35/2021/NĐ-CP.")
    (city,) = policies(cleaner, extractor, "社区依照《青山市社区发展治理促进条例》开展工作。")
    (state,) = policies(cleaner, extractor, "项目依据《关于加强社区服务的意见》开展。")
    assert (wales.attrs["jurisdiction"], vn.attrs["jurisdiction"]) == ("Wales", "Việt Nam")
    assert (city.attrs["jurisdiction"], state.attrs["jurisdiction"]) == ("青山市", "中国")


@pytest.mark.parametrize("lang, text, expected", [
    ("ru", "Изменения внесены законом «О внесении изменений в Федеральный закон «О "
           "некоммерческих организациях»».",
     ["О внесении изменений в Федеральный закон «О некоммерческих организациях»"]),
    ("ru", "Фонд работает по закону „О благотворительной деятельности“.",
     ["О благотворительной деятельности"]),
    ("zh", "各地按照《城乡社区服务体系建设规划（2021—2025年）》推进工作。",
     ["城乡社区服务体系建设规划（2021—2025年）"]),
    ("en", "The Local Government (Wales) Measure 2011 requires community strategies.",
     ["Local Government (Wales) Measure 2011"]),
])
def test_nested_and_other_quote_marks_trailers_and_measures(cleaner, extractor, lang, text,
                                                           expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "市政府依據「社區照顧服務條例」推動工作，並在「大家來幫忙」活動中招募志工。",
     ["社區照顧服務條例"]),
    ("zh", "总理代表国务院作《2024年政府工作报告》。", ["2024年政府工作报告"]),
    ("zh", "王明.社区研究方法[M].北京:社会科学出版社,2020.", []),
    ("zh", "他在《社会调查方法》一书中讨论了访谈技巧。", []),
    ("en", "The study appeared in the Journal of European Public Policy in 2020.", []),
])
def test_corner_quotes_work_reports_and_look_alikes(cleaner, extractor, lang, text, expected):
    assert titles(cleaner, extractor, text) == expected


def test_short_english_name_is_a_mention_of_the_full_title(cleaner, extractor):
    text = ("The Public Services (Social Value) Act 2012 changed how councils buy.\n\n"
            "Since then the Social Value Act has shaped most contracts.")
    (fact,) = policies(cleaner, extractor, text)
    (mention,) = fact.attrs["mentions"]
    assert fact.text == "Public Services (Social Value) Act 2012"
    assert mention[1] - mention[0] == len("Social Value Act")


@pytest.mark.parametrize("text, expected", [
    ("Работа ведется в рамках национального проекта «Демография» и регионального проекта "
     "«Старшее поколение».", ["Демография", "Старшее поколение"]),
    ("Организации действуют по правилам «О некоммерческих организациях».",
     ["О некоммерческих организациях"]),
    ("Права жителей закреплены Конституцией Российской Федерации.",
     ["Конституцией Российской Федерации"]),
    ("Распоряжение Правительства РФ от 12.10.2020 № 2640-р определило порядок.",
     ["Распоряжение Правительства РФ от 12.10.2020 № 2640-р"]),
])
def test_russian_official_projects_bare_act_titles_and_orders(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "市政府出台《关于支持社会企业发展的若干措施》，并参照《社区服务设施设计导则》建设。",
     ["关于支持社会企业发展的若干措施", "社区服务设施设计导则"]),
    ("zh", "居民权益受中华人民共和国民法典保护。", ["中华人民共和国民法典"]),
    ("ru", "Согласно федеральному закону от 6 октября 2003 года № 131-ФЗ муниципалитеты решают "
           "местные вопросы.", ["федеральному закону от 6 октября 2003 года № 131-ФЗ"]),
    ("ru", "Центр работает по программе края «Забота о старших», утвержденной постановлением "
           "Правительства края от 3 марта 2021 г. № 77-п.", ["Забота о старших"]),
])
def test_measures_civil_code_lowercase_laws_and_approvals(cleaner, extractor, lang, text,
                                                          expected):
    assert titles(cleaner, extractor, text) == expected


def test_short_name_before_the_full_title_becomes_its_mention(cleaner, extractor):
    text = ("How the Localism Act changed our street\n\n"
            "The Localism Act 2011 gave neighbourhood forums new powers.")
    (fact,) = policies(cleaner, extractor, text)
    assert fact.text == "Localism Act 2011"
    (mention,) = fact.attrs["mentions"]
    assert mention[0] < fact.start


def test_number_after_a_title_is_not_the_one_of_the_next_title(cleaner, extractor):
    text = "应遵守《中华人民共和国慈善法》和《社区基金会信息披露办法》（民政部令第77号）。"
    first, second = policies(cleaner, extractor, text)
    assert first.attrs["number"] is None
    assert second.attrs["number"] == "民政部令第77号"


@pytest.mark.parametrize("text,expected", [
    # Quoted speech is not a title, even when it opens with a document word.
    ("Договор подписан. «Закон № 12-ФЗ разрешает платить старостам, и это честно», — говорит "
     "юрист.", []),
    # A quote after an organisation named behind the document word names the organisation.
    ("По решению совета клуб перечисляет 5% выручки в фонд жителей «Наш двор».", []),
    # An unquoted rule ends before its approval or edition.
    ("Жители опираются на Положение о старостах, утверждённое сельской думой.",
     ["Положение о старостах"]),
    ("Дума приняла Положение о публичных слушаниях в посёлке Сосновка в новой редакции.",
     ["Положение о публичных слушаниях в посёлке Сосновка"]),
    # A federal law by its number alone; an order of a named ministry with date and number.
    ("Мы перечитали 414-ФЗ перед собранием.", ["414-ФЗ"]),
    ("Статус дают по приказу Минтруда от 1.02.2020 № 15, там всё описано.",
     ["приказу Минтруда от 1.02.2020 № 15"]),
])
def test_russian_speech_organisations_unquoted_ends_and_numbers(cleaner, extractor, text,
                                                                 expected):
    assert [f.text for f in policies(cleaner, extractor, text)] == expected


def test_a_designation_by_the_same_number_is_a_mention(cleaner, extractor):
    text = ("Закон от 5.05.2019 № 77-ФЗ «О сельских старостах» действует. В отличие от устава, "
            "закон № 77-ФЗ даёт старосте печать.")
    (fact,) = policies(cleaner, extractor, text)
    assert fact.text == "О сельских старостах"
    (mention,) = fact.attrs["mentions"]
    assert text[mention[0]:mention[1]] == "закон № 77-ФЗ"


def test_same_number_in_another_language_stays_its_own_fact(cleaner, extractor):
    text = ("Quỹ hoạt động theo Nghị định số 12/2020/NĐ-CP về quỹ từ thiện.\n\n"
            "The fund works under Decree No. 12/2020/NĐ-CP on charity funds.")
    assert len(policies(cleaner, extractor, text)) == 2


@pytest.mark.parametrize("text,expected", [
    # EU directives by their number alone, each a policy issued by the EU.
    ("The rules implemented EU Directives 2019/11/EU and 2020/8/EU in full.",
     [("2019/11/EU", "EU", 2019), ("2020/8/EU", "EU", 2020)]),
    # "an … Framework" is a description, not a name.
    ("An Outcomes Framework agreed with tenants will guide the work.", []),
    # The owner in front of a title is not part of it.
    ("The plan follows Eastwick Trust and of Dunmore's Green Spaces Strategy 2023–2026.",
     [("Green Spaces Strategy 2023–2026", None, 2023)]),
    # A reference-list entry is not annotated.
    ("- Home Office (2021) Community Safety Guidance Note 4: working with residents.", []),
    # The body before "introduced by the Act" is not its issuer; nor is a body of another clause.
    ("The duty on housing boards, introduced by the Tenants Act 2019, applies.",
     [("Tenants Act 2019", None, 2019)]),
    ("The scheme complies with the Grants Act 2020 and was approved by the Borough Council in "
     "May.", [("Grants Act 2020", None, 2020)]),
    ("The Tenant Engagement Guidance published by the Department of Health and Social Care "
     "applies.", [("Tenant Engagement Guidance", "Department of Health and Social Care", None)]),
])
def test_english_numbers_descriptions_owners_references_and_agents(cleaner, extractor, text,
                                                                    expected):
    found = [(f.text, f.attrs["issuer"], f.attrs["year"])
             for f in policies(cleaner, extractor, text)]
    assert found == expected


def test_statutory_instrument_number_after_regulations(cleaner, extractor):
    text = "The Tenancy Deposit Regulations 2011 (SI 2011/47) were amended."
    (fact,) = policies(cleaner, extractor, text)
    assert (fact.text, fact.attrs["number"]) == ("Tenancy Deposit Regulations 2011", "SI 2011/47")


@pytest.mark.parametrize("lang,text,title,number,year,issuer", [
    ("vi", "Nghị quyết số 23-NQ/TW ngày 5/3/2018 của Ban Chấp hành Trung ương Đảng khóa XII về "
     "công nghiệp.", "Nghị quyết số 23-NQ/TW", "23-NQ/TW", 2018, "Ban Chấp hành Trung ương Đảng"),
    ("vi", "Căn cứ Luật Quy hoạch số 21/2017/QH14 và các văn bản.", "Luật Quy hoạch",
     "21/2017/QH14", 2017, None),
    ("vi", "Căn cứ Luật Trẻ em ngày 5 tháng 4 năm 2016; căn cứ điều lệ.", "Luật Trẻ em", None,
     2016, None),
    ("zh", "服务应符合《社区助餐服务规范》（GB/T 41234-2022）的要求。", "社区助餐服务规范",
     "GB/T 41234-2022", 2022, None),
    ("zh", "章程参照《中华人民共和国村民委员会组织法》（2018年修正）拟定。",
     "中华人民共和国村民委员会组织法", None, 2018, None),
])
def test_numbers_and_years_written_right_after_the_title(cleaner, extractor, lang, text, title,
                                                         number, year, issuer):
    (fact,) = policies(cleaner, extractor, text)
    assert (fact.text, fact.attrs["number"], fact.attrs["year"], fact.attrs["issuer"]) == (
        title, number, year, issuer)


@pytest.mark.parametrize("text,title,issuer", [
    ("该项目以民政部、财政部《关于扶持社区互助点的意见》为依据。", "关于扶持社区互助点的意见",
     "民政部、财政部"),
    ("近日，临川市人民政府办公室印发《临川市邻里基金管理办法》。", "临川市邻里基金管理办法",
     "临川市人民政府办公室"),
])
def test_chinese_joint_bodies_before_a_title_and_office_issuers(cleaner, extractor, text, title,
                                                                 issuer):
    fact = next(f for f in policies(cleaner, extractor, text) if f.text == title)
    assert fact.attrs["issuer"] == issuer


def test_russian_designation_names_its_issuer(cleaner, extractor):
    text = "Правила утверждены приказом Минтруда России от 2.03.2016 № 88н, их выполняют все."
    (fact,) = policies(cleaner, extractor, text)
    assert (fact.attrs["issuer"], fact.attrs["year"], fact.attrs["number"]) == (
        "Минтруда России", 2016, "88н")


@pytest.mark.parametrize("text,expected", [
    ("Borough Unveils New Allotments Plan", ["Allotments Plan"]),
    ("The Order of St Anselm runs the hostel.", []),
    ("The Right to Challenge under the Housing Act lets tenants act.", ["Housing Act"]),
    ("It follows the Law on Investment under the Public-Private Partnership Method.",
     ["Law on Investment under the Public-Private Partnership Method"]),
])
def test_english_headline_verbs_bodies_and_rights_under_an_act(cleaner, extractor, text,
                                                               expected):
    assert [f.text for f in policies(cleaner, extractor, text)] == expected


def test_sentence_case_title_after_guidance_with_its_code_or_year(cleaner, extractor):
    text = ("The trust follows the Housing Ombudsman's guidance Complaint handling for small "
            "landlords (HO7). Fees follow the guide Paying community researchers fairly (2021).")
    found = [(f.text, f.attrs["number"], f.attrs["year"]) for f in policies(cleaner, extractor,
                                                                            text)]
    assert found == [("Complaint handling for small landlords", "HO7", None),
                     ("Paying community researchers fairly", None, 2021)]


@pytest.mark.parametrize("text,expected", [
    ("Title IX of the Education Amendments Act of 1972 applies.",
     ["Education Amendments Act of 1972"]),
    ("Public Law 118-12 provided the grants.", ["Public Law 118-12"]),
])
def test_english_cited_parts_and_public_law_numbers(cleaner, extractor, text, expected):
    assert [f.text for f in policies(cleaner, extractor, text)] == expected


def test_a_local_residents_convention_is_a_policy(cleaner, extractor):
    text = "小区业主大会通过了《桂园小区居民公约》，约定公共收益的用途。"
    (fact,) = policies(cleaner, extractor, text)
    assert (fact.text, fact.attrs["doc_type"]) == ("桂园小区居民公约", "rules")


def test_a_document_issued_with_an_approving_one_takes_its_issuer_and_year(cleaner, extractor):
    text = ("Chương trình phát triển thư viện cộng đồng giai đoạn 2023 – 2030 được ban hành kèm "
            "theo Nghị quyết số 15/NQ-CP của Chính phủ năm 2023. Văn bản nêu mục tiêu.")
    programme = next(f for f in policies(cleaner, extractor, text)
                     if f.text.startswith("Chương trình"))
    assert (programme.attrs["issuer"], programme.attrs["year"]) == ("Chính phủ", 2023)


def test_short_plan_name_in_corner_quotes_is_a_project(cleaner, extractor):
    text = "便利店按月銷售額的1%捐贈「春苗計劃」，並遵守「社區照顧服務發展計劃」。"
    titles = [f.attrs["title"] for f in policies(cleaner, extractor, text)]
    assert titles == ["社区照顾服务发展计划"]


@pytest.mark.parametrize("text, expected", [
    ("慈善法实施以来，社区基金会发展迅速。", [("慈善法", None, None)]),
    ("民政部印发了民发〔2017〕191号文件，要求加强社区社会组织建设。",
     [("民发〔2017〕191号", "民发〔2017〕191号", 2017)]),
    ("国务院办公厅关于推进养老服务发展的意见（国办发〔2019〕5号）提出发展社区养老。",
     [("国务院办公厅关于推进养老服务发展的意见", "国办发〔2019〕5号", 2019)]),
    ("2014年，国务院印发《关于创新重点领域投融资机制鼓励社会投资的指导意见》（国发〔2014〕60号）。",
     [("关于创新重点领域投融资机制鼓励社会投资的指导意见", "国发〔2014〕60号", 2014)]),
    ("根据中华人民共和国慈善法，社区基金会可以公开募捐。", [("中华人民共和国慈善法", None, None)]),
    ("《北京市物业管理条例》自2020年5月1日起施行，北京市物业管理条例明确了业主责任。",
     [("北京市物业管理条例", None, None)]),
])
def test_chinese_short_law_names_bare_numbers_and_unquoted_numbered_titles(cleaner, extractor,
                                                                           text, expected):
    facts = policies(cleaner, extractor, text)
    assert [(f.text, f.attrs.get("number"), f.attrs.get("year")) for f in facts] == expected


@pytest.mark.parametrize("text", ["这种方法和做法依法合规。",
                                  "他在《光明日报》发表文章，谈慈善法律。"])
def test_law_like_words_are_not_short_law_names(cleaner, extractor, text):
    assert policies(cleaner, extractor, text) == []


def test_english_papers_on_a_subject_states_and_eu_regulation_numbers(cleaner, extractor):
    (paper,) = policies(cleaner, extractor, "The Green Paper on Social Care was published in 2005.")
    assert paper.text == "Green Paper on Social Care"
    (act,) = policies(cleaner, extractor,
                      "The Community Land Act 2000 (NSW) lets councils lease land to charities.")
    assert (act.text, act.attrs["jurisdiction"]) == ("Community Land Act 2000", "New South Wales")
    (gdpr,) = policies(cleaner, extractor,
                       "The General Data Protection Regulation (EU) 2016/679 governs data.")
    assert (gdpr.text, gdpr.attrs["number"], gdpr.attrs["year"], gdpr.attrs["issuer"]) == (
        "General Data Protection Regulation", "(EU) 2016/679", 2016, "EU")


@pytest.mark.parametrize("text, expected", [
    ("The Government's Civil Society Strategy (2018) set out a vision.",
     [("Civil Society Strategy", 2018)]),
    ("Regulation 84 of the Public Contracts Regulations 2015 requires a report.",
     [("Public Contracts Regulations 2015", 2015)]),
    ("In 2017 the state passed Senate Bill 54 after a long debate.", [("Senate Bill 54", 2017)]),
    ("The Community Power Act campaign wants a new law for neighbourhoods.", []),
    ("Smith, J. (2018) Community Wealth Building Strategy for towns. London: Policy Press.", []),
])
def test_english_bracket_years_cited_regulations_bills_campaigns_and_references(
        cleaner, extractor, text, expected):
    facts = policies(cleaner, extractor, text)
    assert [(f.text, f.attrs["year"]) for f in facts] == expected


@pytest.mark.parametrize("text, expected", [
    ("China's 14th Five-Year Plan calls for more community services.", ["14th Five-Year Plan"]),
    ("The city followed the National Strategy for Community Development 2021-2030.",
     ["National Strategy for Community Development 2021-2030"]),
    ("Buyers apply Procurement Policy Note PPN 06/20 when they score social value.",
     ["Procurement Policy Note PPN 06/20"]),
    ("Under PPN 06/20 bidders must show the social value of their offer.", ["PPN 06/20"]),
    ("Suppliers hold SA8000 and ISO 26000 certificates.", ["SA8000", "ISO 26000"]),
    ("Nurses are paid under Agenda for Change and the trust amended the Constitution of the "
     "Trust.", []),
])
def test_english_ordinals_prefixed_heads_ppn_and_sa8000(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("民政部印发“关于加强社区工作者队伍建设的意见”，要求提高待遇。",
     ["关于加强社区工作者队伍建设的意见"]),
    ("记者在《我市出台社区养老新政策》一文中写道，老人将受益。", []),
    ("他在《社区营造指南》一书中介绍了经验。", []),
    ("央视《社区服务规范》栏目播出了居民的故事。", []),
    ("本报刊发的《新华社受权发布〈中共中央 国务院关于加强社区治理的意见〉》一文被贴在宣传栏里。",
     ["中共中央 国务院关于加强社区治理的意见"]),
    ("广州市民政局关于印发社区公益微创投活动实施办法的通知（穗民〔2020〕45号）规定了程序。",
     ["广州市民政局关于印发社区公益微创投活动实施办法的通知"]),
])
def test_chinese_quoted_titles_articles_books_and_bodies_before_unquoted_titles(
        cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


def test_title_case_statutory_guidance_with_its_edition_year(cleaner, extractor):
    (fact,) = policies(cleaner, extractor, "Councils must have regard to the statutory guidance "
                       "Working Together to Safeguard Children 2018 when they plan services.")
    assert (fact.text, fact.attrs["year"], fact.attrs["doc_type"]) == (
        "Working Together to Safeguard Children 2018", 2018, "guideline")


@pytest.mark.parametrize("text, expected", [
    ("Our Strategic Plan and Action Plan were agreed by trustees in May.", []),
    ("The charity's Mission Statement and Briefing Note are on its website.", []),
    ("The project won the Community Standard award last year.", []),
    ("The council's Strategic Plan 2020-2025 sets out its priorities.",
     ["Strategic Plan 2020-2025"]),
])
def test_generic_document_kinds_and_award_names_are_not_titles(cleaner, extractor, text,
                                                               expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The council adopted its “Stronger Together” strategy in 2021.", ["Stronger Together"]),
    ("Eastmoor's \"Neighbourhoods First\" policy gives residents a say.", ["Neighbourhoods First"]),
    ("The \"Warm Homes\" scheme helped 400 families.", []),
    ("Mapleton's \"Fair Share\" compact turned a brewery into a funder.", []),
])
def test_quoted_name_before_a_lowercase_document_type(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("根据国务院关于促进慈善事业健康发展的指导意见，社区基金会可以设立专项基金。",
     ["国务院关于促进慈善事业健康发展的指导意见"]),
    ("2017年，成都市人民政府印发了关于深入推进城乡社区发展治理的意见，要求各区落实。",
     ["关于深入推进城乡社区发展治理的意见"]),
    ("居民提出了关于加强治理的意见，社区认真回应。", []),
    ("会上，大家提出关于改进服务的建议。", []),
])
def test_chinese_unquoted_titles_after_a_body_or_an_issuing_verb(cleaner, extractor, text,
                                                                 expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Member States transposed Directive 2019/1937 of the European Parliament and of the Council "
     "of 23 October 2019 on the protection of whistleblowers by 2021.",
     ["Directive 2019/1937 of the European Parliament and of the Council of 23 October 2019 on "
      "the protection of whistleblowers"]),
    ("Spain's Law No. 44 of 12 March 2007 on work integration enterprises sets a quota.",
     ["Law No. 44 of 12 March 2007 on work integration enterprises"]),
    ("Grants follow Regulation (EU) 2018/1046 laying down the financial rules (the Financial "
     "Regulation).", ["Regulation (EU) 2018/1046 laying down the financial rules"]),
    ("Under Decree No. 12 of 4 May 2010, firms must report yearly.",
     ["Decree No. 12 of 4 May 2010"]),
    ("The mayor cited Executive Order 14057, Catalyzing Clean Energy Industries and Jobs Through "
     "Federal Sustainability, in her speech.",
     ["Executive Order 14057, Catalyzing Clean Energy Industries and Jobs Through Federal "
      "Sustainability"]),
    ("Agencies answer to Executive Order 14035 (Diversity, Equity, Inclusion, and Accessibility "
     "in the Federal Workforce) as well.",
     ["Executive Order 14035 (Diversity, Equity, Inclusion, and Accessibility in the Federal "
      "Workforce)"]),
    ("Buyers follow Procurement Policy Note 01/22 (Carbon Reduction Plans) for big contracts.",
     ["Procurement Policy Note 01/22"]),
    ("The board explained the Law on Cooperatives No. 17/2023/QH15 to members.",
     ["Law on Cooperatives No. 17/2023/QH15"]),
    ("Charities in Hanoi follow Decree No. 93/2019/ND-CP detailing the operation of social funds.",
     ["Decree No. 93/2019/ND-CP detailing the operation of social funds"]),
    ("The speaker praised the UK Procurement Act 2023 for its social value test.",
     ["Procurement Act 2023"]),
])
def test_designation_with_its_official_title_and_numbers_after_a_name(cleaner, extractor, text,
                                                                      expected):
    assert titles(cleaner, extractor, text) == expected


def test_designation_title_takes_the_year_of_its_date(cleaner, extractor):
    (fact,) = policies(cleaner, extractor, "Spain's Law No. 44 of 12 March 2007 on work "
                       "integration enterprises sets a quota.")
    assert (fact.attrs["number"], fact.attrs["year"]) == ("44", 2007)


def test_a_title_on_a_subject_after_the_article_a_is_still_a_title(cleaner, extractor):
    assert titles(cleaner, extractor, "The board asked the district for a Harbour Guidance on "
                  "Social Value Criteria in Public Works, due next spring.") == [
        "Harbour Guidance on Social Value Criteria in Public Works"]


@pytest.mark.parametrize("text, expected", [
    ("Reforms followed the Social Economy Code (Legislative Decree No. 45 of 2 June 2015) there.",
     ["Social Economy Code"]),
    ("It is incorporated under the Co-operative Corporations Act, 2003, and files yearly.",
     ["Co-operative Corporations Act, 2003"]),
    ("Firms registered under the Housing (Wales, Scotland and Ireland) Act 1999 must report.",
     ["Housing (Wales, Scotland and Ireland) Act 1999"]),
    ("Clinics must meet the Aged Care Quality Standards and the Child Safe Standards.",
     ["Aged Care Quality Standards", "Child Safe Standards"]),
    ("Residents can call Trading Standards about the scam.", []),
    ("The federal Green Jobs Initiative pays for apprenticeships.", ["Green Jobs Initiative"]),
    ("The Riverside Youth Programme meets every Tuesday in the church hall.", []),
    ("The national Small Grants Programme opened in May.", []),
    ("Ottawa's Policy on Green Procurement took effect in 2020.", ["Policy on Green Procurement"]),
    ("She is Director of Policy for Housing at the charity.", []),
    ("Awards are governed by 45 CFR Part 75 and by state rules.", ["45 CFR Part 75"]),
])
def test_bracketed_numbers_comma_years_standards_programmes_and_cfr_parts(cleaner, extractor,
                                                                          text, expected):
    assert titles(cleaner, extractor, text) == expected


def test_bracketed_decree_gives_the_named_code_its_number_and_year(cleaner, extractor):
    (fact,) = policies(cleaner, extractor, "Reforms followed the Social Economy Code (Legislative "
                       "Decree No. 45 of 2 June 2015) there.")
    assert (fact.attrs["number"], fact.attrs["year"]) == ("45", 2015)


def test_a_so_called_name_after_a_title_is_its_mention(cleaner, extractor):
    text = ("Grants are governed by 45 CFR Part 75, the so-called HHS Grants Policy, which sets "
            "cost rules.")
    (fact,) = policies(cleaner, extractor, text)
    assert fact.text == "45 CFR Part 75"
    (mention,) = fact.attrs["mentions"]
    assert text[mention[0]:mention[1]] == "HHS Grants Policy"


def test_a_bilingual_page_keeps_one_fact_per_language(cleaner, extractor):
    text = ("Hợp tác xã áp dụng tiêu chuẩn ISO 9001 cho toàn bộ hoạt động quản lý chất lượng của "
            "đơn vị trong năm nay.\n"
            "The cooperative applies the ISO 9001 standard to all of its quality management work "
            "this year.")
    facts = policies(cleaner, extractor, text)
    assert sorted((f.lang, f.text) for f in facts) == [("en", "ISO 9001"), ("vi", "ISO 9001")]


def test_laws_cited_by_acronym_and_acronyms_of_a_full_title(cleaner, extractor):
    assert titles(cleaner, extractor, "Members' data is held under the Data Protection Act 2018 "
                  "and UK GDPR at all times.") == ["Data Protection Act 2018", "UK GDPR"]
    text = ("The General Data Protection Regulation (GDPR) applies to the register. Later, GDPR "
            "audits found no breach.")
    (fact,) = policies(cleaner, extractor, text)
    assert fact.text == "General Data Protection Regulation"
    assert [text[a:b] for a, b in fact.attrs["mentions"]] == ["GDPR", "GDPR"]


def test_sentence_case_guide_title_with_its_edition_and_year(cleaner, extractor):
    (fact,) = policies(cleaner, extractor, "Buyers used the ministry's guide Buying well – a guide "
                       "to fair public purchasing (third edition, 2020) in every tender.")
    assert (fact.text, fact.attrs["year"]) == (
        "Buying well – a guide to fair public purchasing", 2020)


@pytest.mark.parametrize("text, expected", [
    ("Projects must fit Thriving Places, the Government's regeneration strategy for 2024–2030.",
     ["Thriving Places"]),
    ("We drew on Safe, Warm and Connected Homes, the five-year plan for housing.",
     ["Safe, Warm and Connected Homes"]),
    ("In March, the council adopted its plan.", []),
    ("We thank Eastmoor District Council, the body that funds our plan.", []),
    ("Jane Smith, the author of the strategy, spoke first.", []),
])
def test_a_title_case_name_described_as_a_document_after_a_comma(cleaner, extractor, text,
                                                                 expected):
    assert titles(cleaner, extractor, text) == expected


def test_note_number_year_established_year_and_possessive_issuer_in_apposition(cleaner,
                                                                                extractor):
    (note,) = policies(cleaner, extractor, "Bidders follow Procurement Policy Note 03/19 on "
                       "payment terms.")
    assert note.attrs["year"] == 2019
    (programme,) = policies(cleaner, extractor, "In 2019 the federal cabinet established the "
                            "Green Skills Initiative for young workers.")
    assert (programme.text, programme.attrs["year"]) == ("Green Skills Initiative", 2019)
    (plan,) = policies(cleaner, extractor, "The hall fits Thriving Places, the Government's "
                       "regeneration strategy, well.")
    assert (plan.text, plan.attrs["issuer"]) == ("Thriving Places", "Government")


@pytest.mark.parametrize("text, expected", [
    ("Directive 2014/24/EU on public procurement and the Procurement Act 2023 both apply here.",
     ["Directive 2014/24/EU on public procurement", "Procurement Act 2023"]),
    ("The ministry issued Decree No. 12 on Tuesday.", ["Decree No. 12"]),
])
def test_a_designation_subject_stops_before_another_title_or_a_date(cleaner, extractor, text,
                                                                    expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The Riverside Community Initiative runs a food bank funded by the National Lottery.", []),
    ("Apply through the Community Ownership Fund, the government's programme for local assets.",
     []),
    ("The Apprenticeship Levy, the federal training policy, changed in 2017.",
     ["Apprenticeship Levy"]),
    ("The cooperative sector changed a lot. In Spain, Royal Decree No. 1 of 2022 was published "
     "on Monday.", ["Royal Decree No. 1 of 2022"]),
])
def test_lottery_funders_funds_leading_articles_and_one_digit_numbers(cleaner, extractor, text,
                                                                      expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The regional board's 2031 Transition Plan for Clean Harbours sets targets.",
     ["2031 Transition Plan for Clean Harbours"]),
    ("Stage 2 of the Lakeside 2045 Growth Plan, adopted in 2021, covers parks.",
     ["Lakeside 2045 Growth Plan"]),
    ("Targets come from the 2024 Harbour Action Plan in full.", ["Harbour Action Plan"]),
    ("The scheme builds on the 2019 Law on Cooperative Housing and on local rules.",
     ["Law on Cooperative Housing"]),
    ("Members follow the National Standards for Community Mentoring in every club.",
     ["National Standards for Community Mentoring"]),
    ("It delivers on the Programme for Government 2022-2027 in full.",
     ["Programme for Government 2022-2027"]),
    ("Employers must respect the Fire Safety at Home etc. Act 1981 on site.",
     ["Fire Safety at Home etc. Act 1981"]),
    ("Forms follow the Gaelic Language Standards (No. 2) Regulations 2017 closely.",
     ["Gaelic Language Standards (No. 2) Regulations 2017"]),
    ("It extends the Green Jobs Initiative of 2012, which the Commission launched.",
     ["Green Jobs Initiative"]),
    ("The council adopted the Millbrook Fair Wages Ordinance last week.",
     ["Millbrook Fair Wages Ordinance"]),
])
def test_years_in_names_standards_for_and_ordinances(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Grants follow the Agency's Policy on Small Grants (ABC, 2011), which sets limits.",
     [("Policy on Small Grants", 2011)]),
    ("The Welsh Government's Strategy for Rural Transport (SRT) was revised.",
     [("Strategy for Rural Transport", None)]),
    ("Shops are covered by the federal Bill Morgan Fair Pricing Act nationwide.",
     [("Bill Morgan Fair Pricing Act", None)]),
    ("Councils follow the Regional Housing Policy and Guidelines together with local rules.",
     [("Regional Housing Policy and Guidelines", None)]),
    ("The Safety, Access and Tenure Standard tells landlords what to do.",
     [("Safety, Access and Tenure Standard", None)]),
    ("Families campaigned for years for Milly's Law to reach parliament.",
     [("Milly's Law", None)]),
    ("The trust publishes an annual Community Benefit Statement for its members.", []),
    ("Members must comply with the Uniform Rules (7 CFR Part 250) on donations.",
     [("Uniform Rules", None)]),
    ("The board asked Lakeside County to apply Lakeside County Ordinance No. 2022-31 at once.",
     [("Lakeside County Ordinance No. 2022-31", 2022)]),
])
def test_cited_brackets_paired_heads_lists_owners_and_ordinance_numbers(cleaner, extractor,
                                                                        text, expected):
    assert [(f.text, f.attrs["year"]) for f in policies(cleaner, extractor, text)] == expected


def test_a_quoted_title_after_a_designation_and_a_designation_after_a_title(cleaner, extractor):
    (note,) = policies(cleaner, extractor, "Officers read Procurement Policy Note 03/22, “Buying "
                       "fairly from small suppliers in local contracts”, before the tender.")
    assert (note.text, note.attrs["number"], note.attrs["year"]) == (
        "Buying fairly from small suppliers in local contracts", "03/22", 2022)
    (statement,) = policies(cleaner, extractor, "We also read the Regional Purchasing Policy "
                            "Statement, PPN 04/19.")
    assert (statement.text, statement.attrs["number"]) == (
        "Regional Purchasing Policy Statement", "04/19")


@pytest.mark.parametrize("text, expected", [
    ("The paper cites the Rural Skills Strategy: growing talent in every valley.",
     ["Rural Skills Strategy: growing talent in every valley"]),
    ("Ryan's Law: what it means for renters\nThe new law starts in May.", ["Ryan's Law"]),
    ("The Housing Plan: we will build more homes.", ["Housing Plan"]),
])
def test_a_sentence_case_subtitle_after_a_colon(cleaner, extractor, text, expected):
    assert titles(cleaner, extractor, text) == expected


def test_quotes_after_a_body_and_titles_that_name_the_one_before_again(cleaner, extractor):
    assert titles(cleaner, extractor, "A study by the Northgate Policy Forum, “Counting the "
                  "Meals We Waste,” found gaps.") == []
    (plan,) = policies(cleaner, extractor, "The Commission's Green Villages Plan of May 2020, "
                       "formally titled \"Greener villages: a plan for rural renewal\", set goals.")
    assert plan.text == "Green Villages Plan" and len(plan.attrs["mentions"]) == 1
    (charter,) = policies(cleaner, extractor, "Much of this comes from \"The Charter for Shared "
                          "Streets\", the government's Active Travel White Paper published in "
                          "2019.")
    assert charter.text == "The Charter for Shared Streets" and len(charter.attrs["mentions"]) == 1
    assert titles(cleaner, extractor, "It follows the Clean Air Act 2021, the Mayor's Transport "
                  "Strategy and the Health Act 2006.") == [
        "Clean Air Act 2021", "Mayor's Transport Strategy", "Health Act 2006"]


def test_canadian_chapter_citation_dates_after_titles_and_issuer_of_a_designated_quote(
        cleaner, extractor):
    (act,) = policies(cleaner, extractor, "See the Fair Wages Canada Act, S.C. 2015, c. 7.")
    assert (act.text, act.attrs["number"], act.attrs["year"]) == (
        "Fair Wages Canada Act", "S.C. 2015, c. 7", 2015)
    (order,) = policies(cleaner, extractor, "Grants follow Executive Order 14123 in March 2022 "
                        "across the country.")
    assert (order.text, order.attrs["year"]) == ("Executive Order 14123", 2022)
    (note,) = policies(cleaner, extractor, "Officers read the Cabinet Office's Procurement Policy "
                       "Note 03/22, “Buying fairly from small suppliers in local contracts”.")
    assert note.attrs["issuer"] == "Cabinet Office"


@pytest.mark.parametrize("text, expected", [
    ("In 2022 the Council adopted its Recommendation on fair pay for trainees in March 2022, "
     "and states must report.", ["Recommendation on fair pay for trainees"]),
    ("Members live up to Homes with Heart, the Tenants Federation's charter for landlords.",
     ["Homes with Heart"]),
    ("Ministers must honour the Voluntary Sector Scheme, the statutory scheme they keep.",
     ["Voluntary Sector Scheme"]),
    ("The Council adopted Decision No. 7 on school meals in June 2021 after a debate.",
     ["Decision No. 7 on school meals"]),
])
def test_recommendations_charters_schemes_and_a_month_after_a_subject(cleaner, extractor, text,
                                                                      expected):
    assert titles(cleaner, extractor, text) == expected


def test_an_issuer_name_stops_at_a_conjunction_opening_the_sentence(cleaner, extractor):
    (rec,) = policies(cleaner, extractor, "When the Council of the EU adopted its Recommendation "
                      "on fair pay for trainees in 2022, unions were pleased.")
    assert rec.attrs["issuer"] == "Council of the EU"


def test_a_body_owning_the_title_is_its_issuer(cleaner, extractor):
    (plan,) = policies(cleaner, extractor, "Grants follow the Oregon Water Resources Board's 2023 "
                       "Drought Plan for Rural Counties in every district.")
    assert (plan.text, plan.attrs["issuer"]) == (
        "2023 Drought Plan for Rural Counties", "Oregon Water Resources Board")
    (act,) = policies(cleaner, extractor, "Members welcomed Alberta's Cooperatives Act 2001.")
    assert act.attrs["issuer"] is None


def test_a_short_name_owned_by_another_place_is_another_policy(cleaner, extractor):
    found = titles(cleaner, extractor, "The council approved the Lakeside Fair Hiring Ordinance "
                   "on Monday.\n\nIt is modeled on Denver's Fair Hiring Ordinance, passed in "
                   "2018.\n\n"
                   "The Fair Hiring Ordinance starts in May.")
    assert found == ["Lakeside Fair Hiring Ordinance", "Fair Hiring Ordinance"]


def test_english_name_word_lists_come_from_the_lexicon():
    from cominer.extract.policies import PolicyCues

    cues = PolicyCues.from_lexicon({"posts": ["Warden"], "owner_bodies": ["Guild"],
                                    "official_words": ["[Mm]unicipal"],
                                    "not_programme_words": ["Bursar(?:y|ies)"],
                                    "not_title_starts": ["Gazette\\s+of"], "body_words": ["Guild"]})
    assert cues.post_of_head.fullmatch("Warden of Policy")
    assert cues.owner_bodies.search("Weavers Guild") and not cues.owner_bodies.search("Guildford")
    assert cues.official_words.search("a municipal scheme")
    assert cues.not_programme_words.search("Youth Bursary Programme")
    assert cues.not_title_start.match("Gazette of Acts") and cues.body_words.search("The Guild")
    assert PolicyCues.from_lexicon({}).post_of_head is None
