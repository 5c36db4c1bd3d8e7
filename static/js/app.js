// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // What a form's answer says first takes the focus, so it is read out: the error summary
  // of a long form (data-focus-on-load="error"), else the confirmation of a form that
  // succeeded. (The language switcher applies on its button only: moving through its
  // options never changes the page, WCAG 3.2.2.)
  const first = document.querySelector("[data-focus-on-load=error]")
    || document.querySelector("[data-focus-on-load]");
  if (first && window.location.hash) {
    // A page opened at an anchor (the grid at the session just saved) stays there; the
    // browser moves the focus to the anchor once it has scrolled, so wait for that.
    window.addEventListener("load", () => first.focus({ preventScroll: true }));
  } else if (first) {
    first.focus();
  }
  // A link of the error summary focuses its field (not only scrolls to it), the field's
  // label kept in view.
  for (const link of document.querySelectorAll("[data-focus-on-load=error] a[href^='#']")) {
    link.addEventListener("click", (event) => {
      const field = document.getElementById(link.hash.slice(1));
      if (field) {
        event.preventDefault();
        (field.closest(".field") || field).scrollIntoView();
        field.focus({ preventScroll: true });
      }
    });
  }
  // Copy a link: <button data-copy="field-id" data-copied="Link copied" hidden>. The
  // button stays hidden without JavaScript, where the field's text can still be selected.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) {
      continue;
    }
    const label = button.textContent;
    button.hidden = false;
    field.addEventListener("focus", () => field.select());
    button.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        document.execCommand("copy"); // pages served over plain HTTP have no clipboard API
      }
      button.textContent = button.dataset.copied;
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
  // Destructive actions ask first: <form data-confirm="Delete this room?">.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  }
});
