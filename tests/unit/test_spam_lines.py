"""The spam-line classifier: shipped artefact, its training data, and a retrain."""

import numpy as np

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


def test_scoring_without_scikit_learn_gives_its_exact_probabilities():
    from sklearn.feature_extraction.text import HashingVectorizer  # the training-time features

    from cominer.models.spam_lines import N_FEATURES, NGRAMS

    model = SpamLineModel.load_shipped()
    lines = [e.text for e in bundled_examples("test")] + [
        "", "  ", "a", "ab  cd\tef", "ÀB Ünïcode 中文 казино 88", "xxx", "Ｆｕｌｌ　ｗｉｄｔｈ"]
    features = HashingVectorizer(analyzer="char_wb", ngram_range=NGRAMS, n_features=N_FEATURES,
                                 alternate_sign=False, norm="l2", lowercase=True)
    expected = 1 / (1 + np.exp(-(features.transform(lines) @ model.coef + model.intercept)))
    assert np.array_equal(model.probability(lines), expected)


def test_running_the_cleaner_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = ("import sys; from cominer.corpus.clean import Cleaner; Cleaner(); "
            "print(any(m.startswith('sklearn') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
