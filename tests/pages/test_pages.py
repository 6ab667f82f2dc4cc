"""The home page and the crisis resources page."""

from tests.conftest import text


def test_home_lists_groups_by_condition_with_rules_and_a_crisis_link(browser, make_group):
    make_group("calm", condition="mental-health", rules="Be kind.")
    make_group("sober", condition="recovery")
    make_group("nourish", condition="eating-disorders", number_free=True)
    page = text(browser.get("/"))
    for heading in ("Mental health", "Addiction recovery", "Eating disorders"):
        assert f">{heading}</h2>" in page
    assert "Be kind." in page and "Number-free" in page
    assert 'href="/crisis">Need help now?</a>' in page


def test_crisis_page_lists_lifelines_and_says_we_are_not_an_emergency_service(browser):
    page = text(browser.get("/crisis"))
    for expected in ("988", "Crisis Text Line", "741741", "findahelpline.com", "not an emergency service"):
        assert expected in page
