/* Language switch (partials/kc/language-switch.html): keep what the reader was doing when they change language.
 *
 * - The query string goes along (?q=… on the search page, ?kind=…&theme=… in the finder): both languages use the
 *   same parameter names and vocabulary ids. Only when the link leads to the same page in the other language
 *   (data-kc-same-page); a link that falls back to the other language's home page gets nothing.
 * - The #anchor: ids the portal's templates write (kc-…: the checklist tool, a checklist section, the downloads)
 *   are the same in both languages and are kept as they are. Ids of Markdown headings are made from the heading
 *   text, so they differ per language: such an anchor is sent as its position among the page's headings
 *   (#kc-heading-3), and on arrival this script scrolls to the heading in that position and puts its real id in
 *   the address. Translations keep the Dutch page's structure, so position is the best mapping available without
 *   shipping every page's headings to the browser. Anything else is dropped (the page opens at the top).
 * The links are rewritten whenever the address changes (finder filters, search words, anchors), so copying or
 * middle-clicking the link works as well as clicking it. No inline code: it runs under a strict CSP.
 */
(function () {
  "use strict";

  var POSITION = /^#kc-heading-(\d+)$/;

  function headings() {
    var article = document.querySelector(".md-content article") || document;
    return Array.prototype.slice.call(article.querySelectorAll("h2[id], h3[id]"));
  }

  function hashFor(hash) {
    if (!hash || hash === "#") return "";
    var id;
    try { id = decodeURIComponent(hash.slice(1)); } catch (e) { return ""; }
    if (/^kc-/.test(id)) return POSITION.test(hash) ? "" : "#" + encodeURIComponent(id);
    var index = headings().findIndex(function (h) { return h.id === id; });
    return index >= 0 ? "#kc-heading-" + (index + 1) : "";
  }

  function rewrite() {
    var links = document.querySelectorAll("a[data-kc-language-link][data-kc-same-page]");
    Array.prototype.forEach.call(links, function (link) {
      var base = link.getAttribute("data-kc-base");
      if (base === null) {
        base = link.getAttribute("href").split("#")[0].split("?")[0];
        link.setAttribute("data-kc-base", base);
      }
      link.setAttribute("href", base + window.location.search + hashFor(window.location.hash));
    });
  }

  function arrive() {
    var match = POSITION.exec(window.location.hash);
    if (!match) return;
    var target = headings()[parseInt(match[1], 10) - 1];
    if (!target) return;
    window.history.replaceState(window.history.state, "", "#" + encodeURIComponent(target.id));
    target.scrollIntoView();
  }

  function start() {
    arrive();
    rewrite();
    window.addEventListener("hashchange", rewrite);
    window.addEventListener("popstate", rewrite);
    // The finder and the search page change the query with history.replaceState/pushState, which fire no event:
    // rewrite just before the link is used.
    document.addEventListener("focusin", function (event) {
      if (event.target && event.target.matches && event.target.matches("a[data-kc-language-link]")) rewrite();
    });
    document.addEventListener("pointerdown", function (event) {
      var link = event.target && event.target.closest && event.target.closest("a[data-kc-language-link]");
      if (link) rewrite();
    }, true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
