/* Search page (overrides/kc/search.html, docs/decisions/0005-search.md).
 *
 * Loads Pagefind's JS API from the page's language's own bundle (<prefix>pagefind/pagefind.js, built by
 * hooks/discovery.py at the end of each language's build), so Dutch pages search Dutch pages and English pages
 * English ones. The query is kept in the URL (?q=...): the header search box of every page submits to this page, and
 * a result list can be shared or reloaded. Results are an ordered list of links; the count is announced in a live
 * region; "show more" moves focus to the first new result. Each result carries its type (Pagefind meta `type`:
 * "Checklist", "Hoofdstuk", …). A query that finds nothing is corrected word by word to the nearest word of the
 * page titles and glossary terms (data-kc-search-terms, by edit distance: 1 for words of up to 5 letters, 2 above)
 * and searched again; the status says so and a link offers the corrected query. No inline code, no style attributes (strict CSP; Pagefind
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

  // Optimal string alignment distance (Levenshtein plus swapping two neighbouring letters), stopping early once it
  // exceeds `max`.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        cur[j] = d;
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function nearest(word, terms) {
    if (word.length < 4 || terms.indexOf(word) >= 0) return null;
    var max = word.length <= 5 ? 1 : 2;
    var found = null, foundDistance = max + 1;
    terms.forEach(function (term) {
      var d = distance(word, term, max);
      if (d < foundDistance || (d === foundDistance && found && Math.abs(term.length - word.length) < Math.abs(found.length - word.length))) {
        found = term;
        foundDistance = d;
      }
    });
    return foundDistance <= max ? found : null;
  }

  function correct(query, terms) {
    var changed = false;
    var words = query.toLowerCase().split(/\s+/).map(function (word) {
      var better = nearest(word, terms);
      if (better) changed = true;
      return better || word;
    });
    return changed ? words.join(" ") : null;
  }

  function init(root) {
    var form = root.querySelector("[data-kc-search-form]");
    var input = root.querySelector("[data-kc-search-input]");
    var status = root.querySelector("[data-kc-search-status]");
    var list = root.querySelector("[data-kc-search-results]");
    var more = root.querySelector("[data-kc-search-more]");
    var note = root.querySelector("[data-kc-search-nojs]");
    var strings = JSON.parse(root.querySelector("[data-kc-search-strings]").textContent);
    var termsNode = root.querySelector("[data-kc-search-terms]");
    var terms = termsNode ? JSON.parse(termsNode.textContent) : [];
    var suggest = root.querySelector("[data-kc-search-suggest]");
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
          if (page.meta && page.meta.type) {
            var type = document.createElement("p");
            type.className = "kc-search__type";
            type.textContent = page.meta.type;
            li.appendChild(type);
          }
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

    function offer(better) {
      if (!suggest) return;
      var params = new URLSearchParams(window.location.search);
      params.set("q", better);
      var link = document.createElement("a");
      link.href = window.location.pathname + "?" + params.toString();
      link.textContent = fill(strings.suggest, { suggestion: better });
      link.addEventListener("click", function (event) {
        event.preventDefault();
        input.value = better;
        search(better, true);
      });
      suggest.appendChild(link);
      suggest.hidden = false;
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
      if (suggest) { suggest.hidden = true; suggest.textContent = ""; }
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
        var better = correct(query, terms);
        if (better && !count) {
          // Nothing found: search the correction straight away and say so.
          return load().then(function (module) { return module.search(better); }).then(function (second) {
            if (mine !== generation) return null;
            results = (second && second.results) || [];
            if (!results.length) {
              setStatus(fill(strings.none, { query: query }));
              return null;
            }
            var values = { query: query, suggestion: better, count: results.length };
            setStatus(fill(results.length === 1 ? strings.corrected_one : strings.corrected, values));
            offer(better);
            return render(0, Math.min(PAGE_SIZE, results.length), false);
          });
        }
        // Something found, but a word looks misspelt: offer the correction as a link.
        if (better) offer(better);
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
