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
  // The button says what is happening ("Đang gửi…", translated in base.html).
  const busy = document.body.dataset.busyLabel;
  setTimeout(() => buttons.forEach((b) => {
    b.disabled = true;
    b.setAttribute("aria-busy", "true");
    if (busy) { b.dataset.label = b.textContent; b.textContent = busy; }
  }), 0);
});

// Back to a page kept in the browser's memory: its buttons work again.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("button[aria-busy=true]").forEach((b) => {
    b.disabled = false;
    b.removeAttribute("aria-busy");
    if (b.dataset.label) b.textContent = b.dataset.label;
  });
});

// Selects marked data-autosubmit send their form when changed (no inline handlers:
// the Content-Security-Policy allows scripts from our files only).
document.addEventListener("change", (event) => {
  const select = event.target;
  if (select instanceof HTMLSelectElement && select.hasAttribute("data-autosubmit") && select.form) {
    select.form.submit();
  }
});

// A page that comes back with a form's errors takes the reader to their summary, so a
// screen reader reads it and a phone shows it, instead of leaving the focus on the body.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});

// A speaker's time (meetings): elements with data-countdown (when the floor was
// given, in Unix seconds) and data-seconds (the time allowed) show what is left,
// then how far over — each second, and at once when htmx brings a redrawn part.
function countDown() {
  document.querySelectorAll("[data-countdown]").forEach((el) => {
    const left = Number(el.dataset.countdown) + Number(el.dataset.seconds) - Date.now() / 1000;
    const s = Math.abs(Math.round(left));
    el.textContent = `${left < 0 ? "−" : ""}${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    el.classList.toggle("over", left < 0);
  });
}
setInterval(countDown, 1000);
document.addEventListener("htmx:afterSettle", countDown);
document.addEventListener("DOMContentLoaded", countDown);
