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
