/* Search page (overrides/kc/search.html, docs/decisions/0005-search.md).
 *
 * Loads Pagefind's JS API (pagefind/pagefind.js, built by hooks/discovery.py once every language is built). Pagefind
 * reads <html lang> and loads only that language's index, so Dutch pages search Dutch pages and English pages
 * English ones. The query is kept in the URL (?q=...): the header search box of every page submits to this page, and
 * a result list can be shared or reloaded. Results are an ordered list of links; the count is announced in a live
 * region; "show more" moves focus to the first new result. No inline code, no style attributes (strict CSP; Pagefind
 * needs 'wasm-unsafe-eval' for its WebAssembly).
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function init(root) {
    var form = root.querySelector("[data-kc-search-form]");
    var input = root.querySelector("[data-kc-search-input]");
    var status = root.querySelector("[data-kc-search-status]");
    var list = root.querySelector("[data-kc-search-results]");
    var more = root.querySelector("[data-kc-search-more]");
    var note = root.querySelector("[data-kc-search-nojs]");
    var strings = JSON.parse(root.querySelector("[data-kc-search-strings]").textContent);
    var siteRoot = new URL(root.getAttribute("data-kc-site-root") || "./", window.location.href);
    var bundle = new URL(root.getAttribute("data-kc-pagefind"), window.location.href).href;
    var pagefind = null;
    var results = [];
    var shown = 0;
    var generation = 0;
    if (note) note.hidden = true;

    function load() {
      if (!pagefind) {
        pagefind = import(bundle).then(function (module) {
          return Promise.resolve(module.options ? module.options({ baseUrl: siteRoot.pathname }) : null)
            .then(function () { return module.init ? module.init() : null; })
            .then(function () { return module; });
        });
      }
      return pagefind;
    }

    function setStatus(text) {
      if (status.textContent !== text) status.textContent = text;
    }

    function render(from, to, focusFirst) {
      var batch = results.slice(from, to);
      return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
        var first = null;
        pages.forEach(function (page) {
          var li = document.createElement("li");
          li.className = "kc-search__result";
          var heading = document.createElement("h2");
          heading.className = "kc-search__title";
          var link = document.createElement("a");
          link.href = page.url;
          link.textContent = (page.meta && page.meta.title) || page.url;
          heading.appendChild(link);
          li.appendChild(heading);
          var excerpt = document.createElement("p");
          excerpt.className = "kc-search__excerpt";
          // Pagefind's excerpt is escaped text with <mark> around the matched words.
          excerpt.innerHTML = page.excerpt;
          li.appendChild(excerpt);
          list.appendChild(li);
          if (!first) first = link;
        });
        shown = to;
        more.hidden = shown >= results.length;
        if (focusFirst && first) first.focus();
      });
    }

    function search(query, updateUrl) {
      var mine = ++generation;
      query = (query || "").trim();
      if (updateUrl) {
        var params = new URLSearchParams(window.location.search);
        if (query) params.set("q", query); else params.delete("q");
        var qs = params.toString();
        window.history.replaceState(window.history.state, "", window.location.pathname + (qs ? "?" + qs : ""));
      }
      list.textContent = "";
      more.hidden = true;
      results = [];
      shown = 0;
      if (!query) {
        setStatus(updateUrl ? strings.empty : "");
        return Promise.resolve();
      }
      setStatus(strings.loading);
      return load().then(function (module) {
        return module.search(query);
      }).then(function (response) {
        if (mine !== generation) return null;
        results = (response && response.results) || [];
        var count = results.length;
        if (!count) setStatus(fill(strings.none, { query: query }));
        else if (count === 1) setStatus(fill(strings.results_one, { query: query }));
        else setStatus(fill(strings.results, { count: count, query: query }));
        return render(0, Math.min(PAGE_SIZE, count), false);
      }).catch(function () {
        if (mine === generation) setStatus(strings.error);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      search(input.value, true);
    });
    more.addEventListener("click", function () {
      render(shown, Math.min(shown + PAGE_SIZE, results.length), true);
    });

    var initial = new URLSearchParams(window.location.search).get("q") || "";
    input.value = initial;
    if (initial) search(initial, false);
    root.setAttribute("data-kc-ready", "");
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kc-search]"), init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
