"""The learned risk model: it loads, scores, windows long posts, and fails loudly.

Every text here was written for these tests (none from the validation set).
"""

import shutil

import numpy as np
import pytest

from moderation.screening import ModelUnavailable, learned, risk, screen, screen_by_rules

FILLER = (
    "Went to the shops, made a curry, watched the football with my brother and argued about the ref. "
    "The cat knocked a plant off the windowsill again and I swept up the soil. "
)
FAREWELL = (
    "Wrote the letters tonight. Gave the dog to my neighbour. Friday at the bridge, then it's quiet. "
    "I am sorry to everyone, I just cannot keep going and I will not be here next week. "
)


@pytest.fixture(scope="module")
def model():
    return risk.model()


def test_a_farewell_no_rule_catches_starts_the_crisis_flow_on_the_model_s_score(model):
    text = "Wrote the letters tonight. Gave the dog to my neighbour. Friday at the bridge, then it's quiet."
    assert screen_by_rules(text).labels == ()
    verdict = screen(text)
    assert verdict.risk >= model.thresholds.high
    assert verdict.labels == ("crisis",) and verdict.severity == "high" and not verdict.check_in
    (match,) = verdict.matches
    assert match.rule == "model.risk" and match.excerpt in text and match.excerpt.strip()


def test_a_short_line_the_model_fears_goes_to_a_listener_not_the_crisis_flow(model):
    # Under learned.MODEL_LABEL_MIN_WORDS words the model labels nothing: a few words are too
    # little to start the crisis flow on, and a listener reads the line instead.
    text = "cant do this anymore. tonight"
    assert len(text.split()) < learned.MODEL_LABEL_MIN_WORDS and screen_by_rules(text).labels == ()
    verdict = screen(text)
    assert verdict.risk >= model.thresholds.high
    assert verdict.labels == () and verdict.check_in


def test_an_asserted_claim_no_rule_catches_is_misinformation_named_after_the_nearest_claim():
    text = "lithium is just a fancy sedative, it treats nothing, my cousin dropped it and was fine"
    assert "misinformation" not in screen_by_rules(text).labels
    verdict = screen(text)
    (match,) = [m for m in verdict.matches if m.label == "misinformation"]
    assert match.rule == "misinfo.meds-do-nothing"
    assert any(reason.startswith("nearest catalogue claim misinfo.meds-do-nothing") for reason in verdict.reasons)


def test_asking_about_a_claim_is_not_misinformation():
    verdict = screen("Is it true that naloxone does not work on fentanyl? My friend said so and I want to check.")
    assert "misinformation" not in verdict.labels


def test_ordinary_chatter_scores_low_and_is_not_checked_in_on(model):
    for text in ("brb making tea", "anyone watching the match tonight?", "made banana bread, it actually rose!!"):
        verdict = screen(text)
        assert verdict.risk is not None and verdict.risk < model.thresholds.check_in, text
        assert verdict.labels == () and not verdict.check_in


def test_a_check_in_names_the_sentence_that_weighed_most_and_the_nearest_examples():
    text = "Wrote the letters tonight. Gave the dog to my neighbour. Friday at the bridge, then it's quiet."
    verdict = screen(text)
    assert verdict.reasons[0].startswith("model risk ")
    weighed = verdict.reasons[1]
    assert weighed.startswith("weighed most") and any(s in weighed for s in text.split(". "))
    nearest = [reason for reason in verdict.reasons if reason.startswith("nearest example ")]
    assert len(nearest) == 3 and all("similarity" in line for line in nearest)


def test_a_long_post_is_scored_window_by_window_and_risk_is_the_highest(model):
    # The farewell must fill a good part of one 128-token window: one sentence in a
    # long post is diluted by mean pooling (a known failure mode, MODEL_CARD.md).
    text = FILLER * 60 + FAREWELL * 2 + FILLER * 60
    assert len(text) > 20_000
    windows = model.windows([text])[0]
    assert len(windows) > 10
    crisis = [w.probs[0] for w in windows]
    assert max(crisis) >= model.thresholds.high > min(crisis)
    verdict = screen(text)
    assert verdict.risk == pytest.approx(max(crisis), abs=1e-3)
    assert verdict.labels == ("crisis",)  # the farewell's window decides for the whole post
    riskiest = windows[int(np.argmax(crisis))]
    assert riskiest.start <= text.index("bridge") < riskiest.end


def test_empty_and_blank_text_have_no_risk_score():
    for text in ("", "   \n\t "):
        verdict = screen(text)
        assert verdict.risk is None and not verdict.check_in and verdict.labels == ()


def test_control_and_invisible_characters_do_not_hide_a_post_from_the_model():
    plain = "i dont want to wake up tomorrow, everyone would be better off"
    hidden = "i\u200bdont want\x00 to wake\u200d up tomorrow,\x07 everyone would be better off"
    assert screen(hidden).risk == pytest.approx(screen(plain).risk, abs=0.02)


def test_text_in_another_script_is_not_trusted_and_goes_to_the_check_in_lane():
    verdict = screen("Мне очень плохо сегодня, я не знаю что делать дальше и никто не отвечает")
    assert verdict.risk is None and verdict.check_in
    assert "script" in verdict.reasons[0]


def test_text_in_another_language_is_not_trusted_and_goes_to_the_check_in_lane():
    verdict = screen("No puedo más con esto, estoy muy cansada de todo y nadie me escucha cuando hablo")
    assert verdict.risk is None and verdict.check_in
    assert "language" in verdict.reasons[0]


def test_a_few_foreign_words_in_an_english_post_are_still_trusted():
    verdict = screen("had dinner with mi abuela tonight, que rico, and we watched old videos together")
    assert verdict.risk is not None


def _copy_of_model(tmp_path):
    target = tmp_path / "model"
    shutil.copytree(risk.default_directory(), target)
    return target


@pytest.mark.parametrize("name", ["risk.int8.onnx", "tokenizer.json", "meta.json", "examples.npz"])
def test_a_missing_model_file_is_an_error_naming_it_and_how_to_rebuild(tmp_path, name):
    directory = _copy_of_model(tmp_path)
    (directory / name).unlink()
    with pytest.raises(ModelUnavailable) as error:
        risk.RiskModel(directory)
    assert name in str(error.value) and "make train-screener" in str(error.value)


@pytest.mark.parametrize("name", ["risk.int8.onnx", "tokenizer.json", "meta.json", "examples.npz"])
def test_a_corrupt_model_file_is_an_error_naming_it(tmp_path, name):
    directory = _copy_of_model(tmp_path)
    (directory / name).write_bytes(b"\x00not what it should be" * 10)
    with pytest.raises(ModelUnavailable) as error:
        risk.RiskModel(directory)
    assert name in str(error.value) and "corrupt" in str(error.value)
