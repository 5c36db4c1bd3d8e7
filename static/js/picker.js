// A searchable picker for a long multi-select: <select multiple data-picker="hint" …>.
//
// The select stays in the form (hidden) and keeps posting the same field: the picker
// only chooses its options. Without JavaScript the plain multi-select works.
// It follows the ARIA combobox pattern: a labelled text input (the field's own label)
// controls a listbox of the options matching what is typed (case, accents ignored;
// every word typed must appear), the active option is its aria-activedescendant, chosen
// options are aria-selected and shown above as chips with a remove button, and a polite
// live region tells how many match and what was added or removed.
// Texts come from the select's data-picker-* attributes, written by the template in the
// page's language.
"use strict";

function fold(text) {
  return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  node.textContent = text;
  return node;
}

function enhance(select) {
  const texts = select.dataset;
  const id = select.id;
  // The field's label, error links and aria-describedby name the select's id: the
  // search input takes it over.
  select.id = `${id}-select`;
  select.hidden = true;
  const describedBy = select.getAttribute("aria-describedby");

  const picker = element("div", { class: "picker" });
  const chips = element("ul", { class: "picker__chips", "aria-label": texts.pickerChosen });
  const input = element("input", {
    id,
    type: "text",
    class: "picker__input",
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": `${id}-results`,
    "aria-describedby": [`${id}-hint`, describedBy].filter(Boolean).join(" "),
  });
  if (select.getAttribute("aria-invalid")) {
    input.setAttribute("aria-invalid", "true");
  }
  const hint = element("p", { id: `${id}-hint`, class: "field__hint" }, texts.picker);
  const label = document.querySelector(`label[for="${id}"]`);
  const results = element("ul", {
    id: `${id}-results`,
    class: "picker__results",
    role: "listbox",
    "aria-multiselectable": "true",
    "aria-label": label ? label.textContent : "",
  });
  results.hidden = true;
  const status = element("p", { class: "visually-hidden", "aria-live": "polite" });
  picker.append(chips, input, hint, results, status);
  select.insertAdjacentElement("afterend", picker);

  const options = Array.from(select.options).map((option, index) => ({
    option,
    key: fold(option.text),
    item: element("li", { id: `${id}-option-${index}`, role: "option", class: "picker__option" }, option.text),
  }));
  let shown = [];
  let active = -1;
  let announcement = 0;

  const say = (text, delay = 0) => {
    clearTimeout(announcement);
    announcement = setTimeout(() => { status.textContent = text; }, delay);
  };
  const counted = (count) => {
    if (count === 0) {
      return texts.pickerNone;
    }
    const form = new Intl.PluralRules(document.documentElement.lang).select(count);
    return (form === "one" ? texts.pickerOne : texts.pickerOther).replace("{num}", count);
  };

  const renderChips = () => {
    chips.replaceChildren();
    for (const { option } of options.filter(({ option }) => option.selected)) {
      const name = option.text;
      const remove = element("button", {
        type: "button",
        class: "picker__remove",
        "aria-label": texts.pickerRemove.replace("{name}", name),
      }, "×");
      remove.addEventListener("click", () => {
        const next = remove.closest("li").nextElementSibling;
        toggle(option);
        const target = next && next.querySelector("button");
        (target || input).focus();
      });
      const chip = element("li", { class: "picker__chip" });
      chip.append(element("span", {}, name), remove);
      chips.append(chip);
    }
    chips.hidden = chips.children.length === 0;
  };

  const setActive = (index) => {
    for (const { item } of shown) {
      item.classList.remove("picker__option--active");
    }
    active = index;
    if (index < 0 || index >= shown.length) {
      active = -1;
      input.removeAttribute("aria-activedescendant");
      return;
    }
    const { item } = shown[index];
    item.classList.add("picker__option--active");
    input.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  };

  const open = (everything = false) => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    if (!words.length && !everything) {
      close();
      return;
    }
    shown = options.filter(({ key }) => words.every((word) => key.includes(word)));
    for (const { option, item } of shown) {
      item.setAttribute("aria-selected", String(option.selected));
    }
    results.replaceChildren(...shown.map(({ item }) => item));
    results.hidden = shown.length === 0;
    input.setAttribute("aria-expanded", String(shown.length > 0));
    setActive(-1);
    say(counted(shown.length), 500);
  };

  const close = () => {
    results.hidden = true;
    input.setAttribute("aria-expanded", "false");
    shown = [];
    setActive(-1);
  };

  const toggle = (option) => {
    option.selected = !option.selected;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    for (const { option: shownOption, item } of shown) {
      item.setAttribute("aria-selected", String(shownOption.selected));
    }
    renderChips();
    say((option.selected ? texts.pickerAdded : texts.pickerRemoved).replace("{name}", option.text));
  };

  input.addEventListener("input", () => open());
  input.addEventListener("keydown", (event) => {
    const expanded = !results.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!expanded) {
        open(true);
      }
      if (!shown.length) {
        return;
      }
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : shown.length - 1) : (active + step + shown.length) % shown.length);
    } else if (event.key === "Enter" && expanded) {
      // Choosing, not sending the form.
      event.preventDefault();
      if (active >= 0) {
        toggle(shown[active].option);
      }
    } else if (event.key === "Escape") {
      if (expanded) {
        event.preventDefault();
        close();
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
      }
    }
  });
  input.addEventListener("blur", () => {
    // After a click on an option (which keeps the focus here) the list stays open.
    setTimeout(() => { if (document.activeElement !== input) close(); }, 150);
  });
  results.addEventListener("mousedown", (event) => event.preventDefault());
  results.addEventListener("click", (event) => {
    const item = event.target.closest("[role=option]");
    const found = item && shown.find((entry) => entry.item === item);
    if (found) {
      setActive(shown.indexOf(found));
      toggle(found.option);
      input.focus();
    }
  });

  renderChips();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[multiple][data-picker]")) {
    enhance(select);
  }
});
