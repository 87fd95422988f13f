"""The fact record (DESIGN.md, Fact record) and the label set shared across languages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

LABELS: dict[str, tuple[str, ...]] = {
    "actor": ("government", "party", "community_committee", "enterprise", "social_org",
              "citizen", "volunteer", "professional", "academia"),
    "stage": ("commissioning", "design", "delivery", "management", "evaluation"),
    "rate": ("profit_share", "other_rate"),
    "policy": ("policy",),
}
FACT_TYPES = tuple(LABELS)


@dataclass
class Fact:
    """One fact with its evidence: `text == clean_text[start:end]` (code points)."""

    doc_id: str
    type: str
    lang: str
    text: str
    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0
    source: str = "rule"
    model_version: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
