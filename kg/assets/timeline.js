// faction-kg timeline page: show an event's date, place and actors beside the picture. No library, works offline.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var panel = document.getElementById("panel");
  function line(tag, content, cls) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = content;
    panel.appendChild(el);
  }
  document.querySelector("main svg").addEventListener("mouseover", function (ev) {
    var row = ev.target.closest(".event");
    if (!row) return;
    var e = data[row.dataset.id];
    panel.innerHTML = "";
    line("h2", e.label);
    line("p", e.type, "meta");
    line("p", e.when);
    if (e.place) line("p", "at " + e.place);
    if (e.by) line("p", "by " + e.by);
  });
})();
