// A checkbox with data-reveals="<field id>" shows that field's form group only while it is ticked.
// Without JavaScript the field is always shown, so the form still works.
export function initReveals(root = document) {
  for (const box of root.querySelectorAll("input[type=checkbox][data-reveals]")) {
    const field = document.getElementById(box.dataset.reveals);
    const group = field && field.closest(".govuk-form-group");
    if (!group) continue;
    box.setAttribute("aria-controls", group.id || (group.id = `${field.id}-group`));
    const sync = () => {
      const shown = box.checked || group.classList.contains("govuk-form-group--error");
      group.hidden = !shown;
      box.setAttribute("aria-expanded", String(shown));
    };
    box.addEventListener("change", sync);
    sync();
  }
}
