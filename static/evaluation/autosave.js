// Saves the evidence form as the inspector types, so nothing is lost.
// Every change is kept in this browser first (localStorage), then sent to the server.
// When the network is down the copy waits on this device and is sent as soon as it returns.
// A copy records the evidence it belongs to and the version its page was drawn from: on reopening,
// a copy of the current version is put back in the form; one of an older version is only shown.
(function () {
  "use strict";
  var PREFIX = "asi-evidence-draft:";

  function forget(key) {
    try { window.localStorage.removeItem(PREFIX + key); } catch (e) { /* storage unavailable */ }
  }

  function read(name) {
    try { return JSON.parse(window.localStorage.getItem(name) || "null"); } catch (e) { return null; }
  }

  // Every copy kept on this device, as [storage name, entry].
  function allCopies() {
    var found = [];
    try {
      for (var i = window.localStorage.length - 1; i >= 0; i -= 1) {
        var name = window.localStorage.key(i);
        if (!name || name.indexOf(PREFIX) !== 0) { continue; }
        var entry = read(name);
        if (entry && entry.data) { found.push([name, entry]); }
      }
    } catch (e) { /* storage unavailable */ }
    return found;
  }

  // After a successful save the next page names the draft it replaced: drop the local copy,
  // and any other copy of the same evidence (they were made from versions now superseded).
  document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
    forget(el.getAttribute("data-clear-draft"));
    var saved = el.getAttribute("data-clear-evidence");
    if (saved) {
      allCopies().forEach(function (pair) {
        if (String(pair[1].evidence || "") === saved) { window.localStorage.removeItem(pair[0]); }
      });
    }
  });

  var form = document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  var url = form.getAttribute("data-autosave-url");
  var scope = form.getAttribute("data-autosave-scope");
  var evidenceId = form.getAttribute("data-evidence") || "";
  var keyInput = form.querySelector("input[name=draft_key]");
  var versionInput = form.querySelector("input[name=version]");
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var status = document.getElementById("autosave-status");
  if (!keyInput || !tokenInput) { return; }
  var key = keyInput.value;
  var currentVersion = versionInput ? parseInt(versionInput.value, 10) : null;
  var timer = null;
  var sending = false;
  var finished = false;  // set once the form is submitted or its evidence is saved
  var dirty = false;

  function show(message, offline) {
    if (!status) { return; }
    status.hidden = false;
    status.textContent = message;
    status.classList.toggle("app-eval-status--offline", !!offline);
  }

  function snapshot() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (Object.prototype.hasOwnProperty.call(data, name)) {
        data[name] = [].concat(data[name], value);
      } else {
        data[name] = value;
      }
    });
    return data;
  }

  function keepLocal() {
    try {
      window.localStorage.setItem(PREFIX + key, JSON.stringify({
        url: url, scope: scope, evidence: evidenceId, baseVersion: currentVersion, data: snapshot(), at: Date.now()
      }));
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }

  function body(data) {
    var fd = new FormData();
    Object.keys(data).forEach(function (name) {
      [].concat(data[name]).forEach(function (value) { fd.append(name, value); });
    });
    return fd;
  }

  function post(targetUrl, data) {
    return window.fetch(targetUrl, {
      method: "POST",
      body: body(data),
      credentials: "same-origin",
      headers: { "X-CSRFToken": tokenInput.value, "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        var failure = new Error("Status " + response.status);
        failure.httpStatus = response.status;
        throw failure;
      }
      return response.json();
    });
  }

  function offlineMessage() {
    show("You are offline. Your draft is kept on this device and will be saved when the connection returns.", true);
  }

  function send() {
    if (finished) { return; }
    if (sending) { dirty = true; return; }
    if (!navigator.onLine) { offlineMessage(); return; }
    sending = true;
    dirty = false;
    show("Saving draft…");
    post(url, snapshot()).then(function (result) {
      sending = false;
      if (dirty) { send(); return; }
      forget(key);
      show("Draft saved at " + result.saved_at + ".");
    }).catch(function (error) {
      sending = false;
      if (error && error.httpStatus === 410) {  // the evidence was saved: nothing left to keep
        finished = true;
        forget(key);
        return;
      }
      dirty = true;
      if (navigator.onLine && error && error.httpStatus) {
        show("Your draft could not be saved to the server just now. It is kept on this device and will be tried again.", true);
      } else {
        offlineMessage();
      }
    });
  }

  function changed() {
    keepLocal();
    dirty = true;
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(send, 800);
  }

  function baseVersionOf(entry) {
    var v = entry.baseVersion;
    if (v === undefined || v === null) { v = entry.data.version; }
    v = parseInt(v, 10);
    return isNaN(v) ? null : v;
  }

  function setField(name, value) {
    var values = [].concat(value === undefined ? [] : value).map(String);
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if (input.type === "checkbox" || input.type === "radio") {
        input.checked = values.indexOf(input.value) !== -1;
      } else if (input.tagName === "SELECT" || input.tagName === "TEXTAREA" || input.type === "text") {
        input.value = values.length ? values[0] : "";
      }
    });
  }

  // Put a copy's answers in the form and take over its key, so saving drops it.
  function fill(entry, copyKey) {
    ["criteria", "source_kind", "nature", "source", "text"].forEach(function (name) {
      if (name === "text" || Object.prototype.hasOwnProperty.call(entry.data, name)) { setField(name, entry.data[name]); }
    });
    if (copyKey !== key) {
      forget(key);
      key = copyKey;
      keyInput.value = copyKey;
    }
  }

  function reveal(id) {
    var banner = document.getElementById(id);
    if (banner) { banner.hidden = false; }
    return banner;
  }

  var shownCopyKey = null;  // the stale copy shown beside the form, if any

  function discardCopy(copyKey) {
    forget(copyKey);
    finished = true;
    // The server may hold the same copy as a draft: delete it too, then show the saved text again.
    var discardUrl = form.getAttribute("data-discard-url").replace("00000000-0000-0000-0000-000000000000", copyKey);
    var fields = new FormData();
    if (evidenceId) { fields.append("evidence", evidenceId); }
    window.fetch(discardUrl, {
      method: "POST", body: fields, credentials: "same-origin", headers: { "X-CSRFToken": tokenInput.value }
    }).catch(function () { return null; }).then(function () {
      window.location.replace(window.location.pathname + window.location.search);
    });
  }

  // Reconcile the copies this device kept but never managed to send (offline, or the page closed).
  // Compare versions, not presence: only a copy of the version the page shows goes in the form.
  try {
    var textarea = form.querySelector("textarea[name=text]");
    var bound = form.hasAttribute("data-bound");  // a page redrawn with errors shows what was sent
    var candidates = allCopies().filter(function (pair) {
      var entry = pair[1];
      if (entry.scope !== scope || typeof entry.data.text !== "string" || !entry.data.text.trim()) { return false; }
      if (pair[0] === PREFIX + key) { return true; }
      if (bound) { return false; }
      if (!evidenceId) {
        // New evidence: the newest unsent copy of new evidence comes back, unless a named draft was opened.
        var isNew = !entry.evidence && String(entry.url).indexOf("evidence=") === -1;
        return isNew && !/[?&]draft=/.test(window.location.search);
      }
      return String(entry.evidence || "") === evidenceId;
    });
    candidates.sort(function (a, b) {
      if (a[0] === PREFIX + key) { return -1; }
      if (b[0] === PREFIX + key) { return 1; }
      return (b[1].at || 0) - (a[1].at || 0);
    });
    var chosen = candidates[0];
    if (chosen && textarea) {
      var entry = chosen[1];
      var copyKey = chosen[0].slice(PREFIX.length);
      var base = baseVersionOf(entry);
      if (evidenceId && base !== currentVersion) {
        // Made from an older version: never put in the form; show it beside the form instead.
        var stale = reveal("device-stale");
        if (stale) {
          stale.querySelector("[data-stale-version]").textContent = base === null ? "an earlier one" : String(base);
          document.getElementById("device-stale-text").textContent = entry.data.text;
          shownCopyKey = copyKey;
        }
      } else if (entry.data.text !== textarea.value) {
        fill(entry, copyKey);
        reveal("device-restored");
        shownCopyKey = copyKey;
        show("Restored the draft kept on this device.");
        window.setTimeout(send, 0);
      }
    }
  } catch (e) { /* ignore a damaged copy */ }

  document.querySelectorAll("[data-discard-device-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (shownCopyKey) { discardCopy(shownCopyKey); }
    });
  });

  // Send any other drafts for this inspection left on this device while offline.
  function sendOthers() {
    if (!navigator.onLine) { return; }
    try {
      for (var i = window.localStorage.length - 1; i >= 0; i -= 1) {
        var name = window.localStorage.key(i);
        if (!name || name.indexOf(PREFIX) !== 0 || name === PREFIX + key || name === PREFIX + shownCopyKey) { continue; }
        var item = JSON.parse(window.localStorage.getItem(name) || "null");
        if (!item || item.scope !== scope || !item.url) { continue; }
        (function (storageName, entry) {
          post(entry.url, entry.data).then(function () { window.localStorage.removeItem(storageName); })
            .catch(function (error) {
              // 410: that evidence was saved meanwhile, so the copy is no longer needed.
              if (error && error.httpStatus === 410) { window.localStorage.removeItem(storageName); }
            });
        })(name, item);
      }
    } catch (e) { /* ignore */ }
  }

  form.addEventListener("submit", function () {
    // The form itself now carries the text: stop autosaving so no late draft follows it.
    keepLocal();
    if (timer) { window.clearTimeout(timer); }
    finished = true;
  });
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", function () { send(); sendOthers(); });
  window.addEventListener("offline", offlineMessage);
  // A dropped request is retried even if the browser never says it is back online.
  window.setInterval(function () { if (dirty && !sending) { send(); } }, 5000);
  sendOthers();
})();
