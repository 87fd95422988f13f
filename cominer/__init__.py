"""cominer: clean dirty multilingual web articles and mine co-production facts from them."""

__version__ = "0.1.0"

__all__ = ["__version__"]
