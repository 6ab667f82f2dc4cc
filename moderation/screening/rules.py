"""Loading rule data and compiling its patterns, once per process.

Patterns in the data files are written the way people spell words; the
compiler makes them tolerant of how people type them:
- a letter matches a stretched run of itself ("die" matches "diiie"),
- a space matches any run of whitespace,
- <NAME> expands to a shared fragment from the file's [fragments] table.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_FRAGMENT = re.compile(r"<([A-Z_]+)>")
_RUNS = re.compile(r"([a-z])\1+")


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


def compile_rule(entry: dict, fragments: dict[str, str], *, stretchy: bool) -> Rule:
    """Build a Rule from a [[rule]] table: id, kind, patterns, triggers, guards..."""

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
