"""The moderator view: the queue, an item, decisions, the audit log. Listeners and admins only."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from community.errors import KindredError
from community.moderator import claim_times, queries, wording
from community.moderator.access import listener_required
from community.moderator.forms import ApproveForm, RejectForm, ResolveForm, RevealForm
from community.moderator.highlight import highlight
from moderation import actions, escalation, queue
from moderation.content import screened_text
from moderation.screening import LABELS

bp = Blueprint("moderator", __name__, url_prefix="/moderator")
wording.register(bp)


@bp.get("")
@listener_required
def queue_page():
    filters = queries.Filters.from_args(request.args)
    return render_template("moderator/queue.html", items=queries.queue_items(filters), filters=filters,
                           stats=queries.dashboard(), labels=LABELS, claim_times=claim_times.claim_times(),
                           escalated=escalation.waiting_count())  # fmt: skip


def _render_item(item, *, status: int = 200, error: str | None = None, revealed=None):
    content_kind, content = queue.content_of(item)
    text = screened_text(content_kind, content)
    return render_template(
        "moderator/item.html", item=item, kind=content_kind, content=content, error=error,
        marked=highlight(text, item.matches), content_url=content_kind.url(content),
        history=queries.author_history(item), audit=queries.item_audit(item), revealed=revealed,
        approve_form=ApproveForm(data={"edited_text": content_kind.text_of(content)}),
        reject_form=RejectForm(), resolve_form=ResolveForm(), reveal_form=RevealForm(),
    ), status  # fmt: skip


@bp.get("/items/<int:item_id>")
@listener_required
def item_page(item_id: int):
    return _render_item(queue.get_item(item_id))


def _decide(item_id: int, action, success: str, **kwargs):
    item = queue.get_item(item_id)
    try:
        action(current_user, item, **kwargs)
    except KindredError as error:
        return _render_item(item, status=error.status, error=error.message)
    flash(success, "success")
    return redirect(url_for("moderator.item_page", item_id=item.id))


@bp.post("/items/<int:item_id>/claim")
@listener_required
def claim(item_id: int):
    return _decide(item_id, actions.claim_item, "You claimed this. Reach out to the member now.")


@bp.post("/items/<int:item_id>/approve")
@listener_required
def approve(item_id: int):
    form = ApproveForm()
    return _decide(item_id, actions.approve_item, "Approved.", edited_text=form.edited_text.data,
                   attach_context=form.attach_context.data, note=form.note.data or "")  # fmt: skip


@bp.post("/items/<int:item_id>/reject")
@listener_required
def reject(item_id: int):
    form = RejectForm()
    return _decide(item_id, actions.reject_item, "Rejected; the author has been told why.",
                   author_message=form.author_message.data or "", note=form.note.data or "")  # fmt: skip


@bp.post("/items/<int:item_id>/resolve")
@listener_required
def resolve(item_id: int):
    form = ResolveForm()
    return _decide(item_id, actions.resolve_item, "Resolved. Thank you for following up.",
                   note=form.note.data or "", publish=form.publish.data)  # fmt: skip


@bp.post("/items/<int:item_id>/reveal")
@listener_required
def reveal(item_id: int):
    item = queue.get_item(item_id)
    try:
        author = actions.reveal_author(current_user, item, reason=RevealForm().reason.data or "")
    except KindredError as error:
        return _render_item(item, status=error.status, error=error.message)
    return _render_item(item, revealed=author)


@bp.get("/audit")
@listener_required
def audit_page():
    return render_template("moderator/audit.html", entries=queries.audit_log())
