// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }

  // Links in the error summary focus the field itself.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (ev) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      ev.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  });

  // Before the idle session ends, offer to stay signed in (autosave means
  // nothing is lost if it ends anyway).
  var body = document.body;
  var dialog = document.getElementById("timeout-dialog");
  var idle = parseInt(body.getAttribute("data-idle-seconds"), 10);
  if (dialog && idle > 120 && dialog.showModal) {
    var warnTimer, endTimer;
    var schedule = function () {
      clearTimeout(warnTimer); clearTimeout(endTimer);
      warnTimer = setTimeout(function () { dialog.showModal(); }, (idle - 120) * 1000);
      endTimer = setTimeout(function () { location.href = "/login?next=" + encodeURIComponent(location.pathname); }, idle * 1000);
    };
    dialog.querySelector("[data-stay]").addEventListener("click", function () {
      fetch("/session/keepalive", { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": body.getAttribute("data-csrf") } })
        .then(function (r) { if (r.ok) { dialog.close(); schedule(); } });
    });
    schedule();
  }
})();
