// Forms that follow what is chosen; without JavaScript every field shows and the server
// decides (it ignores the fields of the audience kinds not chosen, and fills an empty
// region from the country).
"use strict";

// A name as eventapp/regions.py's name_key compares it: case, accents and punctuation
// ignored ("Côte d’Ivoire" -> "cote d ivoire").
function nameKey(text) {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(" ");
}

// The invitation form: <input data-regions='{"germany": "europe", …}' data-region-field="region">.
// While the organizer types the country, the region select proposes the country's region,
// and says so in a polite live region; once they choose a region themselves, it is theirs.
function proposeRegions(country) {
  const select = document.getElementById(country.dataset.regionField);
  if (!select) {
    return;
  }
  const regions = JSON.parse(country.dataset.regions);
  const note = document.createElement("p");
  note.className = "field__hint";
  note.setAttribute("aria-live", "polite");
  select.insertAdjacentElement("afterend", note);
  // The value proposed last; null once the organizer has chosen.
  let proposed = select.value === "" ? "" : null;
  select.addEventListener("change", () => {
    proposed = null;
    note.textContent = "";
  });
  const propose = () => {
    if (proposed === null) {
      return;
    }
    const value = regions[nameKey(country.value)] || regions[nameKey(country.value.split(",")[0])] || "";
    if (value === proposed) {
      return;
    }
    select.value = value;
    proposed = value;
    const label = select.selectedOptions[0] ? select.selectedOptions[0].text : "";
    note.textContent = value ? select.dataset.proposed.replace("{region}", label) : "";
  };
  country.addEventListener("input", propose);
  propose();
}

// <div data-shown-for="audience" data-shown-values="functions"> shows only while the
// select named "audience" has one of those values (space-separated).
function showForChoice(part) {
  const form = part.closest("form");
  const control = form && form.elements.namedItem(part.dataset.shownFor);
  if (!control) {
    return;
  }
  const values = part.dataset.shownValues.split(" ");
  const update = () => {
    part.hidden = !values.includes(control.value);
  };
  control.addEventListener("change", update);
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const country of document.querySelectorAll("input[data-regions]")) {
    proposeRegions(country);
  }
  for (const part of document.querySelectorAll("[data-shown-for]")) {
    showForChoice(part);
  }
});
