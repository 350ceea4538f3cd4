// Casework helpers (issue 17): the "/" shortcut to the search, the unsaved-text warning and the save when the
// page is hidden for journal forms, and journal templates. No inline script: the CSP allows only files.

// "/" focuses the search field (the page's own search if it has one, else the one in the top bar), unless the
// user is typing somewhere.
document.addEventListener("keydown", function (event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
  var el = document.activeElement;
  if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) { return; }
  var field = document.getElementById("search-q") || document.getElementById("global-search");
  if (field) {
    event.preventDefault();
    field.focus();
    field.select();
  }
});

// Journal forms (data-unsaved-warning): text typed since the last successful save is "unsaved". Leaving the
// page then asks first (beforeunload); hiding the page (switching tab, locking the phone, closing) saves the
// draft at once with a keepalive request, so the last 1.5 seconds of typing are not lost.
(function () {
  var forms = document.querySelectorAll("form[data-unsaved-warning]");
  if (!forms.length) { return; }

  function markDirty(form) { form.dataset.dirty = "1"; }
  function markClean(form) { delete form.dataset.dirty; }

  forms.forEach(function (form) {
    // "input" only: a textarea also fires "change" when it loses focus (clicking a link), which is no edit.
    form.addEventListener("input", function () { markDirty(form); });
    form.addEventListener("submit", function () { markClean(form); });
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-unsaved-warning]");
    if (form) { form.dataset.sentText = (form.querySelector("textarea") || {}).value || ""; }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-unsaved-warning]");
    if (!form || !event.detail.successful) { return; }
    // Clean only if nothing was typed while the save was on its way.
    if (((form.querySelector("textarea") || {}).value || "") === form.dataset.sentText) { markClean(form); }
  });

  window.addEventListener("beforeunload", function (event) {
    var dirty = Array.prototype.some.call(forms, function (f) { return f.dataset.dirty && !f.dataset.submitted; });
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function flush(form) {
    // Only a form that autosaves (hx-post) is saved when hidden; the others only warn.
    if (!form.hasAttribute("hx-post") || !form.dataset.dirty || form.dataset.submitted || form.dataset.flushing) { return; }
    var text = form.querySelector("textarea");
    if (!text || !text.value.trim()) { return; }
    var data = new FormData(form);
    data.set("action", "autosave");
    form.dataset.flushing = "1";
    var sent = text.value;
    fetch(form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin", keepalive: true,
      headers: { "HX-Request": "true", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      delete form.dataset.flushing;
      if (html === null) { return; }
      var doc = new DOMParser().parseFromString(html, "text/html");
      var version = doc.getElementById("id_version");
      var mine = form.querySelector("#id_version");
      if (version && mine) { mine.value = version.value; }
      var status = document.getElementById("autosave-status");
      if (status) { status.textContent = doc.body.textContent.trim(); }
      if (text.value === sent) { markClean(form); }
    }).catch(function () { delete form.dataset.flushing; });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { forms.forEach(flush); }
  });
  window.addEventListener("pagehide", function () { forms.forEach(flush); });
})();

// Journal templates: choosing one puts its text into the note (after what is already written) and lets the
// autosave pick it up.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches || !select.matches("select[data-fills]")) { return; }
  var option = select.options[select.selectedIndex];
  var target = document.getElementById(select.dataset.fills);
  if (!option || !option.dataset.text || !target) { return; }
  target.value = target.value.trim() ? target.value.replace(/\s+$/, "") + "\n\n" + option.dataset.text : option.dataset.text;
  target.dispatchEvent(new Event("input", { bubbles: true }));
  target.focus();
  select.selectedIndex = 0;
});
