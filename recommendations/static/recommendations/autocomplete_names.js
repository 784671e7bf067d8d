// The admin's search-as-you-type boxes (select2) name themselves by the
// field's label: without it a screen reader announces an unnamed combobox.
// select2 draws its box after the page has loaded, and again for each new
// inline row, so every box is named as it appears.
"use strict";
(function () {
  function name(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    var text = (label ? label.textContent : select.getAttribute("aria-label") || "")
      .replace(/[:\s]+$/, "").trim();
    var box = select.nextElementSibling;
    if (!text || !box || !box.classList.contains("select2")) { return; }
    box.querySelectorAll("[role=combobox], [role=textbox]").forEach(function (part) {
      if (part.getAttribute("aria-label") !== text) {
        part.setAttribute("aria-label", text);
        part.removeAttribute("aria-labelledby");
      }
    });
  }
  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(name);
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
