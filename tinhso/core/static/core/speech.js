// Read-aloud, voice input and large text, for people who read or type with difficulty.
// Progressive: every page works without this file; a browser without a feature gets
// a clear fallback, never a dead button.

// Read aloud: [data-read-aloud="<selector>"] reads the text of the element it names.
// The browser's own speech synthesis when it has a Vietnamese voice (no network, no
// server work); otherwise the server's recording in data-read-audio (core/tts);
// otherwise it says so.
(() => {
  const synth = window.speechSynthesis;
  let audio = null;
  const vietnameseVoice = () =>
    synth ? synth.getVoices().find((v) => v.lang && v.lang.toLowerCase().startsWith("vi")) : null;

  // The words of a button live in its [data-button-label] (its icon stays).
  const labelOf = (button) => button.querySelector("[data-button-label]") || button;
  const stop = () => {
    if (synth) synth.cancel();
    if (audio) { audio.pause(); audio = null; }
    document.querySelectorAll("[data-read-aloud][aria-pressed=true]").forEach((b) => {
      b.setAttribute("aria-pressed", "false");
      if (b.dataset.label) labelOf(b).textContent = b.dataset.label;
    });
  };

  const say = (button, message) => {
    const status = document.querySelector("[data-voice-status]");
    if (status) status.textContent = message;
    else button.title = message;
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-read-aloud]");
    if (!button) return;
    if (button.getAttribute("aria-pressed") === "true") { stop(); return; }
    stop();
    const source = document.querySelector(button.dataset.readAloud);
    const text = source ? source.innerText.trim() : "";
    if (!text) return;
    button.dataset.label = button.dataset.label || labelOf(button).textContent;
    const playing = () => {
      button.setAttribute("aria-pressed", "true");
      labelOf(button).textContent = button.dataset.stopLabel || button.dataset.label;
    };
    const voice = vietnameseVoice();
    if (voice) {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      utterance.onend = () => stop();
      synth.speak(utterance);
      playing();
    } else if (button.dataset.readAudio) {
      audio = new Audio(button.dataset.readAudio);
      audio.onended = () => stop();
      audio.onerror = () => { stop(); say(button, button.dataset.unavailable || ""); };
      audio.play().then(playing).catch(() => say(button, button.dataset.unavailable || ""));
    } else {
      say(button, button.dataset.unavailable || "");
    }
  });
})();

// Voice input: [data-voice-input="<input selector>"] fills the input from speech and
// sends its form, where the browser offers speech recognition; elsewhere the button
// stays hidden and [data-voice-fallback] explains what to do instead.
(() => {
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  const ready = () => {
    document.querySelectorAll("[data-voice-input]").forEach((button) => {
      if (!Recognition) {
        document.querySelectorAll("[data-voice-fallback]").forEach((n) => { n.hidden = false; });
        return;
      }
      button.hidden = false;
      button.addEventListener("click", () => {
        const input = document.querySelector(button.dataset.voiceInput);
        const status = document.querySelector("[data-voice-status]");
        const recognition = new Recognition();
        recognition.lang = button.dataset.voiceLang || "vi-VN";
        recognition.interimResults = false;
        recognition.maxAlternatives = 1;
        recognition.onstart = () => {
          button.setAttribute("aria-pressed", "true");
          if (status) status.textContent = button.dataset.listeningLabel || "";
        };
        recognition.onend = () => {
          button.setAttribute("aria-pressed", "false");
          if (status) status.textContent = "";
        };
        recognition.onerror = () => {
          document.querySelectorAll("[data-voice-fallback]").forEach((n) => { n.hidden = false; });
        };
        recognition.onresult = (e) => {
          input.value = e.results[0][0].transcript;
          if (input.form) input.form.requestSubmit();
        };
        recognition.start();
      });
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

// Large text: [data-large-text] toggles a larger size for the whole app, remembered
// on this device.
(() => {
  const KEY = "tinhso-large-text";
  const apply = (on) => {
    document.documentElement.classList.toggle("large-text", on);
    document.querySelectorAll("[data-large-text]").forEach((b) => b.setAttribute("aria-pressed", String(on)));
  };
  let stored = false;
  try { stored = localStorage.getItem(KEY) === "1"; } catch (e) { /* private mode */ }
  const ready = () => apply(stored);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-large-text]");
    if (!button) return;
    const on = !document.documentElement.classList.contains("large-text");
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
    apply(on);
  });
})();

// The chat: after a question is sent, the box empties and the new answer scrolls into view.
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (form && form.matches && form.matches("[data-chat-form]") && event.detail.successful) {
    form.reset();
  }
});
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target && event.detail.target.id === "chat-log") {
    const turns = event.detail.target.querySelectorAll(".turn");
    const last = turns[turns.length - 1];
    if (last) last.scrollIntoView({ behavior: "smooth", block: "start" });
  }
});
