// Kiosk mode: a form left alone returns to the kiosk's start, which forgets the language
// chosen and the session, so the next visitor starts afresh in Bahasa Indonesia. After
// `data-kiosk-idle` seconds without a touch or a key the visitor is asked "Masih di sini?"
// and has 20 seconds to stay (WCAG 2.2.1 Timing Adjustable). `location.replace` keeps the
// page out of the tablet's history. Without JavaScript a <noscript> meta refresh does it.
(function () {
  "use strict";
  var body = document.body;
  var resetUrl = body.getAttribute("data-kiosk-reset");
  var idleSeconds = parseInt(body.getAttribute("data-kiosk-idle"), 10);
  var dialog = document.getElementById("kiosk-idle");
  if (!resetUrl || !idleSeconds || !dialog) return;
  var count = document.getElementById("kiosk-idle-count");
  var stay = document.getElementById("kiosk-idle-stay");
  var GRACE = parseInt(body.getAttribute("data-kiosk-grace"), 10) || 20;
  var idleTimer = null;
  var tick = null;
  var left = GRACE;

  function reset() { window.location.replace(resetUrl); }

  function warn() {
    left = GRACE;
    if (count) count.textContent = String(left);
    dialog.hidden = false;
    if (stay) stay.focus();
    tick = window.setInterval(function () {
      left -= 1;
      if (count) count.textContent = String(Math.max(left, 0));
      if (left <= 0) { window.clearInterval(tick); reset(); }
    }, 1000);
  }

  function arm() {
    if (tick) { window.clearInterval(tick); tick = null; }
    dialog.hidden = true;
    if (idleTimer) window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(warn, idleSeconds * 1000);
  }

  ["pointerdown", "keydown", "input", "touchstart"].forEach(function (name) {
    document.addEventListener(name, function () { if (dialog.hidden) arm(); }, { passive: true });
  });
  if (stay) stay.addEventListener("click", arm);
  // Back from another page (bfcache): never show a previous visitor's form.
  window.addEventListener("pageshow", function (event) { if (event.persisted) reset(); });
  arm();
})();
