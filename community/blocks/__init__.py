"""Blocking: a member hides another member's messages and posts from themselves, silently."""
