"""Q&A pages: schedule a session, the session page (live with qa.js, readable without), the archive.

Every button on the session page is a form that works without JavaScript; qa.js
sends the same actions as Socket.IO events when it can.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from community import ratelimit
from community.accounts import service as accounts
from community.errors import InvalidInput, RateLimited
from community.forms import ConfirmForm
from community.groups import access as group_access
from community.qa import access, service
from community.qa.broadcasts import askers
from community.qa.forms import AnswerForm, QuestionForm, ScheduleForm
from moderation import submission
from moderation.notices import latest_items

bp = Blueprint("qa", __name__)


@bp.route("/g/<slug>/qa/new", methods=["GET", "POST"])
@login_required
def schedule(slug: str):
    group = group_access.get_readable_group(current_user, slug)
    if not current_user.is_clinician:
        abort(403)
    form = ScheduleForm()
    form.starts_at.label.text = f"Starts at ({accounts.zone_name()})"  # entered in the clinician's own zone
    if not form.validate_on_submit():
        return render_template("qa/schedule.html", group=group, form=form), 400 if form.errors else 200
    try:
        session = service.schedule_session(
            current_user,
            group,
            title=form.title.data,
            description=form.description.data,
            starts_at=accounts.to_utc(form.starts_at.data),
            duration_minutes=form.duration.data,
        )
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return render_template("qa/schedule.html", group=group, form=form), 400
    return redirect(url_for("qa.session", session_id=session.id))


def _render_session(session, form: QuestionForm | None = None, status: int = 200):
    questions = access.session_questions(session, current_user)
    unpublished = [q.id for q in questions if not q.is_published]  # the asker's own, or a listener's view
    return render_template(
        "qa/session.html",
        session=session,
        questions=questions,
        askers=askers(questions),
        voted=access.voted_ids(current_user, session),
        items=latest_items("question", unpublished),
        form=form or QuestionForm(),
        answer_form=AnswerForm(),
        action_form=ConfirmForm(),
        is_member=group_access.is_member(current_user, session.group),
        is_host=access.is_host(current_user, session),
        is_cohost=access.is_cohost(current_user, session),
        cohosts=access.cohost_names(session),
        reminded=access.has_reminder(current_user, session),
        attendance=access.attendance(session.id),
    ), status


@bp.get("/qa/<int:session_id>")
def session(session_id: int):
    return _render_session(access.get_readable_session(current_user, session_id))


@bp.get("/qa/<int:session_id>/archive")
def archive(session_id: int):
    session = access.get_readable_session(current_user, session_id)
    if not session.is_closed:
        return redirect(url_for("qa.session", session_id=session.id))
    questions = access.session_questions(session, None)  # published questions only, as any visitor sees
    questions.sort(key=lambda q: (not q.answers, -q.votes, q.id))  # answered first
    return render_template(
        "qa/archive.html",
        session=session,
        questions=questions,
        askers=askers(questions),
    )


@bp.post("/qa/<int:session_id>/questions")
@login_required
def ask(session_id: int):
    session = access.get_readable_session(current_user, session_id)
    form = QuestionForm()
    form.validate_on_submit()
    try:
        ratelimit.check_write(current_user, "question")
        question, review = service.ask_question(current_user, session, form.body.data, anonymous=form.anonymous.data)
    except (InvalidInput, RateLimited) as error:
        form.form_errors.append(error.message)
        return _render_session(session, form, error.status)
    return submission.respond(review, url_for("qa.session", session_id=session.id, _anchor=f"question-{question.id}"))


_SESSION_ACTIONS = {
    "open": (service.open_session, "The session is live."),
    "close": (service.close_session, "The session is closed and archived."),
    "remind": (service.request_reminder, "We'll tell you here when it starts."),
    "unremind": (service.cancel_reminder, "Reminder cancelled."),
    "cohost": (
        service.join_as_cohost,
        "You're co-hosting: held questions wait in the moderation queue.",
    ),
}


@bp.post("/qa/<int:session_id>/<any(open, close, remind, unremind, cohost):action>")
@login_required
def session_action(session_id: int, action: str):
    session = access.get_readable_session(current_user, session_id)
    use_case, message = _SESSION_ACTIONS[action]
    use_case(current_user, session)
    flash(message, "success")
    return redirect(url_for("qa.session", session_id=session.id))


_QUESTION_ACTIONS = {
    "vote": lambda q: service.vote(current_user, q),
    "unvote": lambda q: service.unvote(current_user, q),
    "pick": lambda q: service.pick_question(current_user, q),
    "answer": lambda q: service.answer_question(current_user, q, request.form.get("body")),
    "mark": lambda q: service.mark_question(current_user, q, request.form.get("state")),
    "remove": lambda q: service.remove_question(current_user, q),
}


_RATE_LIMITED = {"vote": "vote", "unvote": "vote", "answer": "answer"}


@bp.post("/qa/<int:session_id>/questions/<int:question_id>/<any(vote, unvote, pick, answer, mark, remove):action>")
@login_required
def question_action(session_id: int, question_id: int, action: str):
    question = access.get_readable_question(current_user, question_id)
    if question.session_id != session_id:
        abort(404)
    if action in _RATE_LIMITED:
        ratelimit.check_write(current_user, _RATE_LIMITED[action])
    _QUESTION_ACTIONS[action](question)
    return redirect(url_for("qa.session", session_id=session_id, _anchor=f"question-{question.id}"))
