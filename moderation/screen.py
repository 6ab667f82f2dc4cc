"""Screen posts from the command line: JSON lines in, JSON lines out.

    python -m moderation.screen < posts.jsonl > verdicts.jsonl

Each input line is {"id": ..., "text": "...", "condition": "mental-health" |
"recovery" | "eating-disorders"} (condition optional, default mental-health).
Each output line is {"id", "labels", "severity", "matches", "risk",
"check_in", "reasons"}, one per input line and in the same order: "risk" is
the learned model's 0-1 crisis risk (null when it cannot be trusted on the
text), "check_in" is true when possible risk sends the post to the
listeners' check-in lane, "reasons" says why in words. A line that cannot be
screened gets {"id": <id or null>, "error": "..."} instead. Blank lines are
skipped. If the model's files are missing or corrupt the command stops
before reading any input, with exit status 2 and a message that names the
file and how to rebuild it.
"""

from __future__ import annotations

import json
import sys
from typing import IO

from moderation.screening import CONDITIONS, ModelUnavailable, screen, warm


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
    try:
        warm()
    except ModelUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    run(sys.stdin, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
