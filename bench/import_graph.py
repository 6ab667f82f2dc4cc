"""Print the import graph between Kindred's features, and the cycles in it.

    .venv/bin/python bench/import_graph.py        (or: make graph)

A "feature" is a package under community/ (forum, chat, qa, ...); "app" is the
composition root that wires them together (create_app, socket registration,
commands); "identity" is community/identity.py; "kernel" is community's other
top-level modules; moderation/ counts as "moderation" and "screening". Each line is one edge, with how many imports
make it and one of them; pairs of features that import each other come last.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import grimp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


# The composition root: it imports every feature on purpose, to register it.
APP = {"community", "community.sockets", "community.cli", "community.wsgi", "community.templating"}


def feature_of(module: str) -> str:
    parts = module.split(".")
    if module in APP:
        return "app"
    if module == "community.identity":
        return "identity"
    if parts[0] == "community":
        return parts[1] if len(parts) > 2 else "kernel"  # community.forum.views -> forum
    if parts[0] == "moderation":
        return "screening" if parts[1:2] == ["screening"] else "moderation"
    return parts[0]


def feature_edges(graph) -> dict[tuple[str, str], set[str]]:
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            source, target = feature_of(importer), feature_of(imported)
            if source != target:
                edges[(source, target)].add(f"{importer} -> {imported}")
    return edges


def cycles(edges) -> list[tuple[str, str]]:
    return sorted((a, b) for a, b in edges if a < b and (b, a) in edges)


def main() -> int:
    graph = grimp.build_graph("community", "moderation")
    edges = feature_edges(graph)
    for (source, target), via in sorted(edges.items()):
        print(f"{source:>10} -> {target:<10} {len(via):>3}  e.g. {sorted(via)[0]}")
    found = cycles(edges)
    print(f"\n{len(edges)} edges between features; {len(found)} two-way pairs:")
    for a, b in found:
        print(f"  {a} <-> {b}:  {sorted(edges[(a, b)])[0]}  /  {sorted(edges[(b, a)])[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
