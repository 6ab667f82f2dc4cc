// Support reactions, live: the buttons are a plain form (it works without this script);
// here they send over the socket instead, and every reader's counts follow as others react.
(function () {
  "use strict";
  const posts = document.getElementById("posts");
  if (!posts) return;
  const thread = Number(posts.dataset.thread);
  const socket = window.Kindred.connect();

  function show(postId, counts, mine) {
    document.querySelectorAll('.reactions[data-post="' + postId + '"]').forEach((bar) => {
      bar.querySelectorAll(".reaction").forEach((item) => {
        const kind = item.value;
        const count = item.querySelector(".reaction-count");
        if (kind !== undefined && kind in counts) count.textContent = counts[kind];
        if (mine !== undefined && item.tagName === "BUTTON") item.setAttribute("aria-pressed", String(mine === kind));
      });
      // Counts of a post one may not react to (one's own) are spans in the same order.
      const kinds = Object.keys(counts);
      bar.querySelectorAll("span.reaction .reaction-count").forEach((count, i) => { count.textContent = counts[kinds[i]]; });
    });
  }

  socket.on("connect", () => socket.emit("watch_thread", { thread: thread }, () => {}));
  socket.on("reactions_changed", (r) => { if (r.thread === thread) show(r.post, r.counts); });
  posts.addEventListener("submit", (event) => {
    const form = event.target.closest("form.reactions");
    if (!form || !socket.connected) return; // no socket yet: the form posts as it would without this script
    event.preventDefault();
    const postId = Number(form.dataset.post);
    socket.emit("react", { post: postId, kind: event.submitter.value }, (ack) => {
      let error = form.querySelector(".errors");
      if (!error) { error = window.Kindred.el("p", "errors"); error.setAttribute("role", "alert"); form.append(error); }
      error.textContent = ack.ok ? "" : ack.error;
      if (!ack.ok) return;
      show(postId, ack.counts, ack.mine);
    });
  });
})();
