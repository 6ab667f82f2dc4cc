"""Copy the writers' corpus files into the repository, dropping near copies of validation.

    python -m training.sync_corpus /path/to/writers/corpus

Each *.jsonl of the source folder is copied to moderation/screening/corpus/
line by line, with the condition named as the app names it: lines that do not
parse (a writer mid-line) are left out, and
so is any post that is a near copy of a validation or check post (separation.py),
reported by id only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from moderation.screening.evaluation import load_cases

from .corpus import CORPUS_DIR
from .separation import near_duplicates

# Writers' names for a group's condition, as the app names it.
CONDITION_NAMES = {"addiction": "recovery", "addiction-recovery": "recovery", "general": "mental-health"}
MEASURED_ON = [Path(__file__).resolve().parent.parent / "tests" / "screening" / name
               for name in ("dev-cases.jsonl", "check-posts.jsonl")]  # fmt: skip


def main() -> None:
    source = Path(sys.argv[1])
    validation = [case for path in MEASURED_ON for case in load_cases(path)]
    for path in sorted(source.glob("*.jsonl")):
        posts = []
        for line in path.read_text("utf-8").splitlines():
            try:
                post = json.loads(line)
            except json.JSONDecodeError:
                continue
            post["condition"] = CONDITION_NAMES.get(post.get("condition"), post.get("condition"))
            posts.append(post)
        dropped = {post_id for post_id, _, _ in near_duplicates(posts, validation)}
        kept = [p for p in posts if p["id"] not in dropped]
        lines = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in kept)
        (CORPUS_DIR / path.name).write_text(lines, "utf-8")
        print(f"{path.name}: {len(kept)} kept, near copies of measured posts left out: {sorted(dropped) or 'none'}")


if __name__ == "__main__":
    main()
