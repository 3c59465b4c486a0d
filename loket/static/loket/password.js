/* The set-password pages (new password, reset link, invitation): a "show password" control
   and live feedback on the new password as it is typed. Progressive enhancement: without this
   file the pages work as they are, their hint stating the rule and the server refusing a
   password that breaks it (12 characters at least, not a common one; OWASP ASVS 4.0.3 V2.1.8,
   V2.1.12). The feedback explains; it never blocks a submission: the server decides.
   Texts come translated from the page (#password-tools data attributes). */
(function () {
  "use strict";
  var tools = document.getElementById("password-tools");
  if (!tools) {
    return;
  }
  var text = tools.dataset;
  var minimum = parseInt(text.min, 10) || 12;
  var names = (text.names || "").toLowerCase().split(/\s+/).filter(function (name) {
    return name.length >= 3;
  });
  var fresh = document.querySelector("input[data-password-new]");
  var again = document.querySelector("input[data-password-confirm]");
  if (!fresh) {
    return;
  }
  var SEQUENCES = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl"];

  function hasSequence(value) {
    var lower = value.toLowerCase();
    for (var i = 0; i + 4 <= lower.length; i += 1) {
      var part = lower.slice(i, i + 4);
      for (var j = 0; j < SEQUENCES.length; j += 1) {
        if (SEQUENCES[j].indexOf(part) !== -1) {
          return true;
        }
      }
    }
    return false;
  }

  function assess(value) {
    if (!value) {
      return "";
    }
    var notes = [];
    if (value.length < minimum) {
      notes.push(text.short.replace("{count}", value.length).replace("{min}", minimum));
    }
    if (/^[0-9]+$/.test(value)) {
      notes.push(text.digits);
    }
    if (/(.)\1\1\1/.test(value)) {
      notes.push(text.repeat);
    }
    if (hasSequence(value)) {
      notes.push(text.sequence);
    }
    var lower = value.toLowerCase();
    if (names.some(function (name) { return lower.indexOf(name) !== -1; })) {
      notes.push(text.name);
    }
    if (!notes.length) {
      notes.push(value.length >= minimum + 4 ? text.strong : text.ok);
    }
    return notes.join(" ");
  }

  var feedback = document.createElement("p");
  feedback.className = "hint password-feedback";
  feedback.id = fresh.id + "_feedback";
  feedback.setAttribute("aria-live", "polite");
  fresh.insertAdjacentElement("afterend", feedback);
  var described = fresh.getAttribute("aria-describedby");
  fresh.setAttribute("aria-describedby", (described ? described + " " : "") + feedback.id);

  var match = null;
  if (again) {
    match = document.createElement("p");
    match.className = "hint password-feedback";
    match.setAttribute("aria-live", "polite");
    again.insertAdjacentElement("afterend", match);
  }

  function update() {
    feedback.textContent = assess(fresh.value);
    if (match) {
      match.textContent = again.value && again.value !== fresh.value ? text.mismatch : "";
    }
  }
  fresh.addEventListener("input", update);
  if (again) {
    again.addEventListener("input", update);
  }

  var wrapper = document.createElement("div");
  wrapper.className = "choices password-show";
  var label = document.createElement("label");
  var box = document.createElement("input");
  box.type = "checkbox";
  box.id = "password-show";
  label.htmlFor = box.id;
  var caption = document.createElement("span");
  caption.textContent = text.show;
  label.appendChild(box);
  label.appendChild(document.createTextNode(" "));
  label.appendChild(caption);
  wrapper.appendChild(label);
  (again || fresh).parentNode.insertAdjacentElement("afterend", wrapper);
  box.addEventListener("change", function () {
    var type = box.checked ? "text" : "password";
    fresh.type = type;
    if (again) {
      again.type = type;
    }
  });
  // Never submit with the password left visible in the field's history of a shared screen.
  fresh.form.addEventListener("submit", function () {
    fresh.type = "password";
    if (again) {
      again.type = "password";
    }
  });
})();
