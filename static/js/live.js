// What every live page shares: the Socket.IO connection (the client library is served by
// this app, never a CDN), elements built with text only, never HTML, and a composer that
// sends on Enter (Shift+Enter for a new line), so it works from the keyboard alone.
window.Kindred = (function () {
  "use strict";

  let shared = null;

  // One connection per page: the page's own script and the notifications (notifications.js) share it.
  function connect() {
    if (shared) return shared;
    const socket = io({ transports: ["websocket", "polling"] });
    shared = socket;
    // A refusal (the server could not reach its database) stops the client's own retries:
    // try again after a while, so the page comes back by itself when the server does.
    socket.on("connect_error", (error) => {
      if (!socket.active && error.data && error.data.retry) setTimeout(() => socket.connect(), 3000 + Math.random() * 2000);
    });
    return socket;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text; // member text is set as text, never HTML
    return node;
  }

  function sendOnEnter(textarea, form) {
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  return { connect: connect, el: el, sendOnEnter: sendOnEnter };
})();
