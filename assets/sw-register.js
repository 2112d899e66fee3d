// Registers the service worker (sw.js, written by scripts/postbuild.mjs) and
// tells the app when a newer version is ready: the app shows a banner and,
// when the reader accepts, this script activates the new version and reloads.
// Not used from file:// (the single-file loupe.html has no service worker).
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  let accepted = false;
  // Room for every part a small corpus fetches on a first visit (250 by default).
  performance.setResourceTimingBufferSize?.(20000);
  navigator.serviceWorker.register('./sw.js').then((registration) => {
    if (!registration) return;
    const announce = () => window.dispatchEvent(new CustomEvent('loupe-update-ready'));
    if (registration.waiting && navigator.serviceWorker.controller) announce();
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) announce();
      });
    });
    window.addEventListener('loupe-apply-update', () => {
      accepted = true;
      registration.waiting?.postMessage('skip-waiting');
    });
    // The parts of a sharded corpus fetched before the worker took over
    // (the first visit's) are handed to it to keep, once it is active and
    // again when the app has fetched the whole corpus.
    const keep = () => navigator.serviceWorker.ready.then((ready) => {
      // Only those no worker served (`workerStart` 0): the worker keeps the others itself.
      const parts = performance.getEntriesByType('resource')
        .filter((e) => e.workerStart === 0 && new URL(e.name).pathname.includes('/shards/'))
        .map((e) => e.name);
      if (parts.length) ready.active?.postMessage({ keep: parts });
    });
    keep();
    window.addEventListener('loupe-parts-kept', keep);
    // A page left open for long still learns of new versions.
    setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
  });
  // Reload when the accepted version takes over (not when the first one does).
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (accepted) location.reload();
  });
}
