/* Kenniscentrum MVO: offline use on every page (docs/offline.md).
   Registers the service worker (sw.js at the site root) and offers a newer deployment's version when one is waiting.
   Only what every page needs: the "use offline" page's own code (what this device keeps, keeping a section) and the
   search page's offline notice are in offline-page.js, loaded by those two pages only (issue 18: only the JavaScript
   a page uses). No inline scripts, no third-party requests. */
(function () {
  "use strict";
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  const workerUrl = script.dataset.kcWorker;

  // --- a newer deployment is waiting ------------------------------------------------------------------------------
  let reloading = false;
  function offerUpdate(worker) {
    const box = document.querySelector("[data-kc-update]");
    const button = box && box.querySelector("[data-kc-update-button]");
    if (!box || !button) return;
    box.hidden = false;
    button.addEventListener("click", () => {
      reloading = true;
      worker.postMessage({ type: "skip-waiting" });
    }, { once: true });
  }
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) window.location.reload();
  });

  // Registered once the page has loaded: installing the worker fetches the whole shell, which must not compete with
  // the page's own requests and scripts for the network and the main thread (issue 18, Lighthouse).
  function register() {
    navigator.serviceWorker.register(workerUrl).then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
      registration.addEventListener("updatefound", () => {
        const worker = registration.installing;
        if (!worker) return;
        worker.addEventListener("statechange", () => {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
        });
      });
    }).catch(() => { /* a browser that refuses (private mode, policy): the site works online as before */ });
  }
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}());
