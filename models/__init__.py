"""Evaluation of extractors against gold sets (training and the registry come later)."""
