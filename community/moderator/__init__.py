"""The listeners' moderator view: the queue, items, decisions, crisis follow-up, the audit log."""
