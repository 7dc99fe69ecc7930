// The report pages: save the draft as it is typed, and follow the PDF's state without a reload.
// A static file because the Content-Security-Policy forbids inline scripts.

const AUTOSAVE_DELAY_MS = 1200;
const POLL_INTERVAL_MS = 1000;

function csrfToken(form) {
  const input = form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function setupAutosave(form) {
  const status = document.getElementById("autosave-status");
  let timer = null;
  let inFlight = false;
  let pending = false;
  let stopped = false;
  let submitAfterSave = false;
  const changed = new Set();

  function say(text) {
    if (status) status.textContent = text;
  }

  // Each section carries the version it was drawn from (hidden "version_<name>" fields, also sent by the form).
  function versionField(name) {
    return form.elements.namedItem(`version_${name}`);
  }

  // Only the sections typed in since the last save are sent, each with its version, so a save never
  // touches the others and a section someone else changed meanwhile is refused, not overwritten.
  function changedFields() {
    const body = new FormData();
    for (const name of changed) {
      const field = form.elements.namedItem(name);
      const version = versionField(name);
      if (field && version) {
        body.append(name, field.value);
        body.append(version.name, version.value);
      }
    }
    changed.clear();
    return body;
  }

  // A refused save stops the autosave for good on this page: the form's own save shows both texts.
  function stop(message) {
    stopped = true;
    window.clearTimeout(timer);
    say(message || "Your changes could not be saved automatically. Save the form to keep them.");
  }

  async function save() {
    if (stopped) return;
    if (inFlight) { pending = true; return; }
    inFlight = true;
    say("Saving draft…");
    try {
      const response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body: changedFields(),
        headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (response.status === 409) {
        stop(data.message);
      } else if (response.ok && data.saved) {
        for (const [name, number] of Object.entries(data.versions || {})) {
          const version = versionField(name);
          if (version) version.value = String(number);
        }
        say(`Draft saved at ${data.saved_at}.`);
      } else {
        say("Your changes could not be saved automatically. Use the save button.");
      }
    } catch (error) {
      say("Your changes could not be saved automatically. Use the save button.");
    } finally {
      inFlight = false;
      if (submitAfterSave) form.submit();
      else if (pending && !stopped) { pending = false; save(); }
    }
  }

  // The form sends every section with its version: let a save already on its way finish first, so the
  // form carries the version that save returned and is not refused as a conflict with itself.
  form.addEventListener("submit", (event) => {
    window.clearTimeout(timer);
    stopped = true;
    if (inFlight) {
      event.preventDefault();
      submitAfterSave = true;
    }
  });

  form.addEventListener("input", (event) => {
    if (stopped) return;
    if (event.target && event.target.name) changed.add(event.target.name);
    window.clearTimeout(timer);
    timer = window.setTimeout(save, AUTOSAVE_DELAY_MS);
  });
}

function replacePanel(html) {
  const panel = document.getElementById("pdf-panel");
  if (!panel) return null;
  const holder = document.createElement("div");
  holder.innerHTML = html.trim();
  const fresh = holder.firstElementChild;
  // Keep the live region so screen readers hear the change of state.
  const oldState = panel.querySelector("#pdf-state");
  const newState = fresh.querySelector("#pdf-state");
  if (oldState && newState) {
    oldState.innerHTML = newState.innerHTML;
    newState.replaceWith(oldState);
  }
  panel.replaceWith(fresh);
  setupPanel(fresh);
  return fresh;
}

function poll(url) {
  window.setTimeout(async () => {
    try {
      const response = await fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      replacePanel(data.html);
      // The published report's own download link sits outside the panel: show it too.
      if (data.state === "ready" && document.getElementById("published-wait")) window.location.reload();
    } catch (error) {
      poll(url);
    }
  }, POLL_INTERVAL_MS);
}

function setupPanel(panel) {
  if (panel.dataset.pdfStatusUrl) poll(panel.dataset.pdfStatusUrl);
  const form = panel.querySelector("form[data-pdf-generate]");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      const fresh = replacePanel(data.html);
      const focusTarget = fresh && fresh.querySelector("#pdf-state");
      if (focusTarget) { focusTarget.setAttribute("tabindex", "-1"); focusTarget.focus(); }
    } catch (error) {
      form.submit();
    }
  });
}

const autosaveForm = document.querySelector("form[data-autosave-url]");
if (autosaveForm) setupAutosave(autosaveForm);
const panel = document.getElementById("pdf-panel");
if (panel) setupPanel(panel);
