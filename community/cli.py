"""Flask commands: ``flask --app community seed-demo``, ``grant-role``, ``create-group``."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask

from community.accounts import service as accounts
from community.errors import InvalidInput
from community.extensions import db
from community.groups import service as groups
from community.groups.models import Condition, Group


@click.command("grant-role")
@click.argument("username")
@click.argument("role")
@click.option("--credential", help="A clinician's credential, shown as a badge (e.g. 'Licensed psychologist').")
def grant_role(username: str, role: str, credential: str | None) -> None:
    """Give USERNAME a ROLE: member, listener, clinician or admin."""
    try:
        parsed = accounts.parse_role(role)
        user = accounts.find_by_username(username)
        if user is None:
            raise InvalidInput(f"There is no member called {username!r}.")
        accounts.grant_role(user, parsed, credential=credential)
    except InvalidInput as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{user.username} is now a {parsed.value}.")


@click.command("create-group")
@click.argument("slug")
@click.argument("name")
@click.option("--condition", type=click.Choice([c.value for c in Condition]), required=True)
@click.option("--description", required=True)
@click.option("--rules", default="")
@click.option("--private", is_flag=True, help="Only members read its threads.")
@click.option("--premoderated", is_flag=True, help="Every post waits for a listener.")
@click.option("--number-free", is_flag=True, help="Hold posts with body numbers (eating-disorder groups).")
def create_group(slug, name, condition, description, rules, private, premoderated, number_free) -> None:
    """Create a group."""
    try:
        groups.create_group(slug, name, condition, description, rules=rules, is_public=not private,
                            premoderated=premoderated, number_free=number_free)  # fmt: skip
    except InvalidInput as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created {name} (/g/{slug}).")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when groups already exist (used by `make run`).")
def seed_demo(if_empty: bool) -> None:
    """Create demo groups, accounts for every role (passwords printed once) and threads."""
    from community.demo import seed

    if if_empty and db.session.scalar(sa.select(sa.func.count(Group.id))):
        click.echo("Demo data already present; nothing to seed.")
        return
    seed.run(click.echo)


def register(app: Flask) -> None:
    from community.health import write_unavailable_page

    for command in (grant_role, create_group, seed_demo, write_unavailable_page):
        app.cli.add_command(command)
