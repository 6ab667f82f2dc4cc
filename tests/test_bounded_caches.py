"""The page and fragment caches are bounded by size as well as by count (community.lru).

A kept page is as large as the posts on it: 1,024 thread pages of long posts would have held
hundreds of megabytes in one worker under a bound on the count alone.
"""

from __future__ import annotations

from community.fragments import FragmentCache
from community.lru import LRU
from community.page_cache import PageCache


def _by_length(key, value: str) -> int:
    return len(value)


def test_the_oldest_entries_go_when_the_kept_ones_outweigh_the_budget():
    kept = LRU(100, max_bytes=10, weigh=_by_length)
    for key in "abc":
        kept.put(key, "xxxx")
    assert [kept.get(k) for k in "abc"] == [None, "xxxx", "xxxx"] and kept.bytes == 8
    kept.get("b")  # read: the most recently used now
    kept.put("d", "xxxx")
    assert kept.get("c") is None and kept.get("b") == "xxxx" and kept.bytes == 8


def test_an_entry_heavier_than_the_whole_budget_is_not_kept_and_pushes_nothing_out():
    kept = LRU(100, max_bytes=10, weigh=_by_length)
    kept.put("small", "xxx")
    kept.put("huge", "x" * 11)
    assert kept.get("huge") is None and kept.get("small") == "xxx" and kept.bytes == 3


def test_replacing_an_entry_counts_its_new_weight_only_and_the_count_still_bounds():
    kept = LRU(2, max_bytes=100, weigh=_by_length)
    kept.put("a", "x" * 50)
    kept.put("a", "x" * 10)
    assert kept.bytes == 10 and len(kept) == 1
    kept.put("b", "y")
    kept.put("c", "z")
    assert len(kept) == 2 and kept.get("a") is None and kept.bytes == 2


def test_a_page_cache_keeps_long_pages_within_its_bytes():
    pages = PageCache(max_pages=1024, max_bytes=1_000_000)
    long_page = b"<p>" + b"x" * 400_000 + b"</p>"
    for n in range(5):
        pages.keep(("/t/1", f"?page={n}"), ("token",), True, long_page, "text/html")
    kept = [n for n in range(5) if pages.get(("/t/1", f"?page={n}"), ("token",)) is not None]
    assert kept == [3, 4]  # two of 400 KB fit in 1 MB; the older three went


def test_a_fragment_weighs_its_html_and_the_html_in_its_key():
    fragments = FragmentCache(max_fragments=8192, max_bytes=100)
    body = "b" * 30
    fragments.render(("post", 1, body), lambda: body, {})
    assert fragments.bytes == 64  # "post" and the body in the key, the body rendered
    fragments.render(("post", 2, body), lambda: body, {})
    assert fragments.get(("post", 1, body)) is None and fragments.bytes == 64
