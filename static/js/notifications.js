// Notifications on every signed-in page: the bell's count, the listener banner, short notices
// (a Q&A session starting, a reply), all live over the page's one connection (live.js).
// Without JavaScript the same things are on the page when it loads and on /notifications.
(function () {
  "use strict";
  const K = window.Kindred;
  if (!K) return;
  const socket = K.connect();
  const bell = document.querySelector(".bell");
  const count = document.getElementById("bell-count");
  const bannerRegion = document.getElementById("listener-banner-region");
  const notices = document.getElementById("live-notices");
  const crisisLive = document.getElementById("crisis-live");

  function showCount(unread) {
    count.textContent = String(unread);
    count.hidden = unread === 0;
    bell.setAttribute("aria-label", unread ? "Notifications, " + unread + " unread" : "Notifications");
  }

  function openLink(notification, text) {
    const link = K.el("a", null, text);
    link.href = "/notifications/" + notification.id; // read (and the banner settled) on the way
    return link;
  }

  function dismissButton(notification, banner) {
    const button = K.el("button", "link-button", "Dismiss");
    button.type = "button";
    button.addEventListener("click", () => socket.emit("dismiss_notification", { notification: notification.id }, (ack) => {
      if (ack && ack.ok) banner.remove();
    }));
    return button;
  }

  function showBanner(notification) {
    bannerRegion.querySelectorAll(".listener-banner").forEach((old) => old.remove());
    const banner = K.el("div", "listener-banner");
    banner.dataset.notification = notification.id;
    const line = K.el("p", null, "A listener is here for you — ");
    line.append(openLink(notification, "open the chat"));
    banner.append(line, dismissButton(notification, banner));
    bannerRegion.append(banner);
    if (crisisLive) {
      crisisLive.textContent = "A listener is here for you. ";
      crisisLive.append(openLink(notification, "Open the chat"));
    }
  }

  function showNotice(notification) {
    // A grouped notice (a flood of replies in one thread) is one line, replaced as it grows.
    notices.querySelectorAll('.live-notice[data-notification="' + notification.id + '"]').forEach((old) => old.remove());
    const notice = K.el("p", "live-notice", notification.text + " ");
    notice.dataset.notification = notification.id;
    if (notification.url) notice.append(openLink(notification, "View"));
    const close = K.el("button", "link-button", "Close");
    close.type = "button";
    close.addEventListener("click", () => notice.remove());
    notice.append(" ", close);
    notices.prepend(notice);
    while (notices.children.length > 3) notices.lastElementChild.remove();
  }

  socket.on("notification_added", (notification) => {
    showCount(notification.unread_count);
    if (notification.kind === "listener_reached_out") showBanner(notification);
    else showNotice(notification);
  });
  // Listeners and admins: a crisis nobody claimed in time, wherever they are.
  socket.on("crisis_escalated", (item) => {
    const notice = K.el("p", "live-notice escalated", item.text + " ");
    const link = K.el("a", null, "Open crisis #" + item.id);
    link.href = item.url;
    notice.append(link);
    notices.prepend(notice);
  });
  socket.on("notifications_read", (data) => showCount(data.unread_count));
  socket.on("notification_settled", (data) => {
    bannerRegion.querySelectorAll('.listener-banner[data-notification="' + data.id + '"]').forEach((b) => b.remove());
  });

  if (crisisLive && !crisisLive.querySelector("a")) {
    socket.on("connect", () => {
      if (!crisisLive.querySelector("a")) crisisLive.textContent = "Connected: we'll tell you here the moment a listener reaches out.";
    });
    socket.on("disconnect", () => {
      if (!crisisLive.querySelector("a")) crisisLive.textContent = "Reconnecting…";
    });
    if (socket.connected) crisisLive.textContent = "Connected: we'll tell you here the moment a listener reaches out.";
  }
})();
