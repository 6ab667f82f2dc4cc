// A thread page hears of new replies live. It does not jump: a "1 new reply" button says so,
// and the replies appear where the reader chooses, fetched as the page itself would show them.
(function () {
  "use strict";
  const posts = document.getElementById("posts");
  const status = document.getElementById("live-status");
  const socket = window.Kindred.connect();
  const thread = Number(posts.dataset.thread);
  const waiting = new Set();

  const button = window.Kindred.el("button", "button new-replies");
  button.type = "button";
  button.hidden = true;
  posts.after(button);

  function say() {
    const n = waiting.size;
    button.textContent = n === 1 ? "1 new reply" : n + " new replies";
    button.hidden = n === 0;
    status.textContent = n ? button.textContent + ". Press the button to show." : "";
  }

  async function showWaiting() {
    // This page again from its first post: the replies follow, and past a page's worth the
    // server's pager offers "Newer posts".
    const response = await fetch(posts.dataset.pageUrl || window.location.pathname, { credentials: "same-origin" });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("posts");
    if (!fresh) return;
    for (const place of ["top", "bottom"]) {
      const pager = page.getElementById("thread-pager-" + place);
      const shown = document.getElementById("thread-pager-" + place);
      if (pager && shown) shown.replaceWith(document.importNode(pager, true));
      else if (pager) (place === "top" ? posts.before(document.importNode(pager, true)) : button.after(document.importNode(pager, true)));
    }
    const before = new Set(Array.from(posts.children, (post) => post.id));
    posts.replaceChildren(...Array.from(fresh.children, (post) => document.importNode(post, true)));
    waiting.clear();
    say();
    const first = Array.from(posts.children).find((post) => !before.has(post.id));
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  }

  button.addEventListener("click", showWaiting);
  socket.on("reply_added", (post) => {
    if (post.thread !== thread || document.getElementById("post-" + post.id)) return;
    waiting.add(post.id);
    say();
  });
  socket.on("post_removed", (post) => {  // offered, then taken down before the reader looked
    if (waiting.delete(post.id)) say();
  });
  socket.on("connect", () => socket.emit("watch_thread", { thread: thread }, () => {}));
})();
