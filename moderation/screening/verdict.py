"""The screener's answer: labels, a severity and the spans that explain them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

LABELS = ("crisis", "misinformation", "ed-numbers", "profanity")
SEVERITIES = ("none", "low", "high", "imminent")


@dataclass(frozen=True)
class Match:
    """One span of the original text and the rule that flagged it."""

    label: str
    rule: str
    kind: str
    start: int
    end: int
    excerpt: str


@dataclass(frozen=True)
class Verdict:
    """Labels in LABELS order, a severity from SEVERITIES, and the matches behind them.

    `risk` is the learned model's 0-1 crisis risk (None when there was no text
    to score, or the text is in a language or script the model cannot be
    trusted on); `check_in` is True when possible risk sends the post to the
    listeners' check-in lane (it still publishes); `reasons` says in words why
    the model thought so: the sentence that weighed most and the nearest
    labelled corpus examples.
    """

    labels: tuple[str, ...]
    severity: str
    matches: tuple[Match, ...]
    risk: float | None = None
    check_in: bool = False
    reasons: tuple[str, ...] = ()

    def has(self, label: str) -> bool:
        return label in self.labels

    @property
    def needs_review(self) -> bool:
        """True unless the only finding is strong profanity, which is masked instead."""
        return any(m.label != "profanity" or m.kind != "strong" for m in self.matches)

    def to_dict(self) -> dict:
        return {
            "labels": list(self.labels),
            "severity": self.severity,
            "matches": [asdict(match) for match in self.matches],
            "risk": self.risk,
            "check_in": self.check_in,
            "reasons": list(self.reasons),
        }


def build_verdict(matches: list[Match], severity: str) -> Verdict:
    """Order labels by LABELS and matches by position, so output is stable."""
    present = {match.label for match in matches}
    labels = tuple(label for label in LABELS if label in present)
    ordered = tuple(sorted(matches, key=lambda m: (m.start, m.end, m.label, m.rule)))
    return Verdict(labels=labels, severity=severity if labels else "none", matches=ordered)


def severity_without_crisis(matches: list[Match]) -> str:
    """Slurs and harassment are held for a listener (high); the rest is low."""
    if any(m.kind in ("slur", "harassment") for m in matches):
        return "high"
    return "low" if matches else "none"
