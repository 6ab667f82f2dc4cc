"""Screen posts from the command line: JSON lines in, JSON lines out.

    python -m moderation.screen < posts.jsonl > verdicts.jsonl

Each input line is {"id": ..., "text": "...", "condition": "mental-health" |
"recovery" | "eating-disorders"} (condition optional, default mental-health).
Each output line is {"id", "labels", "severity", "matches"}, one per input
line and in the same order; a line that cannot be screened gets
{"id": <id or null>, "error": "..."} instead. Blank lines are skipped.
"""

from __future__ import annotations

import json
import sys
from typing import IO

from moderation.screening import CONDITIONS, screen


def screen_line(line: str) -> dict:
    """The output record for one input line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"invalid JSON: {error.msg} at column {error.colno}"}
    if not isinstance(record, dict):
        return {"id": None, "error": "each line must be a JSON object"}
    post_id = record.get("id")
    text = record.get("text")
    condition = record.get("condition", "mental-health")
    if not isinstance(text, str):
        problem = "missing" if text is None else f"of type {type(text).__name__}, not a string"
        return {"id": post_id, "error": f"'text' is {problem}"}
    if condition not in CONDITIONS:
        return {"id": post_id, "error": f"unknown condition {condition!r}; expected one of {', '.join(CONDITIONS)}"}
    return {"id": post_id, **screen(text, condition).to_dict()}


def run(lines: IO[str], out: IO[str]) -> None:
    for line in lines:
        if line.strip():
            out.write(json.dumps(screen_line(line), ensure_ascii=False) + "\n")
            out.flush()


def main() -> int:
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    sys.stdout.reconfigure(encoding="utf-8")
    run(sys.stdin, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
