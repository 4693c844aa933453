// Keeps what the coach typed in a step of the visit in sessionStorage until the server has
// saved it: after a reload or a lost connection the input comes back; after a successful
// save (the next page says which step was saved: data-draft-clear) it is forgotten.
// Forms opt in with data-draft="<visit id>:<part>". No inline script (CSP); no personal data
// leaves the browser tab: sessionStorage is per tab and gone when the tab closes.

const PREFIX = "buurtkompas-visit-draft:";
const SKIP = new Set(["hidden", "file", "submit", "button", "password"]);

function fields(form) {
  return [...form.elements].filter(
    (el) => el.name && el.name !== "csrfmiddlewaretoken" && !SKIP.has(el.type),
  );
}

function read(form) {
  const values = {};
  for (const el of fields(form)) {
    if (el.type === "checkbox" || el.type === "radio") {
      values[`${el.name}=${el.value}`] = el.checked;
    } else if (el.multiple) {
      values[el.name] = [...el.selectedOptions].map((o) => o.value);
    } else {
      values[el.name] = el.value;
    }
  }
  return values;
}

function restore(form, values) {
  for (const el of fields(form)) {
    if (el.type === "checkbox" || el.type === "radio") {
      const key = `${el.name}=${el.value}`;
      if (key in values) el.checked = values[key];
    } else if (el.multiple && Array.isArray(values[el.name])) {
      for (const option of el.options) option.selected = values[el.name].includes(option.value);
    } else if (el.name in values) {
      el.value = values[el.name];
    }
  }
}

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage switched off: the server still saves every step
  }
}

function clearSaved(store) {
  for (const marker of document.querySelectorAll("[data-draft-clear]")) {
    const step = marker.dataset.draftClear;
    if (step) store.removeItem(`${PREFIX}${marker.dataset.draftVisit}:${step}`);
  }
}

function keep(store, form) {
  const key = PREFIX + form.dataset.draft;
  const hasErrors = form.querySelector(".errorlist, .form-errors");
  const saved = store.getItem(key);
  if (saved && !hasErrors) {
    try {
      restore(form, JSON.parse(saved));
    } catch {
      store.removeItem(key);
    }
  }
  const remember = () => store.setItem(key, JSON.stringify(read(form)));
  form.addEventListener("input", remember);
  form.addEventListener("change", remember);
}

const store = storage();
if (store) {
  clearSaved(store);
  for (const form of document.querySelectorAll("form[data-draft]")) keep(store, form);
}
