"""Table-driven screener tests: dev-set samples plus hard cases written here."""

import pytest

from moderation.screening import screen, screen_by_rules

from . import hard_cases

TABLES = {
    "crisis": hard_cases.CRISIS,
    "not-crisis": hard_cases.NOT_CRISIS,
    "misinformation": hard_cases.MISINFORMATION,
    "not-misinformation": hard_cases.NOT_MISINFORMATION,
    "ed-numbers": hard_cases.ED_NUMBERS,
    "not-ed-numbers": hard_cases.NOT_ED_NUMBERS,
    "profanity": hard_cases.PROFANITY,
    "not-profanity": hard_cases.NOT_PROFANITY,
}
CASES = [
    pytest.param(text, labels, id=f"{table}: {text[:40]}") for table, rows in TABLES.items() for text, labels in rows
]

# A sample of dev-set items covering each policy rule that decides a borderline case.
DEV_SAMPLE = [
    "d032",
    "d093",
    "d244",
    "d111",
    "d115",
    "d005",
    "d080",
    "d338",
    "d165",
    "d035",
    "d128",
    "d055",
    "d363",
    "d059",
    "d121",
    "d298",
    "d086",
    "d117",
    "d189",
    "d411",
    "d140",
    "d143",
    "d318",
    "d334",
    "d372",
    "d099",
    "d173",
    "d155",
    "d211",
    "d291",
]


# The learned model's known misfires among the hard cases (MODEL_CARD.md, "Known failure modes"):
# the label it adds though the policy does not. The rules alone get each one right; a misfire
# not listed here, or one that goes away, fails the test, so this list stays the truth.
KNOWN_MODEL_MISFIRES = {
    "I used to want to die every day. Now I have a life I like.": {"crisis"},  # past tense, recovery
    "First night in a while I can't sleep.": {"crisis"},  # sleeplessness alone
    "Just have one drink, one drink won't hurt you. Your recovery is boring.": {"misinformation"},
    # The misinformation threshold (best F1 on the held-aside slice: 0.55 in round 5) takes in a reported
    # belief and a debunk:
    "My dad thinks addiction is a choice. I keep telling him it's an illness.": {"misinformation"},
    "It's a myth that you can't get addicted to weed.": {"misinformation"},
}


@pytest.mark.parametrize(("text", "labels"), CASES)
def test_hard_case_gets_exactly_the_expected_labels(text, labels):
    assert set(screen_by_rules(text).labels) == labels
    assert set(screen(text).labels) == labels | KNOWN_MODEL_MISFIRES.get(text, set())


@pytest.mark.parametrize("case_id", DEV_SAMPLE)
def test_dev_set_sample_gets_its_labels_from_the_rules(dev_cases, case_id):
    # The rules' regression check on policy-deciding cases. The model's own score on the
    # validation set is bench/screening.py's to print and test_quality.py's to bound.
    case = next(c for c in dev_cases if c["id"] == case_id)
    assert set(screen_by_rules(case["text"]).labels) == set(case["labels"])


def test_labels_do_not_depend_on_the_group_condition(dev_cases):
    for case in dev_cases[:120]:
        verdicts = {
            screen(case["text"], c).to_dict()["labels"].__repr__()
            for c in ("mental-health", "recovery", "eating-disorders")
        }
        assert len(verdicts) == 1, case["id"]


def test_plan_with_a_time_is_imminent():
    assert screen("pills are lined up, tonight's the night").severity == "imminent"


def test_passive_ideation_without_plan_is_high_not_imminent():
    assert screen("everyone would be better off without me").severity == "high"


def test_clean_post_has_no_labels_and_severity_none():
    verdict = screen("Had a lovely walk with my sponsor today.")
    assert verdict.labels == () and verdict.severity == "none" and verdict.matches == ()


def test_strong_profanity_alone_is_low_and_slur_is_high():
    assert screen("this week has been shit").severity == "low"
    assert screen("shut up you r3tard").severity == "high"


def test_match_spans_point_into_the_original_text():
    text = "ngl I wanna k1ll myself, and I'm 45 kg. F*ck."
    for match in screen(text).matches:
        assert text[match.start : match.end] == match.excerpt
    assert {m.label for m in screen(text).matches} == {"crisis", "ed-numbers", "profanity"}


def test_harassment_kind_is_kept_apart_from_venting():
    assert {m.kind for m in screen("kys nobody wants you here").matches} == {"harassment"}
    assert {m.kind for m in screen("fuck this day").matches} == {"strong"}


def test_slurs_have_kind_slur():
    assert [m.kind for m in screen("only a f@ggot would say that").matches] == ["slur"]


def test_verdict_to_dict_is_json_safe():
    import json

    verdict = screen("I want to kill myself, f*ck it")
    data = json.loads(json.dumps(verdict.to_dict()))
    assert data["labels"] == ["crisis", "profanity"]
    assert set(data["matches"][0]) == {"label", "rule", "kind", "start", "end", "excerpt"}


def test_unknown_condition_is_refused():
    with pytest.raises(ValueError):
        screen("hello", condition="cats")
