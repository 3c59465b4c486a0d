// The waiting-room screen (a TV in the lobby). Polls the board every few seconds with fetch;
// after a network drop or a server error it shows a notice and retries with a growing delay
// (up to 30 s), so the screen recovers by itself. Each new call (a call key not seen before)
// flashes its division, is announced to screen readers and is called aloud in Bahasa
// Indonesia through speechSynthesis when the browser has an Indonesian voice, with a chime
// (WebAudio, no file) before it; a chime alone otherwise. Browsers allow sound only after a
// first click on the page: the "Aktifkan suara panggilan" button gives it (a TV browser
// started with an autoplay policy that allows sound needs no click). The clock ticks locally
// in the office's zone and is set again from the server's time with every poll.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !window.fetch) return;
  var url = board.getAttribute("data-url");
  var poll = (parseInt(board.getAttribute("data-poll"), 10) || 5) * 1000;
  var offline = document.getElementById("screen-offline");
  var soundButton = document.getElementById("screen-sound");
  var announce = document.getElementById("screen-announce");
  var timeBox = document.getElementById("screen-time");
  var zone = timeBox ? timeBox.getAttribute("data-zone") : undefined;
  var lang = timeBox ? timeBox.getAttribute("data-lang") : "id";
  var seen = {};
  var skew = 0;
  var failures = 0;
  var audio = null;
  var queue = [];
  var speaking = false;

  function voice() {
    if (!window.speechSynthesis) return null;
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (/^id([-_]|$)/i.test(voices[i].lang)) return voices[i];
    }
    return null;
  }

  function audioContext() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!audio) audio = new Context();
    return audio;
  }

  function chime(done) {
    var context = audioContext();
    if (!context || context.state !== "running") { done(); return; }
    var start = context.currentTime + 0.05;
    [[880, 0], [659.25, 0.45]].forEach(function (note) {
      var osc = context.createOscillator();
      var gain = context.createGain();
      osc.type = "sine";
      osc.frequency.value = note[0];
      gain.gain.setValueAtTime(0.0001, start + note[1]);
      gain.gain.exponentialRampToValueAtTime(0.4, start + note[1] + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + note[1] + 0.8);
      osc.connect(gain).connect(context.destination);
      osc.start(start + note[1]);
      osc.stop(start + note[1] + 0.85);
    });
    window.setTimeout(done, 1400);
  }

  function speak(text, done) {
    var chosen = voice();
    if (!chosen) { done(); return; }
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.voice = chosen;
    utterance.lang = chosen.lang;
    utterance.rate = 0.9;
    utterance.onend = utterance.onerror = function () { done(); };
    window.speechSynthesis.speak(utterance);
  }

  function next() {
    if (speaking || !queue.length) return;
    speaking = true;
    var text = queue.shift();
    chime(function () {
      speak(text, function () { speaking = false; window.setTimeout(next, 600); });
    });
  }

  function call(item) {
    var text = item.getAttribute("data-spoken");
    if (announce) announce.textContent = item.getAttribute("data-text") || text;
    var number = item.querySelector(".num");
    var divisions = board.querySelectorAll(".screen-division");
    Array.prototype.forEach.call(divisions, function (division) {
      var shown = division.querySelector(".screen-number");
      if (number && shown && shown.textContent.trim() === number.textContent.trim()) {
        division.classList.remove("flash");
        void division.offsetWidth;
        division.classList.add("flash");
      }
    });
    queue.push(text);
    next();
  }

  function remember(first) {
    var calls = board.querySelectorAll("[data-call]");
    var fresh = [];
    Array.prototype.forEach.call(calls, function (item) {
      var key = item.getAttribute("data-call");
      if (!seen[key]) { seen[key] = true; if (!first) fresh.push(item); }
    });
    fresh.reverse().forEach(call);  // oldest first, as they were called
    var stamp = board.querySelector("[data-now]");
    if (stamp) skew = parseInt(stamp.getAttribute("data-now"), 10) - Date.now();
  }

  var dateFormat = null;
  var clockFormat = null;
  try {
    var locale = lang === "en" ? "en-GB" : "id-ID";
    dateFormat = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric" });
    clockFormat = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  } catch (error) { dateFormat = clockFormat = null; }

  function tick() {
    if (!clockFormat) return;
    var now = new Date(Date.now() + skew);
    var clock = document.getElementById("screen-clock");
    var day = document.getElementById("screen-date");
    // "08.00.05" in Indonesian (PUEBI), "08:00:05" in English, as the page writes it.
    var text = clockFormat.format(now);
    if (clock) clock.textContent = /^id([-_]|$)/i.test(lang || "id") ? text.replace(/:/g, ".") : text;
    if (day) day.textContent = dateFormat.format(now);
  }

  function schedule() {
    var delay = failures ? Math.min(poll * Math.pow(2, failures - 1), 30000) : poll;
    window.setTimeout(refresh, delay);
  }

  function refresh() {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, 8000) : null;
    window.fetch(url, { cache: "no-store", credentials: "same-origin", signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        board.innerHTML = html;
        failures = 0;
        if (offline) offline.hidden = true;
        remember(false);
      })
      .catch(function () {
        failures += 1;
        if (offline) offline.hidden = false;
      })
      .then(function () { if (timer) window.clearTimeout(timer); schedule(); });
  }

  function soundReady() {
    var context = audioContext();
    return context && context.state === "running";
  }

  if (soundButton) {
    soundButton.addEventListener("click", function () {
      var context = audioContext();
      var resumed = context && context.resume ? context.resume() : null;
      if (window.speechSynthesis) window.speechSynthesis.getVoices();
      Promise.resolve(resumed).then(function () { soundButton.hidden = soundReady(); chime(function () {}); });
    });
    window.setTimeout(function () { soundButton.hidden = soundReady(); }, 500);
  }
  if (window.speechSynthesis && window.speechSynthesis.addEventListener) {
    window.speechSynthesis.addEventListener("voiceschanged", voice);
  }
  remember(true);
  tick();
  window.setInterval(tick, 1000);
  schedule();
})();
