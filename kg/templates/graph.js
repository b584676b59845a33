/* kg graph page script.
 *
 * Every string of the graph comes from documents and is untrusted: it reaches the page only
 * through textContent, element attributes set as properties, or vis-network's canvas text.
 * Tooltips are DOM elements built here, never HTML strings.
 */
(function () {
  "use strict";

  var T0 = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var T_PARSED = performance.now();
  var meta = data.meta;
  var big = !!meta.big;
  var usePhysics = meta.layout === "physics";
  var MAX_EVIDENCE = 200;
  var TIP_SENTENCES = 3;
  var DIM_NODE = { background: "#e4e4e7", border: "#d4d4d8",
    highlight: { background: "#e4e4e7", border: "#a1a1aa" },
    hover: { background: "#e4e4e7", border: "#a1a1aa" } };
  var DIM_FONT_COLOR = "#c4c4c8";
  var DIM_EDGE = "rgba(190,190,195,0.35)";
  var NODE_FONT_COLOR = "#222";
  var EDGE_FONT = { size: big ? 10 : 11, color: "#444", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" };

  // ---------------------------------------------------------------- helpers (DOM, safe) ----

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  // a document id that is a file path shows as the file's name; the whole id is its tooltip
  function docName(id) {
    var text = String(id);
    return text.charAt(0) === "/" ? text.slice(text.lastIndexOf("/") + 1) : text;
  }
  function docInfo(id) {
    var docs = data.docs || {};
    return Object.prototype.hasOwnProperty.call(docs, id) ? docs[id] : null;
  }
  function docTag(id) {
    var text = String(id);
    var tag = el("span", "kg-doc", docName(text) || text);
    var info = docInfo(text);
    tag.title = text + (info && info.title ? "\n" + info.title : "") + (info && info.date ? "\n" + info.date : "");
    return tag;
  }
  function dateTag(ev) {
    var tag = el("span", "kg-date" + (ev.date_source === "document" ? " kg-from-document" : ""), ev.date);
    tag.title = ev.date_source === "document" ? "the document's date (the sentence names no time)"
      : "from a time phrase of the sentence";
    return tag;
  }


  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function byId(id) { return document.getElementById(id); }

  function fmt(n) {
    if (n === null || n === undefined) return "";
    return typeof n === "number" && !Number.isInteger(n) ? n.toFixed(2) : String(n);
  }

  // ---------------------------------------------------------------- indexes ----------------

  var nodeById = new Map();
  var edgeById = new Map();
  var incident = new Map();
  data.nodes.forEach(function (n) {
    nodeById.set(n.id, n);
    incident.set(n.id, []);
    n.typeKey = n.type === null || n.type === undefined ? "" : n.type;
    n.searchNames = [n.label.toLowerCase()];
    if (n.name && n.name.toLowerCase() !== n.searchNames[0]) n.searchNames.push(n.name.toLowerCase());
    n.aliasNames = (n.aliases || []).map(function (a) { return String(a[0]).toLowerCase(); });
  });
  data.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    incident.get(e.from).push(e.id);
    if (e.to !== e.from) incident.get(e.to).push(e.id);
  });

  // ---------------------------------------------------------------- dates ------------------
  // An ISO date of day, week, month or year precision stands for a range of days (numbered
  // from 1970-01-01, UTC); the timeline keeps an edge when one of its dates overlaps the range.

  var DAY_MS = 86400000;
  function dayNumber(y, m, d) { return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS); }
  function isoDay(n) { return new Date(n * DAY_MS).toISOString().slice(0, 10); }
  function dateRange(value) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2}))?$/.exec(String(value || ""));
    if (!m) return null;
    var y = +m[1];
    if (m[4]) {
      var jan4 = dayNumber(y, 1, 4);
      var monday = jan4 - (new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7 + 7 * (+m[4] - 1);
      return { lo: monday, hi: monday + 6, precision: "week" };
    }
    if (m[3]) { var d = dayNumber(y, +m[2], +m[3]); return { lo: d, hi: d, precision: "day" }; }
    if (m[2]) return { lo: dayNumber(y, +m[2], 1), hi: dayNumber(y, +m[2] + 1, 1) - 1, precision: "month" };
    return { lo: dayNumber(y, 1, 1), hi: dayNumber(y + 1, 1, 1) - 1, precision: "year" };
  }
  var datedEvidence = [];
  data.edges.forEach(function (e) {
    (e.evidence || []).forEach(function (ev) {
      var r = ev.date ? dateRange(ev.date) : null;
      if (r) { ev.range = r; datedEvidence.push(ev); }
    });
  });
  function edgeInRange(e, range) {
    var evs = e.evidence || [];
    for (var i = 0; i < evs.length; i++) {
      var r = evs[i].range;
      if (r && r.lo <= range.hi && r.hi >= range.lo) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- tooltips ---------------

  function evidenceLine(ev) {
    var line = el("div", "kg-tip-line");
    if (ev.doc_id) line.appendChild(docTag(ev.doc_id));
    if (ev.date) line.appendChild(dateTag(ev));
    line.appendChild(document.createTextNode(ev.sentence || ""));
    return line;
  }

  function edgeTitle(e) {
    var box = el("div", "kg-tip");
    box.appendChild(el("strong", null, edgeCaption(e)));
    var evidence = e.evidence || [];
    evidence.slice(0, TIP_SENTENCES).forEach(function (ev) { box.appendChild(evidenceLine(ev)); });
    if (evidence.length > TIP_SENTENCES) {
      box.appendChild(el("div", "kg-extra", "+" + (evidence.length - TIP_SENTENCES) + " more (click for all)"));
    }
    if (!evidence.length) box.appendChild(el("div", "kg-extra", "no evidence sentence"));
    return box;
  }

  function nodeTitle(n) {
    var box = el("div", "kg-tip");
    box.appendChild(el("strong", null, n.label));
    var bits = [n.type || "untyped", n.degree + " relation" + (n.degree === 1 ? "" : "s")];
    if (n.mentions) bits.push(n.mentions + " mention" + (n.mentions === 1 ? "" : "s"));
    box.appendChild(el("div", null, bits.join(" \u00b7 ")));
    if (n.aliases && n.aliases.length) {
      box.appendChild(el("div", "kg-extra", "also: " + n.aliases.slice(0, 5).map(function (a) { return a[0]; }).join(", ")));
    }
    return box;
  }

  function edgeCaption(e) {
    var a = nodeById.get(e.from), b = nodeById.get(e.to);
    var arrow = meta.directed ? " \u2192 " : " \u2014 ";
    return a.label + " \u2014 " + (e.label || "(relation)") + arrow + b.label;
  }

  // ---------------------------------------------------------------- vis items --------------

  function nodeColor(n) {
    return { background: n.color, border: n.color,
      highlight: { background: n.color, border: "#111" },
      hover: { background: n.color, border: "#333" } };
  }

  function nodeFont(n) {
    var size = big ? Math.round(12 + n.size / 3) : 14;
    return { color: NODE_FONT_COLOR, size: size, strokeWidth: 3, strokeColor: "#ffffff" };
  }

  function edgeColor(e) {
    return { color: e.color, highlight: e.color, hover: e.color, inherit: false, opacity: 1 };
  }

  var visNodes = data.nodes.map(function (n) {
    var item = { id: n.id, label: n.label, size: n.size, color: nodeColor(n), font: nodeFont(n),
      title: nodeTitle(n) };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  });
  var visEdges = data.edges.map(function (e) {
    var item = { id: e.id, from: e.from, to: e.to, label: e.label || undefined, width: e.width,
      color: edgeColor(e), title: edgeTitle(e), dashes: e.kind === "affiliation" ? [2, 5] : !!e.negated };
    if (e.smooth) item.smooth = e.smooth; else item.smooth = { enabled: false };
    return item;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);

  // ---------------------------------------------------------------- network ----------------

  var options = {
    autoResize: true,
    nodes: {
      shape: "dot",
      borderWidth: 1,
      borderWidthSelected: 3,
      scaling: { label: { enabled: false, drawThreshold: big ? 8 : 5 } }
    },
    edges: {
      arrows: { to: { enabled: !!meta.directed, scaleFactor: 0.5 } },
      font: EDGE_FONT,
      scaling: { label: { enabled: false, drawThreshold: big ? 7 : 5 } },
      selectionWidth: function (width) { return width + 2; },
      hoverWidth: 1
    },
    interaction: {
      hover: !big,
      tooltipDelay: 200,
      hideEdgesOnDrag: big,
      hideEdgesOnZoom: big,
      multiselect: false,
      navigationButtons: false,
      keyboard: false
    },
    layout: { randomSeed: 7, improvedLayout: usePhysics && data.nodes.length <= 100 }
  };
  if (usePhysics) {
    options.physics = {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, springConstant: 0.06,
        avoidOverlap: 0.4, damping: 0.6 },
      maxVelocity: 60,
      minVelocity: 1,
      stabilization: { enabled: true, iterations: big ? 150 : 400, updateInterval: 50, fit: true }
    };
  } else {
    options.physics = { enabled: false };
  }

  // ---------------------------------------------------------------- state ------------------

  var state = {
    nodeHidden: new Map(),   // id -> bool as last sent to the DataSet
    edgeHidden: new Map(),
    dimmedNodes: new Set(),
    dimmedEdges: new Set(),
    selected: null,          // {kind: "node"|"edge", id}
    timeRange: null          // {lo, hi} in day numbers, both included
  };
  data.nodes.forEach(function (n) { state.nodeHidden.set(n.id, false); });
  data.edges.forEach(function (e) { state.edgeHidden.set(e.id, false); });

  // ---------------------------------------------------------------- controls ---------------

  var typeList = byId("kg-type-list");
  var relationSelect = byId("kg-relation-filter");
  var memberBox = byId("kg-member-filter");
  var classSelect = byId("kg-class-filter");
  var minWeightInput = byId("kg-min-weight");
  var minWeightRange = byId("kg-min-weight-range");
  var searchInput = byId("kg-search");
  var searchStatus = byId("kg-search-status");
  var panelTitle = byId("kg-panel-title");
  var panelBody = byId("kg-panel-body");

  function typeDisplay(key) { return key === "" ? "untyped" : key; }

  var typeCounts = new Map();
  data.nodes.forEach(function (n) { typeCounts.set(n.typeKey, (typeCounts.get(n.typeKey) || 0) + 1); });
  var typeColor = new Map();
  data.nodes.forEach(function (n) { if (!typeColor.has(n.typeKey)) typeColor.set(n.typeKey, n.color); });
  var typeOrder = Array.from(typeCounts.keys()).sort(function (a, b) {
    return (typeCounts.get(b) - typeCounts.get(a)) || (a < b ? -1 : a > b ? 1 : 0);
  });
  var typeBoxes = [];
  typeOrder.forEach(function (key) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = key;
    box.setAttribute("data-type", key);
    box.addEventListener("change", applyFilters);
    typeBoxes.push(box);
    var swatch = el("span", "kg-swatch");
    swatch.style.background = typeColor.get(key);
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(el("span", null, typeDisplay(key)));
    label.appendChild(el("span", "kg-count", typeCounts.get(key)));
    typeList.appendChild(label);
  });
  if (!typeOrder.length) typeList.appendChild(el("div", "kg-note", "no entities"));

  function addOptions(select, counts) {
    Array.from(counts.keys()).sort(function (a, b) {
      return (counts.get(b) - counts.get(a)) || (a < b ? -1 : a > b ? 1 : 0);
    }).forEach(function (name) {
      var opt = el("option", null, name + " (" + counts.get(name) + ")");
      opt.value = name;
      select.appendChild(opt);
    });
  }
  var relationCounts = new Map();
  var classCounts = new Map();
  data.edges.forEach(function (e) {
    Object.keys(e.relations || {}).forEach(function (r) { relationCounts.set(r, (relationCounts.get(r) || 0) + 1); });
    Object.keys(e.classes || {}).forEach(function (c) { classCounts.set(c, (classCounts.get(c) || 0) + 1); });
  });
  addOptions(relationSelect, relationCounts);
  data.classes.forEach(function (c) {
    var opt = el("option", null, c + " (" + (classCounts.get(c) || 0) + ")");
    opt.value = c;
    classSelect.appendChild(opt);
  });
  classCounts.forEach(function (count, c) {
    if (data.classes.indexOf(c) < 0) {
      var opt = el("option", null, c + " (" + count + ")");
      opt.value = c;
      classSelect.appendChild(opt);
    }
  });
  relationSelect.addEventListener("change", applyFilters);
  memberBox.addEventListener("change", applyFilters);
  classSelect.addEventListener("change", applyFilters);

  var weights = data.edges.map(function (e) { return e.weight; });
  var minW = weights.reduce(function (a, b) { return Math.min(a, b); }, Infinity);
  var maxW = weights.reduce(function (a, b) { return Math.max(a, b); }, -Infinity);
  if (!isFinite(minW)) minW = 0;
  if (!isFinite(maxW)) maxW = minW;
  var weightFloor = minW;
  var integral = weights.every(function (w) { return Number.isInteger(w); });
  [minWeightInput, minWeightRange].forEach(function (input) {
    input.min = String(weightFloor);
    input.max = String(Math.max(maxW, weightFloor));
    input.step = integral ? "1" : "any";
    input.value = String(weightFloor);
  });
  minWeightRange.step = integral ? "1" : String((maxW - weightFloor) / 100 || 1);
  minWeightInput.addEventListener("input", function () {
    if (minWeightInput.value !== "") minWeightRange.value = minWeightInput.value;
    applyFilters();
  });
  minWeightRange.addEventListener("input", function () {
    minWeightInput.value = minWeightRange.value;
    applyFilters();
  });
  byId("kg-reset").addEventListener("click", resetFilters);

  // datalist for the search box
  var names = byId("kg-names");
  var seenNames = new Set();
  data.nodes.slice().sort(function (a, b) { return b.degree - a.degree; }).forEach(function (n) {
    if (seenNames.has(n.label)) return;
    seenNames.add(n.label);
    var opt = el("option");
    opt.value = n.label;
    names.appendChild(opt);
  });

  // legend
  var legend = byId("kg-legend");
  Object.keys(data.palette).forEach(function (group) {
    var li = el("li");
    var swatch = el("span", "kg-swatch");
    swatch.style.background = data.palette[group];
    li.appendChild(swatch);
    li.appendChild(el("span", null, group === "other" ? "other / untyped" : group));
    li.setAttribute("data-group", group);
    legend.appendChild(li);
  });
  var edgeLegend = meta.view === "interactions"
    ? [["cooperation", "cooperation"], ["conflict", "conflict"], ["neutral", "neutral"]]
    : [["cooperation", "cooperation"], ["conflict", "conflict"], ["neutral", "neutral"], ["none", "relation"]];
  edgeLegend.forEach(function (pair) {
    var li = el("li");
    var swatch = el("span", "kg-swatch kg-line");
    swatch.style.background = data.edge_colors[pair[0]];
    li.appendChild(swatch);
    li.appendChild(el("span", null, pair[1] + (meta.view === "interactions" ? "" : " edge")));
    legend.appendChild(li);
  });
  if (data.edges.some(function (e) { return e.kind === "affiliation"; })) {
    var liMember = el("li");
    var dots = el("span", "kg-swatch kg-line");
    dots.style.background = "repeating-linear-gradient(90deg," + data.edge_colors.membership + " 0 2px,transparent 2px 6px)";
    liMember.appendChild(dots);
    liMember.appendChild(el("span", null, "member of (membership, not an act)"));
    liMember.setAttribute("data-edge", "membership");
    legend.appendChild(liMember);
  }
  if (meta.view !== "interactions") {
    var liNeg = el("li");
    var dash = el("span", "kg-swatch kg-line");
    dash.style.background = "repeating-linear-gradient(90deg,#8c96a3 0 4px,transparent 4px 7px)";
    liNeg.appendChild(dash);
    liNeg.appendChild(el("span", null, "negated (\u201cnot \u2026\u201d)"));
    legend.appendChild(liNeg);
  }
  if (meta.dropped_nodes) {
    byId("kg-dropped").textContent = meta.dropped_nodes + " less connected entit" +
      (meta.dropped_nodes === 1 ? "y" : "ies") + " and " + meta.dropped_edges + " relation" +
      (meta.dropped_edges === 1 ? "" : "s") + " left out (max_nodes).";
  }

  // ---------------------------------------------------------------- filters ----------------

  function currentFilters() {
    var types = new Set();
    typeBoxes.forEach(function (b) { if (b.checked) types.add(b.value); });
    var w = parseFloat(minWeightInput.value);
    return { types: types, relation: relationSelect.value, cls: classSelect.value,
      minWeight: isFinite(w) ? w : weightFloor, time: state.timeRange, members: memberBox.checked };
  }

  function applyFilters() {
    var f = currentFilters();
    var edgeFilter = f.relation !== "" || f.cls !== "" || f.minWeight > weightFloor || f.time !== null || !f.members;
    var nodeOn = new Map();
    data.nodes.forEach(function (n) { nodeOn.set(n.id, f.types.has(n.typeKey)); });
    var hasEdge = new Set();
    var edgeUpdates = [];
    var shownEdges = 0;
    data.edges.forEach(function (e) {
      var on = nodeOn.get(e.from) && nodeOn.get(e.to) && e.weight >= f.minWeight &&
        (f.members || e.kind !== "affiliation") &&
        (f.relation === "" || Object.prototype.hasOwnProperty.call(e.relations || {}, f.relation)) &&
        (f.cls === "" || ((e.classes || {})[f.cls] || 0) > 0) &&
        (f.time === null || edgeInRange(e, f.time));
      if (on) { hasEdge.add(e.from); hasEdge.add(e.to); shownEdges++; }
      if (state.edgeHidden.get(e.id) !== !on) {
        state.edgeHidden.set(e.id, !on);
        edgeUpdates.push({ id: e.id, hidden: !on });
      }
    });
    var nodeUpdates = [];
    var shownNodes = 0;
    data.nodes.forEach(function (n) {
      var on = nodeOn.get(n.id) && (!edgeFilter || hasEdge.has(n.id));
      if (on) shownNodes++;
      if (state.nodeHidden.get(n.id) !== !on) {
        state.nodeHidden.set(n.id, !on);
        nodeUpdates.push({ id: n.id, hidden: !on });
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    if (state.selected) {
      var gone = state.selected.kind === "node" ? state.nodeHidden.get(state.selected.id)
        : state.edgeHidden.get(state.selected.id);
      // a hidden item leaves the details panel too, with its highlighting
      if (gone) clearSelection();
    }
    updateStats(shownNodes, shownEdges);
    // bring what is still shown into view
    if (nodeUpdates.length && shownNodes > 0) {
      var visible = data.nodes.filter(function (n) { return !state.nodeHidden.get(n.id); })
        .map(function (n) { return n.id; });
      network.fit({ nodes: visible, animation: false });
    }
    return { nodes: shownNodes, edges: shownEdges };
  }

  function resetFilters() {
    typeBoxes.forEach(function (b) { b.checked = true; });
    memberBox.checked = true;
    relationSelect.value = "";
    classSelect.value = "";
    minWeightInput.value = String(weightFloor);
    minWeightRange.value = String(weightFloor);
    setTimeRange(null, false);
    return applyFilters();
  }

  function updateStats(shownNodes, shownEdges) {
    var text = shownNodes === data.nodes.length && shownEdges === data.edges.length
      ? data.nodes.length + " nodes, " + data.edges.length + " edges"
      : shownNodes + " of " + data.nodes.length + " nodes, " + shownEdges + " of " +
        data.edges.length + " edges shown";
    if (meta.dropped_nodes) text += " (" + meta.total_nodes + " in the graph)";
    byId("kg-stats").textContent = text;
  }

  // ---------------------------------------------------------------- highlight --------------

  function highlight(keepNodes, keepEdges) {
    var nodeUpdates = [], edgeUpdates = [];
    data.nodes.forEach(function (n) {
      var dim = !keepNodes.has(n.id);
      if (dim === state.dimmedNodes.has(n.id)) return;
      if (dim) {
        state.dimmedNodes.add(n.id);
        var f = nodeFont(n);
        f.color = DIM_FONT_COLOR;
        f.strokeWidth = 0;
        if (big) f.size = 1;  // below drawThreshold: not drawn at all
        nodeUpdates.push({ id: n.id, color: DIM_NODE, font: f });
      } else {
        state.dimmedNodes.delete(n.id);
        nodeUpdates.push({ id: n.id, color: nodeColor(n), font: nodeFont(n) });
      }
    });
    data.edges.forEach(function (e) {
      var dim = !keepEdges.has(e.id);
      if (dim === state.dimmedEdges.has(e.id)) return;
      if (dim) {
        state.dimmedEdges.add(e.id);
        edgeUpdates.push({ id: e.id, color: { color: DIM_EDGE, highlight: e.color, hover: e.color, inherit: false, opacity: 1 },
          font: { color: DIM_FONT_COLOR, strokeWidth: 0, size: big ? 1 : EDGE_FONT.size } });
      } else {
        state.dimmedEdges.delete(e.id);
        edgeUpdates.push({ id: e.id, color: edgeColor(e), font: EDGE_FONT });
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }

  function clearHighlight() {
    if (!state.dimmedNodes.size && !state.dimmedEdges.size) return;
    var all = new Set(data.nodes.map(function (n) { return n.id; }));
    var allE = new Set(data.edges.map(function (e) { return e.id; }));
    highlight(all, allE);
  }

  function highlightNode(id) {
    var keepNodes = new Set([id]);
    var keepEdges = new Set();
    incident.get(id).forEach(function (eid) {
      var e = edgeById.get(eid);
      keepEdges.add(eid);
      keepNodes.add(e.from);
      keepNodes.add(e.to);
    });
    highlight(keepNodes, keepEdges);
  }

  // ---------------------------------------------------------------- side panel -------------

  function markSentence(sentence, ev) {
    // The sentence with its subject, relation and object words marked (text nodes only).
    var span = el("span", "kg-sentence");
    var marks = [];
    [ev.subject_text, ev.relation_text, ev.object_text].forEach(function (part) {
      if (!part) return;
      var at = sentence.indexOf(part);
      if (at < 0) return;
      var end = at + part.length;
      for (var i = 0; i < marks.length; i++) {
        if (at < marks[i][1] && end > marks[i][0]) return;
      }
      marks.push([at, end]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] > pos) span.appendChild(document.createTextNode(sentence.slice(pos, m[0])));
      span.appendChild(el("mark", null, sentence.slice(m[0], m[1])));
      pos = m[1];
    });
    if (pos < sentence.length) span.appendChild(document.createTextNode(sentence.slice(pos)));
    return span;
  }

  function evidenceList(items, withRelation) {
    var box = document.createDocumentFragment();
    box.appendChild(el("h3", null, "Evidence (" + items.length + ")"));
    if (!items.length) {
      box.appendChild(el("p", "kg-note", "No evidence sentence recorded."));
      return box;
    }
    var ul = el("ul", "kg-evidence");
    items.slice(0, MAX_EVIDENCE).forEach(function (item) {
      var ev = item.ev;
      var li = el("li");
      li.appendChild(ev.doc_id ? docTag(ev.doc_id) : el("span", "kg-doc", "?"));
      if (ev.date) li.appendChild(dateTag(ev));
      li.appendChild(markSentence(ev.sentence || "", ev));
      var info = ev.doc_id ? docInfo(ev.doc_id) : null;
      if (info && (info.title || info.date)) {
        li.appendChild(el("div", "kg-doc-title", (info.title || docName(ev.doc_id)) +
          (info.date ? " \u00b7 " + info.date : "")));
      }
      var extras = [];
      if (ev.subject && ev.object) {
        // who did what to whom in this sentence (an interactions edge joins both directions)
        extras.push(ev.subject + " \u2014 " + (ev.relation || "(relation)") + " \u2192 " + ev.object);
      } else if (withRelation && item.edge) {
        extras.push(edgeCaption(item.edge));
      }
      if (ev.modality) extras.push("modality: " + ev.modality);
      if (ev.attributed_to) extras.push("according to " + ev.attributed_to);
      if (extras.length) li.appendChild(el("div", "kg-extra", extras.join(" \u00b7 ")));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    if (items.length > MAX_EVIDENCE) {
      box.appendChild(el("p", "kg-note", "\u2026 and " + (items.length - MAX_EVIDENCE) + " more."));
    }
    return box;
  }

  function addFacts(pairs) {
    var dl = el("dl");
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") return;
      dl.appendChild(el("dt", null, p[0]));
      dl.appendChild(el("dd", null, p[1]));
    });
    return dl;
  }

  function nodeEvidence(n) {
    var seen = new Set();
    var items = [];
    (n.evidence || []).forEach(function (ev) {
      var key = ev.doc_id + "\u0000" + ev.start + "\u0000" + ev.sentence;
      if (seen.has(key)) return;
      seen.add(key);
      items.push({ ev: ev, edge: null });
    });
    incident.get(n.id).forEach(function (eid) {
      var e = edgeById.get(eid);
      (e.evidence || []).forEach(function (ev) {
        var key = ev.doc_id + "\u0000" + ev.start + "\u0000" + ev.sentence;
        if (seen.has(key)) return;
        seen.add(key);
        items.push({ ev: ev, edge: e });
      });
    });
    items.sort(function (a, b) {
      var da = String(a.ev.doc_id || ""), db = String(b.ev.doc_id || "");
      if (da !== db) return da < db ? -1 : 1;
      return (a.ev.start || 0) - (b.ev.start || 0);
    });
    return items;
  }

  // what an entity belongs to (out) or who belongs to it (in), from its membership edges
  function memberships(id, out) {
    return incident.get(id).map(function (eid) { return edgeById.get(eid); }).filter(function (e) {
      return e.kind === "affiliation" && (out ? e.from === id : e.to === id);
    }).map(function (e) { return nodeById.get(out ? e.to : e.from).label; });
  }

  function showNode(id) {
    var n = nodeById.get(id);
    if (!n) return;
    clear(panelBody);
    panelTitle.textContent = n.label;
    panelBody.setAttribute("data-kind", "node");
    panelBody.setAttribute("data-id", String(id));
    panelBody.appendChild(addFacts([
      ["Type", n.type || "untyped"],
      ["Mentions", n.mentions ? String(n.mentions) : ""],
      ["Relations", String(n.degree)],
      ["Aliases", (n.aliases || []).map(function (a) { return a[0] + " \u00d7" + a[1]; }).join(", ")],
      ["Titles", (n.titles || []).join("; ")],
      ["Member of", memberships(id, true).join(", ") || n.affiliation || ""],
      ["Members", memberships(id, false).join(", ")],
      ["Documents", (n.docs || []).map(docName).join(", ")]
    ]));
    var ids = incident.get(id);
    if (ids.length) {
      panelBody.appendChild(el("h3", null, "Relations (" + ids.length + ")"));
      var ul = el("ul", "kg-links");
      ids.slice(0, MAX_EVIDENCE).forEach(function (eid) {
        var e = edgeById.get(eid);
        var li = el("li");
        var b = el("button", "kg-link", edgeCaption(e));
        b.type = "button";
        b.addEventListener("click", function () { selectEdge(eid); });
        li.appendChild(b);
        if (state.edgeHidden.get(eid)) li.appendChild(el("span", "kg-extra", " (hidden by filters)"));
        ul.appendChild(li);
      });
      panelBody.appendChild(ul);
    }
    panelBody.appendChild(evidenceList(nodeEvidence(n), true));
  }

  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) return;
    var a = nodeById.get(e.from), b = nodeById.get(e.to);
    clear(panelBody);
    panelTitle.textContent = edgeCaption(e);
    panelBody.setAttribute("data-kind", "edge");
    panelBody.setAttribute("data-id", String(id));
    var classes = Object.keys(e.classes || {}).map(function (c) { return c + " \u00d7" + fmt(e.classes[c]); }).join(", ");
    var relations = Object.keys(e.relations || {}).sort(function (x, y) {
      return e.relations[y] - e.relations[x];
    }).map(function (r) { return r + " \u00d7" + fmt(e.relations[r]); }).join(", ");
    var facts = meta.directed ? [["From", a.label], ["To", b.label]] : [["Between", a.label + " and " + b.label]];
    if (meta.view === "interactions") {
      facts.push(["Weight", fmt(e.weight)], ["Classes", classes], ["Relations", relations],
        ["Intensity", fmt(e.intensity)]);
    } else {
      facts.push(["Relation", e.label], ["Negated", e.negated ? "yes" : ""], ["Count", fmt(e.count)],
        ["Confidence", fmt(e.confidence)], ["Interaction", e.interaction || ""],
        ["Intensity", fmt(e.intensity)]);
    }
    panelBody.appendChild(addFacts(facts));
    var ends = el("div", "kg-row");
    [a, b].forEach(function (n) {
      var btn = el("button", "kg-link", "\u2192 " + n.label);
      btn.type = "button";
      btn.addEventListener("click", function () { selectNode(n.id, { focus: true }); });
      ends.appendChild(btn);
    });
    panelBody.appendChild(ends);
    panelBody.appendChild(evidenceList((e.evidence || []).map(function (ev) { return { ev: ev, edge: e }; }), false));
  }

  function showNothing() {
    clear(panelBody);
    panelTitle.textContent = "Details";
    panelBody.removeAttribute("data-kind");
    panelBody.removeAttribute("data-id");
    panelBody.appendChild(el("p", "kg-note", "Click an entity or a relation to see its evidence."));
  }

  // ---------------------------------------------------------------- selection --------------

  function selectNode(id, opts) {
    opts = opts || {};
    if (!nodeById.has(id)) return false;
    state.selected = { kind: "node", id: id };
    showNode(id);
    highlightNode(id);
    if (state.nodeHidden.get(id)) {
      network.unselectAll();
      return false;
    }
    network.selectNodes([id], true);
    if (opts.focus) {
      var scale = Math.max(network.getScale(), big ? 0.9 : 1.0);
      network.focus(id, { scale: scale, animation: opts.animate === false ? false : { duration: 350, easingFunction: "easeInOutQuad" } });
    }
    return true;
  }

  function selectEdge(id) {
    var e = edgeById.get(id);
    if (!e) return false;
    state.selected = { kind: "edge", id: id };
    showEdge(id);
    highlight(new Set([e.from, e.to]), new Set([id]));
    if (state.edgeHidden.get(id)) {
      network.unselectAll();
      return false;
    }
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    return true;
  }

  function clearSelection() {
    state.selected = null;
    network.unselectAll();
    clearHighlight();
    showNothing();
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && document.activeElement !== searchInput) clearSelection();
  });

  // ---------------------------------------------------------------- timeline ---------------
  // A histogram of the dated evidence under the graph; dragging across it (or the two date
  // fields) keeps the edges with a date in the range, together with the other filters.

  var histogram = byId("kg-histogram");
  var sinceInput = byId("kg-since");
  var untilInput = byId("kg-until");
  var timeStatus = byId("kg-time-status");
  var timeline = { unit: null, bins: [], coarser: 0 };

  function binOf(day, unit) {
    if (unit === "day") return day;
    if (unit === "week") return Math.floor((day - 4) / 7);  // weeks from Monday 1970-01-05
    var d = new Date(day * DAY_MS);
    if (unit === "month") return d.getUTCFullYear() * 12 + d.getUTCMonth();
    return d.getUTCFullYear();
  }
  function binRange(bin, unit) {
    if (unit === "day") return { lo: bin, hi: bin };
    if (unit === "week") return { lo: bin * 7 + 4, hi: bin * 7 + 10 };
    if (unit === "month") {
      var y = Math.floor(bin / 12), m = bin % 12 + 1;
      return { lo: dayNumber(y, m, 1), hi: dayNumber(y, m + 1, 1) - 1 };
    }
    return { lo: dayNumber(bin, 1, 1), hi: dayNumber(bin + 1, 1, 1) - 1 };
  }
  function binLabel(bin, unit) {
    var r = binRange(bin, unit);
    var first = isoDay(r.lo);
    if (unit === "day") return first;
    if (unit === "week") return "week of " + first;
    if (unit === "month") return first.slice(0, 7);
    return first.slice(0, 4);
  }
  var FINER = { day: ["day"], week: ["day", "week"], month: ["day", "week", "month"],
    year: ["day", "week", "month", "year"] };

  function buildTimeline() {
    if (!datedEvidence.length) {
      histogram.hidden = true;
      byId("kg-time-note").textContent = "No relation in this graph has a date.";
      [sinceInput, untilInput, byId("kg-time-clear")].forEach(function (x) { x.disabled = true; });
      return;
    }
    // The axis spans the dates finer than a year ("in 2003" alone would stretch it), and of
    // many, leaves out the far outliers (beyond three interquartile ranges): a story's "born
    // on 24 February 1955" would squeeze decades of news into a few bars. What falls outside
    // is not drawn but is found by a range.
    function extent(evs) {
      var los = evs.map(function (ev) { return ev.range.lo; }).sort(function (a, b) { return a - b; });
      var lo = los[0], hi = -Infinity;
      var fenceLo = -Infinity, fenceHi = Infinity;
      if (los.length >= 20) {
        var q1 = los[Math.floor(los.length / 4)], q3 = los[Math.floor(los.length * 3 / 4)];
        var iqr = Math.max(q3 - q1, 7);
        fenceLo = q1 - 3 * iqr;
        fenceHi = q3 + 3 * iqr;
        lo = Infinity;
      }
      evs.forEach(function (ev) {
        if (ev.range.lo < fenceLo || ev.range.lo > fenceHi) return;
        lo = Math.min(lo, ev.range.lo);
        hi = Math.max(hi, ev.range.hi);
      });
      return { lo: lo, hi: hi };
    }
    var fine = datedEvidence.filter(function (ev) { return ev.range.precision !== "year"; });
    var box = extent(fine.length ? fine : datedEvidence);
    var span = box.hi - box.lo + 1;
    var unit = span <= 62 ? "day" : span <= 731 ? "week" : span <= 366 * 40 ? "month" : "year";
    if (unit === "year") box = extent(datedEvidence);
    var lo = box.lo, hi = box.hi;
    var first = binOf(lo, unit), last = binOf(hi, unit);
    var counts = new Array(last - first + 1).fill(0);
    var coarser = 0, outside = 0;
    datedEvidence.forEach(function (ev) {
      if (FINER[unit].indexOf(ev.range.precision) < 0) { coarser++; return; }
      var k = binOf(ev.range.lo, unit) - first;
      if (k < 0 || k >= counts.length) { outside++; return; }
      counts[k]++;
    });
    timeline = { unit: unit, first: first, bins: counts, coarser: coarser, outside: outside };
    var top = Math.max.apply(null, counts.concat([1]));
    counts.forEach(function (n, i) {
      var bar = el("div", "kg-bar");
      bar.style.height = (n ? Math.max(4, Math.round(100 * n / top)) : 0) + "%";
      bar.title = binLabel(first + i, unit) + ": " + n + " dated relation" + (n === 1 ? "" : "s");
      bar.setAttribute("data-bin", String(i));
      histogram.appendChild(bar);
    });
    byId("kg-axis-first").textContent = binLabel(first, unit);
    byId("kg-axis-last").textContent = binLabel(last, unit);
    sinceInput.min = untilInput.min = isoDay(lo);
    sinceInput.max = untilInput.max = isoDay(hi);
    var note = datedEvidence.length + " of " + countEvidence() + " relations dated, by " + unit + ".";
    if (coarser) note += " " + coarser + " dated less precisely than a " + unit + " are not drawn (the range still finds them).";
    if (outside) note += " " + outside + " dated far from the others are off the axis (the date fields still find them).";
    byId("kg-time-note").textContent = note;
  }
  function countEvidence() {
    return data.edges.reduce(function (n, e) { return n + (e.evidence || []).length; }, 0);
  }

  function showTimeRange() {
    var r = state.timeRange;
    histogram.classList.toggle("kg-ranged", r !== null);
    Array.prototype.forEach.call(histogram.children, function (bar, i) {
      var b = binRange(timeline.first + i, timeline.unit);
      bar.classList.toggle("kg-in-range", r !== null && b.lo <= r.hi && b.hi >= r.lo);
    });
    sinceInput.value = r && isFinite(r.lo) ? isoDay(r.lo) : "";
    untilInput.value = r && isFinite(r.hi) ? isoDay(r.hi) : "";
    timeStatus.textContent = r === null ? "all dates" : "showing " +
      (isFinite(r.lo) ? isoDay(r.lo) : "\u2026") + " to " + (isFinite(r.hi) ? isoDay(r.hi) : "\u2026");
  }

  // since/until: ISO dates of any precision (or day numbers); null for an open end
  function setTimeRange(since, until, apply) {
    var lo = since === null || since === undefined || since === "" ? -Infinity
      : typeof since === "number" ? since : (dateRange(since) || { lo: -Infinity }).lo;
    var hi = until === null || until === undefined || until === "" ? Infinity
      : typeof until === "number" ? until : (dateRange(until) || { hi: Infinity }).hi;
    // (a "from" after the "to" is kept as it is: it shows nothing until the other end moves)
    state.timeRange = lo === -Infinity && hi === Infinity ? null : { lo: lo, hi: hi };
    showTimeRange();
    if (apply !== false) return applyFilters();
    return null;
  }

  var drag = null;
  function binAt(clientX) {
    var box = histogram.getBoundingClientRect();
    var n = timeline.bins.length;
    return Math.max(0, Math.min(n - 1, Math.floor((clientX - box.left) / box.width * n)));
  }
  function dragRange(a, b) {
    var x = binRange(timeline.first + Math.min(a, b), timeline.unit);
    var y = binRange(timeline.first + Math.max(a, b), timeline.unit);
    return { lo: x.lo, hi: y.hi };
  }
  histogram.addEventListener("pointerdown", function (ev) {
    if (!timeline.bins.length || ev.button !== 0) return;
    ev.preventDefault();
    drag = { from: binAt(ev.clientX) };
    histogram.setPointerCapture(ev.pointerId);
    state.timeRange = dragRange(drag.from, drag.from);
    showTimeRange();
  });
  histogram.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    state.timeRange = dragRange(drag.from, binAt(ev.clientX));
    showTimeRange();
  });
  function endDrag(ev) {
    if (!drag) return;
    var r = dragRange(drag.from, binAt(ev.clientX));
    drag = null;
    setTimeRange(r.lo, r.hi);
  }
  histogram.addEventListener("pointerup", endDrag);
  histogram.addEventListener("pointercancel", function () { drag = null; setTimeRange(null, null); });
  [sinceInput, untilInput].forEach(function (input) {
    input.addEventListener("change", function () { setTimeRange(sinceInput.value, untilInput.value); });
  });
  byId("kg-time-clear").addEventListener("click", function () { setTimeRange(null, null); });

  // ---------------------------------------------------------------- search -----------------

  function findMatches(query) {
    var q = String(query || "").trim().toLowerCase();
    if (!q) return [];
    var found = [];
    data.nodes.forEach(function (n) {
      var score = 99;
      var i;
      for (i = 0; i < n.searchNames.length; i++) if (n.searchNames[i] === q) score = Math.min(score, 0);
      for (i = 0; i < n.aliasNames.length; i++) if (n.aliasNames[i] === q) score = Math.min(score, 1);
      if (score > 1) {
        for (i = 0; i < n.searchNames.length; i++) {
          if (n.searchNames[i].indexOf(q) === 0) score = Math.min(score, 2);
          else if (n.searchNames[i].indexOf(q) > 0) score = Math.min(score, 4);
        }
        for (i = 0; i < n.aliasNames.length; i++) {
          if (n.aliasNames[i].indexOf(q) === 0) score = Math.min(score, 3);
          else if (n.aliasNames[i].indexOf(q) > 0) score = Math.min(score, 5);
        }
      }
      if (score < 99) found.push({ node: n, score: score });
    });
    found.sort(function (a, b) {
      return (a.score - b.score) || (b.node.degree - a.node.degree) ||
        (a.node.label < b.node.label ? -1 : a.node.label > b.node.label ? 1 : 0);
    });
    return found;
  }

  function search(query, exactOnly) {
    var found = findMatches(query);
    if (exactOnly) found = found.filter(function (f) { return f.score <= 1; });
    if (!found.length) {
      if (!exactOnly) searchStatus.textContent = String(query || "").trim() ? "No entity matches \u201c" + String(query).trim() + "\u201d." : "";
      return null;
    }
    var n = found[0].node;
    var shown = selectNode(n.id, { focus: true });
    var msg = found.length > 1 ? found.length + " matches; showing " + n.label + "." : "Showing " + n.label + ".";
    if (!shown) msg = n.label + " is hidden by the filters (Clear filters to see it).";
    searchStatus.textContent = msg;
    return n.id;
  }

  var searchTimer = null;
  searchInput.addEventListener("input", function () {
    if (searchTimer) clearTimeout(searchTimer);
    var q = searchInput.value;
    if (!q.trim()) { searchStatus.textContent = ""; return; }
    searchTimer = setTimeout(function () { searchTimer = null; search(q, true); }, 120);
  });
  // an explicit search (Enter, the button) replaces the one still pending from typing
  function searchNow() {
    if (searchTimer) { clearTimeout(searchTimer); searchTimer = null; }
    search(searchInput.value, false);
  }
  searchInput.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      searchNow();
    }
  });
  byId("kg-search-go").addEventListener("click", searchNow);

  // ---------------------------------------------------------------- start ------------------

  var container = byId("kg-graph");
  var network = new vis.Network(container, { nodes: new vis.DataSet(), edges: new vis.DataSet() }, options);

  var timing = { scriptStart: T0, dataParsed: T_PARSED, networkCreated: null, firstDraw: null,
    stabilized: null, interactive: null };
  var view = {
    network: network, nodes: nodes, edges: edges, data: data, timing: timing, ready: false
  };
  window.kgView = view;

  // ---------------------------------------------------------------- test hook --------------

  view.search = function (q) { return search(q, false); };
  view.findMatches = function (q) { return findMatches(q).map(function (f) { return f.node.id; }); };
  view.selectNode = function (id) { return selectNode(id, { focus: true, animate: false }); };
  view.selectEdge = selectEdge;
  view.clearSelection = clearSelection;
  view.applyFilters = applyFilters;
  view.resetFilters = resetFilters;
  view.state = state;
  view.setTimeRange = function (since, until) { return setTimeRange(since, until); };
  view.timeline = function () {
    return { unit: timeline.unit, bins: timeline.bins.slice(), coarser: timeline.coarser, outside: timeline.outside || 0,
      first: timeline.bins.length ? binLabel(timeline.first, timeline.unit) : null };
  };
  view.nodeIdByLabel = function (label) {
    for (var i = 0; i < data.nodes.length; i++) if (data.nodes[i].label === label) return data.nodes[i].id;
    return null;
  };
  view.visibleNodeIds = function () {
    return data.nodes.filter(function (n) { return !state.nodeHidden.get(n.id); }).map(function (n) { return n.id; });
  };
  view.visibleEdgeIds = function () {
    return data.edges.filter(function (e) { return !state.edgeHidden.get(e.id); }).map(function (e) { return e.id; });
  };

  updateStats(data.nodes.length, data.edges.length);
  buildTimeline();
  showTimeRange();

  function markReady() {
    if (view.ready) return;
    view.ready = true;
    timing.interactive = performance.now();
    document.documentElement.setAttribute("data-kg-ready", "1");
    document.dispatchEvent(new CustomEvent("kg-ready"));
  }

  network.once("afterDrawing", function () {
    timing.firstDraw = performance.now();
    if (!usePhysics) markReady();
  });
  if (usePhysics) {
    network.once("stabilizationIterationsDone", function () {
      timing.stabilized = performance.now();
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", function () { timing.stabilized = performance.now(); });
  }
  network.setData({ nodes: nodes, edges: edges });
  if (!usePhysics) network.fit({ animation: false });
  timing.networkCreated = performance.now();
  if (!data.nodes.length) markReady();

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) selectNode(params.nodes[0]);
    else if (params.edges && params.edges.length) selectEdge(params.edges[0]);
    else clearSelection();
  });
})();
