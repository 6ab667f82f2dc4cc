"""The rule engine's speed shortcuts, behind one switch.

Two tricks keep the rules cheap on long posts, and neither may change a verdict:
- the literal index (index.py): one Aho-Corasick pass finds which literals
  of all rule files a post contains;
- the literal tests and first looks (ruleset.py, context.py): a pattern or
  guard whose required literals (literals.py) are absent is not run.
Both hang off SHORTCUTS. With `SHORTCUTS.enabled = False` every trigger word
present runs all its patterns and every guard regex runs: slower, and the
same verdicts (tests/screening/test_shortcuts.py checks both ways).

Analysing every pattern for its literals takes seconds, so the results are
kept in data/literals.json, stamped with a digest of the analysing code. A
pattern missing from it, or a stale stamp, means the analysis runs at load
(a slower start, never a different result); rewrite the file with

    python -m moderation.screening.rebuild_literals
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources

from . import index, literals

STORE = "literals.json"


def _code_digest() -> str:
    """Digest of the analysing code: results from other code are not reused."""
    package = resources.files(__package__)
    code = b"".join(package.joinpath(name).read_bytes() for name in ("literals.py", "runs.py"))
    return hashlib.sha256(code).hexdigest()[:16]


def _key(pattern: str) -> str:
    return hashlib.sha256(pattern.encode("utf-8")).hexdigest()[:20]


class Shortcuts:
    """The literal index and the stored pattern analyses, with one switch."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.index = index.Index()
        self._stored: dict[str, list[list[str]]] | None = None
        self.analysed: dict[str, literals.Needs] = {}  # every pattern asked about this run

    def required(self, pattern: str) -> literals.Needs:
        """literals.required(pattern), from the stored analyses when they are current."""
        key = _key(pattern)
        found = self.analysed.get(key)
        if found is None:
            stored = self._load().get(key)
            found = tuple(map(frozenset, stored)) if stored is not None else literals.required(pattern)
            self.analysed[key] = found
        return found

    def _load(self) -> dict[str, list[list[str]]]:
        if self._stored is None:
            data = json.loads(resources.files(__package__).joinpath("data", STORE).read_text("utf-8"))
            self._stored = data["patterns"] if data.get("code") == _code_digest() else {}
        return self._stored

    def forget_stored(self) -> None:
        """Analyse every pattern afresh from now on (to rewrite the store)."""
        self._stored, self.analysed = {}, {}

    def is_stored(self) -> bool:
        """Whether every pattern analysed so far came from an up-to-date store."""
        stored = self._load()
        return all(key in stored for key in self.analysed)

    def store_text(self) -> str:
        """The contents data/literals.json should have for the patterns analysed so far."""
        # Clauses keep their order (the strongest first); literals within one are sorted.
        patterns = {key: [sorted(clause) for clause in needs] for key, needs in sorted(self.analysed.items())}
        return json.dumps({"code": _code_digest(), "patterns": patterns}, indent=0, sort_keys=True) + "\n"


SHORTCUTS = Shortcuts()
