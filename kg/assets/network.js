// faction-kg network page: pan and zoom the SVG, show the sources of a claim, the relations of an actor.
// Plain script, no library: the page works offline, from a file.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var svg = document.querySelector("#canvas svg");
  var panel = document.getElementById("panel");
  var hint = panel.innerHTML;
  var initial = svg.getAttribute("viewBox").split(" ").map(Number);
  var view = initial.slice();
  var pinned = null;

  function text(tag, content, cls) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (content !== undefined) el.textContent = content;
    return el;
  }

  function label(id) { return data.nodes[id] ? data.nodes[id].label : id; }

  function setView(v) { view = v; svg.setAttribute("viewBox", v.join(" ")); }

  function clearMarks() {
    svg.classList.remove("highlighting");
    svg.querySelectorAll(".lit, .chosen").forEach(function (el) { el.classList.remove("lit", "chosen"); });
  }

  function light(ids, nodes, chosen) {
    clearMarks();
    svg.classList.add("highlighting");
    ids.forEach(function (id) {
      var el = svg.querySelector('.edge[data-id="' + CSS.escape(id) + '"]');
      if (el) el.classList.add("lit");
    });
    nodes.forEach(function (id) {
      var el = svg.querySelector('.node[data-id="' + CSS.escape(id) + '"]');
      if (el) el.classList.add("lit");
    });
    if (chosen) chosen.classList.add("chosen");
  }

  function claimLine(e) {
    var arrow = e.directed ? " \u2014" + e.relation + "\u2192 " : " \u2014" + e.relation + "\u2014 ";
    return label(e.source) + arrow + label(e.target);
  }

  function showEdge(id) {
    var e = data.edges[id];
    panel.innerHTML = "";
    panel.appendChild(text("h2", claimLine(e)));
    var status = text("p");
    status.appendChild(text("span", e.standing, "standing " + e.standing));
    if (e.dispute) status.appendChild(text("span", " " + e.dispute, "meta"));
    if (e.date) status.appendChild(text("span", " \u00b7 " + e.date, "meta"));
    panel.appendChild(status);
    panel.appendChild(text("p", e.sources.length + " source" + (e.sources.length === 1 ? "" : "s") + ":", "meta"));
    var list = text("ul");
    e.sources.forEach(function (s) {
      var item = text("li");
      item.appendChild(text("q", s.quote));
      item.appendChild(text("div", s.doc + " \u00b7 " + s.claimant + " \u00b7 " + s.grade, "meta"));
      list.appendChild(item);
    });
    panel.appendChild(list);
    light([id], [e.source, e.target], svg.querySelector('.edge[data-id="' + CSS.escape(id) + '"]'));
  }

  function showNode(id) {
    var n = data.nodes[id];
    panel.innerHTML = "";
    panel.appendChild(text("h2", n.label));
    panel.appendChild(text("p", n.type + (n.names.length ? " \u00b7 also " + n.names.join("; ") : ""), "meta"));
    n.matches.forEach(function (m) { panel.appendChild(text("p", "same as " + m, "meta")); });
    var ids = Object.keys(data.edges).filter(function (k) { var e = data.edges[k]; return e.source === id || e.target === id; });
    var list = text("ul");
    var near = [id];
    ids.forEach(function (k) {
      var e = data.edges[k];
      near.push(e.source === id ? e.target : e.source);
      var item = text("li");
      var link = text("a", claimLine(e));
      link.addEventListener("click", function () { pinned = k; showEdge(k); });
      item.appendChild(link);
      item.appendChild(text("div", e.standing + " \u00b7 " + e.sources.length + " source" + (e.sources.length === 1 ? "" : "s"), "meta"));
      list.appendChild(item);
    });
    panel.appendChild(text("p", ids.length + " claim" + (ids.length === 1 ? "" : "s") + ":", "meta"));
    panel.appendChild(list);
    light(ids, near, svg.querySelector('.node[data-id="' + CSS.escape(id) + '"]'));
  }

  function reset() { clearMarks(); panel.innerHTML = hint; }

  svg.addEventListener("mouseover", function (ev) {
    var edge = ev.target.closest(".edge");
    if (edge && !pinned) showEdge(edge.dataset.id);
  });
  svg.addEventListener("mouseout", function (ev) {
    var edge = ev.target.closest(".edge");
    if (edge && !pinned) reset();
  });

  var drag = null;
  svg.addEventListener("click", function (ev) {
    if (drag && drag.moved) return;
    var edge = ev.target.closest(".edge");
    var node = ev.target.closest(".node");
    if (edge) { pinned = edge.dataset.id; showEdge(pinned); }
    else if (node) { pinned = node.dataset.id; showNode(pinned); }
    else { pinned = null; reset(); }
  });

  svg.addEventListener("mousedown", function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, view: view.slice(), moved: false };
    document.getElementById("canvas").classList.add("dragging");
  });
  window.addEventListener("mousemove", function (ev) {
    if (!drag || ev.buttons !== 1) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    var s = Math.max(view[2] / svg.clientWidth, view[3] / svg.clientHeight);
    setView([drag.view[0] - dx * s, drag.view[1] - dy * s, view[2], view[3]]);
  });
  window.addEventListener("mouseup", function () {
    document.getElementById("canvas").classList.remove("dragging");
    setTimeout(function () { drag = null; }, 0);
  });
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var factor = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    var box = svg.getBoundingClientRect();
    var px = (ev.clientX - box.left) / box.width, py = (ev.clientY - box.top) / box.height;
    var w = view[2] * factor, h = view[3] * factor;
    setView([view[0] + (view[2] - w) * px, view[1] + (view[3] - h) * py, w, h]);
  }, { passive: false });
  svg.addEventListener("dblclick", function () { setView(initial.slice()); });
})();
