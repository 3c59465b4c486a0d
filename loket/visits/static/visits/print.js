// The slip page: the "Cetak slip" button (hidden without JavaScript, where Ctrl+P does the
// same), and on a receipt roll (58 mm, 80 mm) a page exactly as tall as the slip.
//
// A roll has no fixed page length, but CSS cannot say "as tall as the content" (Chromium takes
// `size: 58mm auto` for nothing), so the print stylesheet's @page keeps a length every slip fits
// in (the fallback without JavaScript) and this script appends, to that same stylesheet, an
// @page rule with the slip's measured height: the printer cuts right under the last line
// instead of feeding blank roll. A stylesheet rule added through the CSSOM is allowed by the
// Content-Security-Policy (no inline style). The slip is laid out on screen at its paper's
// width with the print padding, so its height on screen is its height on paper (less the
// screen's dashed border).
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var slip = document.querySelector(".slip[data-roll-mm]");
  var link = document.querySelector("link[data-slip-sheet]");
  if (!slip || !link) { return; }
  var MM_PER_PX = 25.4 / 96;
  var SPARE_MM = 2; // rounding and the printer's own feed: never a second page
  var added = null;

  function fit() {
    var sheet = link.sheet;
    if (!sheet) { return; }
    var style = window.getComputedStyle(slip);
    var borders = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    var height = Math.ceil((slip.getBoundingClientRect().height - borders) * MM_PER_PX) + SPARE_MM;
    var rule = "@page { size: " + slip.getAttribute("data-roll-mm") + "mm " + height + "mm; margin: 0; }";
    try {
      if (added !== null) { sheet.deleteRule(added); }
      added = sheet.insertRule(rule, sheet.cssRules.length);
    } catch (error) {
      return; // the stylesheet's own @page stays
    }
    slip.setAttribute("data-page-height-mm", String(height));
  }

  function start() {
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(fit, fit);
    } else {
      fit();
    }
  }
  if (link.sheet) { start(); } else { link.addEventListener("load", start); }
  window.addEventListener("beforeprint", fit);
})();
