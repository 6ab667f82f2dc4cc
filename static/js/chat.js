// Group chat: one room beside a group's threads. The page works without this script (it
// shows the latest messages and sends with a plain POST form); this makes it live. How the
// member appears was chosen before they joined and is kept by the server: the page never
// says. Text is always set with textContent, never as HTML. New messages are announced
// politely through an ARIA live region.
(function () {
  "use strict";
  const root = document.getElementById("chat");
  if (!root || root.dataset.paged === "true") return; // an older page of history stays as it is
  const group = root.dataset.group;
  const isListener = root.dataset.listener === "true";
  const list = document.getElementById("chat-messages");
  const scroller = document.getElementById("chat-scroll");
  const form = document.getElementById("chat-form");
  const body = document.getElementById("chat-body");
  const errorBox = document.getElementById("chat-error");
  const status = document.getElementById("chat-status");
  const announcer = document.getElementById("chat-announcer");
  const typingLine = document.getElementById("chat-typing");
  const olderBox = document.getElementById("chat-older-box");
  const older = document.getElementById("chat-older");
  const empty = document.getElementById("chat-empty");
  const hereList = document.getElementById("chat-here");
  const shown = new Map(); // message id -> <li>
  let lastId = null;
  let typingTimer = null;
  let lastTypingSent = 0;

  const { el, sendOnEnter } = window.Kindred;
  const socket = window.Kindred.connect();
  status.hidden = false;
  document.getElementById("chat-static").hidden = true;

  function messageUrl(template, id) { return template.replace(/\/0\//, "/" + id + "/"); }

  function toolButton(label, onClick) {
    const button = el("button", "link-button", label);
    button.type = "button";
    button.addEventListener("click", onClick);
    return button;
  }

  // Actions live in a menu, never on one's own message. Report and Block open pages of
  // their own (a confirmation that works without this script); listeners' tools act live.
  function menu(message) {
    const details = el("details", "chat-menu");
    const summary = el("summary", "", "⋯");
    summary.setAttribute("aria-label", "Actions for this message");
    const items = el("div", "chat-menu-items");
    const report = el("a", "", "Report");
    report.href = messageUrl(root.dataset.reportUrl, message.id);
    const block = el("a", "", "Block");
    block.href = messageUrl(root.dataset.blockUrl, message.id);
    items.append(report, block);
    if (isListener) {
      items.append(
        toolButton("Remove", () => socket.emit("remove_message", { message: message.id }, ackOrError)),
        toolButton("Mute 10 min", () => socket.emit("mute_member", { message: message.id, minutes: 10 }, ackOrError)));
    }
    details.append(summary, items);
    return details;
  }

  // The member's chosen zone (settings), as the server writes the messages already on the page.
  const timeZone = root.dataset.timeZone || "UTC";

  function clock(iso) {
    const time = el("time", "meta chat-time",
      new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", timeZone: timeZone, timeZoneName: "short" }));
    time.dateTime = iso;
    time.title = new Date(iso).toLocaleString([], { timeZone: timeZone });
    return time;
  }

  function render(message) {
    const item = el("li", "chat-message");
    item.id = "message-" + message.id;
    const head = el("div", "chat-head");
    head.append(el("strong", "chat-author" + (message.author.anonymous ? " alias" : ""), message.author.name));
    if (message.author.badge) head.append(el("span", "badge", message.author.badge));
    if (message.is_you) { item.classList.add("chat-own"); head.append(el("span", "you", "(you)")); }
    head.append(clock(message.created_at));
    if (!message.is_you && message.status === "published") head.append(menu(message));
    item.append(head, el("p", "chat-text", message.text));
    if (message.status !== "published") {
      item.classList.add("chat-held");
      item.append(el("p", "meta chat-notice", message.notice || "Waiting for a listener."));
    }
    return item;
  }

  function nearBottom() { return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80; }
  function toBottom() { scroller.scrollTop = scroller.scrollHeight; }

  function add(message, { announce = false, prepend = false } = {}) {
    if (shown.has(message.id)) {
      // The room's broadcast can arrive before one's own send is acknowledged: the ack,
      // which knows the message is one's own, wins.
      if (message.is_you && !shown.get(message.id).classList.contains("chat-own")) {
        const mine = render(message);
        shown.get(message.id).replaceWith(mine);
        shown.set(message.id, mine);
      }
      return;
    }
    const stick = nearBottom() || message.is_you;
    const item = render(message);
    shown.set(message.id, item);
    if (empty) empty.hidden = true;
    if (prepend) {
      list.prepend(item);
    } else {
      // Keep id order even when a late approval arrives.
      const after = [...shown.keys()].filter((id) => id > message.id).sort((a, b) => a - b)[0];
      after !== undefined && shown.get(after).isConnected ? list.insertBefore(item, shown.get(after)) : list.append(item);
      if (stick) toBottom();
    }
    if (message.status === "published" && (lastId === null || message.id > lastId)) lastId = message.id;
    if (announce) announcer.append(el("p", "", message.author.name + " says: " + message.text));
  }

  function showError(text) { errorBox.textContent = text || ""; }
  function ackOrError(ack) { if (!ack.ok) showError(ack.error); }

  function renderHere(names) {
    hereList.replaceChildren(...names.map((name) => el("li", "", name)));
  }

  function rejoin(fresh, after) {
    const payload = { group: group };
    if (!fresh && lastId !== null) payload.after = after === undefined ? lastId : Math.min(lastId, after);
    socket.emit("join_chat", payload, (ack) => {
      if (!ack.ok) {
        status.textContent = ack.error;
        if (ack.retry) setTimeout(() => rejoin(false, after), 3000);  // the server is having trouble: try again
        return;
      }
      if (fresh) { shown.clear(); list.replaceChildren(); lastId = null; }
      ack.messages.forEach((m) => add(m));
      if (payload.after === undefined) olderBox.hidden = !ack.more;
      renderHere(ack.here);
      status.textContent = "Connected.";
      if (fresh) toBottom();
    });
  }

  let joined = false;
  socket.on("connect", () => { rejoin(!joined); joined = true; });
  socket.on("disconnect", () => { status.textContent = "Reconnecting… messages you miss will appear when you're back."; });
  socket.on("connect_error", () => { status.textContent = "Can't reach the chat. Retrying…"; });
  socket.on("message_added", (m) => { if (m.group === group) add(m, { announce: true }); });
  socket.on("message_held", (m) => { if (m.group === group) add(m); });
  socket.on("message_removed", (m) => {
    const item = shown.get(m.id);
    if (item) { item.remove(); shown.delete(m.id); }
  });
  socket.on("presence_changed", (p) => { if (p.group === group) renderHere(p.here); });
  // Another tab changed how this member appears here: come back as the new identity.
  socket.on("identity_changed", (c) => { if (c.group === group) window.location.reload(); });
  // The server's message queue was away: fetch from before it went; what is shown already is skipped.
  socket.on("catch_up", (c) => { if (c.group === group) rejoin(false, c.after); });
  socket.on("member_typing", (t) => {
    if (t.group !== group) return;
    typingLine.textContent = t.name + " is typing…";
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typingLine.textContent = ""; }, 3000);
  });
  socket.on("member_muted", (m) => { if (m.group === group) showError("A listener has paused your messages here for a while."); });

  older.addEventListener("click", (event) => {
    event.preventDefault();
    const first = Math.min(...shown.keys());
    const height = scroller.scrollHeight;
    socket.emit("load_history", { group: group, before: first }, (ack) => {
      if (!ack.ok) return showError(ack.error);
      ack.messages.slice().reverse().forEach((m) => add(m, { prepend: true }));
      olderBox.hidden = !ack.more;
      scroller.scrollTop += scroller.scrollHeight - height; // keep the reader where they were
    });
  });

  body.addEventListener("input", () => {
    const now = Date.now();
    if (now - lastTypingSent > 2000) { lastTypingSent = now; socket.emit("typing", { group: group }, () => {}); }
  });
  sendOnEnter(body, form);
  form.addEventListener("submit", (event) => {
    event.preventDefault(); // sent live; the form's POST is for pages without this script
    const text = body.value.trim();
    if (!text) return;
    socket.emit("send_message", { group: group, body: text }, (ack) => {
      if (!ack.ok) return showError(ack.error);
      showError("");
      body.value = "";
      add(ack.message);
      if (ack.crisis) window.location.href = "/crisis";
    });
  });
  toBottom();
})();
