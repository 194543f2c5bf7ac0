/* Kenniscentrum MVO: the offline pages' own code (docs/offline.md), loaded only by the pages that use it
   (partials/kc/scripts.html; issue 18). On the "use offline" page: lists what this device keeps and lets the reader
   keep a whole section, showing its size first. On the search page while offline: says that search needs a
   connection. offline.js (on every page) registers the service worker and offers updates.
   No inline scripts, no third-party requests; strings come from the page (data/ui/offline.yml). */
(function () {
  "use strict";
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) {
    document.querySelectorAll("[data-kc-offline-unsupported]").forEach((el) => { el.hidden = false; });
    document.querySelectorAll("[data-kc-offline-nojs]").forEach((el) => { el.hidden = true; });
    return;
  }
  const stringsElement = document.querySelector("[data-kc-offline-strings]");
  let strings = {};
  try { strings = JSON.parse(script.dataset.kcStrings || "{}"); } catch (error) { strings = {}; }
  if (stringsElement) {
    try { strings = JSON.parse(stringsElement.textContent); } catch (error) { /* keep the script's strings */ }
  }
  const fill = (text, values) => String(text || "").replace(/\{(\w+)\}/g, (m, key) => (key in values ? values[key] : m));

  function bytes(n) {
    const lang = document.documentElement.lang || "nl";
    const format = (v, unit) => `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(v)} ${unit}`;
    if (n >= 1024 * 1024) return format(n / (1024 * 1024), "MB");
    return format(Math.max(1, Math.round(n / 1024)), "kB");
  }

  // The active worker, whether or not it controls this page yet (on a first visit it does not).
  async function activeWorker() {
    return (await navigator.serviceWorker.ready).active;
  }

  async function ask(message) {
    const worker = await activeWorker();
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data || {});
      worker.postMessage(message, [channel.port2]);
    });
  }

  // --- the "use offline" page -------------------------------------------------------------------------------------
  function pageTitle(html, fallback) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const heading = doc.querySelector("h1");
    return (heading && heading.textContent.trim()) || (doc.title || fallback).trim();
  }

  async function listKept(root) {
    const list = root.querySelector("[data-kc-offline-saved]");
    const empty = root.querySelector("[data-kc-offline-empty]");
    const answer = await ask({ type: "kept" });
    const prefix = new URL(root.dataset.kcOfflineHome, window.location.href);
    const lang = document.documentElement.lang;
    const pages = [];
    for (const url of answer.urls || []) {
      const u = new URL(url);
      if (u.origin !== window.location.origin || !u.pathname.endsWith("/")) continue;
      if (u.pathname === prefix.pathname) continue;
      const response = await caches.match(url);
      if (!response) continue;
      const html = await response.text();
      const langMatch = /<html[^>]*\slang="([^"]+)"/i.exec(html);
      if (langMatch && langMatch[1] !== lang) continue;  // each language lists its own pages
      pages.push({ url: u.pathname, title: pageTitle(html, u.pathname) });
    }
    pages.sort((a, b) => a.title.localeCompare(b.title, lang));
    list.replaceChildren(...pages.map((p) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.title;
      item.append(link);
      return item;
    }));
    list.hidden = pages.length === 0;
    empty.hidden = pages.length > 0;
  }

  async function enableSections(root) {
    let data;
    try {
      const response = await fetch(root.dataset.kcOfflineData);
      data = await response.json();
    } catch (error) {
      return;
    }
    for (const section of data.sections || []) {
      const item = root.querySelector(`[data-kc-offline-section="${section.id}"]`);
      if (!item) continue;
      const button = item.querySelector("[data-kc-offline-save]");
      const progress = item.querySelector("[data-kc-offline-progress]");
      item.querySelector("[data-kc-offline-size]").textContent =
        fill(strings.size, { pages: section.pages, size: bytes(section.bytes) });
      item.hidden = false;
      button.disabled = false;
      button.addEventListener("click", async () => {
        if (!navigator.onLine) { progress.textContent = strings.offline; return; }
        if (navigator.storage && navigator.storage.estimate) {
          const { quota = Infinity, usage = 0 } = await navigator.storage.estimate();
          if (quota - usage < section.bytes) {
            progress.textContent = fill(strings.no_space, { free: bytes(quota - usage), size: bytes(section.bytes) });
            return;
          }
        }
        button.disabled = true;
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => {
          const message = event.data || {};
          if (message.type === "progress") {
            progress.textContent = fill(strings.saving, { done: message.done, total: message.total });
          } else if (message.type === "saved") {
            progress.textContent = fill(strings.saved, { pages: section.pages });
            item.dataset.kcState = "saved";
            button.disabled = false;
            listKept(root);
          } else if (message.type === "failed") {
            progress.textContent = fill(strings.failed, { reason: String(message.reason).slice(0, 80) });
            item.dataset.kcState = "failed";
            button.disabled = false;
          }
        };
        (await activeWorker()).postMessage({ type: "save", urls: section.urls }, [channel.port2]);
      });
    }
  }

  async function offlinePage(root) {
    root.querySelectorAll("[data-kc-offline-nojs]").forEach((el) => { el.hidden = true; });
    // The service worker sends a reader here (?from=<path>) when they asked for a page it has not kept.
    if (new URLSearchParams(window.location.search).has("from")) {
      root.querySelector("[data-kc-offline-notice]").hidden = false;
    }
    await navigator.serviceWorker.ready;
    await Promise.all([listKept(root), enableSections(root)]);
  }

  // --- search while offline ---------------------------------------------------------------------------------------
  function searchNotice() {
    const search = document.querySelector("[data-kc-search]");
    if (!search || navigator.onLine) return;
    const status = search.querySelector("[data-kc-search-status]");
    if (!status) return;
    const text = script.dataset.kcSearchOffline;
    const link = document.createElement("a");
    link.href = script.dataset.kcOfflinePage;
    link.textContent = script.dataset.kcOfflinePageLabel;
    status.replaceChildren(document.createTextNode(`${text} `), link);
  }

  // The offline page's own element, not this script tag (which carries data-kc-offline-page too: selecting it ran
  // the offline page's code on the search page, a 404 and a TypeError in the console).
  const root = document.querySelector("div[data-kc-offline-page]");
  if (root) offlinePage(root);
  searchNotice();
  window.addEventListener("offline", searchNotice);
}());
