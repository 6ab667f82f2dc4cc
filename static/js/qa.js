// A live Q&A session: questions, votes and answers arrive over Socket.IO.
// Without this script the page still works: every button is a form that posts.
(function () {
  "use strict";
  const root = document.getElementById("qa-session");
  if (!root || typeof io !== "function") return;
  const sessionId = Number(root.dataset.session);
  const isHost = root.dataset.host === "true";
  const isMember = root.dataset.member === "true";
  const list = document.getElementById("qa-questions");
  const live = document.getElementById("qa-live");
  const el = window.Kindred.el;
  const socket = window.Kindred.connect();

  function say(message) { live.textContent = message; }
  function questionEl(id) { return document.getElementById("question-" + id); }

  function sortByVotes() {
    const items = Array.from(list.querySelectorAll("li[data-question]"));
    items.sort(function (a, b) {
      return (Number(b.dataset.votes) - Number(a.dataset.votes)) || (Number(a.dataset.question) - Number(b.dataset.question));
    });
    items.forEach(function (item) { list.appendChild(item); });
  }

  function setVotes(id, votes) {
    const item = questionEl(id);
    if (!item) return;
    item.dataset.votes = votes;
    const count = item.querySelector(".qa-vote-count");
    if (count) count.textContent = votes;
    sortByVotes();
  }

  function setState(id, state) {
    const item = questionEl(id);
    if (!item) return;
    item.className = item.className.replace(/\bqa-(open|answering|answered|set_aside)\b/, "qa-" + state);
    const words = { answering: "Now answering", answered: "Answered", set_aside: "Set aside", open: "" };
    let tag = item.querySelector(".qa-state");
    if (!tag) { tag = el("span", "tag qa-state"); item.querySelector(".post-head").appendChild(tag); }
    tag.textContent = words[state] || "";
    tag.hidden = !words[state];
  }

  function answerEl(answer) {
    const box = el("div", "qa-answer");
    box.id = "answer-" + answer.id;
    const meta = el("p", "meta");
    const who = el("span", "byline", answer.author.name + " ");
    if (answer.author.badge) who.appendChild(el("span", "badge", answer.author.badge));
    meta.append(who, document.createTextNode(" answered"));
    const body = el("div", "post-body");
    body.innerHTML = answer.html;  // rendered and sanitized on the server (community.rendering)
    box.append(meta, body);
    return box;
  }

  function button(label, className, action) {
    const b = el("button", className, label);
    b.type = "button";
    b.dataset.action = action;
    return b;
  }

  function questionItem(q) {
    const item = el("li", "card qa-question qa-" + q.state);
    item.id = "question-" + q.id;
    item.dataset.question = q.id;
    item.dataset.votes = q.votes;
    const head = el("header", "post-head");
    head.appendChild(el("span", q.asker.anonymous ? "byline alias" : "byline", q.asker.name));
    const votes = el("span", "meta qa-votes");
    votes.append(el("span", "qa-vote-count", String(q.votes)), document.createTextNode(" votes"));
    head.appendChild(votes);
    const body = el("div", "post-body");
    body.innerHTML = q.html;  // sanitized on the server
    const answers = el("div", "qa-answers");
    q.answers.forEach(function (a) { answers.appendChild(answerEl(a)); });
    const actions = el("footer", "post-actions qa-actions");
    if (isMember) actions.appendChild(button("Vote up", "button qa-vote", "vote"));
    if (isHost && root.dataset.state === "live") {
      actions.append(button("Answer this now", "button", "pick"), button("Mark answered", "link-button", "answered"),
                     button("Set aside", "link-button", "set_aside"));
    }
    item.append(head, body, answers, actions);
    if (isHost && root.dataset.state === "live") item.appendChild(answerForm(q.id));
    return item;
  }

  function answerForm(id) {
    // Built only by this script, so it needs no fallback: submitting it sends answer_question.
    const form = el("form", "qa-answer-form");
    form.setAttribute("action", "answer");
    const label = el("label", "", "Your answer to this question");
    label.htmlFor = "answer-body-" + id;
    const box = el("textarea");
    box.id = "answer-body-" + id;
    box.name = "body";
    box.rows = 4;
    const submit = el("button", "button primary", "Post answer");
    submit.type = "submit";
    form.append(label, box, submit);
    return form;
  }

  function ackError(ack) { return (ack && ack.error) || "That didn't work. Please try again."; }

  // Every button in a question: the form's action names the event; the JS sends it instead of posting.
  function send(item, action, extra) {
    const question = Number(item.dataset.question);
    const events = { vote: "vote_question", unvote: "unvote_question", pick: "pick_question",
                     answered: "mark_question", set_aside: "mark_question", remove: "remove_question",
                     answer: "answer_question" };
    const payload = Object.assign({ question: question, session: sessionId }, extra || {});
    if (action === "answered" || action === "set_aside") payload.state = action;
    socket.emit(events[action], payload, function (ack) {
      if (!ack || !ack.ok) { say(ackError(ack)); return; }
      if (action === "vote" || action === "unvote") {
        const voted = action === "vote";
        const b = item.querySelector(".qa-vote");
        b.setAttribute("aria-pressed", String(voted));
        b.dataset.action = voted ? "unvote" : "vote";
        b.textContent = voted ? "Voted ✓" : "Vote up";
        setVotes(question, ack.votes);
      }
    });
  }

  function actionOf(form) {
    const path = form.getAttribute("action") || "";
    const last = path.split("/").pop();
    if (last === "mark") return form.querySelector("input[name=state]").value;
    return last;
  }

  list.addEventListener("submit", function (event) {
    const form = event.target;
    const item = form.closest("li[data-question]");
    if (!item || !socket.connected) return;  // no socket: let the form post
    event.preventDefault();
    const action = actionOf(form);
    if (action === "answer") {
      const box = form.querySelector("textarea");
      send(item, "answer", { body: box.value });
      box.value = "";
      return;
    }
    const b = form.querySelector("button");
    send(item, (b && b.dataset.action) || action);
  });
  list.addEventListener("click", function (event) {
    const b = event.target.closest("button[data-action]");
    const item = b && b.closest("li[data-question]");
    if (b && item && b.type === "button") send(item, b.dataset.action);
  });
  list.querySelectorAll(".qa-vote-form button").forEach(function (b) {
    b.dataset.action = b.getAttribute("aria-pressed") === "true" ? "unvote" : "vote";
  });

  const askForm = document.getElementById("qa-ask-form");
  const askStatus = document.getElementById("qa-ask-status");
  if (askForm) {
    askForm.addEventListener("submit", function (event) {
      if (!socket.connected) return;
      event.preventDefault();
      const body = askForm.querySelector("textarea");
      const anonymous = askForm.querySelector("input[type=checkbox]");
      socket.emit("ask_question", { session: sessionId, body: body.value, anonymous: !!(anonymous && anonymous.checked) },
        function (ack) {
          if (!ack || !ack.ok) { askStatus.textContent = ackError(ack); return; }
          body.value = "";
          if (ack.crisis) { window.location.href = "/crisis"; return; }
          askStatus.textContent = ack.published ? "Your question is up." :
            "Thanks. A listener will look at your question before it's shown.";
        });
    });
  }

  socket.on("connect", function () {
    socket.emit("join_session", { session: sessionId }, function (ack) {
      if (!ack || !ack.ok) say(ackError(ack));
    });
  });
  socket.on("question_added", function (q) {
    if (questionEl(q.id)) return;
    const empty = document.getElementById("qa-empty");
    if (empty) empty.remove();
    list.appendChild(questionItem(q));
    sortByVotes();
    say("New question from " + q.asker.name + ".");
  });
  socket.on("question_voted", function (change) { setVotes(change.id, change.votes); });
  socket.on("question_changed", function (change) { setState(change.id, change.state); });
  socket.on("question_removed", function (change) {
    const item = questionEl(change.id);
    if (item) item.remove();
  });
  socket.on("now_answering", function (change) {
    const now = document.getElementById("qa-now");
    list.querySelectorAll(".qa-answering").forEach(function (item) { setState(item.dataset.question, "open"); });
    if (change.question === null) {  // marked, set aside or removed: nothing is being answered now
      now.hidden = true;
      return;
    }
    setState(change.question, "answering");
    now.hidden = false;
    now.querySelector("a").href = "#question-" + change.question;
    say("The host is now answering a question.");
  });
  socket.on("answer_added", function (answer) {
    const item = questionEl(answer.question);
    if (!item) return;
    item.querySelector(".qa-answers").appendChild(answerEl(answer));
    say("New answer from " + answer.author.name + ".");
  });
  socket.on("attendance_changed", function (change) {
    document.getElementById("qa-attendance").textContent = change.count + " here now";
  });
  socket.on("session_changed", function (change) {
    root.dataset.state = change.state;
    const words = { live: "Live now", closed: "Closed", scheduled: "Scheduled" };
    document.getElementById("qa-state").textContent = words[change.state];
    say(change.state === "live" ? "The session is live." : change.state === "closed" ?
        "The session has closed. Reload to read the archive." : "");
  });
  socket.on("crisis_resources", function (payload) {
    if (askStatus) askStatus.textContent = payload.message;
  });
})();
