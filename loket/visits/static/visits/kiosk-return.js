// The kiosk is a shared tablet: a ticket page goes back to the kiosk start by itself, and
// `location.replace` drops the ticket from the tablet's history. The visitor may ask for more
// time (WCAG 2.2.1 Timing Adjustable); without JavaScript a <noscript> refresh does the same.
(function () {
  "use strict";
  var box = document.getElementById("kiosk-return");
  if (!box) return;
  var url = box.getAttribute("data-url");
  var seconds = parseInt(box.getAttribute("data-seconds"), 10) || 60;
  var timer = null;
  function arm() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(function () { window.location.replace(url); }, seconds * 1000);
  }
  var more = document.getElementById("kiosk-more-time");
  if (more) {
    more.hidden = false;
    more.addEventListener("click", arm);
  }
  arm();
})();
