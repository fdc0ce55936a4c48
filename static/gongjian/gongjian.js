/* Small behaviours the pages need, kept out of the HTML so the Content Security Policy allows no inline script. */
"use strict";

document.addEventListener("change", (event) => {
  // <select data-autosubmit>: choosing submits its form (the language switch in the header).
  if (event.target.matches("[data-autosubmit]")) {
    event.target.form.submit();
  }
  // <input type="checkbox" data-select-all="FORM">: ticks or unticks every row checkbox of that bulk form.
  const form = event.target.dataset && event.target.dataset.selectAll;
  if (form) {
    document.querySelectorAll(`input[type="checkbox"][name="pk"][form="${form}"]`).forEach((box) => {
      box.checked = event.target.checked;
    });
  }
});

document.addEventListener("click", (event) => {
  // <a data-history-back href="…">: go back where the user came from; the href is the fallback without history.
  const link = event.target.closest("a[data-history-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});

// <select data-autocomplete="/api/…/">: a search box before it asks the API (scoped to what the user may see) for
// the first rows matching what is typed, so a drop-down never holds every project of the city.
document.querySelectorAll("select[data-autocomplete]").forEach((select) => {
  const box = document.createElement("input");
  box.type = "search";
  box.className = "form-control form-control-sm mb-1";
  box.placeholder = select.dataset.autocompletePlaceholder || "…";
  box.setAttribute("aria-label", box.placeholder);
  select.before(box);
  let timer = null;
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const url = `${select.dataset.autocomplete}?search=${encodeURIComponent(box.value)}&page_size=20`;
      const answer = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!answer.ok) return;
      const rows = (await answer.json()).results || [];
      const keep = select.value;
      select.replaceChildren(new Option("---------", ""));
      rows.forEach((row) => select.add(new Option(row.name, row.id, false, String(row.id) === keep)));
    }, 250);
  });
});
