// The reader's own documents: the page's side of the import worker
// (loupe-worker*, built from worker/ and fetched only when first used).
// Loaded by collection.js, the first load's stub, on first use. The app
// (src/components/collection.rs) draws the panel; this script takes the
// files the stub hands it (the panel's file inputs, the paste form, a drop
// anywhere on the page), hands them to the worker, and passes on what the
// worker ends with as a `loupe-collection` event on window (`detail` is the
// worker's message: the collection's snapshot, documents added); it draws
// an import's progress and outcome in the panel's `.import-status`.
// Plain page glue, kept out of the app's WebAssembly (the first load's
// budget): no engine logic here.
(() => {
  document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: './import.css' }));
  let worker = null;
  let last = null; // the collection's snapshot bytes, for "Exporter"
  let started = 0; // when the import under way began (ms), for its time left
  const fr = () => document.documentElement.lang !== 'en';
  const t = (f, e) => (fr() ? f : e);
  const number = (n) => n.toLocaleString(fr() ? 'fr-FR' : 'en-GB');
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  // The panel's status box (the app draws the panel, empty; this fills it),
  // or on a document's page its edit box.
  const show = (...nodes) => document.querySelector('.collection .import-status, .mine-edit')?.replaceChildren(...nodes);

  // Reading is the first fifth, the index the next, entities most of the rest.
  function progress({ phase, done, total, bytes }) {
    const share = total ? done / total : 0;
    const fraction = { read: 0.2 * share, index: 0.25, entities: 0.3 + 0.65 * share }[phase] ?? 0.97;
    const step = {
      read: t('Lecture des fichiers', 'Reading the files'),
      index: t('Indexation', 'Indexing'),
      entities: t('Reconnaissance des entités', 'Recognizing entities'),
    }[phase] ?? t('Enregistrement dans le navigateur', 'Saving in the browser');
    let figures = `${step} · ${number(done)} / ${number(total)} documents`;
    if (bytes) figures += ` · ${number(Math.ceil(bytes / 1e5) / 10)} ${t('Mo', 'MB')}`;
    const elapsed = (Date.now() - started) / 1000;
    if (fraction > 0.05) figures += ` · ${t('encore environ', 'about')} ${Math.ceil(elapsed * (1 - fraction) / fraction)} s${t('', ' left')}`;
    const percent = Math.floor(fraction * 100);
    const bar = el('div', { className: 'import-bar' }, el('span'));
    bar.firstChild.style.width = `${percent}%`;
    bar.setAttribute('role', 'progressbar');
    for (const [k, v] of [['aria-label', step], ['aria-valuemin', 0], ['aria-valuemax', 100], ['aria-valuenow', percent], ['aria-valuetext', figures]]) bar.setAttribute(k, v);
    const cancel = el('button', { type: 'button', className: 'link-button', textContent: t('Annuler', 'Cancel'), onclick: api.cancel });
    show(el('div', { className: 'import-progress' }, bar, el('p', { className: 'import-figures', textContent: figures }), cancel));
  }

  function outcome({ snapshot, added, did, problems = [], duplicates = [] }) {
    const summary = !snapshot ? t('Vos documents ont été retirés de ce navigateur.', 'Your documents were removed from this browser.')
      : did === 'removed' ? t('Document retiré de vos documents.', 'Document removed from your documents.')
        : did === 'edited' ? t('Date et source enregistrées.', 'Date and source saved.')
        : added === 0 ? t('Aucun document ajouté.', 'No document added.')
      : added === 1 ? t('1 document ajouté.', '1 document added.')
        : `${number(added)} ${t('documents ajoutés.', 'documents added.')}`;
    const box = el('div', { className: 'import-result' }, el('p', {}, el('strong', { textContent: summary })));
    box.setAttribute('role', 'status');
    if (problems.length) {
      box.append(el('p', { textContent: t('Refusés ou incomplets :', 'Refused or incomplete:') }),
        el('ul', { className: 'import-problems' }, ...problems.map((p) => el('li', {},
          el('strong', { textContent: p.file }),
          `${p.line ? `, ${t('ligne', 'line')} ${p.line}` : ''} : ${t(p.fr, p.en)}`))));
    }
    if (duplicates.length) box.append(el('p', { textContent: `${t('Déjà là, ajoutés une seule fois : ', 'Already there, added once: ')}${duplicates.join(', ')}` }));
    show(box);
  }

  function failure(f, e) {
    started = 0;
    const box = el('div', { className: 'import-result import-failed' }, el('p', { textContent: t(f, e) }));
    box.setAttribute('role', 'status');
    show(box);
  }

  const tell = (detail) => window.dispatchEvent(new CustomEvent('loupe-collection', { detail }));
  const failed = (f, e) => failure(f, e);

  let waiting = null; // messages for a worker still loading its WebAssembly
  function send(message) {
    if (waiting) {
      waiting.push(message);
      return;
    }
    if (!worker) {
      try {
        worker = new Worker('./loupe-worker_loader.js');
      } catch {
        failed('Le module d’import n’a pas pu démarrer (page ouverte depuis un fichier ?).',
          'The import module could not start (page opened from a file?).');
        return;
      }
      waiting = [message];
      // A worker whose WebAssembly does not load never says "ready".
      const late = setTimeout(() => {
        if (!waiting) return;
        stop();
        failed('Le module d’import n’a pas pu se charger : rien n’a changé.', 'The import module could not load: nothing changed.');
      }, 30_000);
      worker.onmessage = (e) => {
        const data = e.data ?? {};
        if (data.op === 'ready') {
          clearTimeout(late);
          for (const m of waiting ?? []) worker.postMessage(m);
          waiting = null;
        }
        // An export's messages show in the export menu, an import's in the panel.
        if (data.op === 'progress') {
          if (data.for === 'export') say(`${t('Chargement du corpus', 'Loading the corpus')} : ${number(data.done)} / ${number(data.total)}`);
          else progress(data);
        }
        if (data.op === 'failed') {
          if (data.for === 'export') say(t(data.fr, data.en));
          else failure(data.fr, data.en);
        }
        if (data.op === 'download') {
          download(new Blob([data.text], { type: data.type }), data.name);
          say(`${t('Exporté', 'Exported')} : ${data.name}`);
        }
        if (data.op === 'collection') {
          last = data.snapshot;
          try { localStorage.setItem('loupe-collection', last ? '1' : '0'); } catch { /* private mode */ }
          // Opening the stored collection says nothing; a change says what it did.
          if (data.change) {
            outcome(data);
            started = 0;
          }
          opened = data;
          tell(data);
        }
      };
      worker.onerror = () => {
        stop();
        failed('Le module d’import s’est arrêté : rien n’a changé.', 'The import module stopped: nothing changed.');
      };
      return;
    }
    worker.postMessage(message);
  }

  function stop() {
    if (document.querySelector('.export-status')?.textContent) say('');
    worker?.terminate();
    worker = null;
    waiting = null;
  }

  function add(items) {
    if (!items.length) return;
    started = Date.now();
    progress({ phase: 'read', done: 0, total: items.length, bytes: 0 });
    send({ op: 'add', files: items });
  }

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    Object.assign(document.createElement('a'), { href: url, download: name }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  let opened = null; // the stored collection's answer, for a listener that came late
  const api = {
    // The app asks when it starts; the answer may have come before it listened.
    open: () => (opened ? tell(opened) : send({ op: 'open' })),
    remove: (id) => {
      started = Date.now();
      send({ op: 'remove', id });
    },
    cancel: () => {
      stop();
      failed('Import annulé : rien n’a été ajouté.', 'Import cancelled: nothing was added.');
    },
    clear(message) {
      if (window.confirm(message)) {
        started = Date.now();
        send({ op: 'clear' });
      }
    },
    export() {
      if (last) download(new Blob([last], { type: 'application/octet-stream' }), 'mes-documents.loupe');
    },
    // The single-file explorer (the site's loupe.html) with the collection
    // inside instead of the site's corpus: made here, from this site's file.
    async save() {
      if (!last) return;
      if (typeof CompressionStream === 'undefined') {
        return failure('Ce navigateur ne sait pas compresser l’explorateur : enregistrement impossible.',
          'This browser cannot compress the explorer: it could not be saved.');
      }
      try {
        // The single-file app without a corpus (scripts/postbuild.mjs), not
        // the site's loupe.html, which carries the whole site corpus.
        const response = await fetch('./loupe-template.html');
        const page = response.ok ? await response.text() : '';
        const at = page.match(/<script type="application\/octet-stream" id="loupe-corpus">[^<]*<\/script>/);
        if (!at) throw new Error('no corpus element');
        // Deflated, as `loupe site` writes it: the page's boot code inflates it.
        const deflated = new Uint8Array(await new Response(new Blob([last]).stream()
          .pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
        let binary = '';
        for (let i = 0; i < deflated.length; i += 0x8000) binary += String.fromCharCode(...deflated.subarray(i, i + 0x8000));
        const element = `<script type="application/octet-stream" id="loupe-corpus" data-encoding="deflate-raw">${btoa(binary)}</script>`;
        const html = page.slice(0, at.index) + element + page.slice(at.index + at[0].length);
        download(new Blob([html], { type: 'text/html' }), 'loupe-mes-documents.html');
      } catch {
        failure('Ce site n’a pas de modèle loupe-template.html à remplir : l’explorateur n’a pas pu être enregistré.',
          'This site has no loupe-template.html to fill: the explorer could not be saved.');
      }
    },
  };
  api.add = add;
  // Exports: the worker writes them from the corpus this tab shows (the
  // collection, or the site's, which it fetches whole once) and this saves the file.
  const say = (text) => {
    const box = document.querySelector('.export-status');
    if (box) box.textContent = text;
  };
  api.exportData = (spec) => {
    const [what, format] = spec.split('.');
    const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
    const mine = !!document.querySelector('.collection-switch [data-action="mine"][aria-pressed="true"]');
    const corpus = document.querySelector('meta[name="loupe-corpus"]')?.content || 'corpus.loupe';
    say(t('Préparation de l’export…', 'Preparing the export…'));
    send({
      op: 'export', what, format, query: params.get('q') ?? '', sort: params.get('sort') ?? '',
      ...(mine ? { mine: true } : { source: new URL(corpus, location.href).href }),
    });
  };
  // A document of the collection: its date and source, edited in a small
  // form drawn in its page's `.mine-edit` box (the app draws the box empty).
  api.edit = (button) => {
    const box = button.parentElement?.querySelector('.mine-edit');
    if (!box) return;
    const id = button.getAttribute('data-loupe-edit');
    const field = (name, label, value, hint) => {
      const input = el('input', { name, value: value ?? '', placeholder: hint });
      return el('label', {}, `${label} `, input);
    };
    const form = el('form', { className: 'mine-form' },
      field('date', t('Date', 'Date'), button.dataset.date, t('AAAA-MM-JJ', 'YYYY-MM-DD')),
      field('source', t('Source', 'Source'), button.dataset.source, 'Le Monde'),
      el('button', { type: 'submit', className: 'button', textContent: t('Enregistrer', 'Save') }));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      started = Date.now();
      send({ op: 'edit', id, date: form.elements.date.value, source: form.elements.source.value });
      box.replaceChildren(el('p', { textContent: t('Enregistrement…', 'Saving…') }));
    });
    box.replaceChildren(form);
    form.elements.date.focus();
  };
  window.loupeImport = api;
})();
