"""Analyse every rule file's patterns afresh and rewrite data/literals.json.

    python -m moderation.screening.rebuild_literals

Run it after changing a pattern or literals.py; tests/screening/test_shortcuts.py
fails until the stored analyses are current (start-up would only be slower).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import warm_rules
from .shortcuts import SHORTCUTS, STORE


def main() -> None:
    SHORTCUTS.forget_stored()
    warm_rules()
    target = Path(str(resources.files(__package__).joinpath("data", STORE)))
    target.write_text(SHORTCUTS.store_text(), "utf-8")
    print(f"wrote {len(SHORTCUTS.analysed)} pattern analyses to {target}")


if __name__ == "__main__":
    main()
