/* kg graph page script.
 *
 * One script for both kinds of page: a file page holds its whole graph in the JSON block; a
 * live page (kg serve) starts from the part of the graph in its JSON block and fetches more from
 * the server's API (same origin only) as the user searches, opens entities and reads evidence.
 * Both go through the same ingest(), filters, legend, timeline and panel.
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
  var live = meta.live || null;
  var big = !!meta.big;
  var usePhysics = meta.layout === "physics";
  var PHYSICS_MAX = meta.physics_max_nodes || 300;
  var MAX_EVIDENCE = 200;          // evidence items a file page lists at a time
  var LIVE_PAGE = 20;              // evidence items a live page fetches at a time
  var TIP_SENTENCES = 3;
  var LABEL_PX = 13;               // on-screen size of a node label on a big page
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
  function plural(n, one, many) { return n.toLocaleString("en") + " " + (n === 1 ? one : many); }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

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

  // ---------------------------------------------------------------- the graph --------------
  // data.nodes[id] is the node with that id, data.edges[id] the edge; parts of the graph that
  // come later (a live page) are added by ingest() with the next ids.

  var parts = { nodes: data.nodes, edges: data.edges };
  data.nodes = [];
  data.edges = [];
  var nodeById = new Map();
  var nodeByName = new Map();
  var edgeById = new Map();
  var edgeByKey = new Map();
  var incident = new Map();
  var totals = { dated: 0, all: 0 };   // triples (or evidence items) dated, and all

  function prepareNode(n) {
    n.typeKey = n.type === null || n.type === undefined ? "" : n.type;
    n.searchNames = [String(n.label).toLowerCase()];
    if (n.name && n.name.toLowerCase() !== n.searchNames[0]) n.searchNames.push(n.name.toLowerCase());
    n.aliasNames = (n.aliases || []).map(function (a) { return String(a[0]).toLowerCase(); });
    n.rank = Infinity;
  }

  // what the timeline reads of an edge: its dates with their counts (a store's page and a live
  // page carry them apart), else the dates of its evidence
  function prepareEdge(e) {
    e.dated = [];
    var count = 0;
    if (e.dates) {
      e.dates.forEach(function (pair) {
        var r = dateRange(pair[0]);
        if (r) { r.count = +pair[1] || 1; e.dated.push(r); count += r.count; }
      });
      totals.all += e.total || e.count || 0;
    } else {
      (e.evidence || []).forEach(function (ev) {
        var r = ev.date ? dateRange(ev.date) : null;
        if (r) { r.count = 1; ev.range = r; e.dated.push(r); count += 1; }
      });
      totals.all += (e.evidence || []).length;
    }
    totals.dated += count;
  }

  // Add nodes and edges (a page's JSON block, or an answer of the server). An edge's ends are
  // indexes into part.nodes, or names; a node or edge already shown is not added again.
  function ingest(part) {
    var local = [];
    var added = { nodes: [], edges: [] };
    (part.nodes || []).forEach(function (n, i) {
      var id = nodeByName.get(n.name);
      if (id === undefined) {
        id = data.nodes.length;
        n.id = id;
        prepareNode(n);
        data.nodes.push(n);
        nodeById.set(id, n);
        nodeByName.set(n.name, id);
        incident.set(id, []);
        added.nodes.push(n);
      } else if (n.total !== undefined) {
        nodeById.get(id).total = n.total;
      }
      local[i] = id;
    });
    (part.edges || []).forEach(function (e) {
      var from = typeof e.from === "number" ? local[e.from] : nodeByName.get(e.from);
      var to = typeof e.to === "number" ? local[e.to] : nodeByName.get(e.to);
      if (from === undefined || to === undefined) return;
      var key = e.key || String(data.edges.length);
      if (edgeByKey.has(key)) return;
      e.from = from;
      e.to = to;
      e.id = data.edges.length;
      e.key = key;
      prepareEdge(e);
      data.edges.push(e);
      edgeById.set(e.id, e);
      edgeByKey.set(key, e.id);
      incident.get(from).push(e.id);
      if (to !== from) incident.get(to).push(e.id);
      added.edges.push(e);
    });
    return added;
  }

  // ---------------------------------------------------------------- tooltips ---------------

  function evidenceLine(ev) {
    var line = el("div", "kg-tip-line");
    if (ev.doc_id) line.appendChild(docTag(ev.doc_id));
    if (ev.date) line.appendChild(dateTag(ev));
    line.appendChild(document.createTextNode(ev.sentence || ""));
    return line;
  }

  function evidenceTotal(e) { return e.total || (live ? (e.count || 0) : (e.evidence || []).length); }

  function edgeTitle(e) {
    var box = el("div", "kg-tip");
    box.appendChild(el("strong", null, edgeCaption(e)));
    var evidence = e.evidence || [];
    var total = evidenceTotal(e);
    evidence.slice(0, TIP_SENTENCES).forEach(function (ev) { box.appendChild(evidenceLine(ev)); });
    if (total > Math.min(evidence.length, TIP_SENTENCES)) {
      var shown = Math.min(evidence.length, TIP_SENTENCES);
      box.appendChild(el("div", "kg-extra", (shown ? "+" + (total - shown) + " more" : plural(total, "sentence", "sentences")) +
        " (click to read " + (shown ? "all" : "them") + ")"));
    }
    if (!total) box.appendChild(el("div", "kg-extra", "no evidence sentence"));
    return box;
  }

  function nodeTitle(n) {
    var box = el("div", "kg-tip");
    box.appendChild(el("strong", null, n.label));
    var rel = n.total !== undefined ? n.total : n.degree;
    var bits = [n.type || "untyped", plural(rel, "relation", "relations")];
    if (n.mentions) bits.push(plural(n.mentions, "mention", "mentions"));
    box.appendChild(el("div", null, bits.join(" \u00b7 ")));
    if (n.aliases && n.aliases.length) {
      box.appendChild(el("div", "kg-extra", "also: " + n.aliases.slice(0, 5).map(function (a) { return a[0]; }).join(", ")));
    }
    if (live) box.appendChild(el("div", "kg-extra", "click to add its neighbours"));
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

  // Labels of a big page: the most connected nodes carry theirs at the first zoom, more as one
  // zooms in (about as many on the screen at any zoom), none over another; a label not shown
  // has a font below vis-network's drawThreshold, so it is not drawn.
  var labels = { base: null, limit: Infinity, size: 14, per: 30, chosen: null };
  function labelShown(n) {
    if (!big) return true;
    if (state.dimmedNodes.size && !state.dimmedNodes.has(n.id)) return true;  // a selection's own
    return labels.chosen === null ? n.rank < labels.limit : labels.chosen.has(n.id);
  }
  function nodeFont(n) {
    var size = big ? (labelShown(n) ? labels.size : 1) : 14;
    return { color: NODE_FONT_COLOR, size: size, strokeWidth: 3, strokeColor: "#ffffff" };
  }

  function edgeColor(e) {
    return { color: e.color, highlight: e.color, hover: e.color, inherit: false, opacity: 1 };
  }

  var sizeScale = { max: 1 };
  function nodeSize(n) {
    if (n.total === undefined) return n.size;
    return Math.round((8 + 30 * Math.sqrt(Math.min(1, n.total / sizeScale.max))) * 100) / 100;
  }
  var widthScale = { max: 1 };
  function edgeWidth(e) {
    if (!live) return e.width;
    var spread = meta.view === "interactions" ? 7 : 3;
    return Math.round((1 + spread * Math.sqrt(Math.min(1, Math.max(e.weight, 0) / widthScale.max))) * 100) / 100;
  }

  function visNode(n) {
    var item = { id: n.id, label: n.label, size: nodeSize(n), color: nodeColor(n), font: nodeFont(n), title: nodeTitle(n) };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    n.fontSize = item.font.size;
    return item;
  }
  function visEdge(e) {
    var item = { id: e.id, from: e.from, to: e.to, label: e.label || undefined, width: edgeWidth(e),
      color: edgeColor(e), title: edgeTitle(e), dashes: e.kind === "affiliation" ? [2, 5] : !!e.negated };
    if (e.smooth) item.smooth = e.smooth; else item.smooth = { enabled: false };
    return item;
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

  var byRank = [];
  var first = ingest(parts);
  parts = null;
  if (live) {
    first.nodes.forEach(function (n) { if (n.total !== undefined) sizeScale.max = Math.max(sizeScale.max, n.total); });
    first.edges.forEach(function (e) { widthScale.max = Math.max(widthScale.max, e.weight || 1); });
  }
  rankLabels();
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  data.nodes.forEach(function (n) { state.nodeHidden.set(n.id, false); });
  data.edges.forEach(function (e) { state.edgeHidden.set(e.id, false); });

  // the most connected first (in the whole store on a live page), then by mentions and name
  function rankLabels() {
    byRank = data.nodes.slice().sort(function (a, b) {
      var da = a.total !== undefined ? a.total : a.degree, db = b.total !== undefined ? b.total : b.degree;
      return (db - da) || ((b.mentions || 0) - (a.mentions || 0)) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    });
    byRank.forEach(function (n, i) { n.rank = i; });
  }

  // ---------------------------------------------------------------- network ----------------

  function bigOptions() {
    return {
      nodes: { scaling: { label: { enabled: false, drawThreshold: big ? 8 : 5 } } },
      edges: { scaling: { label: { enabled: false, drawThreshold: big ? 7 : 5 } } },
      interaction: { hover: !big, hideEdgesOnDrag: big, hideEdgesOnZoom: big }
    };
  }
  var options = {
    autoResize: true,
    nodes: {
      shape: "dot",
      borderWidth: 1,
      borderWidthSelected: 3,
      scaling: bigOptions().nodes.scaling
    },
    edges: {
      arrows: { to: { enabled: !!meta.directed, scaleFactor: 0.5 } },
      font: EDGE_FONT,
      scaling: bigOptions().edges.scaling,
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
  function byCount(counts) {
    return function (a, b) { return (counts.get(b) - counts.get(a)) || (a < b ? -1 : a > b ? 1 : 0); };
  }

  // The type boxes, relation and class lists, weight range, names and legend follow the graph
  // as it grows; what the user chose stays chosen.
  var typeBoxes = [];
  var typeSeen = new Map();   // type -> {box, count element}
  function refreshTypes() {
    var counts = new Map(), colors = new Map();
    data.nodes.forEach(function (n) {
      counts.set(n.typeKey, (counts.get(n.typeKey) || 0) + 1);
      if (!colors.has(n.typeKey)) colors.set(n.typeKey, n.color);
    });
    var order = Array.from(counts.keys()).sort(byCount(counts));
    clear(typeList);
    order.forEach(function (key) {
      var seen = typeSeen.get(key);
      if (!seen) {
        var label = el("label");
        var box = el("input");
        box.type = "checkbox";
        box.checked = true;
        box.value = key;
        box.setAttribute("data-type", key);
        box.addEventListener("change", function () { applyFilters(); });
        typeBoxes.push(box);
        var swatch = el("span", "kg-swatch");
        swatch.style.background = colors.get(key);
        label.appendChild(box);
        label.appendChild(swatch);
        label.appendChild(el("span", null, typeDisplay(key)));
        var count = el("span", "kg-count");
        label.appendChild(count);
        seen = { label: label, count: count };
        typeSeen.set(key, seen);
      }
      seen.count.textContent = String(counts.get(key));
      typeList.appendChild(seen.label);
    });
    if (!order.length) typeList.appendChild(el("div", "kg-note", "no entities"));
  }

  function fillSelect(select, counts, fixed) {
    var chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    var names = fixed ? fixed.slice() : [];
    Array.from(counts.keys()).sort(byCount(counts)).forEach(function (name) {
      if (names.indexOf(name) < 0) names.push(name);
    });
    names.forEach(function (name) {
      var opt = el("option", null, name + " (" + (counts.get(name) || 0) + ")");
      opt.value = name;
      select.appendChild(opt);
    });
    select.value = names.indexOf(chosen) >= 0 ? chosen : "";
  }
  function refreshLists() {
    var relationCounts = new Map(), classCounts = new Map();
    data.edges.forEach(function (e) {
      Object.keys(e.relations || {}).forEach(function (r) { relationCounts.set(r, (relationCounts.get(r) || 0) + 1); });
      Object.keys(e.classes || {}).forEach(function (c) { classCounts.set(c, (classCounts.get(c) || 0) + 1); });
    });
    fillSelect(relationSelect, relationCounts, null);
    fillSelect(classSelect, classCounts, data.classes);
  }
  relationSelect.addEventListener("change", function () { applyFilters(); });
  memberBox.addEventListener("change", function () { applyFilters(); });
  classSelect.addEventListener("change", function () { applyFilters(); });

  var weightFloor = 0;
  function refreshWeights() {
    var weights = data.edges.map(function (e) { return e.weight; });
    var minW = weights.reduce(function (a, b) { return Math.min(a, b); }, Infinity);
    var maxW = weights.reduce(function (a, b) { return Math.max(a, b); }, -Infinity);
    if (!isFinite(minW)) minW = 0;
    if (!isFinite(maxW)) maxW = minW;
    var chosen = parseFloat(minWeightInput.value);
    var untouched = !isFinite(chosen) || chosen <= weightFloor;
    weightFloor = minW;
    var integral = weights.every(function (w) { return Number.isInteger(w); });
    [minWeightInput, minWeightRange].forEach(function (input) {
      input.min = String(weightFloor);
      input.max = String(Math.max(maxW, weightFloor));
      input.step = integral ? "1" : "any";
      if (untouched) input.value = String(weightFloor);
    });
    minWeightRange.step = integral ? "1" : String((maxW - weightFloor) / 100 || 1);
  }
  minWeightInput.addEventListener("input", function () {
    if (minWeightInput.value !== "") minWeightRange.value = minWeightInput.value;
    applyFilters();
  });
  minWeightRange.addEventListener("input", function () {
    minWeightInput.value = minWeightRange.value;
    applyFilters();
  });
  byId("kg-reset").addEventListener("click", function () { resetFilters(); });

  // the names the search box offers: a file page's own; a live page's come from the server
  var names = byId("kg-names");
  function refreshNames() {
    if (live) return;
    clear(names);
    var seenNames = new Set();
    data.nodes.slice().sort(function (a, b) { return b.degree - a.degree; }).forEach(function (n) {
      if (seenNames.has(n.label)) return;
      seenNames.add(n.label);
      var opt = el("option");
      opt.value = n.label;
      names.appendChild(opt);
    });
  }

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
  var liMember = null;
  function refreshLegend() {
    if (liMember || !data.edges.some(function (e) { return e.kind === "affiliation"; })) return;
    liMember = el("li");
    var dots = el("span", "kg-swatch kg-line");
    dots.style.background = "repeating-linear-gradient(90deg," + data.edge_colors.membership + " 0 2px,transparent 2px 6px)";
    liMember.appendChild(dots);
    liMember.appendChild(el("span", null, "member of (membership, not an act)"));
    liMember.setAttribute("data-edge", "membership");
    legend.insertBefore(liMember, negLegend);
  }
  var negLegend = null;
  if (meta.view !== "interactions") {
    negLegend = el("li");
    var dash = el("span", "kg-swatch kg-line");
    dash.style.background = "repeating-linear-gradient(90deg,#8c96a3 0 4px,transparent 4px 7px)";
    negLegend.appendChild(dash);
    negLegend.appendChild(el("span", null, "negated (\u201cnot \u2026\u201d)"));
    legend.appendChild(negLegend);
  }
  var noteLines = (meta.notes || []).slice();
  if (meta.dropped_nodes) {
    noteLines.push(meta.dropped_nodes + " less connected entit" +
      (meta.dropped_nodes === 1 ? "y" : "ies") + " and " + meta.dropped_edges + " relation" +
      (meta.dropped_edges === 1 ? "" : "s") + " left out (max_nodes).");
  }
  if (live) noteLines.push("Click an entity to add its neighbours from " + (live.store || "the store") + "; search finds any entity of it.");
  byId("kg-dropped").textContent = noteLines.join(" ");

  function refreshControls() {
    refreshTypes();
    refreshLists();
    refreshWeights();
    refreshNames();
    refreshLegend();
    buildTimeline();
    showTimeRange();
  }

  // ---------------------------------------------------------------- filters ----------------

  function currentFilters() {
    var types = new Set();
    typeBoxes.forEach(function (b) { if (b.checked) types.add(b.value); });
    var w = parseFloat(minWeightInput.value);
    return { types: types, relation: relationSelect.value, cls: classSelect.value,
      minWeight: isFinite(w) ? w : weightFloor, time: state.timeRange, members: memberBox.checked };
  }

  function edgeInRange(e, range) {
    for (var i = 0; i < e.dated.length; i++) {
      var r = e.dated[i];
      if (r.lo <= range.hi && r.hi >= range.lo) return true;
    }
    return false;
  }

  function applyFilters(opts) {
    opts = opts || {};
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
        (f.relation === "" || has(e.relations || {}, f.relation)) &&
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
    if (big && nodeUpdates.length) updateLabels(true);  // (what is hidden leaves room to others' labels)
    // bring what is still shown into view
    if (opts.fit !== false && nodeUpdates.length && shownNodes > 0) {
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
    setTimeRange(null, null, false);
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
    var before = state.dimmedNodes.size;
    data.nodes.forEach(function (n) {
      var dim = !keepNodes.has(n.id);
      if (dim === state.dimmedNodes.has(n.id)) return;
      if (dim) {
        state.dimmedNodes.add(n.id);
      } else {
        state.dimmedNodes.delete(n.id);
      }
    });
    data.nodes.forEach(function (n) {
      var dim = state.dimmedNodes.has(n.id);
      if (dim) {
        if (n.dimmed) return;
        n.dimmed = true;
        var f = nodeFont(n);
        f.color = DIM_FONT_COLOR;
        f.strokeWidth = 0;
        if (big) f.size = 1;  // below drawThreshold: not drawn at all
        n.fontSize = f.size;
        nodeUpdates.push({ id: n.id, color: DIM_NODE, font: f });
      } else if (n.dimmed || (big && (before === 0) !== (state.dimmedNodes.size === 0))) {
        // (on a big page, a selection shows the labels of its own nodes)
        n.dimmed = false;
        var font = nodeFont(n);
        n.fontSize = font.size;
        nodeUpdates.push({ id: n.id, color: nodeColor(n), font: font });
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

  // ---------------------------------------------------------------- labels by zoom ----------

  function updateLabels(force) {
    if (!big || labels.base === null) return;
    var scale = network.getScale();
    var step = Math.pow(1.2, Math.round(Math.log(scale) / Math.log(1.2)));
    // (by steps of the zoom, so that labels change at a few zooms only, all at once; from the
    // natural size on, every label that finds room)
    var limit = scale >= 1 ? Infinity : Math.max(labels.per, Math.floor(labels.per * Math.pow(step / labels.base, 2)));
    var size = Math.max(14, Math.round(LABEL_PX / step));
    if (!force && limit === labels.limit && size === labels.size) return;
    labels.limit = limit;
    labels.size = size;
    labels.chosen = chooseLabels(limit, scale);
    var updates = [];
    data.nodes.forEach(function (n) {
      if (n.dimmed) return;
      var font = nodeFont(n);
      if (font.size !== n.fontSize) {
        n.fontSize = font.size;
        updates.push({ id: n.id, font: font });
      }
    });
    if (updates.length) nodes.update(updates);
  }
  // Of the nodes shown, by rank, those whose label (a box under the node, as wide as its text)
  // overlaps no label chosen before; a grid of cells finds the neighbours.
  function chooseLabels(limit, scale) {
    var chosen = new Set();
    var positions = network.getPositions();
    var cell = 120 / scale;
    var grid = new Map();
    for (var i = 0; i < byRank.length && byRank[i].rank < limit; i++) {
      var n = byRank[i];
      var p = positions[n.id];
      if (!p || state.nodeHidden.get(n.id)) continue;
      // (in canvas units: a character is about 0.6 of the font size wide)
      var half = (String(n.label).length * 0.6 * labels.size + 8 / scale) / 2;
      var top = p.y + nodeSize(n);
      var box = [p.x - half, top, p.x + half, top + 1.3 * labels.size];
      var cells = [];
      for (var cx = Math.floor(box[0] / cell); cx <= Math.floor(box[2] / cell); cx++) {
        for (var cy = Math.floor(box[1] / cell); cy <= Math.floor(box[3] / cell); cy++) cells.push(cx + "," + cy);
      }
      var clash = cells.some(function (c) {
        return (grid.get(c) || []).some(function (b) { return b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3]; });
      });
      if (clash) continue;
      cells.forEach(function (c) { if (!grid.has(c)) grid.set(c, []); grid.get(c).push(box); });
      chosen.add(n.id);
    }
    return chosen;
  }
  var labelFrame = null;
  function scheduleLabels() {
    if (labelFrame !== null) return;
    labelFrame = requestAnimationFrame(function () { labelFrame = null; updateLabels(); });
  }
  function startLabels() {
    if (!big) return;
    var box = byId("kg-graph");
    labels.per = Math.max(12, Math.round(box.clientWidth * box.clientHeight / 20000));
    labels.base = network.getScale();
    updateLabels(true);
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

  function evidenceItem(item, withRelation) {
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
    return li;
  }

  // An evidence list that shows a page of items and a button for the next one. ``source``:
  // {total, items} (what the page holds), or {fetch: function (offset, limit) -> Promise of
  // {total, items}} (a live page asks the server).
  function evidenceList(source, withRelation) {
    var box = el("div", "kg-evidence-box");
    var heading = el("h3", null, "Evidence");
    box.appendChild(heading);
    var ul = el("ul", "kg-evidence");
    box.appendChild(ul);
    var more = el("button", "kg-more", "");
    more.type = "button";
    more.hidden = true;
    box.appendChild(more);
    var note = el("p", "kg-note", "");
    box.appendChild(note);
    var shown = 0;
    var total = null;
    function show(items) {
      items.forEach(function (item) { ul.appendChild(evidenceItem(item, withRelation)); });
      shown += items.length;
      heading.textContent = "Evidence (" + (total !== null && total !== shown ? shown + " of " + total : String(shown)) + ")";
      var left = (total || 0) - shown;
      var step = source.fetch ? LIVE_PAGE : MAX_EVIDENCE;
      var available = source.fetch ? left : Math.max(0, (source.items || []).length - shown);
      more.hidden = available <= 0;
      more.textContent = "Show " + Math.min(step, available) + " more";
      note.textContent = !shown && !left ? "No evidence sentence recorded."
        : !source.fetch && left > available ? (left - available).toLocaleString("en") +
          " more in the store than this page holds: kg query or kg serve reads them all." : "";
      box.setAttribute("data-shown", String(shown));
    }
    function next() {
      more.disabled = true;
      if (!source.fetch) {
        total = source.total;
        show(source.items.slice(shown, shown + MAX_EVIDENCE));
        more.disabled = false;
        return Promise.resolve();
      }
      heading.textContent = "Evidence (loading\u2026)";
      return source.fetch(shown, LIVE_PAGE).then(function (page) {
        total = page.total;
        show(page.items);
      }, function (err) {
        note.textContent = "Could not read the evidence: " + err.message;
      }).then(function () { more.disabled = false; });
    }
    more.addEventListener("click", next);
    box.loaded = next();
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
    var total = 0;
    (n.evidence || []).forEach(function (ev) {
      var key = ev.doc_id + "\u0000" + ev.start + "\u0000" + ev.sentence;
      if (seen.has(key)) return;
      seen.add(key);
      items.push({ ev: ev, edge: null });
      total++;
    });
    incident.get(n.id).forEach(function (eid) {
      var e = edgeById.get(eid);
      total += Math.max(0, (e.total || 0) - (e.evidence || []).length);
      (e.evidence || []).forEach(function (ev) {
        var key = ev.doc_id + "\u0000" + ev.start + "\u0000" + ev.sentence;
        if (seen.has(key)) return;
        seen.add(key);
        items.push({ ev: ev, edge: e });
        total++;
      });
    });
    items.sort(function (a, b) {
      var da = String(a.ev.doc_id || ""), db = String(b.ev.doc_id || "");
      if (da !== db) return da < db ? -1 : 1;
      return (a.ev.start || 0) - (b.ev.start || 0);
    });
    return { items: items, total: total };
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
    var ids = incident.get(id);
    var relations = n.total !== undefined && n.total !== ids.length
      ? ids.length + " shown of " + n.total.toLocaleString("en") : String(n.degree !== undefined && !live ? n.degree : ids.length);
    panelBody.appendChild(addFacts([
      ["Type", n.type || "untyped"],
      ["Mentions", n.mentions ? String(n.mentions) : ""],
      ["Relations", relations],
      ["Aliases", (n.aliases || []).map(function (a) { return a[0] + " \u00d7" + a[1]; }).join(", ")],
      ["Titles", (n.titles || []).join("; ")],
      ["Member of", memberships(id, true).join(", ") || n.affiliation || ""],
      ["Members", memberships(id, false).join(", ")],
      ["Documents", (n.docs || []).map(docName).join(", ") + (n.docs && n.docs.length && n.docs_more ? ", \u2026" : "")]
    ]));
    if (live) panelBody.appendChild(neighbourBox(n));
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
    if (live) {
      panelBody.appendChild(evidenceList({ fetch: function (offset, limit) {
        return fetchEvidence({ name: n.name }, offset, limit, null);
      } }, true));
    } else {
      var found = nodeEvidence(n);
      panelBody.appendChild(evidenceList({ items: found.items, total: found.total }, true));
    }
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
    if (live) {
      var ask = { source: a.name, target: b.name };
      if (meta.view === "relations") ask.label = e.label;
      else if (e.kind === "affiliation") ask.label = "member of";
      panelBody.appendChild(evidenceList({ fetch: function (offset, limit) {
        return fetchEvidence(ask, offset, limit, e);
      } }, false));
    } else {
      panelBody.appendChild(evidenceList({ items: (e.evidence || []).map(function (ev) { return { ev: ev, edge: e }; }),
        total: e.total || (e.evidence || []).length }, false));
    }
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
  // A histogram of the dated relations under the graph; dragging across it (or the two date
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

  function allDated() {
    var out = [];
    data.edges.forEach(function (e) { for (var i = 0; i < e.dated.length; i++) out.push(e.dated[i]); });
    return out;
  }

  function buildTimeline() {
    var dated = allDated();
    clear(histogram);
    timeline = { unit: null, bins: [], coarser: 0 };
    var disabled = !dated.length;
    histogram.hidden = disabled;
    [sinceInput, untilInput, byId("kg-time-clear")].forEach(function (x) { x.disabled = disabled; });
    if (disabled) {
      byId("kg-time-note").textContent = "No relation in this graph has a date.";
      byId("kg-axis-first").textContent = byId("kg-axis-last").textContent = "";
      return;
    }
    // The axis spans the dates finer than a year ("in 2003" alone would stretch it), and of
    // many, leaves out the far outliers (beyond three interquartile ranges): a story's "born
    // on 24 February 1955" would squeeze decades of news into a few bars. What falls outside
    // is not drawn but is found by a range.
    function extent(items) {
      var los = [], n = 0;
      items.forEach(function (r) { los.push([r.lo, r.count]); n += r.count; });
      los.sort(function (a, b) { return a[0] - b[0]; });
      function quantile(q) {
        var want = q * n, acc = 0;
        for (var i = 0; i < los.length; i++) { acc += los[i][1]; if (acc > want) return los[i][0]; }
        return los[los.length - 1][0];
      }
      var lo = los[0][0], hi = -Infinity;
      var fenceLo = -Infinity, fenceHi = Infinity;
      if (n >= 20) {
        var q1 = quantile(0.25), q3 = quantile(0.75);
        var iqr = Math.max(q3 - q1, 7);
        fenceLo = q1 - 3 * iqr;
        fenceHi = q3 + 3 * iqr;
        lo = Infinity;
      }
      items.forEach(function (r) {
        if (r.lo < fenceLo || r.lo > fenceHi) return;
        lo = Math.min(lo, r.lo);
        hi = Math.max(hi, r.hi);
      });
      return { lo: lo, hi: hi };
    }
    var fine = dated.filter(function (r) { return r.precision !== "year"; });
    var box = extent(fine.length ? fine : dated);
    var span = box.hi - box.lo + 1;
    var unit = span <= 62 ? "day" : span <= 731 ? "week" : span <= 366 * 40 ? "month" : "year";
    if (unit === "year") box = extent(dated);
    var lo = box.lo, hi = box.hi;
    var first = binOf(lo, unit), last = binOf(hi, unit);
    var counts = new Array(last - first + 1).fill(0);
    var coarser = 0, outside = 0;
    dated.forEach(function (r) {
      if (FINER[unit].indexOf(r.precision) < 0) { coarser += r.count; return; }
      var k = binOf(r.lo, unit) - first;
      if (k < 0 || k >= counts.length) { outside += r.count; return; }
      counts[k] += r.count;
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
    var note = totals.dated + " of " + totals.all + " relations dated, by " + unit + ".";
    if (coarser) note += " " + coarser + " dated less precisely than a " + unit + " are not drawn (the range still finds them).";
    if (outside) note += " " + outside + " dated far from the others are off the axis (the date fields still find them).";
    byId("kg-time-note").textContent = note;
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
    var before = JSON.stringify(state.timeRange);
    state.timeRange = lo === -Infinity && hi === Infinity ? null : { lo: lo, hi: hi };
    showTimeRange();
    if (live && before !== JSON.stringify(state.timeRange) && state.selected) {
      // the evidence listed comes from the server for the new range
      if (state.selected.kind === "node") showNode(state.selected.id); else showEdge(state.selected.id);
    }
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

  // ---------------------------------------------------------------- the server (live) ------
  // Requests go to the page's own origin only (its Content-Security-Policy allows nothing
  // else); every answer is JSON, and what it holds is shown as text.

  var pending = 0;
  function api(path, params) {
    var query = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v === null || v === undefined || v === "") return;
      (Array.isArray(v) ? v : [v]).forEach(function (x) { query.append(k, String(x)); });
    });
    var r = state.timeRange;
    if (r && isFinite(r.lo)) query.set("since", isoDay(r.lo));
    if (r && isFinite(r.hi)) query.set("until", isoDay(r.hi));
    pending++;
    return fetch(live.api + path + "?" + query.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body && body.error ? body.error : "HTTP " + response.status);
          return body;
        });
      })
      .finally(function () { pending--; });
  }

  function fetchEvidence(ask, offset, limit, edge) {
    var params = { offset: offset, limit: limit };
    Object.keys(ask).forEach(function (k) { params[k] = ask[k]; });
    return api("evidence", params).then(function (page) {
      Object.keys(page.docs || {}).forEach(function (d) { data.docs[d] = page.docs[d]; });
      return { total: page.total, items: page.items.map(function (ev) { return { ev: ev, edge: edge }; }) };
    });
  }

  // the names of the nodes shown, most connected first, as many as a request line holds
  function knownNames() {
    var out = [], length = 0;
    data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; }).forEach(function (n) {
      length += encodeURIComponent(n.name).length + 7;
      if (length < 40000) out.push(n.name);
    });
    return out;
  }

  var opened = new Map();   // name -> {offset, total} of the neighbours added
  function expand(name, more) {
    var seen = opened.get(name);
    if (seen && !more) return Promise.resolve(nodeByName.get(name));
    var offset = seen ? seen.offset : 0;
    return api("neighbors", { name: name, limit: live.neighbors || 50, offset: offset, known: knownNames() }).then(function (answer) {
      var st = opened.get(answer.name) || { offset: 0, total: 0 };
      st.offset = offset + answer.neighbors.length;
      st.total = answer.total;
      opened.set(answer.name, st);
      if (answer.name !== name) opened.set(name, st);
      var anchorId = nodeByName.get(answer.name);
      var added = ingest(answer);
      addToView(added, anchorId, answer.name);
      return nodeByName.get(answer.name);
    });
  }

  // new nodes go on a ring around the one they were opened from (or the middle of the view)
  function addToView(added, anchorId, center) {
    if (!added.nodes.length && !added.edges.length) return;
    var at = anchorId !== undefined ? network.getPosition(anchorId) : network.getViewPosition();
    var ring = added.nodes.filter(function (n) { return n.name !== center; });
    var radius = 90 + 14 * Math.sqrt(ring.length) * 4;
    added.nodes.forEach(function (n) {
      if (n.name === center) { n.x = at.x; n.y = at.y; return; }
      var k = ring.indexOf(n);
      var angle = 2 * Math.PI * k / Math.max(ring.length, 1) + 0.3;
      var r = radius * (1 + 0.25 * (k % 3));
      n.x = Math.round(at.x + r * Math.cos(angle));
      n.y = Math.round(at.y + r * Math.sin(angle));
    });
    added.nodes.forEach(function (n) { state.nodeHidden.set(n.id, false); });
    added.edges.forEach(function (e) { state.edgeHidden.set(e.id, false); });
    if (!big && data.nodes.length > PHYSICS_MAX) {
      big = true;
      network.setOptions(bigOptions());
      startLabels();
    }
    rankLabels();
    nodes.add(added.nodes.map(visNode));
    edges.add(added.edges.map(visEdge));
    if (big) updateLabels(true);
    refreshControls();
    applyFilters({ fit: false });
  }

  function neighbourBox(n) {
    var box = el("div", "kg-neighbours");
    var st = opened.get(n.name);
    var text = el("span", "kg-note", st ? "Neighbours added: " + st.offset.toLocaleString("en") + " of " + st.total.toLocaleString("en") + "." : "");
    box.appendChild(text);
    if (!st || st.offset < st.total) {
      var b = el("button", "kg-more", st ? "Add " + Math.min(live.neighbors || 50, st.total - st.offset) + " more" : "Add its neighbours");
      b.type = "button";
      b.addEventListener("click", function () {
        b.disabled = true;
        expand(n.name, true).then(function () {
          if (state.selected && state.selected.kind === "node" && state.selected.id === n.id) selectNode(n.id);
        },
          function (err) { text.textContent = "Could not add the neighbours: " + err.message; b.disabled = false; });
      });
      box.appendChild(b);
    }
    return box;
  }

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

  // a live page asks the server: any entity, alias or title of the store
  var asked = 0;
  function suggest(query) {
    var q = String(query || "").trim();
    var mine = ++asked;
    return api("search", { q: q, limit: 12 }).then(function (answer) {
      if (mine !== asked) return null;
      clear(names);
      answer.results.forEach(function (hit) {
        var opt = el("option");
        opt.value = hit.name;
        opt.label = hit.name + " \u00b7 " + (hit.type || "untyped") + " \u00b7 " + plural(hit.degree, "relation", "relations");
        names.appendChild(opt);
      });
      return answer.results;
    });
  }
  function searchLive(query) {
    var q = String(query || "").trim();
    if (!q) { searchStatus.textContent = ""; return Promise.resolve(null); }
    searchStatus.textContent = "Searching\u2026";
    return suggest(q).then(function (results) {
      if (results === null) return null;
      if (!results.length) {
        searchStatus.textContent = "No entity matches \u201c" + q + "\u201d in " + (live.store || "the store") + ".";
        return null;
      }
      var hit = results[0];
      return expand(hit.name, false).then(function (id) {
        if (id === undefined) { searchStatus.textContent = hit.name + " has no relation to show."; return null; }
        var shown = selectNode(id, { focus: true });
        var n = nodeById.get(id);
        var msg = (results.length > 1 ? results.length + (results.length === 12 ? "+" : "") + " matches; showing " : "Showing ") + n.label + ".";
        if (!shown) msg = n.label + " is hidden by the filters (Clear filters to see it).";
        searchStatus.textContent = msg;
        return id;
      });
    }, function (err) {
      searchStatus.textContent = "Search failed: " + err.message;
      return null;
    });
  }

  var searchTimer = null;
  searchInput.addEventListener("input", function () {
    if (searchTimer) clearTimeout(searchTimer);
    var q = searchInput.value;
    if (!q.trim()) { searchStatus.textContent = ""; return; }
    searchTimer = setTimeout(function () {
      searchTimer = null;
      if (live) suggest(q).catch(function () { return null; }); else search(q, true);
    }, live ? 200 : 120);
  });
  // an explicit search (Enter, the button) replaces the one still pending from typing
  function searchNow() {
    if (searchTimer) { clearTimeout(searchTimer); searchTimer = null; }
    if (live) searchLive(searchInput.value); else search(searchInput.value, false);
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
    network: network, nodes: nodes, edges: edges, data: data, timing: timing, ready: false, live: !!live
  };
  window.kgView = view;

  // ---------------------------------------------------------------- test hook --------------

  view.search = function (q) { return live ? searchLive(q) : search(q, false); };
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
  // the labels drawn at the present zoom (a big page shows the most connected first)
  view.labelledNodeIds = function () {
    return data.nodes.filter(function (n) { return !state.nodeHidden.get(n.id) && n.fontSize * network.getScale() >= 7; })
      .map(function (n) { return n.id; });
  };
  view.zoom = function (scale) { network.moveTo({ scale: scale, animation: false }); updateLabels(); return network.getScale(); };
  view.busy = function () { return pending > 0; };
  view.expand = function (name) { return expand(name, true); };

  updateStats(data.nodes.length, data.edges.length);
  refreshControls();

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
  startLabels();
  // (a zoom by the wheel, a focus or a fit: whatever changed the scale, once drawn)
  var drawnScale = null;
  network.on("afterDrawing", function () {
    var scale = network.getScale();
    if (scale !== drawnScale) { drawnScale = scale; scheduleLabels(); }
  });
  timing.networkCreated = performance.now();
  if (!data.nodes.length) markReady();

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) {
      var id = params.nodes[0];
      selectNode(id);
      if (live) {
        var n = nodeById.get(id);
        expand(n.name, false).then(function () {
          if (state.selected && state.selected.kind === "node" && state.selected.id === id) selectNode(id);
        }, function (err) { searchStatus.textContent = "Could not add the neighbours of " + n.label + ": " + err.message; });
      }
    } else if (params.edges && params.edges.length) selectEdge(params.edges[0]);
    else clearSelection();
  });
})();
