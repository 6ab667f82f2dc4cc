"""Every rule and claim shows that it fires on its examples and not on its not_examples.

The examples live beside each rule in the data files (written for this, not
taken from the validation set), so a pattern that can never fire, or a guard
that no longer cancels what it should, fails here by name.
"""

import pytest

from moderation.screening import screen_by_rules
from moderation.screening.rules import CLAIMS, CRISIS, ED_NUMBERS, PROFANITY, RuleDataError, compile_rule, load_toml

FILES = {"crisis.toml": "rule", "profanity.toml": "rule", "ed_numbers.toml": "rule", "claims.toml": "claim"}
ENTRIES = [(name, entry) for name, table in FILES.items() for entry in load_toml(name)[table]]


def _fired(text: str) -> set[str]:
    return {match.rule for match in screen_by_rules(text).matches}


@pytest.mark.parametrize(("name", "entry"), ENTRIES, ids=[entry["id"] for _, entry in ENTRIES])
def test_each_rule_fires_on_its_examples_and_not_on_its_not_examples(name, entry):
    assert entry.get("examples") and entry.get("not_examples"), f"{name}: {entry['id']} needs both lists"
    missed = [text for text in entry["examples"] if entry["id"] not in _fired(text)]
    wrongly = [text for text in entry["not_examples"] if entry["id"] in _fired(text)]
    assert (missed, wrongly) == ([], [])


@pytest.mark.parametrize(
    ("entry", "schema", "complaint"),
    [
        ({"id": "x", "patterns": ["a"], "guards": ["negaton"]}, CRISIS, "unknown guard(s) ['negaton']"),
        ({"id": "x", "patterns": ["a"], "triggers": ["suicid*"]}, CRISIS, "without wildcards"),
        ({"id": "x", "patterns": ["a"], "gaurds": ["past"]}, PROFANITY, "unknown field(s) ['gaurds']"),
        ({"id": "x", "patterns": ["<NOPE>"]}, ED_NUMBERS, "unknown fragment <NOPE>"),
        ({"id": "x", "patterns": ["(unclosed"]}, CLAIMS, "does not compile"),
        ({"id": "x", "patterns": ["a"], "severity": "urgent"}, CRISIS, "severity must be one of"),
        ({"id": "x", "patterns": ["a"], "guards": ["negative"]}, CRISIS, "unknown guard(s) ['negative']"),
        ({"id": "x", "patterns": []}, CRISIS, "at least one pattern"),
    ],
)
def test_a_data_file_entry_the_code_would_not_honour_is_an_error_naming_it(entry, schema, complaint):
    with pytest.raises(RuleDataError) as error:
        compile_rule(entry, {}, schema, stretchy=True)
    assert complaint in str(error.value) and schema.file in str(error.value) and "x" in str(error.value)
