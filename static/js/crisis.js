// The crisis page, live: where the member's own alert stands. The server says a listener saw it
// only once a listener's screen acknowledged it (crisis_resources with listener_alerted: true);
// until then the page says the listeners are being told, and after the wait that none has seen
// it yet, with the phone and text lines. On every (re)connect it asks again (crisis_status), so
// a notice sent while the page was loading or offline is not missed.
(function () {
  "use strict";
  const K = window.Kindred;
  const status = document.getElementById("crisis-status");
  if (!K || !status) return;
  const socket = K.connect();
  let timer = null;

  function show(payload) {
    if (!payload || !payload.state || payload.state === "none") return;
    clearTimeout(timer);
    status.dataset.state = payload.state;
    status.textContent = payload.message;
    if (payload.state === "telling") timer = setTimeout(ask, Math.max(0, payload.wait_seconds) * 1000 + 250);
  }

  function ask() {
    if (!socket.connected) {
      // No answer to be had: say what the wait means rather than keep promising.
      show({ state: "not_seen", message: status.dataset.notSeen });
      return;
    }
    socket.emit("crisis_status", {}, (ack) => { if (ack && ack.ok) show(ack); });
  }

  socket.on("crisis_resources", show);
  socket.on("connect", ask);
  show({ state: status.dataset.state, message: status.textContent.trim(), wait_seconds: Number(status.dataset.wait) });
})();
