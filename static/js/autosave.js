// Autosave for answer forms (progressive enhancement: the form posts
// normally without this file). Each save sends the version it was based
// on; a 409 means someone else saved first, and both texts are shown.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }

  // "answer" forms save {level, narrative}; "score" forms {score, comment}.
  var kind = form.getAttribute("data-autosave-kind") || "answer";
  var choiceName = kind === "score" ? "score" : "level";
  var url = form.getAttribute("data-autosave");
  var status = form.querySelector("[data-save-status]");
  var versionInput = form.querySelector("input[name='version']");
  var csrf = form.querySelector("input[name='_csrf']").value;
  var narrative = form.querySelector(kind === "score" ? "textarea[name='comment']" : "textarea[name='narrative']");
  var timer = null, inFlight = null, dirty = false, blocked = false, submitting = false;

  function say(key, extra) {
    status.textContent = status.getAttribute("data-" + key) + (extra ? " " + extra : "");
    status.className = "save-status save-" + key;
  }

  function currentChoice() {
    var checked = form.querySelector("input[name='" + choiceName + "']:checked");
    return checked ? checked.value : null;
  }

  function payload() {
    var version = parseInt(versionInput.value, 10) || 0;
    if (kind === "score") {
      var v = currentChoice();
      return { score: v === "na" ? null : parseInt(v, 10), comment: narrative.value, version: version };
    }
    var language = form.querySelector("select[name='language']");
    var answer = { level: currentChoice(), narrative: narrative.value, version: version };
    if (language) answer.language = language.value;
    return answer;
  }

  function schedule() {
    dirty = true;
    if (blocked || (kind === "score" && currentChoice() === null)) { return; }
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  function save() {
    timer = null;
    if (inFlight || blocked) { if (inFlight) { timer = setTimeout(save, 400); } return; }
    dirty = false;
    say("saving");
    var body = JSON.stringify(payload());
    inFlight = fetch(url, {
      method: "PUT", credentials: "same-origin", body: body,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" }
    }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) { return { resp: resp, data: data }; });
    }).then(function (r) {
      if (r.resp.ok) {
        versionInput.value = r.data.version;
        say(dirty ? "saving" : "saved");
        if (dirty) { schedule(); }
      } else if (r.resp.status === 409 && r.data.error && r.data.error.current) {
        showConflict(r.data.error.current);
      } else if (r.resp.status === 422 && r.data.error) {
        dirty = true;
        var fields = r.data.error.fields || {};
        say("invalid", fields.narrative || fields.level || fields.comment || fields.score || r.data.error.message);
      } else {
        dirty = true;
        say("failed");
      }
    }).catch(function () {
      dirty = true;
      say("failed");
    }).then(function () { inFlight = null; });
  }

  // After a stale save: stop saving, show the saved version beside the
  // typed text, and let the person choose.
  function showConflict(current) {
    blocked = true;
    say("conflict");
    var old = document.getElementById("autosave-conflict");
    if (old) { old.parentNode.removeChild(old); }
    var tpl = document.getElementById("conflict-template");
    var panel = tpl.content.firstElementChild.cloneNode(true);
    panel.id = "autosave-conflict";
    var choice = kind === "score" ? (current.score === null ? "na" : String(current.score)) : current.level;
    var text = kind === "score" ? current.comment : current.narrative;
    panel.querySelector("[data-current-level]").textContent = choice ? choiceName_(choice) : "—";
    panel.querySelector("[data-current-narrative]").textContent = text || "—";
    panel.querySelector("[data-keep-mine]").addEventListener("click", function () {
      versionInput.value = current.version;
      close(panel);
      save();
    });
    panel.querySelector("[data-use-saved]").addEventListener("click", function () {
      versionInput.value = current.version;
      narrative.value = text || "";
      var radio = form.querySelector("input[name='" + choiceName + "'][value='" + choice + "']");
      if (radio) { radio.checked = true; }
      close(panel);
      say("saved");
    });
    status.parentNode.insertBefore(panel, status);
    panel.focus();
  }

  function close(panel) {
    blocked = false;
    panel.parentNode.removeChild(panel);
    narrative.focus();
  }

  function choiceName_(value) {
    var input = form.querySelector("input[name='" + choiceName + "'][value='" + value + "']");
    var label = input ? form.querySelector("label[for='" + input.id + "']") : null;
    return label ? label.textContent : value;
  }

  narrative.addEventListener("input", schedule);
  var languageSelect = form.querySelector("select[name='language']");
  if (languageSelect) languageSelect.addEventListener("change", schedule);
  form.querySelectorAll("input[name='" + choiceName + "']").forEach(function (r) { r.addEventListener("change", schedule); });

  // A plain submit still works; wait for a save in flight so the version
  // sent is the latest.
  form.addEventListener("submit", function (ev) {
    if (submitting) { return; }
    clearTimeout(timer);
    if (inFlight) {
      ev.preventDefault();
      var submitter = ev.submitter;
      inFlight.then(function () {
        submitting = true;
        if (submitter && form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
      });
    } else {
      submitting = true;
    }
  });

  window.addEventListener("beforeunload", function (ev) {
    if ((dirty || inFlight) && !submitting) { ev.preventDefault(); ev.returnValue = ""; }
  });
})();
