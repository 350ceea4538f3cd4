// Keyboard: Ctrl/Cmd+Enter in a journal text signs; Alt+S focuses person search (accesskey in the menu).
document.addEventListener("keydown", function (event) {
  if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
    var form = event.target.closest && event.target.closest("form.journal-form");
    if (form) {
      event.preventDefault();
      var sign = form.querySelector('button[value="sign"]');
      if (sign) { sign.click(); }
    }
  }
});

// Journal: once the form is submitted (Spara utkast, Signera, Ctrl+Enter), cancel any autosave that is
// still waiting for its delay; otherwise it could arrive after the signing and create a duplicate draft.
document.addEventListener("submit", function (event) {
  if (event.target.matches && event.target.matches("form.journal-form")) {
    event.target.dataset.submitted = "1";
  }
});
document.addEventListener("htmx:confirm", function (event) {
  var form = event.target.closest && event.target.closest("form.journal-form");
  if (form && form.dataset.submitted) { event.preventDefault(); }
});
// Back/forward cache: a page shown again may autosave again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form.journal-form[data-submitted]").forEach(function (form) {
    delete form.dataset.submitted;
  });
});

// Ledningsgruppen: its material must never hold client data. Warn as soon as a personnummer is typed
// (YYMMDD-NNNC with a valid check digit) into a field marked data-pnr-check.
(function () {
  var PNR = /(?:^|\D)(?:19|20)?(\d{6})[-+]?(\d{4})(?!\d)/g;
  function luhnOk(ten) {
    var sum = 0;
    for (var i = 0; i < 9; i++) {
      var d = parseInt(ten[i], 10) * (i % 2 === 0 ? 2 : 1);
      sum += d > 9 ? d - 9 : d;
    }
    return (10 - (sum % 10)) % 10 === parseInt(ten[9], 10);
  }
  function hasPnr(text) {
    var m;
    PNR.lastIndex = 0;
    while ((m = PNR.exec(text)) !== null) {
      var month = parseInt(m[1].slice(2, 4), 10);
      if (month >= 1 && month <= 12 && luhnOk(m[1] + m[2])) { return true; }
    }
    return false;
  }
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("[data-pnr-check]")) { return; }
    var form = field.closest("form");
    var warning = form && form.querySelector(".pnr-warning");
    if (!warning) {
      warning = document.createElement("p");
      warning.className = "pnr-warning field-error";
      warning.setAttribute("role", "alert");
      field.insertAdjacentElement("afterend", warning);
    }
    var found = Array.prototype.some.call(form.querySelectorAll("[data-pnr-check]"), function (f) {
      return hasPnr(f.value);
    });
    warning.hidden = !found;
    warning.textContent = found ? "Texten verkar innehålla ett personnummer. Ledningsgruppens material får " +
      "inte innehålla uppgifter om enskilda klienter – ta bort det." : "";
  });
})();

// Deviation report: as for the journal, once the form is submitted no late autosave may follow it.
document.addEventListener("submit", function (event) {
  if (event.target.matches && event.target.matches("form.deviation-form")) {
    event.target.dataset.submitted = "1";
  }
});
document.addEventListener("htmx:confirm", function (event) {
  var form = event.target.closest && event.target.closest("form.deviation-form");
  if (form && form.dataset.submitted) { event.preventDefault(); }
});
