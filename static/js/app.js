// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Language switcher: submit on change, hide the button that does it without JS.
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    const select = form.querySelector("select");
    const button = form.querySelector("button[type=submit]");
    if (select && button) {
      button.hidden = true;
      select.addEventListener("change", () => form.requestSubmit());
    }
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
