// The reader's own documents, first load's part: window.loupeCollection for
// the app (src/collection.rs), and the page's listeners (the panel's file
// inputs and paste form, "Date et source" on a document, files dropped
// anywhere). What they start is in import.js, loaded on first use, so a
// visitor who adds nothing does not fetch it (the first load's budget).
(() => {
  let loading = null;
  const load = () => (loading ??= new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: './import.js' });
    script.onload = () => (window.loupeImport ? resolve(window.loupeImport) : reject(new Error('import.js')));
    script.onerror = () => reject(new Error('import.js'));
    document.head.append(script);
  }));
  // Each call waits for import.js; one that cannot load says so where an import's outcome shows.
  const later = (name) => (...args) => load().then((api) => api[name](...args)).catch(() => {
    loading = null;
    const box = document.querySelector(name === 'exportData' ? '.export-status' : '.collection .import-status, .mine-edit');
    if (box) box.textContent = document.documentElement.lang === 'en'
      ? 'The import module could not load: nothing changed.' : 'Le module d’import n’a pas pu se charger : rien n’a changé.';
  });
  const add = later('add');
  window.loupeCollection = Object.fromEntries(['open', 'remove', 'cancel', 'clear', 'export', 'save'].map((n) => [n, later(n)]));

  // The panel's file inputs (any input[type=file] inside .collection).
  document.addEventListener('change', (e) => {
    const input = e.target;
    if (input instanceof HTMLInputElement && input.type === 'file' && input.closest('.collection')) {
      add([...(input.files ?? [])]);
      input.value = '';
    }
  });
  // The paste form: a title and a text, as a .txt file would give them.
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.closest('.collection .paste')) return;
    e.preventDefault();
    const title = form.querySelector('#paste-title')?.value.trim() || 'Texte collé';
    const text = form.querySelector('#paste-text')?.value ?? '';
    if (!text.trim()) return;
    add([{ name: `${title}.txt`, text: `${title}\n\n${text}` }]);
    form.reset();
  });
  document.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    const button = target?.closest('[data-loupe-edit]');
    if (button) later('edit')(button);
    // The export menu: results, entities, mentions, relations, made by the worker.
    const spec = target?.closest('[data-loupe-export]')?.getAttribute('data-loupe-export');
    if (spec) later('exportData')(spec);
  });
  // Files dropped anywhere on the page.
  window.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  });
  window.addEventListener('drop', (e) => {
    if (!e.dataTransfer?.files.length) return;
    e.preventDefault();
    add([...e.dataTransfer.files]);
  });
})();
