// Saves the evidence form as the inspector types, so nothing is lost.
// Every change is kept in this browser first (localStorage), then sent to the server.
// When the network is down the copy waits on this device and is sent as soon as it returns.
(function () {
  "use strict";
  var PREFIX = "asi-evidence-draft:";

  function forget(key) {
    try { window.localStorage.removeItem(PREFIX + key); } catch (e) { /* storage unavailable */ }
  }

  // After a successful save the next page names the draft it replaced: drop the local copy.
  document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
    forget(el.getAttribute("data-clear-draft"));
  });

  var form = document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  var url = form.getAttribute("data-autosave-url");
  var scope = form.getAttribute("data-autosave-scope");
  var keyInput = form.querySelector("input[name=draft_key]");
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var status = document.getElementById("autosave-status");
  if (!keyInput || !tokenInput) { return; }
  var key = keyInput.value;
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
        url: url, scope: scope, data: snapshot(), at: Date.now()
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

  // Restore a copy this browser kept but never managed to send (for example after a crash).
  try {
    var kept = JSON.parse(window.localStorage.getItem(PREFIX + key) || "null");
    if (kept && kept.data && typeof kept.data.text === "string") {
      var textarea = form.querySelector("textarea[name=text]");
      // Only a copy with text the page lacks is worth restoring (an empty one would make an empty draft).
      if (textarea && kept.data.text.trim() && kept.data.text !== textarea.value &&
          kept.data.text.length >= textarea.value.length) {
        textarea.value = kept.data.text;
        show("Restored the draft kept on this device.");
        window.setTimeout(send, 0);
      }
    }
  } catch (e) { /* ignore a damaged copy */ }

  // Send any other drafts for this inspection left on this device while offline.
  function sendOthers() {
    if (!navigator.onLine) { return; }
    try {
      for (var i = window.localStorage.length - 1; i >= 0; i -= 1) {
        var name = window.localStorage.key(i);
        if (!name || name.indexOf(PREFIX) !== 0 || name === PREFIX + key) { continue; }
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
