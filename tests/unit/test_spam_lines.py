"""The spam-line classifier: shipped artefact, its training data, and a retrain."""

from cominer.models.spam_lines import SpamLineModel, bundled_examples, data_hash, score, train


def test_shipped_model_matches_its_training_data_and_scores_well():
    model = SpamLineModel.load_shipped()
    assert model.meta["training_data_hash"] == data_hash(bundled_examples("train"))
    figures = score(model, bundled_examples("test"), model.meta["evaluation"]["threshold"])
    assert figures == model.meta["evaluation"]
    assert figures["precision"] >= 0.97 and figures["recall"] >= 0.5


def test_retraining_round_trips_through_disk(tmp_path):
    examples = bundled_examples("train")[:200]
    model = train(examples)
    model.save(tmp_path / "m")
    again = SpamLineModel.load(tmp_path / "m")
    lines = [e.text for e in examples[:20]]
    assert abs(model.probability(lines) - again.probability(lines)).max() < 1e-5
