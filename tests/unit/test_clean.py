"""Each cleaning step, on small texts written for the test (plain text: no trafilatura)."""

import re

import pytest

from cominer.corpus.clean import CleanConfig, Cleaner

from damage import damage_at
from rawdocs import raw_html, raw_text

ARTICLE_ZH = ("在街道党工委的统筹下，社区居委会通过公开招募引入企业和社会组织，"
              "共同设计社区服务项目，并由居民代表参与评估，形成了多方协作的治理格局。")
ARTICLE_EN = ("The council invited residents, local charities and two small firms to co-design the "
              "new youth service, and the same group meets every quarter to review how it works.")


def reasons(doc):
    return {r.reason for r in doc.removed}


def assert_bookkeeping(doc):
    """Offsets of cuts, repairs and paragraphs always point at what they claim."""
    assert len(doc.text_search) == len(doc.text)
    for cut in doc.removed:
        assert doc.main_text[cut.start:cut.end] == cut.text
        assert 0 <= cut.at <= len(doc.text)
    for fix in doc.repaired:
        assert doc.main_text[fix.start:fix.end] == fix.before
        assert doc.text[fix.at:fix.at + len(fix.after)] == fix.after
    for p in doc.paragraphs:
        assert doc.text[p.start:p.end].strip() == doc.text[p.start:p.end] != ""
    assert "\n".join(doc.text[p.start:p.end] for p in doc.paragraphs) == doc.text


@pytest.mark.parametrize("noise, reason", [
    ("欧洲杯买球 足球投注 真人百家乐 澳门赌场 注册送彩金", "spam:gambling"),
    ("成人视频 在线观看 高清无码 美女直播", "spam:adult"),
    ("论文代写 代发论文 办证 刷单 快速排名", "spam:seo"),
    ("online casino | free spins | betting bonus | live roulette", "spam:gambling"),
    ("ставки на спорт казино онлайн фриспины", "spam:gambling"),
    ("cá cược bóng đá nhà cái uy tín nổ hũ", "spam:gambling"),
    ("咨询热线：400-888-8888", "contact"),
    ("Hotline: +1 800 555 0199", "contact"),
    ("Главная | Новости | Контакты | О проекте", "nav"),
    ("首页 > 新闻中心 > 社区治理", "nav"),
    ("Copyright © 2024 Example Media. All rights reserved.", "footer"),
    ("版权所有 © 某某网 京ICP备12345678号", "footer"),
    ("作者：李明 来源：本站 2024-05-12", "byline"),
    ("Tác giả: Nguyễn Văn An", "byline"),
])
def test_noise_lines_are_removed_with_their_reason(cleaner, noise, reason):
    doc = cleaner.clean(raw_text(f"{ARTICLE_ZH}\n{noise}\n{ARTICLE_EN}"))
    assert reason in reasons(doc)
    assert noise not in doc.text
    assert ARTICLE_ZH in doc.text and ARTICLE_EN in doc.text
    assert_bookkeeping(doc)


def test_related_list_goes_until_the_next_paragraph(cleaner):
    text = (f"{ARTICLE_ZH}\n相似文献\n社区治理中的多元参与研究\n基层公共服务合作生产初探\n"
            f"{ARTICLE_EN}")
    doc = cleaner.clean(raw_text(text))
    assert "相似文献" not in doc.text and "合作生产初探" not in doc.text
    assert [r.reason for r in doc.removed] == ["related-list"] * 3
    assert ARTICLE_EN in doc.text


@pytest.mark.parametrize("marker", ["Comments (3)", "Комментарии", "Bình luận", "网友评论"])
def test_comment_sections_are_removed(cleaner, marker):
    text = f"{ARTICLE_EN}\n{marker}\nGreat article, thanks!\nAgree with the author."
    doc = cleaner.clean(raw_text(text))
    assert doc.text == ARTICLE_EN
    assert reasons(doc) == {"comments"}


def test_injected_pinyin_is_cut_but_real_brackets_stay(cleaner):
    line = "社區(qū)合夥人模式（服務提供者）已在成都推廣，社會資本合作(PPP)項目也發(fā)展迅速。"
    doc = cleaner.clean(raw_text(line))
    assert doc.text == "社區合夥人模式（服務提供者）已在成都推廣，社會資本合作(PPP)項目也發展迅速。"
    assert [r.text for r in doc.removed] == ["(qū)", "(fā)"]
    assert {r.reason for r in doc.removed} == {"pinyin"}
    assert_bookkeeping(doc)


def test_repeated_sentences_and_paragraphs_are_dropped(cleaner):
    sentence = "社区基金由居民代表共同管理并定期公开账目。"
    other = "街道每年组织一次项目评估，邀请高校研究团队和居民代表共同参与，评估结果向全体居民公开。"
    text = (f"{ARTICLE_ZH}\n{sentence}{other}\n{ARTICLE_ZH}\n"
            f"另有新内容，志愿者团队负责日常的巡查和记录工作。{sentence}")
    doc = cleaner.clean(raw_text(text))
    assert doc.text.count(sentence) == 1 and doc.text.count(ARTICLE_ZH) == 1
    assert reasons(doc) == {"duplicate"}
    assert_bookkeeping(doc)


def test_gbk_shift_mojibake_is_repaired_and_real_question_marks_stay(cleaner):
    original = ("居民为什么愿意参与?因为项目回应了他们的需求。该街道把这种做法称为共建共享。"
                "“社区合伙人”模式由此在全区推广，2023年覆盖了12个社区。")
    pos = original.index("。“")
    damaged = damage_at(original, pos, pinyin_after=4)
    assert damaged != original and "(qū)" in damaged
    doc = cleaner.clean(raw_text(damaged))
    assert doc.text == original
    assert [r.reason for r in doc.repaired] == ["mojibake:gbk-shift"]
    assert_bookkeeping(doc)


def test_clean_text_is_left_alone(cleaner):
    doc = cleaner.clean(raw_text(f"{ARTICLE_ZH}\n{ARTICLE_EN}"))
    assert doc.text == f"{ARTICLE_ZH}\n{ARTICLE_EN}"
    assert doc.removed == [] and doc.repaired == []


def test_cleaning_is_idempotent(cleaner, samples_dir):
    for path in sorted(samples_dir.glob("*.html"))[:6]:
        from cominer.corpus.sources import InputConfig, iter_raw_docs

        first = cleaner.clean(next(iter_raw_docs([path], InputConfig())))
        again = cleaner.clean(raw_text(first.text))
        assert again.text == first.text, path.name


def test_steps_can_be_switched_off():
    keep_all = Cleaner(CleanConfig(remove_spam=False, remove_contacts=False, spam_model=False))
    doc = keep_all.clean(raw_text(f"{ARTICLE_ZH}\n欧洲杯买球 足球投注 真人百家乐 澳门赌场"))
    assert "欧洲杯买球" in doc.text


def test_languages_scripts_and_search_form(cleaner):
    text = ("社區居委會與企業共同設計服務項目，居民參與評估。\n"
            "Органы местного самоуправления и НКО совместно оценивают услуги.\n"
            "Người dân và doanh nghiệp cùng đồng thiết kế dịch vụ công.\n" + ARTICLE_EN)
    doc = cleaner.clean(raw_text(text))
    assert [p.lang for p in doc.paragraphs] == ["zh", "ru", "vi", "en"]
    assert doc.paragraphs[0].script == "Hant"
    assert doc.text_search.startswith("社区居委会与企业共同设计服务项目")
    assert doc.text.startswith("社區居委會")


def test_bilingual_paragraphs_are_paired(cleaner):
    pairs = [
        ("Chính quyền thành phố mời người dân cùng thiết kế dịch vụ công tại phường.",
         "The city authorities invited residents to co-design public services in the ward."),
        ("Doanh nghiệp đóng góp năm phần trăm lợi nhuận vào quỹ cộng đồng hằng năm.",
         "Businesses contribute five per cent of profit to the community fund every year."),
    ]
    doc = cleaner.clean(raw_text("\n".join(line for pair in pairs for line in pair)))
    assert [p.lang for p in doc.paragraphs] == ["vi", "en", "vi", "en"]
    assert [p.pair for p in doc.paragraphs] == [1, 0, 3, 2]


def test_html_pages_keep_title_and_metadata(cleaner):
    body = ("<div class='nav'><a href='/'>Home</a> | <a href='/news'>News</a></div><article>"
            "<h1>Residents co-design a youth service</h1>"
            f"<p>{ARTICLE_EN}</p><p>{ARTICLE_EN.replace('youth', 'senior')}</p></article>")
    doc = cleaner.clean(raw_html(body, title="Residents co-design a youth service"))
    assert doc.title == "Residents co-design a youth service"
    assert doc.text.split("\n")[0] == "Residents co-design a youth service"
    assert doc.lang == "en"
    assert re.search("co-design the new youth service", doc.text)


SPUN_EN = ("Finally, the council publishes the results online. First, residents list the "
           "problems of their street. Second, volunteers and council officers visit each site.")
ORDERED_EN = ("First, the trust asks tenants which repairs matter most. Second, a panel of "
              "tenants scores the bids. Finally, the winning firm reports to the panel each month.")


def test_spinner_shuffled_paragraph_is_flagged_and_kept(cleaner):
    doc = cleaner.clean(raw_text(f"{SPUN_EN}\n{ORDERED_EN}\n{ARTICLE_EN}"))
    assert [p.flags for p in doc.paragraphs] == [["spun"], [], []]
    assert SPUN_EN in doc.text  # flagged, not removed


def test_spun_flag_in_other_languages(cleaner):
    zh = ("最后，由居民代表对项目进行评估。首先，社区居委会公开招募合作企业。"
          "其次，双方共同设计服务方案。")
    ru = ("Наконец, жители оценивают результат. Во-первых, администрация объявляет конкурс. "
          "Во-вторых, НКО и жители вместе проектируют услугу.")
    doc = cleaner.clean(raw_text(f"{zh}\n{ru}"))
    assert [p.flags for p in doc.paragraphs] == [["spun"], ["spun"]]


def test_near_duplicate_sentence_with_same_figures_goes(cleaner):
    first = "社区基金由居民代表委员会共同管理，并每季度公开一次账目，2023年共支出12万元。"
    near = "社区基金由居民代表委员会一起管理，并每季度公开一次账目，2023年共支出12万元。"
    other = "社区基金由居民代表委员会共同管理，并每季度公开一次账目，2024年共支出15万元。"
    doc = cleaner.clean(raw_text(
        f"{ARTICLE_ZH}{first}\n另有新内容，志愿者团队负责日常的巡查和记录工作。{near}\n"
        f"街道每年组织一次项目评估，邀请高校研究团队参与。{other}"))
    assert near not in doc.text and first in doc.text and other in doc.text
    assert [r.reason for r in doc.removed] == ["duplicate"]


@pytest.mark.parametrize("original", [
    "Органы местного самоуправления и НКО совместно оценивают услуги.",
    "Chính quyền phường và người dân cùng đánh giá dịch vụ công.",
    "The municipality’s “co-production” café pays 20% of profit to the fund.",
])
def test_utf8_read_as_latin1_is_repaired(cleaner, original):
    broken = original.encode("utf-8").decode("cp1252", errors="replace")
    if "\ufffd" in broken:  # bytes cp1252 cannot show: read them as Latin-1 instead
        broken = original.encode("utf-8").decode("latin-1")
    doc = cleaner.clean(raw_text(broken))
    assert doc.text == original
    assert [r.reason for r in doc.repaired] == ["mojibake:ftfy"]
    assert_bookkeeping(doc)


@pytest.mark.parametrize("spam", [
    "Играй и выигрывай каждый день — бонус на первый депозит",
    "Get 10,000 followers for your page today, cheap and fast",
    "Vay tiền online không cần thế chấp, duyệt trong 5 phút",
])
def test_the_spam_line_model_catches_what_the_lists_miss(cleaner, spam):
    assert cleaner.lexicon.spam.find(spam) == []
    doc = cleaner.clean(raw_text(f"{ARTICLE_EN}\n{spam}\n{ARTICLE_ZH}"))
    assert [r.reason for r in doc.removed] == ["spam:model"]
    assert doc.text == f"{ARTICLE_EN}\n{ARTICLE_ZH}"


def test_chinese_lines_injected_into_a_foreign_page_go(cleaner):
    injected = "社区治理中的多元协同研究 《行政论坛》2008年"
    doc = cleaner.clean(raw_text(f"{ARTICLE_EN}\n{injected}\n{ORDERED_EN}"))
    assert injected not in doc.text
    assert [r.reason for r in doc.removed] == ["spam:foreign-script"]
    mixed = cleaner.clean(raw_text(f"{ARTICLE_ZH}\n{injected}\n{ARTICLE_EN}"))
    assert injected in mixed.text  # on a Chinese page it is ordinary text


def test_a_sentence_with_a_phone_number_stays(cleaner):
    line = ("For details on the home-care pilot, residents can call the council's service "
            "desk, phone 0161 496 0000, on weekdays between nine and five.")
    doc = cleaner.clean(raw_text(f"{ARTICLE_EN}\n{line}"))
    assert line in doc.text and doc.removed == []


def test_a_hotline_at_the_end_of_a_sentence_is_cut_from_it(cleaner):
    line = "社区基金的申请指南已在街道网站公布，合作热线：4006-123-456"
    doc = cleaner.clean(raw_text(f"{ARTICLE_ZH}\n{line}"))
    assert "社区基金的申请指南已在街道网站公布" in doc.text and "4006" not in doc.text
    assert [r.reason for r in doc.removed] == ["contact"]


def test_a_see_also_line_does_not_eat_the_rest_of_the_page(cleaner):
    items = "\n".join(f"Item {n}" for n in range(14))
    text = f"{ARTICLE_EN}\nSee also\n{items}"
    doc = cleaner.clean(raw_text(text))
    assert "Item 13" in doc.text and "Item 0" not in doc.text


def test_a_comment_thread_without_its_heading_goes(cleaner):
    thread = ("reader42 2019-01-26\nGreat read, thanks for sharing!\n小王 2023-07-08\n"
              "Totally agree with the author here.")
    doc = cleaner.clean(raw_text(f"{ARTICLE_EN}\n{thread}\n{ORDERED_EN}"))
    assert doc.text == f"{ARTICLE_EN}\n{ORDERED_EN}"
    assert {r.reason for r in doc.removed} == {"comments"}


def test_a_dated_byline_before_the_article_is_not_a_comment_thread(cleaner):
    doc = cleaner.clean(raw_text(f"Anna Petrova 2024-03-18\n{ARTICLE_EN}\n{ORDERED_EN}"))
    assert ARTICLE_EN in doc.text and ORDERED_EN in doc.text
    assert "comments" not in {r.reason for r in doc.removed}


def test_a_marker_glued_to_the_end_of_an_abstract_is_cut(cleaner):
    abstract = ("本文以三个城市的社区为样本，考察社区合伙人机制中的收益分配与公益约束，发现多数社区"
                "要求合作企业将营业收入的一部分返还社区基金。")
    doc = cleaner.clean(raw_text(f"{abstract} 相似文献\n{ARTICLE_EN}"))
    assert doc.text == f"{abstract}\n{ARTICLE_EN}"
    assert [r.reason for r in doc.removed] == ["related-list"]
    assert_bookkeeping(doc)


def test_spinning_an_article_breaks_its_footnote_order(cleaner):
    paragraphs = [
        "合作生产的概念最早来自公共服务研究[1]，后来被用于社区治理[2]。",
        "在社区层面，居民与社会组织共同设计服务项目，居委会负责组织协调[3]。",
        "评估环节由第三方机构和居民代表共同完成，结果向社会公开[4][5]。",
    ]
    ordered = cleaner.clean(raw_text("\n".join(paragraphs)))
    assert all(p.flags == [] for p in ordered.paragraphs)
    # the spinner moves the last paragraph to the front and swaps two sentences
    first, second = paragraphs[0].split("，", 1)
    swapped = f"{second.rstrip('。')}，{first}。"
    spun = [paragraphs[2], swapped, paragraphs[1]]
    doc = cleaner.clean(raw_text("\n".join(spun)))
    assert [p.flags for p in doc.paragraphs] == [[], ["spun"], ["spun"]]
    assert doc.text == "\n".join(spun)  # flagged, never removed


def test_a_sentence_ending_in_a_marker_word_keeps_it(cleaner):
    line = ("The evaluation panel reviewed every bid, and the tenants' scheme is the one most "
            "often read more than once and recommended")
    doc = cleaner.clean(raw_text(f"{ARTICLE_EN}\n{line}"))
    assert line in doc.text
