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
from functools import lru_cache
from importlib import resources

_FRAGMENT = re.compile(r"<([A-Z_]+)>")
_WORD = re.compile(r"[a-z][a-z']*")
_RUNS = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict:
    with resources.files(__package__).joinpath("data", name).open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=None)
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
            out.append(pattern[i:i + 2])
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
class Rule:
    """One compiled rule from a data file."""

    id: str
    kind: str
    regex: re.Pattern
    severity: str = "high"
    guards: frozenset[str] = frozenset()
    requires: re.Pattern | None = None
    unless: re.Pattern | None = None
    triggers: tuple[str, ...] = ()


def canonical(text: str) -> str:
    """Collapse doubled letters, the form triggers and post words are compared in."""
    return _RUNS.sub(r"\1", text)


def compile_rule(entry: dict, fragments: dict[str, str], *, stretchy: bool) -> Rule:
    """Build a Rule from a [[rule]] table: id, kind, patterns, triggers, guards..."""
    def build(patterns: list[str]) -> re.Pattern:
        parts = [expand(p, fragments) for p in patterns]
        parts = [stretch(p) if stretchy else p for p in parts]
        return re.compile("|".join(f"(?:{p})" for p in parts))

    requires, unless = entry.get("requires"), entry.get("unless")
    return Rule(
        id=entry["id"],
        kind=entry.get("kind", ""),
        regex=build(entry["patterns"]),
        severity=entry.get("severity", "high"),
        guards=frozenset(entry.get("guards", ())),
        requires=build(requires) if requires else None,
        unless=build(unless) if unless else None,
        triggers=tuple(canonical(t.lower()) for t in entry.get("triggers", ())),
    )


class TriggerIndex:
    """Finds the rules worth running on a post from the words it contains.

    Most posts contain none of a rule's trigger words, so skipping those
    rules keeps screening fast. A trigger ending in '*' is a word prefix.
    Rules without triggers always run.
    """

    def __init__(self, rules: tuple[Rule, ...]):
        self.always = tuple(r for r in rules if not r.triggers)
        self.exact: dict[str, list[Rule]] = {}
        self.prefix: dict[str, list[Rule]] = {}
        for rule in rules:
            for trigger in rule.triggers:
                table = self.prefix if trigger.endswith("*") else self.exact
                table.setdefault(trigger.rstrip("*"), []).append(rule)
        self.lengths = sorted({len(p) for p in self.prefix})
        self.order = {rule.id: n for n, rule in enumerate(rules)}

    def candidates(self, words: frozenset[str]) -> list[Rule]:
        found = {r.id: r for r in self.always}
        for word in words:
            for rule in self.exact.get(word, ()):
                found[rule.id] = rule
            for length in self.lengths:
                for rule in self.prefix.get(word[:length], ()) if len(word) >= length else ():
                    found[rule.id] = rule
        return sorted(found.values(), key=lambda r: self.order[r.id])


def post_words(view: str) -> frozenset[str]:
    """The canonical words of a view, for TriggerIndex.candidates."""
    return frozenset(_WORD.findall(canonical(view)))
