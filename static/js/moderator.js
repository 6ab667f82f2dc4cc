// The moderator view, live: go on duty, hear crisis alerts, new items and members asking to
// talk; claim a crisis or accept a support request from the alert.
(function () {
  "use strict";
  const panel = document.querySelector("[data-duty-panel]");
  if (!panel || typeof io !== "function") return;
  const toggle = document.getElementById("duty-toggle");
  const status = document.getElementById("duty-status");
  const alerts = document.getElementById("live-alerts");
  const escalatedBanner = document.getElementById("escalated-banner");
  const el = window.Kindred.el;
  const socket = window.Kindred.connect();
  let onDuty = false;

  function setDuty(value) {
    onDuty = value;
    status.textContent = value ? "You are on duty." : "You are off duty.";
    toggle.textContent = value ? "Go off duty" : "Go on duty";
    toggle.setAttribute("aria-pressed", String(value));
  }

  // A button that asks for something and, when it is granted, opens where it leads.
  function actionButton(label, className, event, payload, urlOf) {
    const button = el("button", className, label);
    button.type = "button";
    button.addEventListener("click", function () {
      socket.emit(event, payload, function (ack) {
        if (ack && ack.ok) { window.location.href = urlOf(ack); return; }
        button.replaceWith(document.createTextNode(" " + ((ack && ack.error) || "Could not " + label.toLowerCase() + ".")));
      });
    });
    return button;
  }

  function announce(item, heading) {
    const li = el("li");
    li.dataset.item = item.id;
    const link = el("a", "", "#" + item.id + " " + item.kind_label + " by " + item.author);
    link.href = item.url;
    li.append(el("strong", "", heading + " "), link, el("p", "", item.excerpt));
    if (item.crisis) li.append(actionButton("Claim", "button danger", "claim_item", { item: item.id }, (ack) => ack.url));
    alerts.prepend(li);
  }

  // A member pressed "Talk to a listener": accept here, or leave it to another listener.
  function announceRequest(request) {
    const li = el("li");
    li.dataset.request = request.id;
    const accept = actionButton("Accept", "button primary", "accept_request", { request: request.id }, (ack) => ack.chat.url);
    li.append(el("strong", "", "Wants to talk: "), document.createTextNode(request.member + " "), accept);
    alerts.prepend(li);
  }

  function queueRow(id) {
    return document.querySelector('#queue-rows tr[data-item="' + id + '"]');
  }

  // The same words queue.html renders for the count when the page loads.
  function showEscalatedCount(count) {
    if (!escalatedBanner || typeof count !== "number") return;
    escalatedBanner.dataset.count = String(count);
    escalatedBanner.hidden = count === 0;
    escalatedBanner.textContent = count === 0 ? "" : count + " crisis item" + (count === 1 ? "" : "s") +
      " waited past " + escalatedBanner.dataset.minutes + " min with nobody claiming " + (count === 1 ? "it" : "them") +
      ". Please claim now.";
  }

  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    socket.emit(onDuty ? "go_off_duty" : "go_on_duty", {}, function (ack) {
      if (ack && ack.ok) setDuty(ack.on_duty);
    });
  });
  socket.on("connect", function () {
    if (onDuty) socket.emit("go_on_duty", {}, function () {});  // after a reconnect
  });
  socket.on("crisis_alert", function (item) {
    // Alerts are sent again (on duty, after an outage) until claimed: show each once, and say it was seen.
    if (!alerts.querySelector('[data-item="' + item.id + '"]')) announce(item, "Crisis:");
    socket.emit("alert_seen", { item: item.id }, function () {});
  });
  socket.on("item_queued", function (item) { announce(item, "New item:"); });
  socket.on("item_claimed", function (change) {
    const li = alerts.querySelector('[data-item="' + change.id + '"]');
    if (li) { const b = li.querySelector("button"); if (b) b.replaceWith(document.createTextNode(" claimed by " + change.claimed_by)); }
    const row = queueRow(change.id);
    if (row) {
      row.classList.remove("escalated");
      row.querySelectorAll(".tag-escalated").forEach((tag) => tag.remove());
    }
    showEscalatedCount(change.waiting_escalated);
  });
  // A crisis nobody claimed in time (to every listener and admin, on duty or not): its row turns
  // red and the count above the queue says how many wait, without a reload.
  socket.on("crisis_escalated", function (item) {
    const row = queueRow(item.id);
    if (row && !row.classList.contains("escalated")) {
      row.classList.add("escalated");
      row.cells[0].append(" ", el("strong", "tag tag-escalated", "unclaimed, escalated"));
    }
    showEscalatedCount(item.waiting_escalated);
  });
  socket.on("support_requested", announceRequest);
  socket.on("support_request_closed", function (request) {
    const li = alerts.querySelector('[data-request="' + request.id + '"]');
    if (li) li.remove();  // another listener took it, or the member stopped waiting
  });
  setDuty(false);
})();
