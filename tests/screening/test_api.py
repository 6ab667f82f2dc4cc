"""mask_profanity, get_claim, the claim catalogue and the package's purity."""

import subprocess

from moderation.screening import LABELS, SEVERITIES, get_claim, mask_profanity, screen
from moderation.screening.misinformation import all_claims


def test_mask_profanity_hides_strong_words_with_same_length_asterisks():
    text = "f*ck this, I'm so fucking tired of the shiiit"
    masked = mask_profanity(text, screen(text))
    assert masked == "**** this, I'm so ******* tired of the ******"
    assert len(masked) == len(text)


def test_mask_profanity_leaves_crisis_words_and_slurs_untouched():
    text = "I want to kill myself, you r3tard"
    assert mask_profanity(text, screen(text)) == text


def test_mask_profanity_covers_letters_typed_apart():
    text = "f u c k anxiety"
    assert mask_profanity(text, screen(text)) == "******* anxiety"


def test_get_claim_returns_the_claim_behind_a_misinformation_match():
    match = next(m for m in screen("Vaccines cause autism.").matches)
    claim = get_claim(match.rule)
    assert claim is not None and claim.id == match.rule
    assert claim.correction.endswith(".") and claim.source_url.startswith("https://")


def test_get_claim_of_an_unknown_rule_is_none():
    assert get_claim("crisis.active-ideation") is None
    assert get_claim("misinfo.no-such-claim") is None


def test_catalogue_has_sixty_claims_each_with_a_credible_source():
    credible = (
        "who.int",
        "cdc.gov",
        "nih.gov",
        "nhs.uk",
        "samhsa.gov",
        "nationaleatingdisorders.org",
        "fda.gov",
        "medlineplus.gov",
    )
    claims = all_claims()
    assert len(claims) >= 60
    for claim in claims:
        assert any(domain in claim.source_url for domain in credible), claim.id
        assert claim.correction.count(". ") == 0, claim.id  # one sentence


def test_labels_and_severities_are_the_public_constants():
    assert LABELS == ("crisis", "misinformation", "ed-numbers", "profanity")
    assert SEVERITIES == ("none", "low", "high", "imminent")


def test_screening_imports_nothing_from_flask_or_sqlalchemy(python, python_env):
    code = (
        "import sys, moderation.screening as s; s.screen('I want to die'); "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'flask_sqlalchemy', 'sqlalchemy', 'flask_socketio', 'community')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([python, "-c", code], env=python_env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
