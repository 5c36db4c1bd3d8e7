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
