"""The faster forms in corpus/maintext.py give what the plain forms gave."""

from itertools import product

from cominer.corpus.maintext import BLANK_RUN, normalise_lines


def plain_normalise_lines(text: str) -> str:
    """normalise_lines as it was: every blank run replaced, lone spaces included."""
    lines = [line.strip() for line in BLANK_RUN.sub(" ", text).splitlines()]
    return "\n".join(filter(None, lines))


def test_normalise_lines_folds_as_the_plain_form():
    alphabet = " \t\u00a0\u3000a\n"
    for size in range(6):
        for chars in product(alphabet, repeat=size):
            text = "".join(chars)
            assert normalise_lines(text) == plain_normalise_lines(text), repr(text)
