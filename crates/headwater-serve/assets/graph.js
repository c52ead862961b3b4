// The claim page's provenance graph: fetches /api/claims/{id}/graph and draws it with cytoscape.
// Article text reaches the page only as JSON data: labels are drawn on a canvas, and the legend
// and the details panel are filled with textContent, never with markup built from data.
(function () {
  "use strict";

  var COLORS = {
    document: "#3b6ea8",
    attribution: "#e07b24",
    source: "#2e9a5a",
    work: "#8a55c9",
    root: "#c62828"
  };
  var TYPE_NAMES = {
    document: "document",
    attribution: "statement",
    source: "source",
    work: "cited work"
  };
  // Edge labels only where the colours of the two ends do not already say it.
  var EDGE_NAMES = {
    states: "",
    nests: "nests",
    attributed_to: "",
    cites: "cites",
    via: "via",
    published_as: "is"
  };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function showError(box, message) {
    box.textContent = "";
    box.appendChild(el("p", message, "error"));
  }

  function legend(box) {
    box.textContent = "";
    var types = ["document", "attribution", "source", "work"];
    types.forEach(function (t) {
      var item = el("span", null, "legend-item");
      var swatch = el("span", null, "swatch");
      swatch.style.backgroundColor = COLORS[t];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(TYPE_NAMES[t]));
      box.appendChild(item);
    });
    var root = el("span", null, "legend-item");
    var ring = el("span", null, "swatch swatch-root");
    ring.style.borderColor = COLORS.root;
    root.appendChild(ring);
    root.appendChild(document.createTextNode("root source (★)"));
    box.appendChild(root);
    var chain = el("span", null, "legend-item");
    var dashed = el("span", null, "swatch swatch-chain");
    dashed.style.borderColor = COLORS.attribution;
    chain.appendChild(dashed);
    chain.appendChild(document.createTextNode("statement of a chain, not of the claim"));
    box.appendChild(chain);
  }

  function docHref(doc, att) {
    // A fixed path prefix and encoded parts: data can never become a javascript: URL.
    var href = "/doc/" + encodeURIComponent(doc);
    if (att) href += "#" + encodeURIComponent(att);
    return href;
  }

  function details(box, d) {
    box.textContent = "";
    box.appendChild(el("h3", (TYPE_NAMES[d.type] || d.type) + (d.root ? " · root source" : "")));
    var dl = el("dl");
    function row(name, value) {
      if (value === undefined || value === null || value === "") return;
      dl.appendChild(el("dt", name));
      dl.appendChild(el("dd", value));
    }
    row("text", d.text);
    row("type", d.attribution_type);
    row("cue", d.cue);
    row("source kind", d.source_kind);
    row("entity", d.entity);
    row("work", d.work);
    row("outlet", d.outlet);
    row("date", d.date);
    box.appendChild(dl);
    if (d.document) {
      var a = el("a", d.attribution ? "open the statement in its document" : "open the document");
      a.href = docHref(d.document, d.attribution);
      box.appendChild(a);
    }
  }

  function elements(graph) {
    var out = [];
    graph.nodes.forEach(function (n) {
      var data = {};
      Object.keys(n).forEach(function (k) { data[k] = n[k]; });
      data.display = n.root ? "★ " + n.label : n.label;
      out.push({ group: "nodes", data: data, classes: [n.type, n.root ? "root" : "", n.type === "attribution" && !n.member ? "chain" : ""].join(" ") });
    });
    graph.edges.forEach(function (e) {
      out.push({
        group: "edges",
        data: { id: e.id, source: e.source, target: e.target, type: e.type, display: EDGE_NAMES[e.type] === undefined ? e.type : EDGE_NAMES[e.type] }
      });
    });
    return out;
  }

  function style() {
    return [
      { selector: "node", style: {
        "label": "data(display)", "font-size": 11, "color": "#222",
        "text-wrap": "wrap", "text-max-width": 170, "text-valign": "bottom", "text-margin-y": 3,
        "width": 26, "height": 26, "border-width": 1, "border-color": "#fff"
      } },
      { selector: "node.document", style: { "background-color": COLORS.document, "shape": "round-rectangle", "width": 34 } },
      { selector: "node.attribution", style: { "background-color": COLORS.attribution, "shape": "ellipse" } },
      { selector: "node.attribution.chain", style: { "background-opacity": 0.45, "border-width": 2, "border-style": "dashed", "border-color": COLORS.attribution } },
      { selector: "node.source", style: { "background-color": COLORS.source, "shape": "diamond" } },
      { selector: "node.work", style: { "background-color": COLORS.work, "shape": "hexagon" } },
      { selector: "node.root", style: {
        "border-width": 5, "border-color": COLORS.root, "border-style": "double",
        "width": 38, "height": 38, "font-weight": "bold", "color": COLORS.root
      } },
      { selector: "node:selected", style: { "overlay-color": "#000", "overlay-opacity": 0.15 } },
      { selector: "edge", style: {
        "width": 1.5, "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1",
        "target-arrow-shape": "triangle", "curve-style": "bezier",
        "label": "data(display)", "font-size": 9, "color": "#667", "text-rotation": "autorotate",
        "text-background-color": "#fbfbf8", "text-background-opacity": 1
      } },
      { selector: "edge[type = 'nests']", style: { "line-style": "dashed", "line-color": COLORS.attribution, "target-arrow-color": COLORS.attribution } },
      { selector: "edge[type = 'via']", style: { "line-color": COLORS.root, "target-arrow-color": COLORS.root, "width": 2.5 } },
      { selector: "edge[type = 'cites'], edge[type = 'published_as']", style: { "line-color": COLORS.work, "target-arrow-color": COLORS.work } }
    ];
  }

  function summary(box, graph) {
    var c = graph.claim;
    var text = graph.nodes.length + " nodes, " + graph.edges.length + " edges · " +
      c.independent_sources + " independent source(s)";
    if (graph.omitted_members > 0) text += " · " + graph.omitted_members + " statements not drawn";
    box.textContent = text;
  }

  // Layers run left to right (documents, statements, sources and works, roots), so the nodes of
  // one layer stack vertically and their labels do not collide; the box grows with the
  // largest layer.
  function draw(container, graph) {
    var roots = graph.nodes.filter(function (n) { return n.type === "document"; })
      .map(function (n) { return n.id; });
    var perType = {};
    graph.nodes.forEach(function (n) { perType[n.type] = (perType[n.type] || 0) + 1; });
    var widest = Math.max.apply(null, Object.keys(perType).map(function (k) { return perType[k]; }).concat([1]));
    var height = Math.min(1600, Math.max(420, widest * 48));
    container.style.height = height + "px";
    var width = container.clientWidth || 900;
    var cy = window.cytoscape({
      container: container,
      elements: elements(graph),
      style: style(),
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4
    });
    cy.layout({
      name: "breadthfirst",
      directed: true,
      roots: roots,
      padding: 24,
      animate: false,
      // Laid out top-down in a box with the sides swapped, then turned a quarter.
      boundingBox: { x1: 0, y1: 0, w: height, h: width },
      transform: function (node, pos) { return { x: pos.y, y: pos.x }; }
    }).run();
    cy.fit(undefined, 24);
    return cy;
  }

  function start() {
    var container = document.getElementById("graph");
    if (!container) return;
    var legendBox = document.getElementById("graph-legend");
    var detailBox = document.getElementById("graph-detail");
    var summaryBox = document.getElementById("graph-summary");
    var claim = container.getAttribute("data-claim") || "";
    if (typeof window.cytoscape !== "function") {
      showError(container, "The graph library did not load.");
      return;
    }
    if (legendBox) legend(legendBox);
    fetch("/api/claims/" + encodeURIComponent(claim) + "/graph", { headers: { "Accept": "application/json" } })
      .then(function (res) {
        if (!res.ok) throw new Error("the graph request failed (" + res.status + ")");
        return res.json();
      })
      .then(function (graph) {
        if (!graph || !Array.isArray(graph.nodes) || !Array.isArray(graph.edges)) {
          throw new Error("the graph answer is malformed");
        }
        if (summaryBox) summary(summaryBox, graph);
        var cy = draw(container, graph);
        window.cy = cy;
        cy.on("tap", "node", function (evt) {
          if (detailBox) details(detailBox, evt.target.data());
        });
        cy.on("dbltap", "node", function (evt) {
          var d = evt.target.data();
          if (d.document) window.location.assign(docHref(d.document, d.attribution));
        });
        container.setAttribute("data-rendered", String(cy.nodes().length));
      })
      .catch(function (err) {
        showError(container, "Cannot draw the graph: " + (err && err.message ? err.message : String(err)));
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
