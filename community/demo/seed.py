"""A small living community: groups for each condition, one account per role, a few threads.

Passwords are generated and printed once: a demo account with a known password
would be an open door the day someone deploys with demo data left in.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from community.accounts import service as accounts
from community.accounts.models import Role
from community.demo import qa
from community.forum import service as forum
from community.groups import service as groups
from community.groups.models import Condition

GROUP_RULES = (
    "Be kind; everyone here is doing something hard.\n"
    "Speak from your own experience; no medical advice for someone else.\n"
    "No method details about self-harm or suicide.\n"
    "If you are in danger now, use “Need help now?” at the top of every page."
)

GROUPS = [
    ("anxiety-and-panic", "Anxiety & Panic", Condition.MENTAL_HEALTH,
     "For anyone living with anxiety, panic attacks or constant worry. Share what helps, and what doesn't.", {}),
    ("depression-support", "Depression Support", Condition.MENTAL_HEALTH,
     "Low days, flat weeks, small wins. A place to be honest about depression.", {}),
    ("alcohol-recovery", "Alcohol Recovery", Condition.RECOVERY,
     "Sober, sober-curious, or cutting down. Day counts welcome; relapse is part of many stories.", {}),
    ("opioid-recovery", "Opioid Recovery", Condition.RECOVERY,
     "Recovery from opioids, including medication-assisted treatment. Harm reduction is welcome here.", {}),
    ("ed-recovery", "Eating Disorder Recovery", Condition.EATING_DISORDERS,
     "Recovery from anorexia, bulimia, binge eating and ARFID. This group is number-free: "
     "no weights, calories, sizes or BMIs.", {"number_free": True}),
    ("ed-carers", "Carers & Families (Eating Disorders)", Condition.EATING_DISORDERS,
     "For parents, partners and friends supporting someone with an eating disorder. Private: a listener lets "
     "each new member in.", {"premoderated": True, "is_public": False}),
]  # fmt: skip

ACCOUNTS = [
    ("sam", "Sam", Role.MEMBER, None),
    ("river", "River", Role.MEMBER, None),
    ("lee", "Lee", Role.LISTENER, None),
    ("dr_okafor", "Dr. Okafor", Role.CLINICIAN, "Licensed clinical psychologist (PsyD)"),
    ("alex_admin", "Alex", Role.ADMIN, None),
]

THREADS = [
    ("anxiety-and-panic", "sam", False, "What do you do in the first minute of a panic attack?",
     "Mine come out of nowhere on the bus. I've tried **box breathing** but I forget to do it. "
     "What's your first move?",
     [("river", True, "Cold water on my wrists and naming five things I can see. "
                      "It sounds silly, but it works for me."),
      ("lee", False, "Forgetting is really common — some people keep a note on their phone lock screen "
                     "as a reminder.")]),
    ("depression-support", "river", True, "Small win thread: what did you manage today?",
     "I showered and answered one email. That's it, and that's okay.",
     [("sam", False, "Made tea and sat by the window for ten minutes. Counting it!")]),
    ("alcohol-recovery", "sam", False, "Sober Saturdays: what are your plans?",
     "First weekend without a drink in a long while. Looking for ideas that aren't pubs.",
     [("river", False, "Parkrun then a long breakfast. Mornings are easier for me than evenings.")]),
    ("ed-recovery", "river", True, "Eating with other people again",
     "Lunch with coworkers still makes me anxious. Any tips for getting through it?",
     [("sam", True, "I pick one person to talk to and focus on the conversation, not the plate.")]),
]  # fmt: skip


# Members who asked to join the private group and wait for a listener (/moderator/join-requests).
ASKING_TO_JOIN = {"river": "My brother is in treatment and I don't know how to help at meals."}


def _seed_admission(users: dict, created: dict, echo: Callable[[str], None]) -> None:
    private = [group for group in created.values() if not group.is_public]
    for group in private:
        for username, note in ASKING_TO_JOIN.items():
            groups.ask_to_join(users[username], group, note)
        token = groups.create_invitation(users["lee"], group, days=7, max_uses=1)
        echo(f"An invitation link to the private group {group.name} (one use, seven days): "
             f"/g/{group.slug}/invite/{token}")  # fmt: skip


def run(echo: Callable[[str], None]) -> None:
    created = {slug: groups.create_group(slug, name, condition, description, rules=GROUP_RULES, **flags)
               for slug, name, condition, description, flags in GROUPS}  # fmt: skip
    echo(f"Created {len(created)} groups.")
    users, passwords = {}, {}
    for username, display_name, role, credential in ACCOUNTS:
        passwords[username] = secrets.token_urlsafe(12)
        users[username] = accounts.sign_up(username, passwords[username], display_name=display_name)
        if role is not Role.MEMBER:
            accounts.grant_role(users[username], role, credential=credential)
        accounts.mark_trusted(users[username])  # an established community, not newcomers
        for group in created.values():
            if group.is_public or username not in ASKING_TO_JOIN:
                groups.join(users[username], group)
    for slug, author, anonymous, title, body, replies in THREADS:
        thread, _ = forum.start_thread(users[author], created[slug], title, body, anonymous=anonymous)
        for replier, reply_anonymous, text in replies:
            forum.add_reply(users[replier], thread, text, anonymous=reply_anonymous)
    echo(f"Created {len(THREADS)} threads.")
    _seed_admission(users, created, echo)
    qa.seed_sessions(users, created, echo)
    echo("\nDemo accounts (these passwords are shown only once):")
    for username, _, role, _ in ACCOUNTS:
        echo(f"  {role.value:<10} {username:<12} {passwords[username]}")
