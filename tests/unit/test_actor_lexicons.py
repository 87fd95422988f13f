"""Actor and stage lexicon conventions (annotations/gold/dev/README.md): what is an actor of
which label, in each language."""

from __future__ import annotations

import pytest


def actors(cleaner, extractor, text: str) -> set[tuple[str, str]]:
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text(text))
    return {(f.text, f.label) for f in extractor.extract(doc) if f.type == "actor"}


def test_a_bare_fund_is_a_pot_of_money_not_an_actor(cleaner, extractor):
    found = actors(cleaner, extractor,
                   "Жители создали общий фонд благоустройства. Компания ежегодно перечисляет "
                   "в фонд десять процентов прибыли, а совет дома распоряжается средствами фонда.")
    assert not any(label == "social_org" for _, label in found)


def test_a_fund_named_in_the_document_is_referred_back_to(cleaner, extractor):
    found = actors(cleaner, extractor,
                   "Благотворительный фонд «Светлый дом» помогает пожилым людям. В марте фонд "
                   "провёл опрос жителей, и жители оценили работу фонда.")
    assert ("фонд", "social_org") in found
    assert ("фонда", "social_org") in found


@pytest.mark.parametrize("text, expected", [
    ("Social enterprises and local charities run the hub.", ("Social enterprises", "enterprise")),
    ("The Hanoi People's Committee approved the plan.", ("People's Committee", "government")),
    ("The Riverside Council for Voluntary Service joined the board.",
     ("Council for Voluntary Service", "social_org")),
    ("Городской совет ветеранов поддержал проект.", ("Городской совет ветеранов", "social_org")),
    ("县慈善总会动员了十二家爱心企业。", ("慈善总会", "social_org")),
    ("一家咖啡馆把收入的一成交给基金会。", ("咖啡馆", "enterprise")),
    ("МКУ «Центр поддержки местных инициатив» помог жителям.", ("МКУ «Центр", "government")),
    ("ИП Соколова открыла пекарню.", ("ИП", "enterprise")),
    ("Совет передал средства ТОСу.", ("ТОСу", "community_committee")),
])
def test_label_conventions(cleaner, extractor, text, expected):
    found = actors(cleaner, extractor, text)
    assert any(expected[0] in t and label == expected[1] for t, label in found), found


def test_a_place_name_stops_at_the_end_of_the_previous_body(cleaner, extractor):
    found = actors(cleaner, extractor, "县民政局会同县财政局建立季度检查制度。")
    assert ("县财政局", "government") in found
    assert not any("会同" in t for t, _ in found)


@pytest.mark.parametrize("text, word", [
    ("Income is about 30% below the city average.", "the city"),
    ("The scheme is run by a nine-member board.", "board"),
])
def test_over_general_words_are_not_actors(cleaner, extractor, text, word):
    assert not any(t == word for t, _ in actors(cleaner, extractor, text))


@pytest.mark.parametrize("text, expected", [
    ("Experts from the University of Fairfield trained the panel.",
     ("Experts from the University", "academia")),
    ("Эксперты Тверского государственного университета подготовили отчёт.",
     ("Эксперты Тверского государственного университета", "academia")),
    ("Các chuyên gia của Đại học Kinh tế sẽ đánh giá dự án.",
     ("chuyên gia của Đại học", "academia")),
])
def test_a_member_joined_to_its_body_is_one_actor_of_the_body(cleaner, extractor, text,
                                                               expected):
    found = actors(cleaner, extractor, text)
    assert [label for t, label in found if expected[0] in t] == [expected[1]], found


def test_actors_joined_by_and_stay_two(cleaner, extractor):
    found = actors(cleaner, extractor, "Жители и подрядчики вместе с экспертами работали.")
    assert {label for _, label in found} >= {"citizen", "enterprise"}


def test_a_chinese_body_named_between_two_terms_is_one_actor(cleaner, extractor):
    found = actors(cleaner, extractor, "湖湘大学社会学院的师生团队参与了共同设计。")
    academia = [t for t, label in found if label == "academia"]
    assert len(academia) == 1 and academia[0].endswith("大学社会学院的师生团队"), found


def test_chinese_bodies_joined_by_a_conjunction_or_verb_stay_two(cleaner, extractor):
    found = actors(cleaner, extractor, "区民政局会同区财政局和街道办事处开展检查。")
    assert len([t for t, label in found if label == "government"]) == 3, found


@pytest.mark.parametrize("text, word", [
    ("Аудитория встречи была пассивной.", "Аудитория"),
    ("Специалисты опасаются размывания профессиональных стандартов.", "профессиональных"),
    ("社区老年人口占比较高。", "老年人"),
    ("В учебные материалы добавили крупный шрифт.", "материалы"),
    ("Школьный двор засадили клубникой.", "Школьный"),
    ("Это психологическая поддержка и гражданское участие.", "психологическая"),
])
def test_stems_do_not_match_other_words(cleaner, extractor, text, word):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text(text))
    assert word not in {f.text for f in extractor.extract(doc) if f.type in ("actor", "stage")}


def test_a_manager_title_is_an_actor_not_a_management_stage(cleaner, extractor):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text("Các cán bộ quản lý của phường đã họp với người dân."))
    facts = {(f.text, f.type) for f in extractor.extract(doc)}
    assert ("cán bộ quản lý", "actor") in facts and ("quản lý", "stage") not in facts


def test_russian_nouns_written_as_lemmas_find_every_inflection(cleaner, extractor):
    found = actors(cleaner, extractor, "Учителя школы и врачи поликлиники помогали матерям.")
    assert {("Учителя", "professional"), ("школы", "government"), ("матерям", "citizen")} <= found
