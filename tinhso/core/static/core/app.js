// Registers the service worker so the app shell opens offline and can be installed.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  });
}

// Forms marked data-submit-once send once: the button is disabled while the
// request runs (the server also refuses duplicates; this spares a slow phone).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) return;
  // After this tick, so that the pressed button's name still goes with the form.
  const buttons = form.querySelectorAll("button[type=submit]");
  setTimeout(() => buttons.forEach((b) => { b.disabled = true; b.setAttribute("aria-busy", "true"); }), 0);
});

// Selects marked data-autosubmit send their form when changed (no inline handlers:
// the Content-Security-Policy allows scripts from our files only).
document.addEventListener("change", (event) => {
  const select = event.target;
  if (select instanceof HTMLSelectElement && select.hasAttribute("data-autosubmit") && select.form) {
    select.form.submit();
  }
});
