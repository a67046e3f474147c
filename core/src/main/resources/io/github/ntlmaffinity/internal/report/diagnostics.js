(function () {
  "use strict";
  var body = document.body;
  var key = "ntlm-affinity " + location.pathname;
  function pad(n, width) {
    var s = String(n);
    while (s.length < (width || 2)) {
      s = "0" + s;
    }
    return s;
  }
  // Times: the page is written in UTC; show them in the browser's zone, UTC on hover.
  var times = document.querySelectorAll("time[datetime]");
  for (var i = 0; i < times.length; i++) {
    var t = times[i];
    var utc = t.getAttribute("datetime");
    var d = new Date(utc);
    if (isNaN(d.getTime())) {
      continue;
    }
    var text = pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
    if (t.hasAttribute("data-ms")) {
      text += "." + pad(d.getMilliseconds(), 3);
    }
    if (t.hasAttribute("data-date")) {
      text = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + text;
    }
    t.textContent = text;
    t.title = utc + " (UTC)";
  }
  var zone = "local time";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || zone;
  } catch (e) {
    // keep "local time"
  }
  var zones = document.querySelectorAll(".zone");
  for (var z = 0; z < zones.length; z++) {
    zones[z].textContent = zone + " (UTC on hover)";
  }
  // Reloads keep the scroll position and which groups are open; a switch pauses them.
  var state = {};
  try {
    state = JSON.parse(sessionStorage.getItem(key) || "{}") || {};
  } catch (e) {
    state = {};
  }
  var open = state.open || {};
  var details = document.querySelectorAll("details[id]");
  for (var k = 0; k < details.length; k++) {
    if (Object.prototype.hasOwnProperty.call(open, details[k].id)) {
      details[k].open = open[details[k].id] === true;
    }
  }
  if (typeof state.y === "number") {
    window.scrollTo(0, state.y);
  }
  var seconds = parseInt(body.getAttribute("data-reload") || "0", 10);
  var controls = document.getElementById("controls");
  var pause = document.getElementById("pause");
  if (!(seconds > 0) || !controls || !pause) {
    return;
  }
  controls.hidden = false;
  pause.checked = state.paused === true;
  var timer = 0;
  function save() {
    var now = {};
    var all = document.querySelectorAll("details[id]");
    for (var j = 0; j < all.length; j++) {
      now[all[j].id] = all[j].open;
    }
    try {
      sessionStorage.setItem(
        key, JSON.stringify({ y: window.scrollY, open: now, paused: pause.checked }));
    } catch (e) {
      // storage refused: the reload still works, without keeping the state
    }
  }
  function schedule() {
    clearTimeout(timer);
    if (!pause.checked) {
      timer = setTimeout(function () {
        save();
        location.reload();
      }, seconds * 1000);
    }
  }
  pause.addEventListener("change", function () {
    save();
    schedule();
  });
  window.addEventListener("pagehide", save);
  schedule();
})();
