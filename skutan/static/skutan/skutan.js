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
