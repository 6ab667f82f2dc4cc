"""The operator commands: grant-role, create-group and seed-demo."""

import re

import sqlalchemy as sa

from community.accounts import service
from community.accounts.models import Role, User
from community.extensions import db
from community.forum.models import Post, Thread
from community.groups.models import Condition, Group, JoinRequest
from tests.conftest import text


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_grant_role_makes_a_listener(app, make_user):
    make_user("lee")
    result = run(app, "grant-role", "lee", "listener")
    assert result.exit_code == 0, result.output
    assert service.find_by_username("lee").role is Role.LISTENER


def test_grant_role_names_the_roles_that_exist(app, make_user):
    make_user("lee")
    result = run(app, "grant-role", "lee", "wizard")
    assert result.exit_code != 0
    assert "There is no role called 'wizard'. Roles: member, listener, clinician, admin." in result.output
    assert service.find_by_username("lee").role is Role.MEMBER


def test_grant_role_to_an_unknown_member_fails_clearly(app):
    result = run(app, "grant-role", "ghost", "admin")
    assert result.exit_code != 0 and "There is no member called 'ghost'" in result.output


def test_a_clinician_needs_a_credential_and_shows_it_as_a_badge(app, make_user, browser):
    make_user("okafor")
    refused = run(app, "grant-role", "okafor", "clinician")
    assert refused.exit_code != 0 and "A clinician needs a credential" in refused.output
    granted = run(app, "grant-role", "okafor", "clinician", "--credential", "Licensed psychologist (PsyD)")
    assert granted.exit_code == 0, granted.output
    page = text(browser.get("/u/okafor"))
    assert '<span class="badge">Licensed psychologist (PsyD)</span>' in page


def test_create_group_from_the_command_line(app):
    result = run(app, "create-group", "sleep", "Sleep", "--condition", "mental-health",
                 "--description", "Insomnia and rest.", "--number-free")  # fmt: skip
    assert result.exit_code == 0, result.output
    group = db.session.scalar(sa.select(Group).where(Group.slug == "sleep"))
    assert group.number_free and group.condition is Condition.MENTAL_HEALTH


def test_seed_demo_builds_a_living_community_and_prints_passwords_once(app, browser):
    result = run(app, "seed-demo")
    assert result.exit_code == 0, result.output
    groups = db.session.scalars(sa.select(Group)).all()
    for condition in Condition:
        assert sum(g.condition is condition for g in groups) >= 2
    assert any(g.number_free and g.condition is Condition.EATING_DISORDERS for g in groups)
    # The private group shows how members get in: a request waiting, and an invitation link printed once.
    private = [g for g in groups if not g.is_public]
    assert private and db.session.scalars(sa.select(JoinRequest).where(JoinRequest.state == "pending")).all()
    assert f"/g/{private[0].slug}/invite/" in result.output
    roles = {u.role for u in db.session.scalars(sa.select(User))}
    assert roles == set(Role)
    assert db.session.scalar(sa.select(sa.func.count(Thread.id))) >= 3
    assert db.session.scalar(sa.select(sa.func.count(Post.id)).where(Post.is_anonymous)) >= 1
    # Each printed password signs its account in.
    printed = re.findall(r"^\s+(\w+)\s+(\S+)\s+(\S+)$", result.output, re.M)
    assert {role for role, _, _ in printed} == {r.value for r in Role}
    for role, username, password in printed:
        assert browser.post("/signin", {"username": username, "password": password}).status_code == 302, role
        browser.post("/signout")
    again = run(app, "seed-demo", "--if-empty")
    assert "already present" in again.output
