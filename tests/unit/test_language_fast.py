"""Deciding English without py3langid (corpus/language.py: surely_english)."""

import py3langid
import pytest

from cominer.corpus import language
from cominer.corpus.language import latin_language, surely_english

ENGLISH = ("The council has agreed that the operator of the new water plant will pay a share "
           "of its yearly profit into a fund for the district. This was decided after a long "
           "debate, and the members said they would review the terms every three years.")
GERMAN = ("Der Gemeinderat hat beschlossen, dass der Betreiber der neuen Kläranlage einen Teil "
          "seines Gewinns in einen Fonds für den Bezirk einzahlt. Die Mitglieder wollen die "
          "Bedingungen alle drei Jahre prüfen, und das ist nicht strittig.")
FRENCH = ("Le conseil a décidé que l'exploitant de la nouvelle station versera une part de son "
          "bénéfice annuel dans un fonds pour le quartier, et les membres veulent revoir les "
          "conditions tous les trois ans pour que le système reste juste.")
NAMES = ("Smith, John and Brown, Mary and Jones, Peter and Taylor, Anne and Wilson, David and "
         "Moore, Susan and Clark, James and Lewis, Emma and Walker, Paul and Hall, Laura")


def test_english_prose_is_surely_english():
    assert surely_english(ENGLISH)


@pytest.mark.parametrize("text", [GERMAN, FRENCH, NAMES, "The plan and the fund are new."])
def test_other_languages_names_and_short_text_are_left_to_py3langid(text):
    assert not surely_english(text)


def test_surely_english_agrees_with_py3langid():
    for text in (ENGLISH, ENGLISH.upper(), ENGLISH[:300]):
        if surely_english(text):
            assert py3langid.classify(text)[0] == "en", text


def test_latin_language_asks_py3langid_only_when_in_doubt(monkeypatch):
    asked = []

    class Recorder:
        @staticmethod
        def classify(text):
            asked.append(text)
            return "de", 1.0

    monkeypatch.setattr(language, "py3langid", Recorder)
    assert latin_language(ENGLISH) == "en"
    assert asked == []
    assert latin_language(GERMAN) == "de"
    assert len(asked) == 1 and len(asked[0]) <= 600
