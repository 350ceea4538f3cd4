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
