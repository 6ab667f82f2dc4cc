"""Group chat: one live room beside each group's threads, every message screened first."""
