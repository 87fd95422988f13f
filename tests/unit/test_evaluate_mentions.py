"""A rate stated twice (headline and body) is one fact with two mentions, and scores as two."""

from __future__ import annotations

from cominer.annotations.gold import GoldFact
from cominer.corpus.records import CleanDoc
from cominer.extract.records import Fact
from cominer.models.evaluate import Report, score_document

TEXT = "Firms give 5% of profit\n\nEach firm pays 5% of its annual profit into the fund."


def doc() -> CleanDoc:
    return CleanDoc(doc_id="d", source="d.txt", title=None, date=None, lang="en",
                    cleaner_version="t", config_hash="t", main_text=TEXT, text=TEXT,
                    text_search=TEXT, paragraphs=[], removed=[], repaired=[])


def gold_rate(occurrence: int) -> GoldFact:
    start = [i for i in range(len(TEXT)) if TEXT.startswith("5%", i)][occurrence]
    return GoldFact(document="d.txt", type="rate", label="profit_share", lang="en", text="5%",
                    prefix=TEXT[max(0, start - 8):start], suffix=TEXT[start + 2:start + 10],
                    attrs={"min": 0.05, "max": 0.05}, start=start, end=start + 2)


def rate(start: int, end: int, mentions: list[list[int]] | None = None) -> Fact:
    attrs: dict = {"min": 0.05, "max": 0.05}
    if mentions:
        attrs["mentions"] = mentions
    return Fact(doc_id="d", type="rate", lang="en", text=TEXT[start:end], start=start, end=end,
                label="profit_share", attrs=attrs)


def test_a_merged_rate_matches_both_listed_occurrences():
    head = (TEXT.index("Firms"), TEXT.index("\n"))
    body = (TEXT.index("Each"), len(TEXT))
    report = Report()
    score_document(report, doc(), [gold_rate(0), gold_rate(1)],
                   [rate(*head, mentions=[list(body)])])
    assert (report.cell("rate", "en").tp, report.cell("rate", "en").fp,
            report.cell("rate", "en").fn) == (2, 0, 0)


def test_without_the_mention_the_body_occurrence_is_missed():
    head = (TEXT.index("Firms"), TEXT.index("\n"))
    report = Report()
    score_document(report, doc(), [gold_rate(0), gold_rate(1)], [rate(*head)])
    assert (report.cell("rate", "en").tp, report.cell("rate", "en").fn) == (1, 1)


def test_a_gold_rate_folded_into_mentions_matches_both_listed_predictions():
    head = (TEXT.index("5%"), TEXT.index("5%") + 2)
    body = (TEXT.index("5%", head[1]), TEXT.index("5%", head[1]) + 2)
    folded = gold_rate(0)
    folded.attrs = {**folded.attrs, "mentions": [list(body)]}
    report = Report()
    score_document(report, doc(), [folded], [rate(*head), rate(*body)])
    assert (report.cell("rate", "en").tp, report.cell("rate", "en").fp,
            report.cell("rate", "en").fn) == (2, 0, 0)


def test_a_fraction_written_to_four_places_is_the_exact_fraction():
    gold = gold_rate(1)
    gold.attrs = {"min": 0.3333, "max": 0.3333}
    pred = rate(gold.start, gold.end)
    pred.attrs = {"min": 1 / 3, "max": 1 / 3}
    report = Report()
    score_document(report, doc(), [gold], [pred])
    assert report.cell("rate", "en").tp == 1
    pred.attrs = {"min": 0.34, "max": 0.34}
    report = Report()
    score_document(report, doc(), [gold], [pred])
    assert report.cell("rate", "en").tp == 0


def folded_gold() -> GoldFact:
    """The body's rate with the headline's figure as its mention (how dev5 folds repeats)."""
    gold = gold_rate(1)
    head = TEXT.index("5%")
    gold.attrs = {**gold.attrs, "mentions": [[head, head + 2]]}
    return gold


def test_a_folded_gold_rate_scores_once_per_mention():
    head = (TEXT.index("Firms"), TEXT.index("\n"))
    body = (TEXT.index("Each"), len(TEXT))
    for preds in ([rate(*head, mentions=[list(body)])], [rate(*head), rate(*body)]):
        report = Report()
        score_document(report, doc(), [folded_gold()], preds)
        assert (report.cell("rate", "en").tp, report.cell("rate", "en").fp,
                report.cell("rate", "en").fn) == (2, 0, 0)


def test_a_folded_gold_mention_left_unfound_is_missed():
    body = (TEXT.index("Each"), len(TEXT))
    report = Report()
    score_document(report, doc(), [folded_gold()], [rate(*body)])
    assert (report.cell("rate", "en").tp, report.cell("rate", "en").fn) == (1, 1)


def test_a_gold_third_written_to_four_decimals_is_a_third():
    from cominer.models.evaluate import same_value

    assert same_value(0.3333, 1 / 3) and same_value(0.6667, 2 / 3)
    assert not same_value(0.333, 1 / 3) and not same_value(0.05, 0.055)
