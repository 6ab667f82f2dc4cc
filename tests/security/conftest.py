"""The security tests reach every feature: they borrow the Q&A tests' clinic fixture."""

from tests.qa.conftest import clinic  # noqa: F401
