/* Faceted instrument finder (overrides/kc/finder.html, docs/decisions/0005-search.md).
 *
 * The page is complete without this script: every instrument is listed and carries its facet ids as data attributes
 * (data-f-kind="checklist", data-f-theme="diversity sme", ...). This script only
 *   - shows the filter form (real checkboxes in fieldsets with legends) and hides the "needs JavaScript" note,
 *   - hides the items that do not match: AND across facets, OR within a facet,
 *   - updates each option's count (matches on the other facets that have this option) and the live result count,
 *   - keeps the state in the URL query (?kind=checklist&theme=diversity): shareable, restored on reload.
 * No inline code and no style attributes: it runs under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function init(root) {
    var form = root.querySelector("[data-kc-finder-form]");
    var list = root.querySelector("[data-kc-finder-results]");
    var status = root.querySelector("[data-kc-finder-status]");
    var stringsNode = root.querySelector("[data-kc-finder-strings]");
    if (!form || !list || !status) return;
    var strings = stringsNode ? JSON.parse(stringsNode.textContent) : {};
    var total = parseInt(root.getAttribute("data-total"), 10) || 0;
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][data-kc-option]"));
    var facets = [];
    boxes.forEach(function (box) {
      if (facets.indexOf(box.name) < 0) facets.push(box.name);
    });
    var items = Array.prototype.slice.call(list.querySelectorAll(":scope > li"));
    var values = items.map(function (li) {
      var own = {};
      facets.forEach(function (facet) {
        var raw = li.getAttribute("data-f-" + facet) || "";
        own[facet] = raw ? raw.split(" ") : [];
      });
      return own;
    });

    function selection() {
      var selected = {};
      facets.forEach(function (facet) { selected[facet] = []; });
      boxes.forEach(function (box) {
        if (box.checked) selected[box.name].push(box.value);
      });
      return selected;
    }

    function matches(index, selected, skipFacet) {
      for (var i = 0; i < facets.length; i++) {
        var facet = facets[i];
        var wanted = selected[facet];
        if (facet === skipFacet || !wanted.length) continue;
        var own = values[index][facet];
        var hit = false;
        for (var j = 0; j < wanted.length && !hit; j++) hit = own.indexOf(wanted[j]) >= 0;
        if (!hit) return false;
      }
      return true;
    }

    function writeUrl(selected) {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet) { params.delete(facet); });
      facets.forEach(function (facet) {
        selected[facet].forEach(function (value) { params.append(facet, value); });
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
      }
    }

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      boxes.forEach(function (box) {
        box.checked = params.getAll(box.name).indexOf(box.value) >= 0;
      });
    }

    function update() {
      var selected = selection();
      var shown = 0;
      items.forEach(function (li, index) {
        var ok = matches(index, selected, null);
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      boxes.forEach(function (box) {
        var n = 0;
        items.forEach(function (li, index) {
          if (values[index][box.name].indexOf(box.value) >= 0 && matches(index, selected, box.name)) n += 1;
        });
        var count = box.parentNode.querySelector("[data-kc-count]");
        if (count) count.textContent = "(" + n + ")";
        box.parentNode.classList.toggle("kc-finder__option--empty", n === 0 && !box.checked);
      });
      var text;
      if (shown === 0) text = strings.count_none;
      else if (shown === 1) text = fill(strings.count_one, { total: total });
      else text = fill(strings.count, { count: shown, total: total });
      if (text && status.textContent !== text) status.textContent = text;
      writeUrl(selected);
    }

    form.addEventListener("change", function (event) {
      if (event.target && event.target.matches("input[data-kc-option]")) update();
    });
    // The results are already filtered: "show the results" moves the focus (and the view) to them.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var heading = root.querySelector("#kc-finder-results-title");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    });
    var clear = form.querySelector("[data-kc-finder-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; });
        update();
      });
    }
    // Back/forward cache: the browser may restore ticked boxes that no longer match the URL.
    window.addEventListener("pageshow", function () { readUrl(); update(); });

    var note = root.querySelector("[data-kc-finder-nojs]");
    if (note) note.hidden = true;
    form.hidden = false;
    root.classList.add("kc-finder--js");
    readUrl();
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kc-finder]"), init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
