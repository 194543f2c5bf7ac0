/* Faceted instrument finder (overrides/kc/finder.html, docs/decisions/0005-search.md).
 *
 * The page is complete without this script: every instrument is listed and carries its facet ids as data attributes
 * (data-f-kind="checklist", data-f-theme="diversity sme", ...). This script only
 *   - shows the filter form (real checkboxes in fieldsets with legends) and hides the "needs JavaScript" note,
 *   - hides the items that do not match: AND across facets, OR within a facet,
 *   - updates each option's count (matches on the other facets that have this option) and the live result count,
 *   - disables options that would give no result (and are not ticked),
 *   - shows the chosen filters as chips (buttons that remove their filter) and a "show N results" link that stays at
 *     the bottom of the screen on phones,
 *   - opens the facet groups on wide screens and the groups with a ticked option everywhere,
 *   - keeps the state in the URL query (?kind=checklist&theme=diversity): shareable, restored on reload; every change
 *     adds a history entry (pushState), and Back/Forward restore the filters (popstate).
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

    var show = root.querySelector("[data-kc-finder-show]");
    var chips = root.querySelector("[data-kc-finder-chips]");
    var chipList = root.querySelector("[data-kc-finder-chip-list]");
    var chipTemplate = root.querySelector("template[data-kc-chip-template]");
    var groups = Array.prototype.slice.call(form.querySelectorAll("details[data-kc-group]"));

    function labelOf(box) {
      var label = box.parentNode.querySelector("[data-kc-label]");
      var text = label ? label.textContent : box.value;
      return box.name === "sdg" ? box.value + ". " + text : text;
    }

    function renderChips() {
      if (!chips || !chipList || !chipTemplate) return;
      chipList.textContent = "";
      var ticked = boxes.filter(function (box) { return box.checked; });
      ticked.forEach(function (box) {
        var node = chipTemplate.content.firstElementChild.cloneNode(true);
        var button = node.querySelector("[data-kc-chip]");
        node.querySelector("[data-kc-chip-text]").textContent = labelOf(box);
        button.addEventListener("click", function () {
          var next = ticked[ticked.indexOf(box) + 1] || ticked[ticked.indexOf(box) - 1];
          box.checked = false;
          update(true);
          // Keep the keyboard user in the chip row: focus the neighbouring chip, else the results heading.
          var target = next && chipList.querySelector("[data-kc-chip-for='" + next.id + "']");
          (target || root.querySelector("#kc-finder-results-title")).focus();
        });
        button.setAttribute("data-kc-chip-for", box.id);
        chipList.appendChild(node);
      });
      chips.hidden = ticked.length === 0;
    }

    function syncGroups() {
      groups.forEach(function (group) {
        var n = group.querySelectorAll("input[data-kc-option]:checked").length;
        var chosen = group.querySelector("[data-kc-chosen]");
        if (chosen) chosen.textContent = n ? "(" + fill(strings.selected, { count: n }) + ")" : "";
        if (n) group.open = true;
      });
    }

    function writeUrl(selected, push) {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet) { params.delete(facet); });
      facets.forEach(function (facet) {
        selected[facet].forEach(function (value) { params.append(facet, value); });
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        if (push) window.history.pushState({ kcFinder: true }, "", url);
        else window.history.replaceState(window.history.state, "", url);
      }
    }

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      boxes.forEach(function (box) {
        box.checked = params.getAll(box.name).indexOf(box.value) >= 0;
      });
    }

    // push: record the change as a history entry (a reader's own change); false when restoring from the URL.
    function update(push) {
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
        var empty = n === 0 && !box.checked;
        box.parentNode.classList.toggle("kc-finder__option--empty", empty);
        box.disabled = empty;
      });
      var text;
      if (shown === 0) text = strings.count_none;
      else if (shown === 1) text = fill(strings.count_one, { total: total });
      else text = fill(strings.count, { count: shown, total: total });
      if (text && status.textContent !== text) status.textContent = text;
      if (show) {
        var label = shown === 0 ? strings.show_none : shown === 1 ? strings.show_one : fill(strings.show, { count: shown });
        if (show.textContent !== label) show.textContent = label;
      }
      renderChips();
      syncGroups();
      writeUrl(selected, push);
    }

    form.addEventListener("change", function (event) {
      if (event.target && event.target.matches("input[data-kc-option]")) update(true);
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
        update(true);
      });
    }
    // Back/forward cache: the browser may restore ticked boxes that no longer match the URL.
    window.addEventListener("pageshow", function () { readUrl(); update(false); });
    // Back and Forward move between the reader's earlier selections.
    window.addEventListener("popstate", function () { readUrl(); update(false); });
    if (show) {
      show.addEventListener("click", function (event) {
        var heading = root.querySelector("#kc-finder-results-title");
        if (!heading) return;
        event.preventDefault();
        heading.scrollIntoView();
        heading.focus();
      });
    }

    var note = root.querySelector("[data-kc-finder-nojs]");
    if (note) note.hidden = true;
    form.hidden = false;
    root.classList.add("kc-finder--js");
    // Wide screens have room for every group; phones start with the groups closed (the results come sooner).
    var wide = window.matchMedia && window.matchMedia("(min-width: 60em)").matches;
    groups.forEach(function (group) { group.open = !!wide; });
    readUrl();
    update(false);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kc-finder]"), init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
