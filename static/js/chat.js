// Group chat: one room beside a group's threads. Text is always set with textContent,
// never as HTML. New messages are announced politely through an ARIA live region.
(function () {
  "use strict";
  const root = document.getElementById("chat");
  if (!root) return;
  const group = root.dataset.group;
  const isListener = root.dataset.listener === "true";
  const list = document.getElementById("chat-messages");
  const form = document.getElementById("chat-form");
  const body = document.getElementById("chat-body");
  const anonymous = document.getElementById("chat-anonymous");
  const errorBox = document.getElementById("chat-error");
  const status = document.getElementById("chat-status");
  const announcer = document.getElementById("chat-announcer");
  const typingLine = document.getElementById("chat-typing");
  const older = document.getElementById("chat-older");
  const hereList = document.getElementById("chat-here");
  const shown = new Map(); // message id -> <li>
  let lastId = null;
  let typingTimer = null;
  let lastTypingSent = 0;

  const { el, sendOnEnter } = window.Kindred;
  const socket = window.Kindred.connect();

  function toolButton(label, onClick) {
    const button = el("button", "link-button", label);
    button.type = "button";
    button.addEventListener("click", onClick);
    return button;
  }

  function tools(message) {
    const box = el("span", "chat-tools");
    if (!message.is_you) {
      box.append(toolButton("Block", () => {
        if (!window.confirm("Block this member? You won't see their messages or posts. They aren't told.")) return;
        socket.emit("block_author", { message: message.id }, (ack) => ack.ok ? rejoin(true) : showError(ack.error));
      }));
    }
    if (isListener) {
      box.append(toolButton("Remove", () => socket.emit("remove_message", { message: message.id }, ackOrError)));
      if (!message.is_you) {
        box.append(toolButton("Mute 10 min", () =>
          socket.emit("mute_member", { message: message.id, minutes: 10 }, ackOrError)));
      }
    }
    return box;
  }

  function render(message) {
    const item = el("li", "chat-message");
    item.id = "message-" + message.id;
    const who = el("strong", "chat-author", message.author.name + (message.author.badge ? " (" + message.author.badge + ")" : ""));
    item.append(who, document.createTextNode(": "), el("span", "chat-text", message.text));
    if (message.status !== "published") {
      item.classList.add("chat-held");
      item.append(el("span", "meta chat-notice", " " + (message.notice || "Waiting for a listener.")));
    }
    item.append(tools(message));
    return item;
  }

  function add(message, { announce = false, prepend = false } = {}) {
    if (shown.has(message.id)) return;
    const item = render(message);
    shown.set(message.id, item);
    if (prepend) {
      list.prepend(item);
    } else {
      // Keep id order even when a late approval arrives.
      const after = [...shown.keys()].filter((id) => id > message.id).sort((a, b) => a - b)[0];
      after !== undefined && shown.get(after).isConnected ? list.insertBefore(item, shown.get(after)) : list.append(item);
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
    if (fresh) { shown.clear(); list.replaceChildren(); lastId = null; }
    const payload = { group: group, anonymous: anonymous.checked };
    if (lastId !== null) payload.after = after === undefined ? lastId : Math.min(lastId, after);
    socket.emit("join_chat", payload, (ack) => {
      if (!ack.ok) {
        status.textContent = ack.error;
        if (ack.retry) setTimeout(() => rejoin(false, after), 3000);  // the server is having trouble: try again
        return;
      }
      ack.messages.forEach((m) => add(m));
      older.hidden = !(lastId === null ? false : ack.more && payload.after === undefined);
      renderHere(ack.here);
      status.textContent = "Connected.";
      list.lastElementChild && list.lastElementChild.scrollIntoView({ block: "end" });
    });
  }

  socket.on("connect", () => rejoin(false));
  socket.on("disconnect", () => { status.textContent = "Reconnecting… messages you miss will appear when you're back."; });
  socket.on("connect_error", () => { status.textContent = "Can't reach the chat. Retrying…"; });
  socket.on("message_added", (m) => { if (m.group === group) add(m, { announce: true }); });
  socket.on("message_held", (m) => { if (m.group === group) add(m); });
  socket.on("message_removed", (m) => {
    const item = shown.get(m.id);
    if (item) { item.remove(); shown.delete(m.id); }
  });
  socket.on("presence_changed", (p) => { if (p.group === group) renderHere(p.here); });
  // The server's message queue was away: fetch from before it went; what is shown already is skipped.
  socket.on("catch_up", (c) => { if (c.group === group) rejoin(false, c.after); });
  socket.on("member_typing", (t) => {
    if (t.group !== group) return;
    typingLine.textContent = t.name + " is typing…";
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typingLine.textContent = ""; }, 3000);
  });
  socket.on("member_muted", (m) => { if (m.group === group) showError("A listener has paused your messages here for a while."); });

  older.addEventListener("click", () => {
    const first = Math.min(...shown.keys());
    socket.emit("load_history", { group: group, before: first }, (ack) => {
      if (!ack.ok) return showError(ack.error);
      ack.messages.slice().reverse().forEach((m) => add(m, { prepend: true }));
      older.hidden = !ack.more;
    });
  });

  anonymous.addEventListener("change", () => rejoin(false));

  body.addEventListener("input", () => {
    const now = Date.now();
    if (now - lastTypingSent > 2000) { lastTypingSent = now; socket.emit("typing", { group: group }, () => {}); }
  });
  sendOnEnter(body, form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = body.value.trim();
    if (!text) return;
    socket.emit("send_message", { group: group, body: text, anonymous: anonymous.checked }, (ack) => {
      if (!ack.ok) return showError(ack.error);
      showError("");
      body.value = "";
      add(ack.message);
      if (ack.crisis) window.location.href = "/crisis?alerted=1";
    });
  });
})();
