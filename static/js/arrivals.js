// The arrivals page keeps itself up to date: every few seconds it asks the server for
// the counts and lists again (the same part of the page, rendered by the server from
// the same template) and puts them in place. Without JavaScript the page is whole, and
// its "Search and refresh" button reloads it. Every text shown comes from the server.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const live = document.getElementById("arrivals-live");
  if (!live || !live.dataset.liveUrl) {
    return;
  }
  const status = document.querySelector("[data-arrivals-status]");
  const seconds = Math.max(5, Number(live.dataset.pollSeconds) || 15);
  let busy = false;

  function say(text, time) {
    if (!status) {
      return;
    }
    status.textContent = text;
    if (time) {
      const stamp = document.createElement("time");
      stamp.textContent = time;
      status.append(" ", stamp);
    }
  }

  async function refresh() {
    if (busy || document.hidden) {
      return;
    }
    busy = true;
    try {
      const response = await fetch(live.dataset.liveUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const answer = await response.json();
      const parsed = new DOMParser().parseFromString(answer.html, "text/html");
      live.replaceChildren(...parsed.body.childNodes);
      say(status ? status.dataset.updatedLabel : "", answer.updated);
    } catch (error) {
      say(status ? status.dataset.failedLabel : "");
    } finally {
      busy = false;
    }
  }

  window.setInterval(refresh, seconds * 1000);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) {
      refresh();
    }
  });
});
