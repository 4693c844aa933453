// The ranking table while htmx fetches a new one: dimmed, marked busy, and announced.
const form = document.getElementById("atlas-form");
const status = document.getElementById("ranking-status");

function table() {
  return document.getElementById("ranking");
}

if (form && status) {
  form.addEventListener("htmx:beforeRequest", () => {
    table()?.setAttribute("aria-busy", "true");
    table()?.classList.add("is-busy");
    status.textContent = form.dataset.tBusy;
  });
  // The new table arrives without the busy marks; an error leaves the old one usable again.
  document.body.addEventListener("htmx:afterRequest", () => {
    table()?.removeAttribute("aria-busy");
    table()?.classList.remove("is-busy");
  });
}
