// Upload forms of briefing documents: <form data-max-bytes="…" data-too-large="…">.
// A chosen file over the limit is refused here, before minutes of sending end in the
// server's refusal: the message (the server's own, in the page's language) shows in a
// live region under the file field, and the form is not sent while that file is chosen.
// Without JavaScript the server says the same after the upload.
"use strict";

function guardUploadLimit(form) {
  const limit = Number(form.dataset.maxBytes);
  const input = form.querySelector('input[type="file"]');
  if (!input || !limit) {
    return;
  }
  const message = document.createElement("p");
  message.className = "field__errors upload-limit";
  message.id = `${input.id || "file"}-limit`;
  message.setAttribute("role", "status");
  message.setAttribute("aria-live", "polite");
  input.insertAdjacentElement("afterend", message);

  const tooLarge = () => Array.from(input.files || []).some((file) => file.size > limit);
  const check = () => {
    if (tooLarge()) {
      message.textContent = form.dataset.tooLarge;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", message.id);
      return false;
    }
    message.textContent = "";
    input.removeAttribute("aria-invalid");
    return true;
  };
  input.addEventListener("change", check);
  form.addEventListener("submit", (event) => {
    if (!check()) {
      event.preventDefault();
      input.focus();
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-max-bytes]").forEach(guardUploadLimit);
});
