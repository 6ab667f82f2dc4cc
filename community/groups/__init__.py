"""Condition groups and who belongs to them."""
