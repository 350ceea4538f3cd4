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
    // The text comes translated from the page (base.html, data-pnr-warning); Swedish if it is missing.
    warning.textContent = found ? (document.body.dataset.pnrWarning || "Texten verkar innehålla ett " +
      "personnummer. Ledningsgruppens material får inte innehålla uppgifter om enskilda klienter – ta bort det.") : "";
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
// Idle logout warning (skutan/accounts/sessions.py). The server says how many seconds remain before it
// logs the session out; the banner appears when fewer than data-warning remain. "Fortsätt arbeta" pings
// the keep-alive endpoint. Every HTMX request (autosave of a journal draft, for example) also counts as
// activity, and its response tells us the new remaining time. When the time is up the page reloads, so
// the server shows the login page; text that was autosaved is kept as a draft.
(function () {
  var banner = document.getElementById("session-warning");
  if (!banner) { return; }
  var warning = parseInt(banner.dataset.warning, 10) || 120;
  var warnTimer = null;
  var expireTimer = null;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }

  function schedule(remaining) {
    clearTimeout(warnTimer);
    clearTimeout(expireTimer);
    banner.hidden = true;
    warnTimer = setTimeout(show, Math.max(0, (remaining - warning) * 1000));
    // One second after the server's deadline, load the page again (a GET, never a form resubmission):
    // the server has ended the session and answers with the login form.
    expireTimer = setTimeout(expire, (remaining + 1) * 1000);
  }

  function expire() { window.location.assign(window.location.href.split("#")[0]); }

  function typing() {
    var el = document.activeElement;
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function setRenewable(renewable) {
    // Near the absolute timeout "Fortsätt arbeta" cannot help: say so instead of offering it.
    document.getElementById("session-warning-text").hidden = !renewable;
    document.getElementById("session-warning-final").hidden = renewable;
    document.getElementById("session-keepalive").hidden = !renewable;
    banner.setAttribute("aria-labelledby", renewable ? "session-warning-text" : "session-warning-final");
  }

  function show() {
    banner.hidden = false;
    // Never take focus from a field the user is typing in: keystrokes would be lost.
    var button = document.getElementById("session-keepalive");
    if (!typing() && !button.hidden) { button.focus(); }
  }

  function keepAlive() {
    fetch(banner.dataset.keepaliveUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) { expire(); return null; }
      return response.json();
    }).then(function (data) {
      if (data && typeof data.remaining === "number") {
        setRenewable(data.renewable !== false);
        schedule(data.remaining);
      }
    }).catch(function () { /* offline: keep the banner; the reload at the deadline shows the login page */ });
  }

  document.getElementById("session-keepalive").addEventListener("click", keepAlive);
  // Typing while the warning shows is working: it counts as "Fortsätt arbeta".
  document.addEventListener("input", function () {
    if (!banner.hidden && !document.getElementById("session-keepalive").hidden) { banner.hidden = true; keepAlive(); }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var value = xhr && xhr.getResponseHeader("X-Skutan-Session-Remaining");
    if (value !== null && value !== undefined && value !== "") { schedule(parseInt(value, 10)); }
  });

  setRenewable(banner.dataset.renewable !== "0");
  schedule(parseInt(banner.dataset.remaining, 10) || 0);
})();

// Phone and tablet: a table too wide for the screen scrolls within its own box (skutan.css). A scrolling box must
// be reachable with the keyboard (WCAG 2.1.1): give it a tab stop when nothing inside it can take focus.
(function () {
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  function mark() {
    document.querySelectorAll("main table, main .table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.querySelector(FOCUSABLE)) {
        box.setAttribute("tabindex", "0");
      } else if (!scrolls && box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSwap", mark);
})();
