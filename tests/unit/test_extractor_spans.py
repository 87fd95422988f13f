"""Actors and stages: lexicon matches, Traditional Chinese spans, merging span-model output."""

from __future__ import annotations

from cominer.extract.extractor import EXTRACTOR_VERSION, ExtractConfig, Extractor
from cominer.extract.span_model import SpanPrediction, best_non_overlapping


def test_traditional_chinese_matches_through_its_search_form(cleaner, extractor):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text("社區居民委員會與志願者共同設計服務，由專業人員評估。"))
    facts = {(f.text, f.label) for f in extractor.extract(doc) if f.type in ("actor", "stage")}
    assert {("社區居民委員會", "community_committee"), ("志願者", "volunteer"),
            ("共同設計", "design"), ("專業人員", "professional"), ("評估", "evaluation")} <= facts
    for f in extractor.extract(doc):
        assert doc.text[f.start:f.end] == f.text


def test_stage_records_the_raw_step(cleaner, extractor):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text("第一步是宣传招募，第二步是准入。"))
    steps = [f.attrs.get("step") for f in extractor.extract(doc) if f.type == "stage"]
    assert steps == ["宣传招募", "准入"]


class FakeSpanModel:
    """Stands in for a trained model: predicts fixed spans by text."""

    version = "spans-9"

    def __init__(self, spans):
        self.spans = spans
        self.seen = []

    def predict(self, lang, texts):
        self.seen += texts
        out = []
        for text in texts:
            out.append([SpanPrediction(text.index(w), text.index(w) + len(w), t, lab, 0.8)
                        for w, t, lab in self.spans if w in text])
        return out


def test_model_spans_are_added_only_where_the_lexicon_is_silent(cleaner):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text("Residents met the Friends of Elm Park. The weather was fine."))
    model = FakeSpanModel([("Friends of Elm Park", "actor", "social_org"),
                           ("Residents", "actor", "enterprise")])
    extractor = Extractor(ExtractConfig(), span_model=model)
    facts = [(f.text, f.label, f.source) for f in extractor.extract(doc) if f.type == "actor"]
    assert facts == [("Residents", "citizen", "rule"),
                     ("Friends of Elm Park", "social_org", "model")]
    assert model.seen == ["Residents met the Friends of Elm Park."]  # no lexicon hit: not run
    assert extractor.version == f"{EXTRACTOR_VERSION}+spans-9"


def test_span_model_off_keeps_the_plain_version():
    assert Extractor(ExtractConfig(span_model=False)).version == EXTRACTOR_VERSION


def test_best_non_overlapping_keeps_the_higher_score():
    a = SpanPrediction(0, 5, "actor", "citizen", 0.6)
    b = SpanPrediction(3, 9, "actor", "enterprise", 0.9)
    c = SpanPrediction(10, 12, "stage", "design", 0.7)
    assert best_non_overlapping([a, b, c]) == [b, c]


def test_terms_inside_titles_and_quoted_names_are_not_facts(cleaner, extractor):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text("张三在《社区居民参与评估研究》中写道，居民参与评估。"))
    found = [(f.text, f.start) for f in extractor.extract(doc) if f.type in ("actor", "stage")]
    assert [t for t, _ in found] == ["居民", "评估"]
    assert all(start > doc.text.index("》") for _, start in found)


def test_a_quoted_name_after_an_actor_is_the_same_actor_elsewhere(cleaner, extractor):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text("Компания ООО «Ромашка» подписала соглашение. "
                                 "Позже «Ромашка» перечислила средства."))
    actors = [(f.text, f.label) for f in extractor.extract(doc) if f.type == "actor"]
    # Компания and ООО «Ромашка» are adjacent actors of one label: one body
    assert actors == [("Компания ООО «Ромашка»", "enterprise"), ("«Ромашка»", "enterprise")]


def test_actors_carry_a_canonical_name_where_the_lexicon_gives_one(cleaner, extractor):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text("居委会和社工一起开会，居民参加。"))
    attrs = {f.text: f.attrs for f in extractor.extract(doc) if f.type == "actor"}
    assert attrs["居委会"]["canonical"] == "社区居民委员会"
    assert attrs["社工"]["canonical"] == "社会工作者"
    assert "canonical" not in attrs["居民"]


def test_adjacent_actors_of_one_label_are_one_body(cleaner, extractor):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text("湖南大学的研究人员和社区居委会、居民一起开会。"))
    actors = [(f.text, f.label) for f in extractor.extract(doc) if f.type == "actor"]
    assert ("湖南大学的研究人员", "academia") in actors
    assert ("社区居委会", "community_committee") in actors and ("居民", "citizen") in actors


def test_reference_list_entries_give_no_actors_or_stages(cleaner, extractor):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text("Residents co-designed the plan.\n"
                                 "Smith, J. Why councils co-design services [J]. Studies, 2020."))
    found = [f.text for f in extractor.extract(doc) if f.type in ("actor", "stage")]
    assert found == ["Residents", "co-designed"]


def test_terms_inside_quoted_speech_are_still_facts(cleaner, extractor):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text("«Было непривычно, что жители приходят», — говорит она."))
    assert "жители" in [f.text for f in extractor.extract(doc) if f.type == "actor"]
