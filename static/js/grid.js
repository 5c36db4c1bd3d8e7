// The week grid's drag and drop; without JavaScript each card's "Move" link does the same.
//
// A card dropped on a room's lane at a time posts the card's move form (the page its
// "Move" link opens) with fetch and the page's CSRF token, asking for JSON; the server
// applies the programme's rules. A refused move leaves the card where it was and says
// why, naming each clash with a link to the session. A move that went through redraws
// the grid from the server's page, with "Undo" for the last move (a form, which this
// script posts the same way). Every text shown comes from the server.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".grid-scroll[data-csrf-token]");
  const moves = document.getElementById("grid-moves");
  const refusal = document.getElementById("grid-refusal");
  if (!box || !moves || !refusal) {
    return;
  }
  const token = box.dataset.csrfToken;
  const preview = document.createElement("div");
  preview.setAttribute("aria-hidden", "true");
  let drag = null; // {card, grabY, minutes}

  const week = () => box.querySelector(".grid-week");
  const clock = (minute) =>
    `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

  // Where a drop at this pointer position puts the card: the lane's day and room, and
  // the start of the row under the card's top edge (the card is held where it was grabbed).
  function placeAt(event) {
    const lane = event.target instanceof Element ? event.target.closest(".grid-lane") : null;
    if (!lane || !box.contains(lane)) {
      return null;
    }
    const grid = week().dataset;
    const first = Number(grid.firstMinute);
    const last = Number(grid.lastMinute);
    const step = Number(grid.slotMinutes);
    const rows = getComputedStyle(lane).gridTemplateRows.split(" ").map(parseFloat);
    const top = lane.getBoundingClientRect().top + rows[0];
    const slot = Math.round((event.clientY - drag.grabY - top) / rows[1]);
    const latest = Math.max(first, last - Math.max(step, drag.minutes));
    const minute = Math.min(Math.max(first + slot * step, first), latest);
    const row = 2 + (minute - first) / step;
    const span = Math.max(1, Math.min(Math.ceil(drag.minutes / step), rows.length - row + 1));
    return {lane, day: lane.closest(".grid-day").dataset.day, room: lane.dataset.roomId, minute, row, span};
  }

  function showPreview(place) {
    for (const lane of box.querySelectorAll(".grid-lane.is-drop-target")) {
      if (lane !== place.lane) {
        lane.classList.remove("is-drop-target");
      }
    }
    place.lane.classList.add("is-drop-target");
    preview.className = `grid-drop track-all grid-row-start-${place.row} grid-row-span-${place.span}`;
    preview.textContent = clock(place.minute);
    if (preview.parentElement !== place.lane) {
      place.lane.append(preview);
    }
  }

  function hidePreview() {
    preview.remove();
    for (const lane of box.querySelectorAll(".grid-lane.is-drop-target")) {
      lane.classList.remove("is-drop-target");
    }
  }

  function endDrag() {
    hidePreview();
    if (drag) {
      drag.card.classList.remove("is-dragging");
      drag = null;
    }
  }

  function clearRefusal() {
    refusal.replaceChildren();
    for (const card of box.querySelectorAll(".is-refused")) {
      card.classList.remove("is-refused");
    }
  }

  function refuse(answer, card) {
    const heading = document.createElement("p");
    heading.textContent = answer.message;
    const list = document.createElement("ul");
    for (const problem of answer.problems || []) {
      const item = document.createElement("li");
      item.append(problem.message);
      if (problem.url) {
        const link = document.createElement("a");
        link.href = problem.url;
        link.textContent = answer.link_label;
        item.append(" ", link);
      }
      list.append(item);
    }
    refusal.replaceChildren(heading, ...(list.children.length ? [list] : []));
    if (card) {
      card.classList.add("is-refused");
    }
  }

  async function post(url, body) {
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: {Accept: "application/json", "X-CSRFToken": token},
      });
      if ((response.headers.get("Content-Type") || "").includes("application/json")) {
        return await response.json();
      }
    } catch {
      // No answer (the network, the server): said below like any other failure.
    }
    return {ok: false, message: refusal.dataset.moveFailed, problems: []};
  }

  // The grid and the last move as the server now draws them, the grid's scroll kept.
  async function redraw(message, cardId) {
    let page = null;
    try {
      const response = await fetch(window.location.href, {credentials: "same-origin", headers: {Accept: "text/html"}});
      page = response.ok ? new DOMParser().parseFromString(await response.text(), "text/html") : null;
    } catch {
      page = null;
    }
    const fresh = page && page.querySelector(".grid-scroll .grid-week");
    const freshMoves = page && page.getElementById("grid-moves");
    if (!fresh || !freshMoves) {
      window.location.reload();
      return;
    }
    const {scrollTop, scrollLeft} = box;
    week().replaceWith(document.adoptNode(fresh));
    box.scrollTop = scrollTop;
    box.scrollLeft = scrollLeft;
    moves.replaceChildren(...Array.from(freshMoves.childNodes, (node) => document.adoptNode(node)));
    if (!moves.querySelector("form") && message) {
      const told = document.createElement("p");
      told.className = "grid-moves__told";
      told.textContent = message;
      moves.replaceChildren(told);
    }
    const link = cardId && document.querySelector(`#${cardId} .grid-session__link`);
    if (link) {
      link.focus({preventScroll: true});
    }
  }

  async function move(card, place) {
    const body = new FormData();
    body.set("csrf_token", token);
    body.set("day", place.day);
    body.set("start_time", clock(place.minute));
    body.set("room_id", place.room);
    card.classList.add("is-saving");
    const answer = await post(card.dataset.moveUrl, body);
    card.classList.remove("is-saving");
    if (answer.ok) {
      await redraw(answer.message, card.id);
    } else {
      refuse(answer, card);
    }
  }

  box.addEventListener("dragstart", (event) => {
    const card = event.target instanceof Element ? event.target.closest(".grid-session[data-move-url]") : null;
    if (!card) {
      return;
    }
    clearRefusal();
    drag = {card, grabY: event.clientY - card.getBoundingClientRect().top, minutes: Number(card.dataset.minutes)};
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("application/x-eventapp-session", card.id);
    card.classList.add("is-dragging");
  });
  box.addEventListener("dragover", (event) => {
    const place = drag && placeAt(event);
    if (!place) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    showPreview(place);
  });
  box.addEventListener("dragleave", (event) => {
    if (!(event.relatedTarget instanceof Node) || !box.contains(event.relatedTarget)) {
      hidePreview();
    }
  });
  box.addEventListener("drop", (event) => {
    const place = drag && placeAt(event);
    if (!place) {
      return;
    }
    event.preventDefault();
    const {card} = drag;
    endDrag();
    move(card, place);
  });
  box.addEventListener("dragend", endDrag);

  // "Undo the move": the same form, posted the same way.
  document.addEventListener("submit", async (event) => {
    const form = event.target instanceof Element ? event.target.closest("form[data-grid-undo]") : null;
    if (!form) {
      return;
    }
    event.preventDefault();
    clearRefusal();
    const answer = await post(form.action, new FormData(form));
    if (answer.ok) {
      await redraw(answer.message, form.dataset.card);
    } else {
      refuse(answer, document.getElementById(form.dataset.card));
    }
  });
});
