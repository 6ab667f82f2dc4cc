"""Loading rule data and compiling its patterns, once per process.

Patterns in the data files are written the way people spell words; the
compiler makes them tolerant of how people type them:
- a letter matches a stretched run of itself ("die" matches "diiie"),
- a space matches any run of whitespace,
- <NAME> expands to a shared fragment from the file's [fragments] table.

Every entry is checked as it loads (check_entry): an unknown field, a
misspelt guard name, a trigger that is not a plain lowercase word, an unknown
fragment or a pattern that does not compile is a RuleDataError naming the
file and the rule, never a rule that silently does less than it says.
Each rule also carries `examples` and `not_examples`, which
tests/screening/test_rule_examples.py runs.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_FRAGMENT = re.compile(r"<([A-Z_]+)>")
_RUNS = re.compile(r"([a-z])\1+")
_TRIGGER = re.compile(r"[^\sA-Z*]+")  # a plain word or symbol: lowercase, no wildcard
_RULE_FIELDS = frozenset(
    {"id", "kind", "severity", "patterns", "triggers", "guards", "requires", "unless", "examples", "not_examples"}
)
_SEVERITIES = frozenset({"high", "imminent"})


class RuleDataError(ValueError):
    """A data file entry the screener cannot use as written."""


@dataclass(frozen=True)
class Schema:
    """What entries of one data file may say."""

    file: str
    guards: frozenset[str]
    extra_fields: frozenset[str] = frozenset()


CRISIS = Schema("crisis.toml", frozenset({"negation", "past", "quote", "mention", "general"}))
PROFANITY = Schema("profanity.toml", CRISIS.guards)
ED_NUMBERS = Schema("ed_numbers.toml", frozenset())
CLAIMS = Schema(
    "claims.toml", frozenset({"negative", "rhetorical"}), frozenset({"topic", "summary", "correction", "source_url"})
)


@cache
def load_toml(name: str) -> dict:
    with resources.files(__package__).joinpath("data", name).open("rb") as handle:
        return tomllib.load(handle)


@cache
def load_words(name: str) -> frozenset[str]:
    """A word list: one entry a line, '#' starts a comment."""
    text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line)


def expand(pattern: str, fragments: dict[str, str]) -> str:
    """Replace <NAME> with its fragment, repeatedly (fragments may nest)."""
    for _ in range(5):
        pattern = _FRAGMENT.sub(lambda m: f"(?:{fragments[m.group(1)]})", pattern)
    return pattern


def stretch(pattern: str) -> str:
    """Let each literal letter match a longer run of itself, a space any whitespace."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if pattern.startswith(("(?<=", "(?<!"), i):
            j = _group_end(pattern, i)  # look-behinds must stay fixed-width: copy as is
            out.append(pattern[i:j])
            i = j
            continue
        in_class = (in_class or char == "[") and char != "]"
        if in_class or not ("a" <= char <= "z" or char == " "):
            out.append(char)
            i += 1
            continue
        j = i
        while j < len(pattern) and pattern[j] == char:
            j += 1
        out.append(_stretch_run(char, j - i, j < len(pattern) and pattern[j] in "?*+{"))
        i = j
    return "".join(out)


def _stretch_run(char: str, count: int, quantified: bool) -> str:
    """A run of one letter as written, repeatable: "ll" -> "ll+", "pp?" -> "p+p?"."""
    if char == " ":
        return r"\s" if quantified else r"\s+"
    if quantified:
        return (char * (count - 1) + "+" if count > 1 else "") + char
    return char * count + "+"


def _group_end(pattern: str, start: int) -> int:
    """Index just past the group that opens at pattern[start]."""
    depth, i = 0, start
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(pattern[i], 0)
        i += 1
        if depth == 0:
            return i
    return i


@dataclass(frozen=True)
class Pattern:
    """One pattern of a rule, with the trigger words that must be near a match."""

    regex: re.Pattern
    anchors: frozenset[str]


@dataclass(frozen=True)
class Rule:
    """One compiled rule from a data file."""

    id: str
    kind: str
    patterns: tuple[Pattern, ...]
    severity: str = "high"
    guards: frozenset[str] = frozenset()
    requires: re.Pattern | None = None
    unless: re.Pattern | None = None
    triggers: frozenset[str] = frozenset()


def canonical(word: str) -> str:
    """Collapse doubled letters: how stretched words ("kiiill") are compared."""
    return _RUNS.sub(r"\1", word)


def check_entry(entry: dict, schema: Schema) -> None:
    """Raise RuleDataError if the entry says something the code would not do."""
    where = f"{schema.file}, {entry.get('id', 'an entry without an id')}"
    unknown = set(entry) - _RULE_FIELDS - schema.extra_fields
    if unknown:
        raise RuleDataError(f"{where}: unknown field(s) {sorted(unknown)}")
    if not isinstance(entry.get("id"), str) or not entry.get("patterns"):
        raise RuleDataError(f"{where}: needs an id and at least one pattern")
    guards = set(entry.get("guards", ())) - schema.guards
    if guards:
        raise RuleDataError(f"{where}: unknown guard(s) {sorted(guards)}; known: {sorted(schema.guards)}")
    bad = [t for t in entry.get("triggers", ()) if not isinstance(t, str) or not _TRIGGER.fullmatch(t)]
    if bad:
        raise RuleDataError(f"{where}: triggers must be lowercase words without wildcards, not {bad}")
    if entry.get("severity", "high") not in _SEVERITIES:
        raise RuleDataError(f"{where}: severity must be one of {sorted(_SEVERITIES)}")
    for field in ("examples", "not_examples"):
        if not all(isinstance(text, str) and text for text in entry.get(field, ())):
            raise RuleDataError(f"{where}: {field} must be a list of non-empty strings")


def compile_rules(entries: list[dict], fragments: dict[str, str], schema: Schema, *, stretchy: bool) -> tuple:
    """Check and compile a file's entries; ids must be unique."""
    rules = tuple(compile_rule(entry, fragments, schema, stretchy=stretchy) for entry in entries)
    ids = [rule.id for rule in rules]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise RuleDataError(f"{schema.file}: duplicate ids {duplicated}")
    return rules


def compile_rule(entry: dict, fragments: dict[str, str], schema: Schema, *, stretchy: bool) -> Rule:
    """Build a Rule from a [[rule]] table: id, kind, patterns, triggers, guards..."""
    check_entry(entry, schema)
    try:
        return _compile(entry, fragments, stretchy=stretchy)
    except KeyError as error:
        raise RuleDataError(f"{schema.file}, {entry['id']}: unknown fragment <{error.args[0]}>") from None
    except re.error as error:
        raise RuleDataError(f"{schema.file}, {entry['id']}: a pattern does not compile ({error})") from None


def _compile(entry: dict, fragments: dict[str, str], *, stretchy: bool) -> Rule:

    def build(patterns: list[str]) -> re.Pattern:
        parts = [stretch(expand(p, fragments)) if stretchy else expand(p, fragments) for p in patterns]
        return re.compile("|".join(f"(?:{p})" for p in parts))

    triggers = frozenset(t.lower() for t in entry.get("triggers", ()))
    patterns = tuple(Pattern(build([p]), _anchors(expand(p, fragments), triggers)) for p in entry["patterns"])
    requires, unless = entry.get("requires"), entry.get("unless")
    return Rule(
        id=entry["id"],
        kind=entry.get("kind", ""),
        patterns=patterns,
        severity=entry.get("severity", "high"),
        guards=frozenset(entry.get("guards", ())),
        requires=build(requires) if requires else None,
        unless=build(unless) if unless else None,
        triggers=triggers,
    )


def _anchors(pattern: str, triggers: frozenset[str]) -> frozenset[str]:
    """The rule's triggers written in this pattern, the rarer ones if there are any.

    A pattern that spells none of its rule's triggers is tried near all of them.
    """
    literal = re.sub(r"\\[a-zA-Z]", " ", pattern)  # \b, \w... are not letters of words
    written = frozenset(t for t in triggers if _written(t, literal)) or triggers
    rare = written - _common_words()
    return rare or written


@cache
def _common_words() -> frozenset[str]:
    return frozenset(load_toml("context.toml")["anchors"]["common"])


def _written(trigger: str, pattern: str) -> bool:
    """Whether a pattern spells the trigger: its first four letters start a word
    ("burnt" for burn(?:ed|t)); a short trigger must be a whole word."""
    stem = trigger if len(trigger) <= 4 else trigger[:4]
    end = r"(?:(?![a-z])|[a-z]\?)" if len(trigger) <= 4 else ""  # "kgs?" spells kg
    return re.search(rf"(?<![a-z]){re.escape(stem)}{end}", pattern) is not None
