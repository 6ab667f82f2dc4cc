"""The dev-set quality thresholds, as a test."""

from moderation.screening.evaluation import score


def test_dev_set_meets_the_quality_thresholds(dev_cases):
    scores, _ = score(dev_cases)
    crisis = scores["crisis"]
    assert crisis.recall >= 0.95 and crisis.precision >= 0.85
    assert scores["misinformation"].f1 >= 0.85
    assert scores["ed-numbers"].f1 >= 0.90
    assert scores["profanity"].f1 >= 0.90
