"""Seed the fault suite's database: a group with a thread, members, listeners.

    python -m tests.cluster.seed MEMBERS LISTENERS [private]    (DATABASE_URL in the environment)

Runs in a process of its own: create_app binds the shared extension objects, which must
stay bound to the test session's own app. Prints JSON: the group, the thread, usernames.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from community import create_app
from community.accounts import service as accounts
from community.accounts.models import Role
from community.forum import service as forum
from community.groups import service as groups
from community.groups.models import Condition
from tests.conftest import PASSWORD


def seed(env: dict[str, str], members: int, listeners: int, *, private: bool = False) -> dict:
    """Run this module in a process of its own on ``env``'s database; what it created. With
    ``private``, the group is private (its members let in as a listener would)."""
    arguments = [str(members), str(listeners), *(["private"] if private else [])]
    done = subprocess.run([sys.executable, "-m", "tests.cluster.seed", *arguments], env=env,
                          cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=600,
                          check=True)  # fmt: skip
    return json.loads(done.stdout)


def main(members: int, listeners: int, private: bool) -> None:
    app = create_app({"REDIS_URL": None})
    with app.app_context():
        group = groups.create_group("evening-circle", "Evening circle", Condition.MENTAL_HEALTH, "Check-ins.",
                                    is_public=not private)  # fmt: skip
        people = {f"member{i}": Role.MEMBER for i in range(members)} | {f"listener{i}": Role.LISTENER
                                                                       for i in range(listeners)}  # fmt: skip
        for username, role in people.items():
            user = accounts.sign_up(username, PASSWORD)
            if role is not Role.MEMBER:
                accounts.grant_role(user, role)
            accounts.mark_trusted(user)
            groups.join(user, group)
        first = accounts.find_by_username("member0")
        thread, _ = forum.start_thread(first, group, "Evening check-in", "How is everyone doing tonight?",
                                       anonymous=False)  # fmt: skip
        print(json.dumps({"group": group.slug, "thread": thread.id, "password": PASSWORD,
                          "members": [u for u, r in people.items() if r is Role.MEMBER],
                          "listeners": [u for u, r in people.items() if r is Role.LISTENER]}))  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), private=sys.argv[3:] == ["private"])
