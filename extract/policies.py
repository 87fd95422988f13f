"""Policy references: quoted titles (《》 〈〉 «» “”) and named laws, decrees and standards.

Journal, newspaper and book titles are told apart by reference marks ([J], [N] …), by endings
(日报, 学报 …) and by the lack of a document-type word. Short back-references (《意见》,
"the Procurement Act") become `mentions` of the full title they refer to. `describe_policy`
fills issuer, year, number and jurisdiction from the sentence. Cue words are data:
`extract/lexicons/<lang>.yaml`, key `policies`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .terms import TermMatch, compile_terms, term_regex

ZH_TITLE = re.compile(r"《([^《》]{2,120})》")
# A place (and 中共) in front of a body: 中共成都市委, 成都市人民政府.
ZH_CHAR = r"(?:(?![年月日和与及由在将对向从经])[\u4e00-\u9fff])"
ZH_PLACE_BEFORE = re.compile(rf"(?:中共{ZH_CHAR}{{2,4}}|{ZH_CHAR}{{2,4}}[省市区县州])$")
ZH_PLACE_START = re.compile(r"(?:中共)?(?!关于|中华)([\u4e00-\u9fff]{2,6}?[省市区县])(?!长)")
ZH_TITLE_ISSUER = re.compile(r"^([\u4e00-\u9fff、 ]{2,24}?)关于")
ZH_HEADLINE = re.compile(r"^[\u4e00-\u9fff、 ]{0,24}关于[^，。；《》]{2,60}的[\u4e00-\u9fff]{2,4}$")
ZH_INNER = re.compile(r"〈([^〈〉]{2,120})〉")
ZH_CORNER = re.compile(r"「([^「」]{2,60})」")
ZH_TRAILER = re.compile(
    r"[（(](?:试行|暂行|修订|修正|草案|修订草案|征求意见稿|试行稿|送审稿|\d{4}年(?:修订|修正)?版?|"
    r"\d{4}\s*[-—–～~至]\s*\d{4}\s*年?)[)）]$")
ZH_VERSION = re.compile(r"(?:\d+(?:\.\d+)*|[（(]\d{4}[)）])$")
ZH_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}(?:〔\d{4}〕|\[\d{4}\]|\(\d{4}\)|令第)\s*\d+\s*号")
# Words before a bare document number that are not part of its issuer code (印发了民发〔2017〕…).
ZH_NUMBER_LEAD = re.compile(r"^.*(?:印发|发布|下发|出台|转发|了|的|和|与|及|按照|根据|依据|依照|"
                            r"即|以|见|由|将|对|在|据|照|是|为|于|、)")
# An unquoted 关于…的意见 title with its number in brackets
# (国务院办公厅关于…的意见（国办发〔2019〕5号）).
ZH_UNQUOTED_NUMBERED = re.compile(r"关于[^，,。；;：:《》“”（()）〈〉]{2,60}?的[\u4e00-\u9fff]{2,6}"
                                  r"(?=[（(][^（()）]{0,12}(?:〔\d{4}〕|\[\d{4}\]|\(\d{4}\)|令第))")
# An unquoted 关于…的意见 title without a number, ending before punctuation or the verb that
# cites it (根据国务院关于促进慈善事业健康发展的指导意见，…); taken only after a body's name.
ZH_UNQUOTED_TITLE = re.compile(r"关于[^，,。；;：:《》“”（()）〈〉]{2,60}?的[\u4e00-\u9fff]{2,6}?"
                               r"(?=[，,。；;、（(]|精神|要求|提出|明确|指出|强调|规定)")
# Verbs that lead into a cited title and so end the words before its body.
ZH_CITING_VERB = re.compile(r".*(?:根据|按照|依据|依照|落实|贯彻|印发|发布|出台|下发|转发|执行|"
                            r"了|的|和|与|及)")
# Verbs by which a body issues a title, so that one without the body's name still is one.
ZH_ISSUED_BEFORE = re.compile(r"(?:印发|发布|出台|下发|颁布)了?$")
# A body's name right before 关于 in an unquoted title (广州市民政局关于印发…的通知).
ZH_BODY_BEFORE = re.compile(r"[\u4e00-\u9fff]{2,20}?(?:人民政府办公厅|人民政府办公室|人民政府|"
                            r"办公厅|办公室|委员会|局|厅|部|委|院)$")
ZH_NOT_BODY = re.compile(r"印发|发布|根据|按照|依据|出台|转发|制定")
# A title in “” after an issuing verb (民政部印发“关于…的意见”).
ZH_QUOTED_TITLE = re.compile(r"(?:印发|发布|出台|下发|颁布|制定|转发)了?“(关于[^“”]{4,80}?)”")
# Words after a 《》 title that make it an article, book or programme (《…新办法》一文).
ZH_WORK_AFTER = re.compile(r"一文|一书|书中|栏目|节目|专栏|纪录片|专题片|的报道|报道称|杂志")
# A type word right after 新 is a headline's ("出台社区养老新政策"), no document's own name.
ZH_HEADLINE_NEW = re.compile(r"新(?:政策|办法|规定|规划|计划|方案|措施|政)$")
# A law's implementing regulation, written right after its name (政府采购法实施条例) or as
# 其实施条例 after it: a document of its own.
ZH_IMPLEMENTING = re.compile(r"实施(?:条例|细则|办法)")
ZH_ITS_IMPLEMENTING = re.compile(r"(?<=其)实施(?:条例|细则|办法)")
# The metadata field of a page's own document number (发文字号：…): the page, not a citation.
ZH_NUMBER_FIELD = re.compile(r"(?:发文字号|文号)\s*[：:]\s*$")
# Named laws and regulations are searched only where one of these is written.
ZH_LAW_CUE = re.compile("法|条例")
ZH_NAMED_LAW = re.compile(
    r"(?<![《〈])中华人民共和国[\u4e00-\u9fff]{1,16}?法典?(?![\u4e00-\u9fff]*》)"
    r"(?![律规院官人])")
# Not inside a Latin word or number; a Chinese character may come right before (须通过GB/T …).
STANDARD = re.compile(
    r"(?<![^\W\u3400-\u9fff]|/)(?:(?:TCVN|ГОСТ\s+Р|ГОСТ|GOST\s+R|GOST|BS\s+EN|BS|GB/T|GB)\s+)?(?:ISO\s+|ИСО\s+)?"
    r"(?:ISO(?:/IEC)?|ИСО|TCVN|ГОСТ\s+Р|ГОСТ|GOST\s+R|BS\s+EN|BS|GB/T|GB|SA(?=\s?8000))\s?"
    r"\d{3,5}(?:[.\-]\d+)?(?::\d{4}|[\-—]\d{4})?(?![\d])")
ZH_STANDARD_BEFORE = re.compile(rf"({STANDARD.pattern})\s*$")
# （GB/T 35796-2017） or （2017年修订） right after a Chinese title: its number or its year.
ZH_BRACKET_AFTER = re.compile(rf"[（(]\s*(?:({STANDARD.pattern})|"
                              r"((?:19|20)\d{2})年(?:修订|修正)?版?)\s*[)）]")
# «…», also with one quoted name inside («О внесении изменений в закон «О …»») and the
# other quote marks Russian texts use („…“, “…”).
RU_TITLE = re.compile(r"«((?:[^«»]|«[^«»]*»){3,600})»|„([^„“”]{3,300})[“”]|“([^“”]{3,300})”")
RU_APPROVED_BY = re.compile(r"[»,\s]*(?:утвержд|принят)\w*[^«»№.]{0,80}?от\s+\d{1,2}"
                            r"(?:\.\d{1,2}\.|\s+[а-я]{3,8}\s+)(\d{4})(?:\s*г\.)?\s*№\s*([\w\-/]+[\w])")
# Words that make a programme or project an official one (государственная программа края).
OFFICIAL = re.compile(r"(?:государствен|муниципальн|федеральн|региональн|национальн|областн|краев|"
                      r"городск|кра[яею]\b|област|района|города)\w*", re.I)
# The state or a ministry as the subject that runs a programme (Государство … по программе «…»).
RU_STATE_RUNS = re.compile(r"(?<!\w)(?:[Гг]осударств[оау]|[Пп]равительств[оау]|[Мм]инистерств[оау]|"
                           r"Минфин\w*|Минэкономразвития|Минстро[йя]\w*)(?!\w)")
# The words of an amending act's title before the act it amends (внесении изменений в пункт 4 …).
RU_AMENDS_BEFORE = re.compile(r"изменени\w*\s+в(?:\s+(?:пункт|подпункт|стать|част|раздел|"
                              r"приложени)\w*\s+[\d.]+(?:\s+и\s+[\d.]+)?)?\s+$")
RU_APPROVAL_BEFORE = re.compile(r"»[^«»]{0,12}(?:утвержд|принят)\w*\s+$")
RU_NUMBER = re.compile(r"№\s*([\w\-/.]+[\w])")
# A document type written with a capital mid-sentence names an unquoted title (утвердило
# Порядок заключения соглашений …), up to the end of the clause.
# In any case (по Положению о …, с Концепцией …, в Методических рекомендациях по …); a part in
# brackets belongs to the title (Концепция развития добровольчества (волонтерства)); a comma
# ends it (… в городском округе, 68% участников …).
RU_DOC_WORD = (r"Поряд(?:ок|ка|ку|ком|ке)|Положени(?:е|я|ю|ем|и)|Правил(?:а|ам|ами|ах)?|"
               r"Стратеги(?:я|ю|и|ей)|Программ(?:а|ы|у|ой|е)|Концепци(?:я|ю|и|ей)|"
               r"Регламент(?:а|у|ом|е)?|Стандарт(?:а|у|ом|е)?|"
               r"Методическ(?:ие|их|им|ими)\s+рекомендаци(?:и|й|ям|ями|ях)")
RU_TITLE_PART = r"(?:[^.;:,«»()!?]|\([^.;:«»()!?]{1,60}\))"
# The word after the document word is a preposition or a genitive (Порядок предоставления,
# Стандартом качества), not a new clause's subject (с Порядком нецелевое использование …).
RU_UNQUOTED = re.compile(
    rf"(?<=[а-яё,]\s)((?:{RU_DOC_WORD})\s+(?:(?:о|об|по|для)\s+{RU_TITLE_PART}{{3,200}}|"
    rf"[а-яё]+(?:-[а-яё]+)*(?:ия|ии|ого|его|ой|ей|ых|их|ов|ев|ий|а|я|ы|и)\b"
    rf"{RU_TITLE_PART}{{5,200}}))")
# Words after an unquoted title that are no longer part of it (…, утверждённое думой; в новой
# редакции; и на региональную программу …: a second object of the verb).
RU_UNQUOTED_END = re.compile(r",?\s+(?:утвержд|принят|одобрен|действующ|вступивш)\w*\b.*$|"
                             r"\s+в\s+(?:новой|действующей|прежней|последней)\s+редакции\b.*$|"
                             r"\s+и\s+(?:на|в|во|по|к|ко|с|со|для|от|из|у)\s.*$")
# «…», — сказал он: a quote followed by a dash is speech, not a title.
RU_SPEECH_AFTER = re.compile(r"[,!?…]\s*[—–]\s")
# A federal law named by its number alone (читали 131-ФЗ).
RU_BARE_LAW = re.compile(r"(?<![\w№/\-])(?<!№\s)\d{1,4}-ФЗ\b")
# An order or resolution of a named body with its date and number (приказом Минэкономразвития
# от 29.11.2019 № 773).
RU_BODY_NUMBERED = re.compile(
    r"(?<![\w«])(?:[Пп]риказ|[Пп]остановлени|[Рр]аспоряжени|[Рр]ешени|[Уу]каз)\w*"
    r"\s+[А-ЯЁ][\w\-]*(?:\s+[\w\-]+){0,5}?"
    r"\s+от\s+\d{1,2}(?:\.\d{1,2}\.|\s+[а-я]{3,8}\s+)\d{4}(?:\s*(?:г\.|года))?\s+№\s*[\w\-/]+[\w]")
RU_CODE = re.compile(r"(?<![\w«])(?:(?:[А-ЯЁ][а-яё]+(?:ый|ий|ой|ого|ому|ым|ом|ая|ую)\s+)"
                     r"кодекс(?:а|ом|е|у)?|Конституци(?:я|и|ей|ю))"
                     r"(?:\s+(?:Российской\s+Федерации|РФ))?")
RU_NUMBERED = re.compile(
    r"(?<![\w«])(?:[Фф]едеральн\w+\s+закон\w*|[Зз]акон\w*|[Уу]каз\w*\s+Президента"
    r"(?:\s+(?:РФ|Российской\s+Федерации))?"
    r"|(?:[Пп]остановлени|[Рр]аспоряжени)\w+\s+Правительства(?:\s+(?:РФ|Российской\s+Федерации))?)"
    r"(?:\s+от\s+\d{1,2}(?:\.\d{1,2}\.|\s+[а-я]{3,8}\s+)\d{4}(?:\s*(?:г\.|года))?)?"
    r"\s+№\s*[\w\-/]+[\w]")
# “…”, "…" and British ‘…’ (whose closing mark is also the apostrophe, so none inside).
QUOTED = re.compile(r"[“\"]([^”\"“]{3,200})[”\"]|(?<![\w’])‘([^‘’]{3,200})’(?!\w)")
# A year may open or sit inside a name (2022 Scoping Plan …, Calder Forward 2040 Plan) when a
# capitalised word follows it.
WORD_TITLE_CAP = (r"(?:[A-Z][\w'’\-]*|\([A-Z][\w\s,.'’\-]*\)|UK|EU|\d{1,2}(?:st|nd|rd|th)|"
                  r"(?:19|20)\d{2}(?=\s+[A-Z][a-z]))")
WORD_TITLE_LINK = r"(?:of|on|and|for|the|in|to|under|a|an|at|with|&|etc\.)"
EN_HEADS = (r"Acts?|Bill|Code|Regulations?|Order|Directive|Decree|Strategy|Framework|Plan|Policy|"
            r"Guidance|Guidelines|Standards?|Charter|Program(?:me)?|Initiative|Statement|Note|Model|Principles|Rules|"
            r"Law|Agenda|White\s+Paper|Green\s+Paper|Resolution|Circular|Constitution|Convention|"
            r"Measure|Ordinances?")
MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December)")
# A capitalised word after the head makes it part of a name (Hartwell Policy Institute).
EN_NAME_GOES_ON = re.compile(r"\s+(?!(?:The|In|On|At|A|An|This|It|But|And)\b)[A-Z][a-z]")
EN_NAMED = re.compile(
    rf"(?<![\w’'])({WORD_TITLE_CAP}(?:\s+(?:{WORD_TITLE_CAP}|{WORD_TITLE_LINK}))*?\s+(?:{EN_HEADS}))"
    # Canadian statutes put a comma before the year (Not-for-Profit Corporations Act, 2010).
    r"(?:(?:(?:(?<=Act)|(?<=Acts)|(?<=Law)|(?<=Bill)|(?<=Code)|(?<=Ordinance))\s+of|,(?=\s+\d{4}(?:[,.;)]|\s+(?:and|or)\b|\s*$)))?\s+(\d{4})"
    r"(?:\s*[–\-]\s*\d{2,4}\b)?|"
    # "Plan of May 2020": a date, not a name.
    rf"\s+of\s+(?:the\s+)?(?!{MONTHS}\b)[A-Z][\w'’\-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’\-]*)*)?"
    r"(?![\w’'])")
EN_HEAD_TAIL = re.compile(rf"(?:\s+(?:[A-Z][\w'’\-]*|\([A-Z][\w\s,.'’\-]*\)))*?"
                          rf"\s+(?:{EN_HEADS})(?:\s+\d{{4}})?(?![\w’'])")
EN_LAW_ON = re.compile(
    rf"(?<![\w’'])((?:{WORD_TITLE_CAP}\s+){{0,4}}"
    rf"(?:Law|Decree|Resolution|Decision|Circular|Code|Regulations?|Standards|"
    rf"Statement|Charter|Strategy|(?:Action\s+)?Plan|Framework|Principles|Guidance|"
    rf"(?:Guiding\s+)?Opinions|Notice|Measures|Provisions|Rules|Guidelines|Programme|Policy|"
    rf"(?:White|Green)\s+Paper)"
    rf"\s+(?:on|of|(?<=Plan\s)for|(?<=Strategy\s)for|(?<=Framework\s)for|(?<=Guidance\s)for|"
    rf"(?<=Policy\s)for|(?<=Standards\s)for|(?<=Programme\s)for|"
    rf"(?<=Charter\s)for|"
    rf"(?<=Paper\s)for)"
    rf"\s+(?:the\s+)?(?!{MONTHS}\b){WORD_TITLE_CAP}(?:\s+(?:(?:of|on|for|the|in|under|to)"
    rf"\s+)*{WORD_TITLE_CAP}|\s+and\s+{WORD_TITLE_CAP})*"
    rf"(?:\s+(?:19|20)\d{{2}}(?:\s*[–\-]\s*(?:19|20)?\d{{2}})?(?![\d/]))?)")
EN_NUMBERED = re.compile(
    r"(?<![\w’'])(?:(?:Federal|Executive|Government|Ministerial|Prime\s+Minister's|Public|"
    r"Legislative|Presidential|Royal)\s+)?"
    r"(?:(?:Senate|House|Assembly)\s+Bill|Law|Decree|Resolution|Decision|Circular|Directive|Order|"
    r"Regulation|Procurement\s+Policy\s+Note(?:\s+PPN)?|PPN)\s+(?:\(EU\)\s+)?(?:No\.?\s*)?"
    r"(\d[\w/\-]*[\w]|[\w\-]*\d[\w/\-]*[\w]|\d)")
EN_LEADING = re.compile(r"^(?:(?:The|the|Under|under|and|of|for|on|in|to|a|an|A|An|This|this|"
                        r"Our|our|Its|its|Their|their|Both|both|New|new)\s+)+")
# Quotes holding these read as speech, not as a document's title.
PRONOUNS = re.compile(r"\b(?:I|we|We|you|You|my|me|us|is|are|was|were|will|has|have|had|can|"
                      r"must|should|do|does|did|it's|isn't|don't)\b")
VI_NUMBERED = re.compile(
    r"(?<![\w])(Nghị định|Quyết định|Thông tư liên tịch|Thông tư|Nghị quyết|Chỉ thị|Luật|"
    r"Kế hoạch|Công văn|Thông báo|Hướng dẫn|Pháp lệnh)\s+(?:số\s+)?"
    r"(\d+(?:/\d{4})?(?:/|-(?=[A-ZĐ]))[A-ZĐa-zđ0-9\-/]*[A-ZĐa-zđ0-9])")
# The number or date right after a law's name (Luật Đấu thầu số 22/2023/QH15; Luật … ngày 19
# tháng 6 năm 2015).
VI_LAW_NUMBER = re.compile(r"\s+số\s+(\d+/((?:19|20)\d{2})/[A-ZĐ0-9\-]*[A-ZĐ0-9])")
# A law's name runs until a word that starts the rest of the sentence (năm, số, do, được …).
VI_LAW = re.compile(
    r"(?<![\w])(?:Luật|Bộ luật|Hiến pháp|Đạo luật)(?=\s+[A-ZĐÀ-Ỹ])"
    # a name by acronym ends with it or its year (Luật BVMT 2020 yêu cầu …)
    r"(?:\s+[A-ZĐ]{2,8}(?:\s+(?:năm\s+)?(?:19|20)\d{2})?(?![\w/])|"
    r"(?:\s+\((?!Luật|Bộ luật)[A-ZĐÀ-Ỹ][^()]{1,40}\)|"
    r"\s+(?!năm\b|số\b|do\b|được\b|và\b|của\b|này\b|đã\b|có\b|ngày\b|quy\b|cũng\b|đang\b|"
    r"sẽ\b|là\b|thì\b|tại\b|khi\b|vào\b|để\b|về\b)"
    r"[\wÀ-ỹ\-]+){1,10})")
# A national technical regulation by its designation (QCVN 01-1:2018/BYT).
VI_QCVN = re.compile(r"(?<![\w/])QCVN\s+(\d{1,3}(?:-\d+)*:((?:19|20)\d{2})/[A-ZĐ][A-ZĐ\-]*)")
# A document type written with a capital after "Căn cứ" or mid-sentence after a lowercase word
# (Căn cứ Quy chế tổ chức …; xây dựng Hướng dẫn lồng ghép …; theo Quy ước khu phố …), up to a
# comma or the words that go on with the sentence (ban hành kèm theo, được … phê duyệt).
VI_UNQUOTED_CITED = re.compile(
    r"(?:(?<=Căn cứ\s)|(?<=[a-zà-ỹđ]\s))((?:Quy chế|Quy định|Quy ước|Hướng dẫn|Điều lệ|Đề án)\s+"
    r"[a-zà-ỹđ][^.;:,“”()!?\n]{12,200}?)"
    r"(?=\s+(?:ban hành|được|do|đã|sẽ|dự kiến|có hiệu lực)\b|[.;:,“”()!?\n]|$)")
# The subject a numbered document's title goes on with (Nghị định số … ngày … của Chính phủ quy
# định chi tiết … Luật Đấu thầu …; Luật số … sửa đổi, bổ sung … của Luật Quy hoạch, Luật …), up to
# the end of the clause: the laws named in it are part of that title, not facts of their own.
VI_SUBJECT = re.compile(
    r"(?:\s+ngày\s+\d{1,2}(?:/|\s+tháng\s+)\d{1,2}(?:/|\s+năm\s+)\d{4})?"
    r"(?:\s+của\s+[A-ZĐ][\wÀ-ỹ]*(?:\s+[\wÀ-ỹ]+){0,5}?)?"
    r"\s+(?:quy định|hướng dẫn|sửa đổi|về|phê duyệt)\b"
    r"[^.;:!?\n]*?(?=[.;:!?\n]|,\s+(?!bổ sung)[a-zà-ỹđ]|$)")
# A document type written with a capital mid-sentence names an unquoted title (ban hành
# Quyết định số … về Quy chế phối hợp giữa …), up to the end of the sentence.
VI_UNQUOTED = re.compile(
    r"(?<=\bvề\s)((?:Quy chế|Quy định|Đề án|Kế hoạch|Chiến lược|Chương trình|Quy hoạch)\s+"
    r"[a-zà-ỹđ][^.;:“”()!?]{15,200})")
VI_PROGRAMME = re.compile(
    r"(?<![\w])(?:Chương trình|Chiến lược|Đề án|Kế hoạch|Quy hoạch)\s+(?:tổng thể\s+)?"
    r"[\wÀ-ỹ ,]{5,100}?(?:giai đoạn\s+\d{4}\s*[–\-]\s*\d{4}|đến năm\s+\d{4})"
    r"(?:,?\s+tầm nhìn(?: đến)? năm\s+\d{4})?")
# A sentence-case title after the kind of document it is, closed by its code or year (with its
# edition) in brackets: "the Commission's guidance Charity reserves: building resilience (CC19)",
# "the guide Buying well – a guide to … (third edition, 2020)".
EN_SENTENCE_TITLE = re.compile(
    r"\b(?:guidance|guide|toolkit|handbook|code of practice)\s([A-Z][^.;()“”\"]{5,100}?)"
    r"\s+\((?:([A-Z]{1,5}\s?\d{1,4})|(?:[a-z][\w ]{2,24},\s*)?((?:19|20)\d{2}))\)")
# A title-case title after statutory guidance or a code of practice, ending in its edition's
# year: "the statutory guidance Working Together to Safeguard Children 2018".
EN_GUIDANCE_TITLE = re.compile(
    r"\b(?:statutory\s+guidance|code\s+of\s+practice),?\s+([A-Z][\w'’\-]*"
    r"(?:\s+(?:[A-Z][\w'’\-]*|of|in|to|and|for|the|on|a|with))*?\s+((?:19|20)\d{2}))(?![\w/])")
# An EU directive or regulation by its number alone (Directives 2014/24/EU and 2014/23/EU).
EU_NUMBER = re.compile(r"(?<![\w/])((?:19|20)\d{2})/\d{1,4}/(?:EU|EC|EEC)\b")
WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# What an official title adds after a designation's number (Directive 2014/24/EU of the
# European Parliament and of the Council of 26 February 2014 on public procurement): the
# enacting bodies, the date, then the subject introduced by one of these words.
DESIGNATION_BODIES = re.compile(r"\s+of\s+the\s+[A-Z][\w’'\-]*(?:\s+(?:of\s+)?[A-Z][\w’'\-]*)*"
                                r"(?:,?\s+and\s+of\s+the\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)*")
DESIGNATION_DATE = re.compile(rf",?\s+of\s+(?:\d{{1,2}}\s+{MONTHS}\s+|{MONTHS}\s+\d{{1,2}},?\s+)?"
                              r"((?:19|20)\d{2})(?![\w/\-])")
DESIGNATION_SUBJECT = re.compile(r"\s+(?:on|establishing|concerning|amending|laying\s+down|"
                                 r"relating\s+to|regarding|implementing|detailing|guiding)\s+"
                                 r"(?=[\w’'])")
SUBJECT_DATE_WORDS = frozenset(("by", "in", "from", "until", "before", "after", "since", "within",
                                "to", "for"))
# An EU or international recommendation named by its subject (the Council's Recommendation on
# developing social economy framework conditions).
EN_RECOMMENDATION = re.compile(r"(?<![\w’'])Recommendation\s+on\s+(?=[a-z])")
# The subject's words: up to punctuation or a bracket.
SUBJECT_RUN = re.compile(r"[\w’'\-]+(?:[ \t]+[\w’'\-]+)*")
# A title-case title after a designation, set off by a comma or in brackets (Executive Order
# 14008, Tackling the Climate Crisis at Home and Abroad, signed …).
TITLE_CASE_RUN = re.compile(r"[A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|of|on|and|for|the|in|to|at|"
                            r"with|through|from|by|a|an))+")
# In brackets the title may hold commas (Executive Order 14035 (Diversity, Equity, …)).
BRACKETED_TITLE_RUN = re.compile(r"[A-Z][\w’'\-]*(?:,?\s+(?:[A-Z][\w’'\-]*|of|on|and|for|the|in|"
                                 r"to|at|with|through|from|by|a|an))+")
TITLE_LINK_WORD = re.compile(r"\s(?:of|on|and|for|the|in|to|at|with|through|from|by)\s")
# A part of the US Code of Federal Regulations (2 CFR Part 200): a regulation cited by number.
US_CFR = re.compile(r"(?<![\w.])\d{1,2}\s+(?:CFR|C\.F\.R\.)\s+(?:Part\s+|§+\s*)\d+(?:\.\d+)?"
                    r"(?![\w.]\w)")
# A title-case name set off by a comma and described as a document: "Our Rural Future, the
# Government's rural development policy"; "Stronger Towns, a ten-year strategy".
APPOSITIVE_KIND = re.compile(r",\s+(?:the|its|their|a|an)\s+((?:[\w’'\-]+\s+){0,4}?)"
                             r"(policy|strategy|plan|framework|programme|white\s+paper|charter|"
                             r"scheme)\b")
APPOSITIVE_NOT_BETWEEN = frozenset(("of", "the", "a", "an", "to", "for", "in", "on", "by", "with"))
# Capitalised words that open a sentence's adverbial, not a name (In March, the council …).
NOT_NAME_START = re.compile(r"(?:In|On|At|By|For|From|After|Before|During|Since|Under|With|Last|"
                            r"This|Next|Each|Every|Today|Yesterday|Meanwhile|However|Then)$")
# Programmes and initiatives are policies when public ones (dev2 README: named national
# programmes count, a project's or a fund's do not): an official word near the name says so.
PROGRAMME_HEAD = re.compile(r"Program(?:me)?|Initiative")
# A sentence-case subtitle after a colon, closed by a full stop or a quote, belongs to the
# title of a strategy, plan or paper ("Civil Society Strategy: building a future that works
# for everyone."); a heading's "Awaab's Law: what it means for you" has no stop.
SUBTITLE = re.compile(r":[ \t]+[a-z][\w’'\-]*(?:,?[ \t]+[\w’'\-]+){2,14}(?=[.”\"](?:\s|$))")
SUBTITLED_HEAD = re.compile(r"(?:Strategy|Plan|Framework|Policy|Paper|Guidance|Charter|Agenda)$")
# A second head joined to a policy's (National PPP Policy and Guidelines).
PAIRED_HEAD = re.compile(r"\s+and\s+(?:Guidelines|Guidance|Procedures)(?![\w’'])")
# The number after a named law ("Law on Bidding No. 22/2023/QH15"), read from its "No", and
# after an ordinance's name (Riverbend County Ordinance No. 2023-14), read from the space.
NUMBER_AFTER_NAME = re.compile(r"No\.?\s*(\d[\w/\-]*\w)")
ORDINANCE_NUMBER = re.compile(r"\s+" + NUMBER_AFTER_NAME.pattern)
# A bracket closing a title (an acronym or an author-date citation) is no part of it.
TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)$")
# Capitalised words listed with commas before a name that goes on with "and" (the Safety,
# Quality and Standards Framework).
COMMA_LIST_BEFORE = re.compile(r"(?:\b[Tt]he|[’']s)\s+((?:[A-Z][\w’'\-]*,\s+){1,3})$")
# A year opening a title, and the words of a statute, whose year is no part of its name.
LEADING_YEAR = re.compile(r"((?:19|20)\d{2})\s+")
STATUTE_WORDS = re.compile(r"\b(?:Acts?|Law|Bill|Decree|Code|Regulations?|Ordinances?|Directive|"
                           r"Order|Resolution|Decision|Circular)\b")
# A Procurement Policy Note is numbered NN/YY by the year it was issued (PPN 06/20: 2020).
PPN_NUMBER = re.compile(r"(?:Note|PPN)\s+(?:PPN\s+)?\d{2}/(\d{2})$")
# A quoted title right after a designation (PPN 06/20, “Taking account of …”); group 1 only
# when a comma sets it off (without one the quote is left to the scan of quotes).
DESIGNATED_QUOTE = re.compile(r",\s*[“\"]([^”\"“]{3,200}?)[,.]?[”\"]|\s*(?:on\s+)?[“\"]")
# A designation set off by a comma after a title and closing the sentence is its number.
NUMBER_APPOSED = re.compile(r",\s*")
# A bracket opened right after a title, holding its designation.
NUMBER_IN_BRACKETS = re.compile(r"\s*\(\s*")
# Words before a quote giving the full title of a document just named (the Social Economy
# Action Plan (SEAP) of December 2021, formally titled "Building an economy …").
FORMAL_TITLE_BEFORE = re.compile(r"\b(?:formally|officially|fully)\s+(?:titled|entitled|named|"
                                 r"called)\s*[“\"‘]$")
# A title set off by a comma and owned by a body, right after another one, names it again
# ("The Charter for Social Housing Residents", the government's Social Housing White Paper);
# unless a list goes on after it.
APPOSED_OWNER = re.compile(r"[”\"’]?,\s+the\s+[\w\-]+[’']s\s+")
LIST_GOES_ON = re.compile(r"[”\"’]?\s*(?:,|\band\b|\bor\b)")
# Words that give another name of the title just before ("2 CFR Part 200, the so-called Uniform
# Guidance"): that name is a mention of it.
ALIAS_BETWEEN = re.compile(r",?\s*\(?(?:the\s+)?(?:so-called|(?:also\s+|more\s+|commonly\s+|"
                           r"often\s+|better\s+)?(?:known\s+as|called|referred\s+to\s+as))"
                           r"\s+(?:the\s+)?")
# A statutory instrument or chapter number in brackets right after an Act or Regulations.
EN_SI_AFTER = re.compile(r"\s*\((S\.?I\.?\s*(?:No\.?\s*)?\d{4}/\d+|c\.\s*\d+)\)")
# What follows a numbered part cited in a larger instrument (Regulation 84 of the … Regulations).
CITED_IN = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][^.;]{0,80}?"
                      r"\b(?:Act|Regulations|Order|Code|Rules)\b")
# Words after an Act's name that make it a campaign's or group's name (the Community Power Act
# campaign), not a reference to the Act.
EN_NAME_OF_GROUP = re.compile(r"\s+(?:campaign|campaigners|coalition|network|alliance|movement|"
                              r"awards?|team|board|forum|panel)\b")
# A document type in lower case right after a quoted name: the name is the title (its
# “Stronger Together” strategy); schemes, funds and campaigns are not in the list.
QUOTED_KIND_AFTER = re.compile(r"\s+(strategy|policy|plan|framework|charter|white\s+paper|"
                               r"green\s+paper|guidance|act|bill|regulations)\b")
# A Canadian statute's chapter citation after its name (Accessible Canada Act, S.C. 2019, c. 10).
CANADA_STATUTE_AFTER = re.compile(r",?\s*\(?(S\.C\.\s*(?:19|20)\d{2},\s*c\.\s*\d+)\)?")
# An Australian state or the Commonwealth in brackets after an Act: its jurisdiction, not part
# of its title (the dev gold's convention: "Local Government Act 1993").
EN_STATE_AFTER = re.compile(r"\s*\((NSW|Vic|Qld|WA|SA|Tas|ACT|NT|Cth)\)")
# An EU regulation's number after its name (General Data Protection Regulation (EU) 2016/679).
EU_REGULATION_AFTER = re.compile(r"\s*\(EU\)\s*(?:No\.?\s*)?(\d{1,4}/\d{1,4})")
# A reference-list entry: a bullet or number, an author, then the year in brackets.
REFERENCE_LINE = re.compile(r"\s*([-•*–]|\[\d+\]|\d+\.)?\s*([A-ZÀ-ỸА-ЯЁ][^()\n]{1,80}?)"
                            r"\((?:19|20)\d{2}[a-z]?\)([.,:]?)\s")
# Authors as a reference list writes them: "Smith, J.", "Lee & Park", "Brown et al.".
AUTHOR_MARK = re.compile(r",|&|\bet al\b|\b[A-ZА-ЯЁ]\.|\band\b|\bи\b|\bvà\b")
# Words between a document and the one that approved it (… được ban hành kèm theo Nghị quyết
# …; Концепция …, утверждённая распоряжением …).
ATTACHED_TO = re.compile(r",?\s*(?:(?:được\s+)?ban hành kèm theo|(?:утвержд|принят)\w+)\s*")
# An English Act or Regulations with its year cited in a Russian, Chinese or Vietnamese text
# (… где действует Public Services (Social Value) Act 2012): the title as written, year included.
FOREIGN_ACT = re.compile(
    r"(?<![A-Za-z])((?:[A-Z][a-z'’\-]+|\([A-Z][A-Za-z\s'’\-]*\))"
    r"(?:\s+(?:[A-Z][A-Za-z'’\-]+|\([A-Z][A-Za-z\s'’\-]*\)|of|and|for|the|on|in|to)){0,8}?"
    r"\s+(?:Act|Regulations|Directive|Bill|Code|Order)\s+((?:19|20)\d{2}))(?![\d/])")
# Cheap tests before the scans above (`scan`): every match of a pattern holds its cue.
CUES = {
    STANDARD: re.compile(r"ISO|ИСО|TCVN|ГОСТ|GOST|BS|GB|SA"),
    ZH_NAMED_LAW: re.compile("中华人民共和国"),
    ZH_ITS_IMPLEMENTING: re.compile("其实施"),
    ZH_NUMBER: re.compile("号"),
    ZH_UNQUOTED_NUMBERED: re.compile("关于"),
    ZH_UNQUOTED_TITLE: re.compile("关于"),
    ZH_QUOTED_TITLE: re.compile("“关于"),
    RU_TITLE: re.compile("[«„“]"),
    RU_UNQUOTED: re.compile("Поряд|Положени|Правил|Стратеги|Программ|Концепци|Регламент|Стандарт|"
                            "Методическ"),
    RU_CODE: re.compile("кодекс|Конституци"),
    RU_NUMBERED: re.compile("№"),
    EN_NAMED: re.compile(EN_HEADS),
    EN_LAW_ON: re.compile(r"(?:Law|Decree|Resolution|Decision|Circular|Code|Regulation|Statement|"
                          r"Charter|Strategy|Plan|Framework|Principles|Guidance|Opinions|Notice|"
                          r"Measures|Provisions|Rules|Guidelines|Programme|Paper|Policy|"
                          r"Standard)s?\s+"
                          r"(?:on|of|for)"),
    EN_NUMBERED: re.compile("Law|Decree|Resolution|Decision|Circular|Directive|Order|Regulation|"
                            "Procurement|Bill|PPN"),
    QUOTED: re.compile("[“\"‘]"),
    EN_GUIDANCE_TITLE: re.compile(r"statutory\s+guidance|code\s+of\s+practice"),
    US_CFR: re.compile(r"CFR|C\.F\.R\."),
    APPOSITIVE_KIND: re.compile(r"policy|strategy|plan|framework|programme|paper|charter|scheme"),
    EN_RECOMMENDATION: re.compile("Recommendation"),
    VI_NUMBERED: re.compile("/"),  # every number has one
    VI_UNQUOTED: re.compile(r"về\s(?:Quy chế|Quy định|Đề án|Kế hoạch|Chiến lược|Chương trình|"
                            r"Quy hoạch)"),
    VI_LAW: re.compile("Luật|Bộ luật|Hiến pháp|Đạo luật"),
    VI_QCVN: re.compile("QCVN"),
    VI_UNQUOTED_CITED: re.compile("Quy chế|Quy định|Quy ước|Hướng dẫn|Điều lệ|Đề án"),
    VI_PROGRAMME: re.compile("giai đoạn|đến năm"),
    FOREIGN_ACT: re.compile(r"(?:Act|Regulations|Directive|Bill|Code|Order)\s+(?:19|20)\d\d"),
}


def scan(pattern: re.Pattern[str], text: str, s: int, e: int) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, s, e)`, none where the pattern's cue (`CUES`) is absent."""
    cue = CUES.get(pattern)
    if cue is not None and not cue.search(text, s, e):
        return iter(())
    return pattern.finditer(text, s, e)


YEAR_ANY = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
DATE_RU = re.compile(r"от\s+\d{1,2}(?:\.\d{1,2}\.|\s+[а-я]{3,8}\s+)(\d{4})")
DATE_VI = re.compile(r"ngày\s+\d{1,2}(?:/|\s+tháng\s+)\d{1,2}(?:/|\s+năm\s+)(\d{4})")
YEAR_RIGHT_AFTER = re.compile(r"[\s,]{0,2}(?:năm|of|in|года?|年)?\s*(?<!\d)(19[5-9]\d|20[0-4]\d)"
                              r"(?!\d)(?:\s*(?:года|год|г\.|年))?(?![\d/\-]|\.\d)")
# An English date right after a title: "Executive Order 14008 in January 2021".
EN_DATE_AFTER = re.compile(rf",?\s+(?:in|of|on)\s+(?:\d{{1,2}}\s+)?{MONTHS}(?:\s+\d{{1,2}},)?\s+"
                           r"(19[5-9]\d|20[0-4]\d)(?!\d)")
NUMBER_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
# A year right after these words ends a period ("до 2025 года", "to 2030"): not an issue year.
CHAIN = re.compile(r"\s*(?:về|on|о|об|关于)?\s*[“«《]?\s*", re.I)
PERIOD_BEFORE_YEAR = re.compile(r"(?:\bдо|\bпо|\bс|\bto|until|through|since|\bfrom|đến|đến năm|từ|"
                                r"từ năm|giai đoạn|-|–|—|~|至|自)\s*$", re.I)


def normalise_title(title: str) -> str:
    """NFKC, folded, without spaces and quote marks: the form titles are compared in."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"[\s\"'“”«»《》〈〉‘’]+", "", text)


@dataclass
class PolicyMention:
    start: int
    end: int
    title: str
    doc_type: str | None
    number: str | None = None
    year: int | None = None
    mentions: list[list[int]] = field(default_factory=list)
    jurisdiction: str | None = None
    full_title: str | None = None  # the title where the text names it only in part (其实施条例)
    amended: bool = False  # named inside another's title as the act it amends: a fact beside it


@dataclass
class PolicyCues:
    doc_types: list[tuple[str, str]]  # (ending or leading word, doc_type), longest first
    not_endings: tuple[str, ...] = ()
    reference_marks: tuple[str, ...] = ()
    type_words: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    any_type_word: re.Pattern[str] | None = None  # every word of `type_words` as one quick test
    not_before: re.Pattern[str] | None = None
    issuer_links: re.Pattern[str] | None = None
    places: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    any_place: re.Pattern[str] | None = None  # every place of `places` as one quick test
    issuers: re.Pattern[str] | None = None
    issue_verbs: re.Pattern[str] | None = None
    default_jurisdiction: str | None = None
    issuer_tail: frozenset[str] = frozenset()
    named_laws: re.Pattern[str] | None = None  # unquoted short names of national laws (慈善法)
    generic_words: frozenset[str] = frozenset()  # "Strategic Plan", "Mission Statement": no name
    clause_words: frozenset[str] = frozenset()  # words that end a designation's subject
    acronym_laws: re.Pattern[str] | None = None  # laws cited by acronym (UK GDPR)
    acronym_cue: re.Pattern[str] | None = None  # their last words, a cheap test before it
    # Acronyms a law is known by that are not its words' initials (Luật PPP: đối tác công tư).
    law_acronyms: dict[str, str] = field(default_factory=dict)
    # National laws' numbers and names, for a law cited by number alone (Luật số 64/2020/QH14).
    law_numbers: dict[str, str] = field(default_factory=dict)
    # English names (lexicon keys of regex alternatives, see en.yaml): a newspaper's or
    # journal's opening words, a body's words, posts, official words, fund words, owners.
    not_title_start: re.Pattern[str] | None = None
    body_words: re.Pattern[str] | None = None
    post_of_head: re.Pattern[str] | None = None
    official_words: re.Pattern[str] | None = None
    not_programme_words: re.Pattern[str] | None = None
    owner_bodies: re.Pattern[str] | None = None

    @classmethod
    def from_lexicon(cls, data: dict) -> PolicyCues:
        pairs = [(str(word), name) for name, words in (data.get("doc_types") or {}).items()
                 for word in words]
        pairs.sort(key=lambda p: len(p[0]), reverse=True)
        type_words = [(re.compile(term_regex(w), re.I), name) for w, name in pairs]

        def alternation(terms: list[str]) -> re.Pattern[str] | None:
            terms = sorted(terms, key=len, reverse=True)
            return compile_terms(terms) if terms else None

        place_words = [(str(w), str(name))
                       for name, words in (data.get("jurisdictions") or {}).items()
                       for w in sorted(words or [], key=len, reverse=True)]
        places = [(re.compile(term_regex(w)), name) for w, name in place_words]
        return cls(pairs, tuple(data.get("not_policy_endings") or ()),
                   tuple(data.get("reference_marks") or ()), type_words,
                   not_before=alternation(data.get("not_before") or []),
                   issuer_links=alternation(data.get("issuer_links") or []),
                   places=places, issuers=alternation(data.get("issuers") or []),
                   any_type_word=compile_terms([w for w, _ in pairs]) if pairs else None,
                   any_place=compile_terms([w for w, _ in place_words], 0) if places else None,
                   issue_verbs=alternation(data.get("issue_verbs") or []),
                   default_jurisdiction=data.get("default_jurisdiction"),
                   issuer_tail=frozenset(str(w) for w in data.get("issuer_tail") or ()),
                   named_laws=re.compile(
                       r"(?<![《〈「“省市区县州])(?:" + "|".join(
                           re.escape(str(w)) for w in sorted(data["named_laws"], key=len,
                                                             reverse=True))
                       + r")(?![\u4e00-\u9fff]*[》〉」”])(?![律规院官人学])")
                   if data.get("named_laws") else None,
                   generic_words=frozenset(str(w) for w in data.get("generic_title_words") or ()),
                   clause_words=frozenset(str(w) for w in data.get("clause_words") or ()),
                   acronym_laws=re.compile(r"(?<![\w\-])(?:" + "|".join(
                       re.escape(str(w)) for w in sorted(data["acronym_laws"], key=len,
                                                         reverse=True)) + r")(?![\w\-])")
                   if data.get("acronym_laws") else None,
                   acronym_cue=re.compile("|".join(sorted(
                       {re.escape(str(w).split()[-1]) for w in data["acronym_laws"]})))
                   if data.get("acronym_laws") else None,
                   law_acronyms={str(k): str(v) for k, v in
                                 (data.get("law_acronyms") or {}).items()},
                   law_numbers={str(k): str(v) for k, v in
                                (data.get("law_numbers") or {}).items()},
                   not_title_start=word_patterns(data.get("not_title_starts"), "", r"\b"),
                   body_words=word_patterns(data.get("body_words"), r"\b", r"\b"),
                   post_of_head=word_patterns(data.get("posts"), "", rf"\s+of\s+(?:{EN_HEADS})"),
                   official_words=word_patterns(data.get("official_words"), r"\b", r"\b"),
                   not_programme_words=word_patterns(data.get("not_programme_words"), r"\b",
                                                     r"\b"),
                   owner_bodies=word_patterns(data.get("owner_bodies"), r"\b", "$"))

    def type_of_ending(self, title: str) -> str | None:
        title = ZH_VERSION.sub("", ZH_TRAILER.sub("", title.strip()).rstrip("”\""))
        if title.endswith(self.not_endings):
            return None
        return next((name for word, name in self.doc_types if title.endswith(word)), None)

    def type_of_word(self, text: str) -> str | None:
        """The doc type named by the last document-type word in `text` (Russian, English)."""
        if not self.mentions_type_word(text):
            return None
        best: tuple[int, int, str] | None = None  # (end, length, doc_type)
        for pattern, name in self.type_words:
            for m in pattern.finditer(text):
                key = (m.end(), m.end() - m.start(), name)
                if best is None or key[:2] > best[:2]:
                    best = key
        return best[2] if best else None

    def mentions_type_word(self, text: str) -> bool:
        """Whether some document-type word occurs in `text` (one search, not one a word)."""
        return self.any_type_word is not None and self.any_type_word.search(text) is not None


def word_patterns(alternatives: list[str] | None, before: str, after: str
                  ) -> re.Pattern[str] | None:
    """One pattern of a lexicon's regex alternatives (words, or words with a variant part)."""
    if not alternatives:
        return None
    return re.compile(before + "(?:" + "|".join(str(a) for a in alternatives) + ")" + after)


def year_of_number(number: str | None) -> int | None:
    found = NUMBER_YEAR.search(number or "")
    return int(found.group(1)) if found else None


def chinese_policies(text: str, s: int, e: int, cues: PolicyCues) -> list[PolicyMention]:
    found: list[PolicyMention] = []
    for m in ZH_TITLE.finditer(text, s, e):
        inner_start, title = m.start(1), m.group(1)
        if any(mark in text[m.end():m.end() + 10] for mark in cues.reference_marks):
            continue
        nested = ZH_INNER.search(title)
        if nested and cues.type_of_ending(nested.group(1)) and not cues.type_of_ending(title):
            # A policy quoted inside a news headline: 《〈慈善法〉落地社区》.
            inner_start, title = inner_start + nested.start(1), nested.group(1)
        doc_type = cues.type_of_ending(title)
        work = title == m.group(1) and (ZH_HEADLINE_NEW.search(title) or ZH_WORK_AFTER.match(
            text, m.end(), min(e, m.end() + 4)))
        if doc_type is None or work:
            continue  # an article, book or programme, unless a policy is quoted inside it
        after = text[m.end():min(e, m.end() + 30)].split("《")[0]  # not the next title's
        number = ZH_NUMBER.search(after)
        bracket = ZH_BRACKET_AFTER.match(after)
        designation = ZH_STANDARD_BEFORE.search(text, max(s, m.start() - 30), m.start())
        if designation:
            # GB/T 36000—2015《社会责任指南》: the designation before the title is its number.
            code = designation.group(1)
            found.append(PolicyMention(inner_start, inner_start + len(title), title, "standard",
                                       number=code, year=year_of_number(code[-5:]) if re.search(
                                           r"[:\-—]\d{4}$", code) else None))
            continue
        if bracket and bracket.group(1):
            # 《…规范》（GB/T 35796-2017）: the standard's designation is the title's number.
            designation = bracket.group(1)
            found.append(PolicyMention(inner_start, inner_start + len(title), title, doc_type,
                                       number=designation, year=year_of_number(
                                           designation[-5:]) if re.search(r"[:\-—]\d{4}$",
                                                                          designation) else None))
            continue
        found.append(PolicyMention(
            inner_start, inner_start + len(title), title, doc_type,
            number=re.sub(r"\s+", "", number.group(0)) if number else None,
            year=year_of_number(number.group(0)) if number else (
                int(bracket.group(2)) if bracket else None)))
    laws = list(scan(ZH_NAMED_LAW, text, s, e))
    if cues.named_laws is not None and ZH_LAW_CUE.search(text, s, e):
        laws.extend(cues.named_laws.finditer(text, s, e))
    for m in laws:
        implementing = ZH_IMPLEMENTING.match(text, m.end(), e)
        if implementing and m.group(0).endswith("法"):
            # 政府采购法实施条例: the law's implementing regulation, not the law.
            found.append(PolicyMention(m.start(), implementing.end(),
                                       text[m.start():implementing.end()], "rules"))
        else:
            found.append(PolicyMention(m.start(), m.end(), m.group(0),
                                       "law" if m.group(0).endswith(("法", "法典")) else "rules"))
    found.extend(implementing_regulations(text, s, e, found))
    found.extend(chinese_numbered_titles(text, s, e, cues))
    for m in scan(ZH_QUOTED_TITLE, text, s, e):
        doc_type = cues.type_of_ending(m.group(1))
        if doc_type:
            found.append(PolicyMention(m.start(1), m.end(1), m.group(1), doc_type))
    found.extend(chinese_bare_numbers(text, s, e, found))
    for m in ZH_CORNER.finditer(text, s, e):
        # 「…條例」: corner quotes name a policy only when a document type ends them.
        doc_type = cues.type_of_ending(m.group(1))
        if doc_type == "plan" and len(m.group(1)) < 6:
            continue  # 「暖巢計劃」: a short plan name in corner quotes is a project's brand
        if doc_type and len(m.group(1)) >= 4:
            found.append(PolicyMention(m.start(1), m.end(1), m.group(1), doc_type))
    for m in ZH_INNER.finditer(text, s, e):
        if text.rfind("《", s, m.start()) > text.rfind("》", s, m.start()):
            continue  # inside a 《》 title, handled above
        doc_type = cues.type_of_ending(m.group(1))
        if doc_type:
            found.append(PolicyMention(m.start(1), m.end(1), m.group(1), doc_type))
    line = text[s:e].strip()
    if ZH_HEADLINE.match(line) and cues.type_of_ending(line):
        # An official notice whose page headline is its title.
        begin = s + text[s:e].index(line)
        found.append(PolicyMention(begin, begin + len(line), line, cues.type_of_ending(line)))
    return found + foreign_acts(text, s, e)


def implementing_regulations(text: str, s: int, e: int,
                             laws: Sequence[PolicyMention]) -> list[PolicyMention]:
    """其实施条例 right after a law (《…企业所得税法》第九条及其实施条例): the implementing
    regulation of that law, titled after it."""
    found = []
    for m in scan(ZH_ITS_IMPLEMENTING, text, s, e):
        law = max((p for p in laws if p.end <= m.start() and p.title.endswith("法")
                   and m.start() - p.end <= 20), key=lambda p: p.end, default=None)
        if law is not None:
            found.append(PolicyMention(m.start(), m.end(), m.group(0), "rules",
                                       full_title=law.title + m.group(0)))
    return found


def chinese_numbered_titles(text: str, s: int, e: int, cues: PolicyCues) -> list[PolicyMention]:
    """Unquoted 关于…的意见 titles closed by their number in brackets, with the issuing body
    they open with (国务院办公厅关于推进养老服务发展的意见（国办发〔2019〕5号）)."""
    found = []
    for m in scan(ZH_UNQUOTED_NUMBERED, text, s, e):
        if text.rfind("《", s, m.start()) > text.rfind("》", s, m.start()):
            continue  # inside a 《》 title
        doc_type = cues.type_of_ending(m.group(0))
        if doc_type is None:
            continue
        start = m.start()
        bodies = [b for b in cues.issuers.finditer(text, max(s, start - 20), start)
                  if b.end() == start] if cues.issuers else []
        lead = max(text.rfind(c, s, start) for c in "，,。；;：:、！!？? （(“\n") + 1
        lead = max(lead, s)
        if ZH_BODY_BEFORE.search(text[lead:start]) and not ZH_NOT_BODY.search(text[lead:start]):
            start = lead  # 广州市民政局关于…
        elif bodies:
            start = bodies[0].start()
            place = ZH_PLACE_BEFORE.search(text, max(s, start - 8), start)
            start = place.start() if place else start
        number = ZH_NUMBER.search(text, m.end(), min(e, m.end() + 20))
        code = re.sub(r"\s+", "", ZH_NUMBER_LEAD.sub("", number.group(0))) if number else None
        found.append(PolicyMention(start, m.end(), text[start:m.end()], doc_type, number=code,
                                   year=year_of_number(code)))
    for m in scan(ZH_UNQUOTED_TITLE, text, s, e):
        if text.rfind("《", s, m.start()) > text.rfind("》", s, m.start()):
            continue
        doc_type = cues.type_of_ending(m.group(0))
        lead = max(s, max(text.rfind(c, s, m.start()) for c in "，,。；;：:、！!？? （(“\n") + 1)
        verb = ZH_CITING_VERB.match(text, lead, m.start())
        lead = verb.end() if verb else lead
        if doc_type and ZH_BODY_BEFORE.fullmatch(text, lead, m.start()):
            found.append(PolicyMention(lead, m.end(), text[lead:m.end()], doc_type))
        elif doc_type and ZH_ISSUED_BEFORE.search(text, max(s, m.start() - 3), m.start()):
            found.append(PolicyMention(m.start(), m.end(), m.group(0), doc_type))
    return found


def chinese_bare_numbers(text: str, s: int, e: int,
                         titles: Sequence[PolicyMention]) -> list[PolicyMention]:
    """A document number written without its title (按照民发〔2017〕191号文件要求): the number is
    the fact; one right after a title is that title's number."""
    found = []
    for m in scan(ZH_NUMBER, text, s, e):
        if any(t.start <= m.start() < t.end + 30 and "《" not in text[t.end:m.start()]
               for t in titles if t.end <= m.end()):
            continue
        lead = ZH_NUMBER_LEAD.match(m.group(0))
        start = m.start() + (lead.end() if lead else 0)
        if ZH_NUMBER_FIELD.search(text, max(s, start - 8), start):
            continue  # 发文字号：… labels the page's own document
        code = re.sub(r"\s+", "", text[start:m.end()])
        if not re.match(r"[\u4e00-\u9fff]{1,6}(?:〔|\[|\(|令)", code):
            continue
        found.append(PolicyMention(start, m.end(), text[start:m.end()], None, number=code,
                                   year=year_of_number(code)))
    return found


def russian_policies(text: str, s: int, e: int, cues: PolicyCues) -> list[PolicyMention]:
    found = []
    for m in scan(RU_TITLE, text, s, e):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        before = text[max(s, m.start() - 90):m.start()]
        # The words since the previous quoted title or sentence.
        before = re.split(r"[.!?]\s+(?=[А-ЯЁA-Z])", before[before.rfind("»") + 1:])[-1]
        title = m.group(group)
        last_two = " ".join(before.split()[-2:])
        if cues.not_before and cues.not_before.search(last_two) and not OFFICIAL.search(last_two):
            continue
        if RU_SPEECH_AFTER.match(text, m.end()):
            continue  # «Закон № 135-ФЗ позволяет …», — объясняет юрист: speech
        # A medium or organisation named after the last document-type word (по решению
        # учредителей … в фонд местного сообщества «…»): the quote names it, not a document.
        type_ends = [t.end() for pattern, _ in cues.type_words for t in pattern.finditer(before)
                     ] if cues.mentions_type_word(before) else []
        if cues.not_before and type_ends and cues.not_before.search(before[max(type_ends):]) \
                and not OFFICIAL.search(before[max(type_ends):]):
            continue
        doc_type = cues.type_of_word(before) or cues.type_of_word(title.split(" ", 1)[0])
        if doc_type is None and re.match(r"(?:О|Об)\s+\S+\s+\S+", title):
            doc_type = "law"  # «О некоммерческих организациях»: an act's title on its own
        if doc_type is None or (doc_type == "plan" and not plan_title(before, title, cues)):
            continue
        if len(title.split()) <= 2 and not re.match(r"(?:О|Об)\s", title) and not (
                cues.type_of_word(title.split(" ", 1)[0])
                or cues.type_of_word(" ".join(before.split()[-2:]))):
            continue  # закон … сеть кофеен «Зёрна»: a short name far from the type word
        after = text[m.end():min(e, m.end() + 40)]
        approved = RU_APPROVED_BY.match(text, m.end(), min(e, m.end() + 160))
        if approved:
            # «…», утвержденной постановлением … от 15.04.2014 № 296: its own date and number.
            found.append(PolicyMention(m.start(group), m.end(group), title, doc_type,
                                       number=approved.group(2), year=int(approved.group(1))))
            continue
        standard = re.search(STANDARD.pattern + r"\s*$", before)
        if standard:
            found.append(PolicyMention(m.start(group), m.end(group), title, "standard",
                                       number=standard.group(0).strip(),
                                       year=year_of_number(standard.group(0)[-5:])))
            continue
        numbers = list(RU_NUMBER.finditer(before))
        number = numbers[-1] if numbers else (
            RU_NUMBER.search(after[:30]) if "№" in after[:30] else None)
        dates = list(DATE_RU.finditer(before)) or [
            y for y in YEAR_ANY.finditer(before)
            if not PERIOD_BEFORE_YEAR.search(before[:y.start()])]
        date = dates[-1] if dates else DATE_RU.search(after[:25])
        found.append(PolicyMention(m.start(group), m.end(group), title, doc_type,
                                   number=number.group(1) if number else None,
                                   year=int(date.group(1)) if date else None))
    approvals: list[tuple[int, int]] = []
    for m in scan(RU_UNQUOTED, text, s, e):
        if not re.search(r"(?:^|\s)[а-яё]+,?\s+$", text[max(s, m.start() - 30):m.start()]):
            continue  # after a heading or a sentence's first word, not mid-sentence: no name
        title = RU_UNQUOTED_END.sub("", m.group(1)).rstrip(" ,")
        end = m.start(1) + len(title)
        # Концепция …, утверждённая распоряжением … от 27.12.2018 № 2950-р: the order that
        # approved it gives its number and year, as for a quoted title (RU_APPROVED_BY).
        approved = RU_APPROVED_BY.match(text, end, min(e, end + 160))
        if approved:
            approvals.append((end, approved.end()))
        found.append(PolicyMention(m.start(1), end, title,
                                   cues.type_of_word(title.split()[0]) or "rules",
                                   number=approved.group(2) if approved else None,
                                   year=int(approved.group(1)) if approved else None))
    for m in scan(RU_CODE, text, s, e):
        found.append(PolicyMention(m.start(), m.end(), m.group(0), "law"))
    for m in [*scan(RU_NUMBERED, text, s, e), *RU_BODY_NUMBERED.finditer(text, s, e)]:
        if "«" in text[m.end():m.end() + 4]:
            continue  # the quoted title that follows is the fact
        if RU_APPROVAL_BEFORE.search(text, max(s, m.start() - 40), m.start()) or any(
                a <= m.start() < b for a, b in approvals):
            continue  # «…», утвержденной постановлением … № 296: that title's approval
        number = RU_NUMBER.search(m.group(0))
        date = DATE_RU.search(m.group(0))
        # «Об оценке …, внесении изменений в пункт 4 постановления … № 2369 …»: the act the
        # quoted title amends is a document of its own.
        amended = text.rfind("«", s, m.start()) > text.rfind("»", s, m.start()) and bool(
            RU_AMENDS_BEFORE.search(text, max(s, m.start() - 60), m.start()))
        found.append(PolicyMention(m.start(), m.end(), m.group(0),
                                   cues.type_of_word(m.group(0).split()[0]) or "law",
                                   number=number.group(1) if number else None,
                                   year=int(date.group(1)) if date else None, amended=amended))
    for m in RU_BARE_LAW.finditer(text, s, e):
        found.append(PolicyMention(m.start(), m.end(), m.group(0), "law", number=m.group(0)))
    return found + foreign_acts(text, s, e)


def plan_title(before: str, title: str, cues: PolicyCues) -> bool:
    """A programme, plan or concept in quotes is a policy when an official word names it
    (государственная программа, национальный проект «…») or the state runs it in the sentence
    (Государство … по программе «…»), not a project's brand name
    (программа «Соседский центр», сеть аптек «Здоровье плюс»)."""
    if cues.type_of_word(title.split(" ", 1)[0]):
        return True
    last = " ".join(before.split()[-4:])
    official = OFFICIAL.search(last) or RU_STATE_RUNS.search(before)
    return bool(cues.type_of_word(last)) and bool(official)


def foreign_acts(text: str, s: int, e: int) -> list[PolicyMention]:
    """English Acts with their year cited in a text of another language (FOREIGN_ACT)."""
    return [PolicyMention(m.start(1), m.end(1), m.group(1), "law", year=int(m.group(2)))
            for m in scan(FOREIGN_ACT, text, s, e)]


def standards(text: str, s: int, e: int) -> list[PolicyMention]:
    return [PolicyMention(m.start(), m.end(), m.group(0), "standard", number=m.group(0).split()[-1],
                          year=year_of_number(m.group(0)[-5:]) if re.search(
                              r"[:\-—]\d{4}$", m.group(0)) else None)
            for m in scan(STANDARD, text, s, e)]


def english_title(raw: str) -> str:
    """A named title without the words that lead into it (the, under, this, "Yesterday
    the …")."""
    inner_the = list(re.finditer(r"(?<!\bof)(?<!\bon)(?<!\bfor)(?<!\bunder)(?<!\bto)(?<!\bin)"
                                 r"\s+the\s+", raw))
    if inner_the:
        raw = raw[inner_the[-1].end():]
    # "Title VI of the Civil Rights Act of 1964": the part cited is not the title.
    raw = re.sub(r"^(?:.*\s)?(?:Title|Section|Part|Schedule|Article|Chapter|Clause)\s+[\dIVXLC]+"
                 r"[A-Za-z]?\s+of\s+(?:the\s+)?(?=[A-Z])", "", raw)
    # "Community Right to Bid under the Localism Act": the words before "under the" name no
    # document, so they are not part of the title.
    under = list(re.finditer(r"\s+(?:under|in)\s+the\s+", raw))
    if under and not re.search(rf"\b(?:{EN_HEADS})\b", raw[:under[-1].start()]):
        raw = raw[under[-1].end():]
    # "Council Unveils New Community Plan": a headline's verb ends the words before the title.
    verb = list(re.finditer(r"\b(?:Unveils|Adopts|Launches|Publishes|Approves|Backs|Passes|"
                            r"Signs|Releases|Introduces|Announces|Agrees|Updates|Consults\s+on)"
                            r"\s+", raw))
    if verb:
        raw = raw[verb[-1].end():]
    # "Scotland's Community Empowerment Act", but the Mayor's Transport Strategy keeps its owner.
    raw = re.sub(r"^(?!(?:Mayor|Children|People|Women|Men|Citizens|Workers|Carers)[’'])"
                 r"[A-Z][\w\-]*[’']s\s+(?=\S+\s)", "", raw)  # Awaab's Law keeps its owner
    # "the UK Public Services (Social Value) Act 2012": the country is not part of the title.
    return re.sub(r"^(?:UK|US|U\.S\.|EU)\s+(?=[A-Z][\w\-]*\s)", "", EN_LEADING.sub("", raw))


def english_policies(text: str, s: int, e: int, cues: PolicyCues) -> list[PolicyMention]:
    found = []
    for pattern in (EN_NAMED, EN_LAW_ON):
        for m in scan(pattern, text, s, e):
            end = m.end()
            if pattern is EN_NAMED and not m.group(2):
                # "National Procurement Policy Statement": run on to the last head word.
                more = EN_HEAD_TAIL.match(text, end, e)
                end = more.end() if more else end
                paired = PAIRED_HEAD.match(text, end, e) if re.search(
                    r"(?:Policy|Framework|Strategy|Principles)$", text[m.start():end]) else None
                end = paired.end() if paired else end  # National PPP Policy and Guidelines
            numbered = ORDINANCE_NUMBER.match(text, end, e) if pattern is EN_NAMED and (
                text[end - 9:end] == "Ordinance") else None  # Riverbend County Ordinance No. 7
            if numbered is None and (EN_NAME_GOES_ON.match(text, end)
                                     or EN_NAME_OF_GROUP.match(text, end)):
                continue
            if numbered is None and pattern is EN_NAMED and not m.group(2) and re.match(
                    r"\s+(?:No\.?\s*)?\d+[\-/]\d", text[end:end + 12]):
                continue  # "Public Law 117-58": the numbered designation is the fact
            if numbered is None and text[end - 3:end] == " No":
                numbered = NUMBER_AFTER_NAME.match(text, end - 2, e)
            end = numbered.end() if numbered else end  # Law on Bidding No. 22/2023/QH15
            cited = TRAILING_BRACKET.search(text, m.start(), end) if pattern is EN_LAW_ON else None
            end = cited.start() if cited else end  # Policy on X (TBS, 2008); Strategy for Y (NSET)
            subtitle = SUBTITLE.match(text, end, e) if pattern is EN_NAMED and not m.group(2) and (
                SUBTITLED_HEAD.search(text, m.start(), end)) else None
            if subtitle and not PRONOUNS.search(subtitle.group(0)):
                end = subtitle.end()  # "Civil Society Strategy: building a future that …"
            raw = text[m.start():end]
            title = english_title(raw)
            start = end - len(title)
            owner = list(re.finditer(r"[’']s\s+", title))
            if owner and len(title[owner[-1].end():].split()) > 1 and not re.search(
                    r"(?:Mayor|Children|People|Women|Men|Citizens|Workers|Carers)[’']s\s+$",
                    title[:owner[-1].end()]):
                # "NHS England and of Northvale's Health Strategy": the owner is not the title.
                title, start = title[owner[-1].end():], start + owner[-1].end()
            lead_year = LEADING_YEAR.match(title)
            if lead_year and (STATUTE_WORDS.search(title) or re.search(
                    r"\bthe\s+$", text[max(s, start - 4):start])):
                # "the 2020 Law on Investment", "the 2021 Action Plan": the year it was made,
                # not part of its name (a plan's edition year is: the Board's 2022 Scoping
                # Plan for …).
                title, start = title[lead_year.end():], start + lead_year.end()
            listed = COMMA_LIST_BEFORE.search(text, max(s, start - 80), start) if (
                pattern is EN_NAMED and " and " in title) else None
            if listed:
                # "the Transparency, Influence and Accountability Standard": a list in the name.
                title, start = text[listed.start(1):end], listed.start(1)
            words = title.split()
            ordinal = re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)|(?:19|20)\d{2}", words[0]) if words \
                else None
            if len(words) < 2 or not (words[0][0].isupper() or ordinal) or matches_at_start(
                    cues.not_title_start, title):
                continue  # a newspaper or journal (Evening Standard, Journal of …)
            if cues.post_of_head and cues.post_of_head.fullmatch(title):
                continue  # "Director of Policy", "Head of Strategy": a post
            if pattern is EN_NAMED and re.fullmatch(EN_HEADS, words[0]) and (
                    words[1] in ("of", "for", "on", "and", "the")):
                continue  # "The Order of St John": a body named after a head word
            if pattern is EN_NAMED and all(w in cues.generic_words for w in words[:-1]):
                continue  # "our Strategic Plan", "a Mission Statement": a kind, not a name
            if pattern is EN_NAMED and re.search(r"\b(?:an?|An?|annual|Annual)\s+$",
                                                 text[max(s, start - 8):start]) and not re.search(
                    r"\d", title):
                continue  # "an Outcomes Framework agreed with residents", "its annual Social
                # Value Statement" (a yearly report): not a name
            head = words[0] if pattern is EN_LAW_ON else (
                words[-1] if not re.fullmatch(r"\d{4}", words[-1]) else words[-2])
            if pattern is EN_NAMED and PROGRAMME_HEAD.fullmatch(head) and not official_programme(
                    text, start, end, title, cues):
                continue  # "the Riverside Youth Programme": a project's, not a public one
            if pattern is EN_LAW_ON and head == "Policy" and start == m.start() and not re.search(
                    r"(?:\bthe|[’']s)\s+$", text[max(s, start - 6):start]):
                continue  # "Director of Policy for Housing": a post, not a document
            si = EN_SI_AFTER.match(text, end, e) or CANADA_STATUTE_AFTER.match(text, end, e) or (
                EU_REGULATION_AFTER.match(text, end, e) if head.startswith("Regulation") else None)
            state = EN_STATE_AFTER.match(text, end, e)
            doc_type = cues.type_of_word(head) or cues.type_of_word(title) or "law"
            eu = si is not None and si.re is EU_REGULATION_AFTER
            number = re.sub(r"\s+", " ", si.group(1)) if si else (
                numbered.group(1) if numbered else None)
            found.append(PolicyMention(
                start, end, title, doc_type, number=f"(EU) {number}" if eu and number else number,
                year=year_of_number(title) or (int(lead_year.group(1)) if lead_year else None)
                or (eu_regulation_year(number) if eu and number else bracket_year(text, end, e))
                or (year_of_number(number) if si and si.re is CANADA_STATUTE_AFTER else None),
                jurisdiction=EN_STATE_NAMES[state.group(1)] if state else None))
    for m in EN_SENTENCE_TITLE.finditer(text, s, e):
        found.append(PolicyMention(m.start(1), m.end(1), m.group(1), "guideline",
                                   number=m.group(2), year=int(m.group(3)) if m.group(3) else None))
    for m in scan(EN_GUIDANCE_TITLE, text, s, e):
        found.append(PolicyMention(m.start(1), m.end(1), m.group(1), "guideline",
                                   year=int(m.group(2))))
    for m in EU_NUMBER.finditer(text, s, e):
        found.append(PolicyMention(m.start(), m.end(), m.group(0), "directive", number=m.group(0),
                                   year=int(m.group(1))))
    for m in scan(EN_NUMBERED, text, s, e):
        number = m.group(1)
        note_year = PPN_NUMBER.search(m.group(0))
        quoted = DESIGNATED_QUOTE.match(text, m.end(), e)
        if quoted and quoted.group(1) and not PRONOUNS.search(quoted.group(1)):
            # "Procurement Policy Note 06/20, “Taking account of social value …”": the quoted
            # title is the fact, written with the designation's number and year.
            found.append(PolicyMention(
                quoted.start(1), quoted.end(1), quoted.group(1),
                cues.type_of_word(m.group(0)) or "decree", number=number,
                year=year_of_number(number) or (
                    2000 + int(note_year.group(1)) if note_year else None),
                mentions=[[m.start(), m.end()]]))
            continue
        if quoted:
            continue  # the quoted title that follows is the fact
        if re.fullmatch(r"\d{1,3}[A-Z]?", number) and CITED_IN.match(text, m.end(), e):
            continue  # "Regulation 84 of the Public Contracts Regulations 2015": a part cited
        named = next((f for f in found if f.number is None and f.end < m.start() and (
            NUMBER_IN_BRACKETS.fullmatch(text, f.end, m.start()) or (
                f.year is None and NUMBER_APPOSED.fullmatch(text, f.end, m.start())
                and re.match(r"\s*(?:[.;)]|$)", text[m.end():m.end() + 2])))), None)
        if named is not None:
            # "the National Procurement Policy Statement, PPN 05/21.", "the Third Sector Code
            # (Legislative Decree No. 117 of 3 July 2017)": the title's number and date, not a
            # document of its own.
            _, dated = official_title_end(text, m.end(), e, cues)
            named.number, named.year = number, named.year or year_of_number(number) or dated
            continue
        end, dated = official_title_end(text, m.end(), e, cues)
        found.append(PolicyMention(m.start(), end, text[m.start():end],
                                   cues.type_of_word(m.group(0)) or "decree", number=number,
                                   year=year_of_number(number) or dated or (
                                       2000 + int(note_year.group(1)) if note_year else None)))
    if cues.acronym_laws is not None and cues.acronym_cue.search(text, s, e):
        for m in cues.acronym_laws.finditer(text, s, e):
            found.append(PolicyMention(m.start(), m.end(), m.group(0), "rules"))
    for m in scan(APPOSITIVE_KIND, text, s, e):
        name = appositive_name(text, s, m.start(), cues)
        # "the Government's rural development policy", not "the author of the strategy".
        if name is not None and all(w not in cues.clause_words and not w.endswith("ed")
                                    and w not in APPOSITIVE_NOT_BETWEEN
                                    for w in m.group(1).split()):
            found.append(PolicyMention(name, m.start(), text[name:m.start()],
                                       cues.type_of_word(m.group(2)) or "plan"))
    for m in scan(EN_RECOMMENDATION, text, s, e):
        stop = subject_end(text, m.end(), e, cues)
        if stop is not None and stop > m.end():
            found.append(PolicyMention(m.start(), stop, text[m.start():stop], "recommendation"))
    for m in scan(US_CFR, text, s, e):
        named = next((f for f in found if f.number is None and f.end < m.start()
                      and NUMBER_IN_BRACKETS.fullmatch(text, f.end, m.start())), None)
        if named is not None:
            named.number = m.group(0)  # the Uniform Guidance (2 CFR Part 200)
            continue
        found.append(PolicyMention(m.start(), m.end(), m.group(0), "rules", number=m.group(0)))
    for m in scan(QUOTED, text, s, e):
        g = quoted_group(m)
        # “Community Wealth Building Strategy,” — American style keeps the comma inside.
        title = m.group(g).strip().rstrip(",.;")
        doc_type = quoted_title_type(text, m, title, cues, s)
        if doc_type is None:
            continue
        found.append(PolicyMention(m.start(g), m.start(g) + len(title), title, doc_type,
                                   year=year_of_number(title)))
    return found


def appositive_name(text: str, s: int, comma: int, cues: PolicyCues) -> int | None:
    """The start of a title-case name of two or more words ending at `comma` (Sustainable,
    Inclusive and Empowered Communities), or None: capitalised words, link words between them,
    commas in a list closed by "and"; not a body's name nor an opening adverbial."""
    words = list(re.finditer(r"[\w’'\-]+,?", text[max(s, comma - 120):comma]))
    base = max(s, comma - 120)
    start, count, listed = None, 0, False
    for w in reversed(words):
        word = w.group(0)
        if word.endswith(","):
            if not listed:
                break  # a comma before the name ends it, unless the name is a list
            word = word[:-1]
        if word[0].isupper():
            start, count = base + w.start(), count + 1
        elif word in ("of", "and", "for", "the", "on", "in", "to", "with") and start is not None:
            listed = listed or word == "and"
            continue
        else:
            break
    if start is None or count < 2:
        return None
    lead = re.match(r"(?:The|A|An)\s+", text[start:comma])
    start += lead.end() if lead and count > 2 else 0  # "The Apprenticeship Levy, …"
    name = text[start:comma]
    first = name.split()[0].rstrip(",")
    if (lead and count <= 2) or NOT_NAME_START.match(first) or searches(cues.body_words, name) or (
            matches_at_start(cues.not_title_start, name)
            or searches(cues.not_programme_words, name)):
        return None  # a body's, a fund's or an adverbial's name
    return start


def official_programme(text: str, start: int, end: int, title: str, cues: PolicyCues,
                       reach: int = 200) -> bool:
    """Whether a named programme or initiative is a public one: an official word (national,
    federal, Department, Commission …) within `reach` characters of it, no fund or grant in
    its name."""
    if searches(cues.not_programme_words, title) or cues.official_words is None:
        return False
    return bool(cues.official_words.search(text, max(0, start - reach),
                                           min(len(text), end + reach)))


def searches(pattern: re.Pattern[str] | None, text: str) -> bool:
    return pattern is not None and pattern.search(text) is not None


def matches_at_start(pattern: re.Pattern[str] | None, text: str) -> bool:
    return pattern is not None and pattern.match(text) is not None


def official_title_end(text: str, end: int, e: int, cues: PolicyCues) -> tuple[int, int | None]:
    """Where the official title after a designation's number ends, and the year its date
    gives: "of the <bodies>", "of <date>", then "on/establishing … <subject>"; or, with
    neither, a title-case title after a comma or in brackets."""
    year = None
    bodies = DESIGNATION_BODIES.match(text, end, e)
    end = bodies.end() if bodies else end
    date = DESIGNATION_DATE.match(text, end, e)
    if date:
        end, year = date.end(), int(date.group(1))
    subject = DESIGNATION_SUBJECT.match(text, end, e)
    stop = subject_end(text, subject.end(), e, cues) if subject else None
    if stop is not None:
        return stop, year
    if bodies or date:
        return end, year
    return title_after(text, end, e) or end, year


def subject_end(text: str, start: int, e: int, cues: PolicyCues, limit: int = 16) -> int | None:
    """The end of a designation's subject: before punctuation, a clause word (its
    predicate: "… on social cooperatives distinguishes …") or "and" before a capitalised word;
    None when no end comes within `limit` words."""
    run = SUBJECT_RUN.match(text, start, e)
    if run is None:
        return None
    words = list(re.finditer(r"[\w’'\-]+", run.group(0)))
    for i, w in enumerate(words[:limit + 1]):
        nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
        if i == 0 and re.fullmatch(rf"{MONTHS}|{WEEKDAYS}", w.group(0)):
            return None  # "issued Decree No. 12 on Tuesday": a date, no subject
        after = words[i + 2].group(0) if nxt == "the" and i + 2 < len(words) else nxt
        if i and (w.group(0) in cues.clause_words or (w.group(0) in ("and", "or")
                                                      and after[:1].isupper())):
            return start + words[i - 1].end()  # "… on procurement and the Procurement Act"
        if i > 1 and re.fullmatch(MONTHS, w.group(0)) and words[i - 1].group(0) in (
                SUBJECT_DATE_WORDS):
            return start + words[i - 2].end()  # "… framework conditions in November 2023"
        if i > 1 and w.group(0)[0].isdigit():
            # "… of whistleblowers by 2021": a date after the subject belongs to the sentence.
            back = 2 if words[i - 1].group(0) in SUBJECT_DATE_WORDS else 1
            return start + words[i - back].end()
    return run.end() if len(words) <= limit else None


def title_after(text: str, end: int, e: int) -> int | None:
    """The end of a title-case title right after a designation, set off by a comma and ended
    by punctuation, or in brackets (Executive Order 13985 (Advancing … Government))."""
    lead = re.compile(r",\s+|\s*\(").match(text, end, e)
    bracketed = bool(lead) and "(" in lead.group(0)
    run = (BRACKETED_TITLE_RUN if bracketed else TITLE_CASE_RUN).match(text, lead.end(), e) \
        if lead else None
    if run is None:
        return None
    words = run.group(0).split()
    if len(words) < 4 or not TITLE_LINK_WORD.search(run.group(0)) or words[-1].islower() or (
            re.fullmatch(EN_HEADS, words[-1])):
        return None
    closing = text[run.end():run.end() + 1]
    if bracketed:
        return run.end() + 1 if closing == ")" else None
    return run.end() if closing in (",", ".", ";") or run.end() == e else None


def quoted_title_type(text: str, m: re.Match[str], title: str, cues: PolicyCues,
                      s: int) -> str | None:
    """The doc type of a quoted English title, or None when the quote reads as speech."""
    words = title.split()
    if len(words) < 2 or PRONOUNS.search(title) or title[-1] in "!?" or not title[0].isupper():
        return None
    inside = cues.type_of_word(title)
    before = re.split(r"[.!?]\s+(?=[A-Z])", text[max(s, m.start() - 30):m.start()])[-1]
    # "the Golden Bridge Policy Lab, “…”": a type word inside a body's name names no document.
    before = re.sub(r"\b[A-Z][\w’'\-]*(?=\s+[A-Z])", "", before)
    named_before = cues.type_of_word(before) or (
        inside if re.search(r"(?:titled|entitled|called|named|published|issued|adopted)\W*$",
                            before) else None)
    capitalised = sum(w[0].isupper() for w in words if w[0].isalpha())
    named_after = QUOTED_KIND_AFTER.match(text, m.end())
    if named_after and capitalised >= len(words) / 2:
        return cues.type_of_word(named_after.group(1))  # its “Stronger Together” strategy
    if inside and (capitalised >= len(words) / 2 or named_before):
        return inside
    if named_before and capitalised >= len(words) / 2:
        return named_before
    return None


EN_STATE_NAMES = {"NSW": "New South Wales", "Vic": "Victoria", "Qld": "Queensland",
                  "WA": "Western Australia", "SA": "South Australia", "Tas": "Tasmania",
                  "ACT": "Australian Capital Territory", "NT": "Northern Territory",
                  "Cth": "Australia"}


def bracket_year(text: str, end: int, e: int) -> int | None:
    """A year in brackets right after a title: "the Civil Society Strategy (2018)", or an
    author-date citation: "(TBS, 2008)"."""
    m = re.compile(r"\s*\((?:[A-Z][\w&.\s]{0,30},\s*)?((?:19|20)\d{2})\)").match(text, end, e)
    return int(m.group(1)) if m else None


def eu_regulation_year(number: str) -> int | None:
    """The year in an EU regulation's number: first since 2015 (2016/679), last before it
    (No 1303/2013)."""
    first, last = number.split("/")
    year = first if len(first) == 4 and first.startswith(("19", "20")) else last
    return int(year) if re.fullmatch(r"(?:19|20)\d{2}", year) else None


def vietnamese_policies(text: str, s: int, e: int, cues: PolicyCues) -> list[PolicyMention]:
    found = []
    subjects = []  # (start, end) of the subjects numbered titles go on with (VI_SUBJECT)
    for m in scan(VI_NUMBERED, text, s, e):
        number = m.group(2)
        subject = VI_SUBJECT.match(text, m.end(), e)
        if subject:
            subjects.append((m.end(), subject.end()))
        dated = DATE_VI.match(text, m.end() + 1, min(e, m.end() + 30))
        found.append(PolicyMention(m.start(), m.end(), m.group(0),
                                   cues.type_of_word(m.group(1)), number=number,
                                   year=year_of_number(number) or (
                                       int(dated.group(1)) if dated else None)))
    for m in scan(VI_UNQUOTED, text, s, e):
        title = m.group(1).rstrip(" ,")
        found.append(PolicyMention(m.start(1), m.start(1) + len(title), title,
                                   cues.type_of_word(title) or "rules"))
    for m in scan(VI_UNQUOTED_CITED, text, s, e):
        if not any(a < m.start() < b for a, b in subjects):  # Quyết định … phê duyệt Đề án …
            found.append(PolicyMention(m.start(1), m.end(1), m.group(1),
                                       cues.type_of_word(m.group(1)) or "rules"))
    for m in scan(VI_QCVN, text, s, e):
        found.append(PolicyMention(m.start(), m.end(), m.group(0), "standard", number=m.group(1),
                                   year=int(m.group(2))))
    for pattern in (VI_LAW, VI_PROGRAMME):
        for m in scan(pattern, text, s, e):
            title = m.group(0).rstrip(" ,")
            end = m.start() + len(title)
            numbered = VI_LAW_NUMBER.match(text, end, e) if pattern is VI_LAW else None
            dated = DATE_VI.match(text, end + 1, min(e, end + 30)) if pattern is VI_LAW else None
            found.append(PolicyMention(m.start(), end, title,
                                       cues.type_of_word(title.split(" ", 1)[0]) or (
                                           "law" if pattern is VI_LAW else "plan"),
                                       number=numbered.group(1) if numbered else None,
                                       year=int(numbered.group(2)) if numbered else (
                                           int(dated.group(1)) if dated else None)))
    for m in scan(QUOTED, text, s, e):
        g = quoted_group(m)
        before = text[max(s, m.start() - 20):m.start()]
        doc_type = cues.type_of_word(before)
        if doc_type == "plan" and (len(m.group(g).split()) < 4 or not before.strip()[-1:].isalpha()
                                   or not re.search(r"(?:Đề án|Chương trình|Kế hoạch|Chiến lược)"
                                                    r"\s*$", before)):
            continue  # chương trình “Mùa hè xanh”: a campaign's name, not Đề án “…”
        if doc_type and re.search(r"(?:Đề án|Chương trình|Kế hoạch|Chiến lược|Luật|Nghị quyết|"
                                  r"Quyết định|Chỉ thị|Thông tư|Nghị định|Quy chế|Quy định)"
                                  r"\s*$", before, re.I):
            found.append(PolicyMention(m.start(g), m.end(g), m.group(g), doc_type))
    return [p for p in found + foreign_acts(text, s, e)
            if p.doc_type in ("rules", "plan") or not any(a < p.start < b for a, b in subjects)]


def quoted_group(m: re.Match[str]) -> int:
    """The group of a QUOTED match that holds the text (double or single quotes)."""
    return 1 if m.group(1) is not None else 2


FINDERS = {"zh": chinese_policies, "ru": russian_policies, "en": english_policies,
           "vi": vietnamese_policies}


def find_policies(text: str, s: int, e: int, lang: str, cues: PolicyCues) -> list[PolicyMention]:
    """Policy mentions in text[s:e] (one paragraph) of language `lang`, overlaps removed."""
    finder = FINDERS.get(lang)
    if finder is None or reference_entry(text, s, e):
        return []  # reference-list entries are not annotated
    kept: list[PolicyMention] = []
    # A standard's designation right before its quoted title is that title's number.
    candidates = finder(text, s, e, cues) + [
        c for c in standards(text, s, e)
        if not text[c.end:c.end + 3].lstrip().startswith(("«", "《"))
        and not re.search(r"》\s*[（(]\s*$", text[max(s, c.start - 4):c.start])]
    for cand in sorted(candidates, key=lambda p: -(p.end - p.start)):
        if all(cand.end <= k.start or cand.start >= k.end or (
                cand.amended and not k.amended and k.start <= cand.start and cand.end <= k.end)
               for k in kept):
            kept.append(cand)
    kept.sort(key=lambda p: p.start)
    return fold_aliases(text, kept) if lang == "en" else kept


def fold_aliases(text: str, found: list[PolicyMention]) -> list[PolicyMention]:
    """A title given as another name of the one just before it ("…, the so-called Uniform
    Guidance", "(known as the Social Value Act)", an acronym in brackets) is a mention of it."""
    kept: list[PolicyMention] = []
    for p in found:
        acronym = re.fullmatch(r"(?:(?:UK|EU)\s)?[A-Z]{3,}", p.title) and re.fullmatch(
            r"\s*\(\s*", text[kept[-1].end:p.start] if kept else "")
        formal = FORMAL_TITLE_BEFORE.search(text, max(0, p.start - 30), p.start)
        apposed = kept and APPOSED_OWNER.fullmatch(text, kept[-1].end, p.start) and not (
            LIST_GOES_ON.match(text, p.end))
        if kept and (acronym or formal or apposed
                     or ALIAS_BETWEEN.fullmatch(text, kept[-1].end, p.start)):
            kept[-1].mentions.append([p.start, p.end])
            kept[-1].mentions.extend(p.mentions)
            continue
        kept.append(p)
    return kept


def reference_entry(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is a reference-list entry: a bullet or number, or authors written as
    authors, then the year in brackets, or a stop after it ("The Civil Society Strategy (2018)
    set out …" is prose)."""
    m = REFERENCE_LINE.match(text, s, e)
    return bool(m) and (bool(m.group(1)) or bool(m.group(3))
                        or bool(AUTHOR_MARK.search(m.group(2))))


def fold_back_references(policies: list[PolicyMention]) -> list[PolicyMention]:
    """Within a paragraph: a short form of an earlier title (《意见》, «Порядок», "the
    Procurement Act" after "Procurement Act 2023") becomes a mention of it."""
    kept: list[PolicyMention] = []
    for p in policies:
        norm = normalise_title(p.title)
        target = next((k for k in reversed(kept) if (len(k.title) > len(p.title)
                       and (refers_to(norm, normalise_title(k.title))
                            or nickname_of(p.title, k.title)))
                       or designation_of(p.title, p.number, k.number)), None)
        if target is not None:
            target.mentions.append([p.start, p.end])
            continue
        kept.append(p)
    return kept


def fold_repeated_policies(facts: list, cues: dict[str, PolicyCues] | None = None,
                           text: str = "") -> list:
    """Across a document's facts: a policy named again in a later paragraph (same title, the
    title without its year, or a short title ending an earlier one) is a mention of the first
    fact, not a fact of its own; a short name met before the full title becomes its mention.
    `text` (the search form) shows a short name's owner (Detroit's …), another place's."""
    kept: list = []
    firsts: list = []
    norms: dict[str, str] = {}  # each title's normalise_title, for every pair it is in

    def normalise(title: str) -> str:
        if title not in norms:
            norms[title] = normalise_title(title)
        return norms[title]

    for f in facts:
        if f.type != "policy":
            kept.append(f)
            continue
        norm = normalise(f.attrs.get("title") or f.text)
        # A bilingual page names a policy once in each language: one fact per language.
        lang_cues = (cues or {}).get(f.lang)
        same_lang = [k for k in firsts
                     if k.lang == f.lang and not owned_elsewhere(text, f, k, lang_cues)]
        known = lang_cues.law_acronyms if lang_cues else {}
        numbers = lang_cues.law_numbers if lang_cues else {}
        first = next((k for k in same_lang if refers_to(norm, normalise(
            k.attrs.get("title") or k.text)) or nickname_of(f.text, k.text, known)
            or designation_of(f.text, f.attrs.get("number"), k.attrs.get("number"))
            or law_of_number(f.text, f.attrs.get("number"), k.text, numbers)), None)
        if first is None:
            short = next((k for k in same_lang if normalise(k.text) != norm and (
                refers_to(normalise(k.text), norm) or nickname_of(k.text, f.text, known)
                or designation_of(k.text, k.attrs.get("number"), f.attrs.get("number"))
                or law_of_number(k.text, k.attrs.get("number"), f.text, numbers))), None)
            if short is not None:
                # The short name came first (a headline's "Localism Act"): the full title is
                # the fact, the short name its mention.
                f.attrs["mentions"] = sorted([[short.start, short.end]]
                                             + (short.attrs.get("mentions") or [])
                                             + (f.attrs.get("mentions") or []))
                take_number(f, short)
                firsts[firsts.index(short)] = f
                kept[kept.index(short)] = f
                continue
            firsts.append(f)
            kept.append(f)
            continue
        first.attrs.setdefault("mentions", []).append([f.start, f.end])
        first.attrs["mentions"].extend(f.attrs.get("mentions") or [])
        take_number(first, f)
    return kept


def owned_elsewhere(text: str, short, full, cues: PolicyCues | None = None) -> bool:
    """Whether `short` is owned by another place than the one naming `full`: "Detroit's
    Community Benefits Ordinance" after the "Port Calder Community Benefits Ordinance"."""
    owner = SHORT_OWNER.search(text, max(0, short.start - 30), short.start) if text else None
    if owner is None or (cues is not None and searches(cues.owner_bodies, owner.group(1))):
        return False
    full_title = full.attrs.get("title") or full.text
    words = (short.attrs.get("title") or short.text).split()
    return owner.group(1) not in full_title and bool(words) and not full_title.startswith(
        words[0])


def take_number(fact, mention) -> None:
    """A fact without a number takes the number (and year) a mention of it was written with
    (Luật Đấu thầu số 22/2023/QH15 …, later Luật Đấu thầu 2023)."""
    if not fact.attrs.get("number") and mention.attrs.get("number"):
        fact.attrs["number"] = mention.attrs["number"]
        fact.attrs["year"] = fact.attrs.get("year") or mention.attrs.get("year")


def refers_to(short: str, full: str, limit: int = 6) -> bool:
    """Whether normalised title `short` names the same policy as the earlier `full` one:
    equal, the same without its year, a short ending (《意见》 of 《…的意见》) or a one-word
    opening («Порядок» of «Порядок заключения …»)."""
    full = ZH_TRAILER.sub("", full)
    if short == full:
        return True
    if short.isalpha() and len(short) > limit and full.startswith(short) and (
            not short.isascii()) and not full.startswith("实施", len(short)):
        return True  # (a law is no short form of its own 实施条例)
    if re.search(r"\d{4}$", full) and re.sub(r"\d{4}$", "", full) == short:
        return True
    return len(short) <= limit and len(full) > len(short) and full.endswith(short)


def designation_of(title: str, number: str | None, other_number: str | None) -> bool:
    """Whether `title` designates a policy by the number another one carries (закон № 224-ФЗ
    after «О государственно-частном партнерстве…» № 224-ФЗ): the same document."""
    return bool(number) and number == other_number and normalise_title(number) in \
        normalise_title(title)


BY_NUMBER_ONLY = re.compile(r"(?:Luật|Bộ luật)\s+số\s+\S+")


def law_of_number(short: str, number: str | None, full: str, numbers: dict[str, str]) -> bool:
    """Whether a law cited by its number alone (Luật số 64/2020/QH14) is the law of the full
    name, by the lexicon's national law numbers; never where the name has had several laws
    (Luật Doanh nghiệp 2014 and 2020): the name alone does not say which."""
    name = numbers.get(number or "")
    return bool(name) and BY_NUMBER_ONLY.fullmatch(short) is not None and normalise_title(
        name) == normalise_title(full) and list(numbers.values()).count(name) == 1


def nickname_of(short: str, full: str, acronyms: dict[str, str] | None = None) -> bool:
    """Whether an English title is a short name of a longer one: its words, head last, appear
    in order in it ("Social Value Act" of "Public Services (Social Value) Act 2012"); likewise
    a Chinese short name and a Vietnamese law by acronym."""
    vi_short = VI_LAW_ACRONYM.fullmatch(short)
    if vi_short:
        return law_by_acronym(vi_short, full, acronyms or {})
    if HAN_TITLE.fullmatch(short) and HAN_TITLE.fullmatch(full):
        return han_short_name(short, full)
    initials = "".join(w[0] for w in re.findall(r"[A-Z][\w\-]*", full))
    if re.fullmatch(r"(?:(?:UK|EU)\s)?[A-Z]{3,}", short) and short.split()[-1] == initials:
        return True  # GDPR of General Data Protection Regulation
    words = re.findall(r"[a-z0-9]+", short.casefold())
    long_words = re.findall(r"[a-z0-9]+", full.casefold())
    if len(words) < 2 or len(words) >= len(long_words) or not short.isascii():
        return False
    if words[-1] not in long_words or re.fullmatch(r"\d{4}", words[-1]):
        return False
    rest = iter(long_words)
    return all(w in rest for w in words)


HAN_TITLE = re.compile(r"[\u4e00-\u9fff]+")
# A Vietnamese law by acronym (Luật BVMT 2020, Luật PPP) and the full name it is matched with.
VI_LAW_ACRONYM = re.compile(r"(Luật|Bộ luật)\s+([A-ZĐ]{2,8})(?:\s+(?:năm\s+)?(?:19|20)\d{2})?")
VI_LAW_FULL = re.compile(r"(Luật|Bộ luật)\s+(\w+(?:\s+\w+)+?)(?:\s+(?:năm\s+)?(?:19|20)\d{2})?")


def plain_letters(text: str) -> str:
    """Upper case without diacritics, Đ as D: the form acronyms are compared in."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


def law_by_acronym(short: re.Match[str], full: str, acronyms: dict[str, str]) -> bool:
    """Whether a Vietnamese law named by acronym is the law of the full name: the initials of
    its subject's words (Luật BVMT of Luật Bảo vệ môi trường), or the words the acronym is
    known to stand for (Luật PPP of Luật Đầu tư theo phương thức đối tác công tư)."""
    long = VI_LAW_FULL.fullmatch(full)
    if long is None or long.group(1) != short.group(1) or VI_LAW_ACRONYM.fullmatch(full):
        return False
    acronym, subject = short.group(2), long.group(2)
    if plain_letters("".join(w[0] for w in subject.split())) == plain_letters(acronym):
        return True
    words = acronyms.get(acronym)
    return bool(words) and re.search(rf"(?<!\w){re.escape(words.casefold())}(?!\w)",
                                     subject.casefold()) is not None


def han_short_name(short: str, full: str) -> bool:
    """Whether a Chinese title is a short name of a longer one: a word of it, then its
    document-type ending (《认证办法》 of 《…社会企业认证管理办法》)."""
    head, ending = short[:-2], short[-2:]
    return (len(head) >= 2 and len(short) < len(full) and full.endswith(ending)
            and head in full[:-2])


# --- attributes from the sentence -----------------------------------------------------------

ISSUER_LABELS = ("government", "party")
# A body owning the title right before it ("the Air Resources Board's 2022 Scoping Plan"):
# capitalised words (of the …) ending in a body's word.
OWNER_BEFORE = re.compile(r"(?<![\w’'])(?!(?:The|A|An|When|While|After|As|If)\s)([A-Z][\w\-]*"
                          r"(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w\-]*)*)[’']s\s+(?:(?:19|20)\d{2}\s+)?$")
# A one-word proper owner right before a policy's name (Detroit's …).
SHORT_OWNER = re.compile(r"(?<![\w’'])([A-Z][a-z][\w\-]*)[’']s\s+$")
ISSUER_OPENER = re.compile(r"(?:When|While|After|Before|As|If|Since|Once|Although|Until)\s+"
                           r"(?:the\s+)?(?=[A-Z])")
JOINERS = ("、", "和", "与", ",", "，", "and", "и", "và")


def issuer_phrase(text: str, m: TermMatch, lang: str, cues: PolicyCues, hi: int) -> tuple[int, int]:
    """Widen an issuing body to its full name: Eastmoor City Council, Правительство Российской
    Федерации, Ủy ban nhân dân tỉnh Quảng Nam."""
    start, end = m.start, m.end
    if lang == "en":
        while True:
            prev = re.search(r"([A-Z][\w’'\-]*)\s+$", text[max(0, start - 40):start])
            if not prev or prev.group(1) in ("The", "A", "An", "This", "By", "Under", "In"):
                break
            start -= len(prev.group(0))
        # "When the Council of the EU adopted …": the conjunction opening the sentence.
        opener = ISSUER_OPENER.match(text, start, end)
        start = opener.end() if opener and opener.end() < end else start
        tail = re.match(r"\s+(?:for|of)\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*",
                        text[end:hi])
        end += tail.end() if tail else 0
        joined = re.match(r"\s+and\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*", text[end:hi])
        if joined and re.match(r"(?:Department|Ministry|Office)\b", text[start:end]):
            end += joined.end()  # the Department of Health and Social Care
    elif lang == "vi":
        end = vietnamese_name_end(text, end, hi, cues)
    elif lang == "zh":
        more = re.match(r"等(?:[\u4e00-\u9fff]{0,3})(?:部门|单位|部委)|办公室|办公厅", text[end:hi])
        end += more.end() if more else 0  # 民政部等部门, 市人民政府办公室
        place = ZH_PLACE_BEFORE.search(text, max(0, start - 8), start)
        start = place.start() if place else start
    elif lang == "ru":
        for _ in range(4):
            nxt = re.match(r"\s+([\wÀ-ỹ\-]+)", text[end:hi])
            if not nxt or not (nxt.group(1)[0].isupper() or nxt.group(1) in cues.issuer_tail):
                break
            end += nxt.end()
    return start, end


def vietnamese_name_end(text: str, end: int, hi: int, cues: PolicyCues) -> int:
    """Run a Vietnamese body's name on over its syllables (Bộ Văn hóa, Thể thao và Du lịch;
    Ủy ban nhân dân huyện Đông Sơn): capitalised syllables, the lowercase syllable after one,
    place words, and "và", "-" or "," between capitalised ones."""
    tokens = list(re.finditer(r"\s*(,|-|[\wÀ-ỹ]+)", text[end:hi]))[:14]
    last_word = re.search(r"[\wÀ-ỹ]+$", text[:end])
    base, last_cap, stop = end, bool(last_word and last_word.group(0)[0].isupper()), end
    for i, tok in enumerate(tokens):
        word = tok.group(1)
        nxt = tokens[i + 1].group(1) if i + 1 < len(tokens) else ""
        if word in ("về", "của", "theo", "tại", "năm", "ngày", "số", "khóa", "khoá"):
            break  # "… Trung ương Đảng khóa XII về …": the name has ended
        if word[0].isupper():
            last_cap = True
        elif word in (",", "-", "và") and nxt[:1].isupper():
            continue
        elif cues.issue_verbs and cues.issue_verbs.match(text, base + tok.start(1)):
            break  # "… huyện Đông Sơn ban hành": the name has ended
        elif (last_cap and word.isalpha()) or word in cues.issuer_tail:
            last_cap = False
        else:
            break
        stop = base + tok.end()
    return stop


def issuing_bodies(search: str, sent: tuple[int, int], terms: Sequence[TermMatch],
                   cues: PolicyCues) -> list[TermMatch]:
    """Government and party actors of the sentence plus the lexicon's extra issuers (State
    Duma, Cabinet Office …), in text order, overlaps removed."""
    found = [m for m in terms if m.type == "actor" and m.label in ISSUER_LABELS
             and sent[0] <= m.start and m.end <= sent[1]]
    if cues.issuers:
        for m in cues.issuers.finditer(search, sent[0], sent[1]):
            overlapping = [t for t in found if not (m.end() <= t.start or m.start() >= t.end)]
            if all(t.end - t.start < m.end() - m.start() for t in overlapping):
                # The lexicon's full name wins over a shorter actor match inside it.
                found = [t for t in found if t not in overlapping]
                found.append(TermMatch(m.start(), m.end(), "actor", "government", m.group(0)))
    return sorted(found, key=lambda m: m.start)


def pick_issuer(text: str, sent: tuple[int, int], p: PolicyMention,
                terms: Sequence[TermMatch], lang: str, cues: PolicyCues,
                lo: int | None = None, others: Sequence[PolicyMention] = ()
                ) -> tuple[int, int] | None:
    """The span of the body that issued or passed the policy: the body a Chinese title opens
    with (国务院关于…); one linked right after the title ("passed by Parliament", "của Chính
    phủ", "принятый Государственной думой"); else the bodies nearest before it joined
    (中共中央、国务院印发) when an issuing verb ties them to it. `text` is the search form."""
    issuers = [m for m in terms if not (p.start <= m.start and m.end <= p.end)]
    after = [m for m in issuers if m.start >= p.end]
    # Bodies before an earlier title of the same sentence issued that one, not this one.
    before = [m for m in issuers if m.end <= p.start and m.start >= (lo or sent[0])]
    if after and cues.issuer_links and lang != "zh":
        gap = text[p.end:after[0].start]
        crossed = any(p.end <= o.start < after[0].start for o in others if o is not p)
        # "… complies with the Act and was approved by the cabinet": another clause's agent.
        other_clause = re.search(r"\s(?:and|и|và)\s|;", gap)
        if len(gap) <= 60 and cues.issuer_links.search(gap) and not crossed and not other_clause:
            return issuer_phrase(text, after[0], lang, cues, sent[1])
        phrase = issuer_phrase(text, after[0], lang, cues, sent[1])
        if len(gap.strip()) <= 4 and cues.issue_verbs and cues.issue_verbs.match(
                text, phrase[1] + 1):
            return phrase  # "the Social Value Policy the council adopted in 2023"
        if lang == "en" and re.fullmatch(r",\s+(?:the\s+)?", gap) and re.match(
                r"[’']s\s", text[phrase[1]:phrase[1] + 3]):
            return phrase  # "Our Rural Future, the Government's rural development policy"
    title_issuer = ZH_TITLE_ISSUER.match(p.title) if lang == "zh" else None
    if title_issuer:
        return p.start, p.start + title_issuer.end(1)
    if lang == "ru" and p.number and normalise_title(p.number) in normalise_title(p.title):
        # Указ Президента РФ от … № 309, приказ Минтруда России от … № 940н: the designation
        # names its issuer.
        dated = re.search(r"\s(?:от|№)\s", p.title)
        hi = p.start + dated.start() if dated else p.end
        inside = [m for m in terms if p.start < m.start and m.end <= hi]
        if inside:
            return issuer_phrase(text, inside[0], lang, cues, hi)
    # A designation written right before the title (the Cabinet Office's Procurement Policy
    # Note 06/20, “…”) stands for it: the issuer is tied to the designation.
    lead = min([a for a, b in p.mentions if b <= p.start and p.start - b <= 4] + [p.start])
    tied = [m for m in before if m.end <= lead and issued_between(text, m.end, lead, lang, cues)]
    if tied:
        group = [tied[-1]]
        # Bodies joined to the tied one (中共中央、国务院《…》) issued it with it.
        for m in reversed([m for m in before if m.end <= tied[-1].start]):
            if text[m.end:group[0].start].strip() in JOINERS:
                group.insert(0, m)
            else:
                break
        first = issuer_phrase(text, group[0], lang, cues, group[-1].end if len(group) > 1
                              else p.start)
        last = issuer_phrase(text, group[-1], lang, cues, p.start)
        return first[0], last[1]
    if after and lang == "zh" and "由" in text[p.end:after[0].start] and (
            after[0].start - p.end <= 8):
        return issuer_phrase(text, after[0], lang, cues, sent[1])  # 《…》由民政部印发
    owner = OWNER_BEFORE.search(text, max(sent[0], lo or 0, p.start - 80), p.start) if (
        lang == "en") else None
    if owner and searches(cues.owner_bodies, owner.group(1)):
        return owner.start(1), owner.end(1)  # "the California Air Resources Board's … Plan"
    return None


def issued_between(text: str, end: int, start: int, lang: str, cues: PolicyCues) -> bool:
    """Whether the words between a body and a title say the body issued it: an issuing verb
    (印发, published, утвердило, ban hành), a possessive ("the council's"), or, in Russian, the
    body named right after the document type (постановлением администрации … «…»)."""
    gap = text[end:start]
    if re.search(r"\bby\s+(?:the\s+)?$", gap):
        return False  # "boards, introduced by the Health and Care Act": the title is the agent
    if len(gap.strip(" «“\"《")) <= 2 or re.fullmatch(r"[’']s\s+(?:guidance\s+|guide\s+)?", gap):
        return True
    if cues.issue_verbs and cues.issue_verbs.search(gap):
        return True
    return lang == "ru" and len(gap) <= 60 and cues.type_of_word(text[max(0, end - 60):end]) \
        is not None


def pick_year(text: str, sent: tuple[int, int], p: PolicyMention, cues: PolicyCues,
              others: Sequence[PolicyMention] = ()) -> int | None:
    """The year the policy was issued, only where the page says so: its date, number or
    title year; a year written right next to the title ("Luật Thủ đô năm 2024", "the 2020
    Law on …"); or a year tied to it by an issuing verb ("2014年，国务院印发《…》", "adopted by
    the National Assembly in 2020"), with no other title in between."""
    if p.year:
        return p.year
    right_after = YEAR_RIGHT_AFTER.match(text, p.end) or EN_DATE_AFTER.match(text, p.end)
    if right_after and right_after.end() <= sent[1]:
        return int(right_after.group(1))
    candidates = []
    for m in YEAR_ANY.finditer(text, sent[0], sent[1]):
        if p.start <= m.start() < p.end or any(a <= m.start() < b for a, b in p.mentions):
            continue
        if PERIOD_BEFORE_YEAR.search(text[max(sent[0], m.start() - 12):m.start()]):
            continue
        lo, hi = (m.end(), p.start) if m.end() <= p.start else (p.end, m.start())
        if any(lo <= o.start < hi for o in others if o is not p):
            continue
        gap = text[lo:hi]
        linked = lo == p.end and len(gap) <= 60 and bool(
            cues.issuer_links and cues.issuer_links.search(gap))
        tied = len(gap.strip(" ,，《“«")) <= 1 or linked or bool(
            cues.issue_verbs and cues.issue_verbs.search(gap))
        if tied:
            candidates.append((hi - lo, int(m.group(1))))
    return min(candidates)[1] if candidates else None


def pick_jurisdiction(text: str, sent: tuple[int, int], p: PolicyMention, issuer: str | None,
                      cues: PolicyCues) -> str | None:
    """A place named in the title, issuer or sentence (lexicon `jurisdictions`), a Chinese
    place the title or issuer opens with (成都市…), else the language's default."""
    if p.jurisdiction:
        return p.jurisdiction  # Community Land Act 1998 (NSW)
    for span_text in (p.title, issuer or "", text[sent[0]:sent[1]]):
        if cues.any_place is None or not cues.any_place.search(span_text):
            continue  # no place at all: the first-listed one need not be looked for
        for pattern, name in cues.places:
            if pattern.search(span_text):
                return name
    for span_text in (p.title, issuer or ""):
        place = ZH_PLACE_START.match(span_text)
        if place:
            return place.group(1)  # 成都市社区发展治理促进条例 → 成都市
    return cues.default_jurisdiction


def describe_policy(text: str, search: str, sent: tuple[int, int], p: PolicyMention,
                    terms: Sequence[TermMatch], lang: str, cues: PolicyCues,
                    others: Sequence[PolicyMention] = ()) -> dict:
    """The attributes of a policy fact (DESIGN.md, labels table); `others` are the paragraph's
    other policies (an issuer before an earlier title belongs to that one)."""
    attached = next((o for o in others if o.start >= p.end
                     and ATTACHED_TO.fullmatch(search[p.end:o.start])), None)
    if attached is not None:
        # "Chương trình … được ban hành kèm theo Nghị quyết số 76/NQ-CP của Chính phủ năm
        # 2021": the approving document's issuer and year are this one's where it has none.
        rest = [o for o in others if o is not attached]
        attrs = describe_policy(text, search, sent, p, terms, lang, cues, rest)
        approving = describe_policy(text, search, sent, attached, terms, lang, cues,
                                    [o for o in others if o is not p])
        attrs["issuer"] = attrs["issuer"] or approving["issuer"]
        attrs["year"] = attrs["year"] or approving["year"]
        return attrs
    # A title introduced by the one before it ("Quyết định số … về Quy chế …", "… on …")
    # shares its issuer and year: that one is not in the way.
    chained = [o for o in others if o.end <= p.start
               and CHAIN.fullmatch(search[o.end:p.start])]
    others = [o for o in others if o not in chained]
    lo = max((o.end for o in others if sent[0] <= o.end <= p.start), default=sent[0])
    # A body inside another title names no issuer of this one, unless it is inside this one
    # too (the amended act's "постановления Правительства …" inside the amending act's title).
    body_terms = [m for m in issuing_bodies(search, sent, terms, cues)
                  if not any(o.start <= m.start and m.end <= o.end for o in others if o is not p)
                  or p.start <= m.start and m.end <= p.end]
    span = pick_issuer(search, sent, p, body_terms, lang, cues, lo, others)
    issuer = text[span[0]:span[1]].strip() or None if span else None
    if issuer is None and p.number and (EU_NUMBER.search(p.number)
                                        or p.number.startswith("(EU)") or "(EU)" in p.title):
        issuer = "EU"  # 2014/24/EU: the number names the Union
    return {"title": p.full_title or search[p.start:p.end],
            "issuer": issuer,
            "year": pick_year(search, sent, p, cues, others),
            "doc_type": p.doc_type, "number": p.number,
            "jurisdiction": pick_jurisdiction(search, sent, p, issuer, cues),
            "mentions": p.mentions}
