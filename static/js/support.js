// Support chats: "Talk to a listener", the listeners' waiting list, and the 1:1 chat itself.
// Text is always set with textContent, never as HTML.
(function () {
  "use strict";
  const talk = document.getElementById("support-talk");
  const waiting = document.getElementById("support-requests");
  const chatRoot = document.getElementById("support-chat");
  if (!talk && !waiting && !chatRoot) return;
  const { el, sendOnEnter } = window.Kindred;
  const socket = window.Kindred.connect();

  socket.on("support_started", (chat) => { window.location.href = chat.url; });

  if (talk) {
    // Both forms post without this script; with it they go over the socket and the page stays.
    const form = document.getElementById("support-request");
    const cancel = document.getElementById("support-cancel");
    const status = document.getElementById("support-status");
    const resources = document.getElementById("support-resources");
    // The same words as talk.html's: keep the two alike.
    const IN_LINE = "You're in line. A listener will be with you soon; this page opens the chat.";
    const NOBODY_ON_DUTY = "You're in line, but no listener is on duty right now. The next listener on duty " +
      "will see your request. If you are in danger, please contact one of these now.";
    function inLine(requestId, listenersOnDuty) {
      status.textContent = listenersOnDuty ? IN_LINE : NOBODY_ON_DUTY;
      resources.hidden = listenersOnDuty;
      form.hidden = true;
      cancel.action = "/support/requests/" + requestId + "/cancel";
      cancel.dataset.request = requestId;
      cancel.hidden = false;
    }
    function outOfLine(text) {
      status.textContent = text;
      cancel.hidden = true;
      form.hidden = false;
    }
    if (form) {
      // On each (re)connect, ask where things stand: an accept sent while this page was
      // loading or offline reached no one, and the member would wait for a chat already open.
      // Asked again while the member waits: the last listener may go off duty, and then the
      // page says so and shows the crisis resources rather than leaving them waiting in silence.
      function standing(ack) {
        if (!ack.ok) return;
        if (ack.chat) { window.location.href = ack.chat.url; return; }
        if (ack.request) { inLine(ack.request, ack.listeners_on_duty); return; }
        if (!cancel.hidden) outOfLine("");  // withdrawn elsewhere, or taken and ended: ask again from here
      }
      socket.on("connect", () => socket.emit("support_status", {}, standing));
      setInterval(() => {
        if (!cancel.hidden && socket.connected) socket.emit("support_status", {}, standing);
      }, 1000 * Number(talk.dataset.pollSeconds));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const share = document.getElementById("share-name").checked;
        socket.emit("request_listener", { share_name: share }, (ack) => {
          if (ack.ok && ack.chat) { window.location.href = ack.chat.url; return; }
          if (ack.ok) { inLine(ack.request, true); return; }  // asked only while someone is on duty
          status.textContent = ack.error;
          if (ack.crisis_resources) resources.hidden = false;
        });
      });
      cancel.addEventListener("submit", (event) => {
        event.preventDefault();
        socket.emit("cancel_request", { request: Number(cancel.dataset.request) }, (ack) => {
          if (!ack.ok) { status.textContent = ack.error; return; }
          outOfLine("You've left the line. You can ask again at any time.");
        });
      });
    }
  }

  if (waiting) {
    const list = document.getElementById("requests-list");
    const status = document.getElementById("requests-status");
    function accept(id) {
      socket.emit("accept_request", { request: id }, (ack) => {
        if (ack.ok) { window.location.href = ack.chat.url; return; }
        status.textContent = ack.error;
      });
    }
    function addRequest(request) {
      if (list.querySelector('[data-request="' + request.id + '"]')) return;
      const item = el("li");
      item.dataset.request = request.id;
      const button = el("button", "button primary", "Accept");
      button.type = "button";
      button.dataset.accept = request.id;
      item.append(el("span", "", request.member + " "), button);
      list.append(item);
      status.textContent = request.member + " is waiting for a listener.";
    }
    list.addEventListener("click", (event) => {
      const id = event.target.dataset && event.target.dataset.accept;
      if (id) { event.preventDefault(); accept(Number(id)); }  // the page's own buttons also post without this script
    });
    socket.on("connect", () => socket.emit("go_on_duty", {}, (ack) => {
      status.textContent = ack.ok ? "You're on duty: new requests appear here." : ack.error;
    }));
    socket.on("support_requested", addRequest);
    socket.on("support_request_closed", (r) => {
      const item = list.querySelector('[data-request="' + r.id + '"]');
      if (item) item.remove();
    });
  }

  if (chatRoot) {
    const chatId = Number(chatRoot.dataset.chat);
    const list = document.getElementById("support-messages");
    const form = document.getElementById("support-form");
    const body = document.getElementById("support-body");
    const errorBox = document.getElementById("support-error");
    const state = document.getElementById("support-state");
    const announcer = document.getElementById("support-announcer");
    // Messages the page came with are shown already: a join fetches only those after them.
    const shown = Array.from(list.children, (item) => Number(item.dataset.id));
    const seen = new Set(shown);
    let lastId = shown.length ? Math.max(...shown) : null;
    document.getElementById("support-static").hidden = true;

    function add(message, announce) {
      if (seen.has(message.id)) return;
      seen.add(message.id);
      lastId = Math.max(lastId || 0, message.id);
      const item = el("li", "chat-message" + (message.crisis ? " chat-crisis" : ""));
      item.id = "support-message-" + message.id;
      item.dataset.id = message.id;
      item.append(el("strong", "chat-author", message.author), document.createTextNode(": "), el("span", "chat-text", message.text));
      list.append(item);
      if (announce) announcer.append(el("p", "", message.author + " says: " + message.text));
    }
    function ended(by) {
      state.textContent = "This chat has ended" + (by ? " (ended by " + by + ")." : ".");
      form.hidden = true;
    }
    function join(after) {
      const payload = { chat: chatId };
      if (after !== null) payload.after = after;
      socket.emit("join_support_chat", payload, (ack) => {
        if (!ack.ok) {
          state.textContent = ack.error;
          if (ack.retry) setTimeout(() => join(after), 3000);  // the server is having trouble: try again
          return;
        }
        ack.messages.forEach((m) => add(m, false));
        if (ack.chat.open) state.textContent = "Connected."; else ended();
      });
    }
    socket.on("connect", () => join(lastId));
    // The server's message queue was away: fetch from before it went, and skip what is shown.
    socket.on("catch_up", (c) => { if (c.chat === chatId) join(Math.min(lastId === null ? c.after : lastId, c.after)); });
    socket.on("disconnect", () => { state.textContent = "Reconnecting…"; });
    socket.on("support_message_added", (m) => { if (m.chat === chatId) add(m, true); });
    socket.on("support_ended", (c) => { if (c.id === chatId) ended(c.ended_by); });
    sendOnEnter(body, form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = body.value.trim();
      if (!text) return;
      socket.emit("send_support_message", { chat: chatId, body: text }, (ack) => {
        if (!ack.ok) { errorBox.textContent = ack.error; return; }
        errorBox.textContent = "";
        body.value = "";
        add(ack.message, false);
      });
    });
    document.getElementById("support-end").addEventListener("click", (event) => {
      event.preventDefault();
      if (!window.confirm("End this chat?")) return;
      socket.emit("end_support_chat", { chat: chatId }, (ack) => { if (!ack.ok) errorBox.textContent = ack.error; });
    });
  }
})();
