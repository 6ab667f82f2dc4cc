"""Moderation: screening and the moderation queue."""
