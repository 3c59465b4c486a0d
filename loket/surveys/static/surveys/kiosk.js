// Kiosk tablet: after a response (thanks page) or 2 minutes without a touch, start again
// with an empty questionnaire. Without JavaScript a <noscript> refresh does the same.
(function () {
  var restart = document.querySelector("[data-kiosk-restart]");
  var target = restart ? restart.getAttribute("href") : window.location.pathname;
  var idle = restart ? 10000 : 120000;
  var timer;
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () { window.location.replace(target); }, idle);
  }
  ["pointerdown", "keydown", "input"].forEach(function (name) {
    document.addEventListener(name, arm, { passive: true });
  });
  arm();
})();
