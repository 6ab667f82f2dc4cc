"""Notifications: one service every feature calls; stored, shown under the bell, sent live."""
