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
})();
