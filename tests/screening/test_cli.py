"""`python -m moderation.screen`, run as a subprocess."""

import json
import subprocess

LINES = [
    json.dumps({"id": "a", "text": "I want to kill myself tonight", "condition": "mental-health"}),
    "",
    "{not json",
    json.dumps({"id": "b", "text": 42, "condition": "recovery"}),
    json.dumps({"id": "c", "condition": "recovery"}),
    json.dumps({"id": "d", "text": "hello", "condition": "knitting"}),
    json.dumps(["a", "list"]),
    json.dumps({"id": 7, "text": "Sh1t day but I didn't drink", "condition": "recovery"}),
]


def run_cli(python, env, text):
    return subprocess.run(
        [python, "-m", "moderation.screen"],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


def test_cli_writes_one_verdict_or_error_per_nonblank_line_in_order(python, python_env):
    result = run_cli(python, python_env, "\n".join(LINES) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", None, "b", "c", "d", None, 7]
    assert out[0]["labels"] == ["crisis"] and out[0]["severity"] == "imminent"
    assert out[0]["matches"][0]["rule"].startswith("crisis.")
    assert all("error" in o for o in out[1:6])
    assert "condition" in out[4]["error"] and "text" in out[2]["error"]
    assert out[6]["labels"] == ["profanity"]


def test_cli_with_empty_input_writes_nothing_and_exits_zero(python, python_env):
    result = run_cli(python, python_env, "")
    assert result.returncode == 0 and result.stdout == ""


def test_cli_verdicts_carry_the_risk_score_check_in_flag_and_reasons(python, python_env):
    # No rule foresees either line: the model starts the crisis flow on the plan, and sends the
    # short line (too few words for the model to label, learned.MODEL_LABEL_MIN_WORDS) to a listener.
    lines = [
        json.dumps(
            {"id": "plan", "text": "Wrote the letters tonight. Gave the dog to my neighbour. Friday at the bridge."}
        ),
        json.dumps({"id": "short", "text": "cant do this anymore. tonight"}),
        json.dumps({"id": "tea", "text": "brb making tea"}),
    ]
    result = run_cli(python, python_env, "\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    plan, short, tea = (json.loads(line) for line in result.stdout.splitlines())
    assert set(plan) == {"id", "labels", "severity", "matches", "risk", "check_in", "reasons"}
    assert 0 <= tea["risk"] < plan["risk"] <= 1
    assert plan["labels"] == ["crisis"] and plan["check_in"] is False and plan["reasons"]
    assert [m["rule"] for m in plan["matches"]] == ["model.risk"]
    assert short["labels"] == [] and short["check_in"] is True and short["reasons"]
    assert tea["labels"] == [] and tea["check_in"] is False and tea["reasons"] == []
