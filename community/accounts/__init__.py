"""Accounts: sign-up, sign-in, roles, profiles."""
