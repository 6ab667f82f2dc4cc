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
    lines = [
        json.dumps(
            {"id": "plan", "text": "Wrote the letters tonight. Gave the dog to my neighbour. Friday at the bridge."}
        ),
        json.dumps({"id": "tea", "text": "brb making tea"}),
    ]
    result = run_cli(python, python_env, "\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    plan, tea = (json.loads(line) for line in result.stdout.splitlines())
    assert set(plan) == {"id", "labels", "severity", "matches", "risk", "check_in", "reasons"}
    assert 0 <= tea["risk"] < plan["risk"] <= 1
    assert plan["labels"] == [] and plan["check_in"] is True and plan["reasons"]
    assert tea["labels"] == [] and tea["check_in"] is False and tea["reasons"] == []


def test_cli_stops_before_reading_input_when_the_model_is_missing(python, python_env, tmp_path):
    env = {**python_env, "KINDRED_SCREENING_MODEL_DIR": str(tmp_path / "no-model-here")}
    result = run_cli(python, env, json.dumps({"id": 1, "text": "hello"}) + "\n")
    assert result.returncode == 2 and result.stdout == ""
    assert "no-model-here" in result.stderr and "make train-screener" in result.stderr
