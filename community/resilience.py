"""Wiring for faults: what each feature renews on a heartbeat and does when the message queue returns.

Kept apart from the features so that the kernel (community.heartbeat,
community.messagequeue) imports none of them.
"""

from __future__ import annotations

from flask import Flask

from community import heartbeat, live_sockets, messagequeue


def register(app: Flask) -> None:
    from community.chat import catchup
    from community.support import catchup as support_catchup
    from moderation import alerts, duty

    heartbeat.on_beat(app, catchup.keep_presence)
    heartbeat.on_beat(app, duty.renew_local)
    heartbeat.on_beat(app, live_sockets.renew)
    messagequeue.when_back(app, catchup.rebuild_presence)
    messagequeue.when_back(app, catchup.tell_rooms_to_catch_up)
    messagequeue.when_back(app, support_catchup.tell_chats_to_catch_up)
    messagequeue.when_back(app, lambda down_since: alerts.resend_to_local_listeners())
