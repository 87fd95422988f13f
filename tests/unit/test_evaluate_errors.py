"""`cominer evaluate --errors`: each document's false positives and false negatives."""

from __future__ import annotations

from cominer.annotations.gold import GoldFact
from cominer.corpus.records import CleanDoc
from cominer.extract.records import Fact
from cominer.models.evaluate import (
    Report,
    context_of,
    format_errors,
    format_report,
    score_document,
)

TEXT = "The city council and Brook Housing Trust ran the hub. Volunteers reviewed it each year."


def doc() -> CleanDoc:
    return CleanDoc(doc_id="d", source="d.txt", title=None, date=None, lang="en",
                    cleaner_version="t", config_hash="t", main_text=TEXT, text=TEXT,
                    text_search=TEXT, paragraphs=[], removed=[], repaired=[])


def gold(fact_type: str, label: str, quote: str) -> GoldFact:
    start = TEXT.index(quote)
    return GoldFact(document="d.txt", type=fact_type, label=label, lang="en", text=quote,
                    prefix=TEXT[max(0, start - 10):start],
                    suffix=TEXT[start + len(quote):start + len(quote) + 10],
                    attrs={}, start=start, end=start + len(quote))


def fact(fact_type: str, label: str, quote: str) -> Fact:
    start = TEXT.index(quote)
    return Fact(doc_id="d", type=fact_type, lang="en", text=quote, start=start,
                end=start + len(quote), label=label, attrs={})


def scored() -> Report:
    golds = [gold("actor", "government", "city council"),
             gold("actor", "social_org", "Brook Housing Trust"),
             gold("actor", "volunteer", "Volunteers"),
             gold("stage", "evaluation", "reviewed")]
    preds = [fact("actor", "government", "city council"),
             fact("actor", "enterprise", "Brook Housing Trust"),  # label confusion
             fact("stage", "delivery", "ran"),  # not in the gold
             fact("stage", "evaluation", "reviewed")]
    report = Report()
    score_document(report, doc(), golds, preds, "d.txt")
    return report


def test_errors_list_each_miss_and_each_extra_fact_once():
    errors = [(m.kind, m.type, m.label, m.text) for m in scored().errors]
    assert sorted(errors) == sorted([
        ("fn", "actor", "social_org", "Brook Housing Trust"),
        ("fp", "actor", "enterprise", "Brook Housing Trust"),
        ("fn", "actor", "volunteer", "Volunteers"),
        ("fp", "stage", "delivery", "ran")])


def test_errors_agree_with_the_counts():
    report = scored()
    for fact_type in ("actor", "stage"):
        cell = report.total(fact_type)
        kinds = [m.kind for m in report.errors if m.type == fact_type]
        assert (kinds.count("fp"), kinds.count("fn")) == (cell.fp, cell.fn)


def test_a_label_confusion_names_the_fact_on_the_other_side():
    by_kind = {(m.kind, m.text): m.other for m in scored().errors}
    assert by_kind[("fn", "Brook Housing Trust")] == "enterprise 'Brook Housing Trust'"
    assert by_kind[("fp", "Brook Housing Trust")] == "social_org 'Brook Housing Trust'"
    assert by_kind[("fn", "Volunteers")] == ""


def test_format_lists_errors_per_document_with_context_and_filters_types():
    out = format_errors(scored(), ["stage"])
    assert out.splitlines()[0] == "== d.txt"
    assert "fp stage/delivery en 'ran'" in out
    assert "Trust [ran] the hub" in out
    assert "actor/" not in out
    assert format_errors(Report()) == "no errors"


def test_context_marks_the_span_on_one_line():
    text = "first line\nthe [x] word and more"
    start = text.index("word")
    assert context_of(text, start, start + 4, width=12) == "ine the [x] [word] and more"


def test_a_policy_found_with_another_title_is_counted_as_a_title_disagreement():
    text = "The Localism Act 2011 gave councils a duty. A fund was set up."
    clean = CleanDoc(doc_id="d", source="d.txt", title=None, date=None, lang="en",
                     cleaner_version="t", config_hash="t", main_text=text, text=text,
                     text_search=text, paragraphs=[], removed=[], repaired=[])
    gold_title = "The Localism Act 2011"
    golds = [GoldFact(document="d.txt", type="policy", label="policy", lang="en",
                      text=gold_title, prefix="", suffix=" gave counc", attrs={"title": gold_title},
                      start=0, end=len(gold_title))]
    preds = [Fact(doc_id="d", type="policy", lang="en", text="Localism Act", start=4, end=16,
                  label="policy", attrs={"title": "Localism Act"})]
    report = Report()
    score_document(report, clean, golds, preds, "d.txt")
    assert report.title_disagreements == 1
    assert (report.total("policy").fp, report.total("policy").fn) == (1, 1)
    assert "written differently from the gold" in format_report(report)
