// Client-side navigation between the server-rendered pages (see navigation.rs).
// Links and GET forms to our own pages fetch the new page and swap it in.
// A live form (marked `data-lth-live`, with an `id`) is all of this script's:
// a changed box or list sends it at once (typing, once paused, is sent by the
// services search island); it is kept as it is (focus, typing, open details)
// while everything around it is swapped; and an answer for a search already
// changed or undone never lands. On the services page, once it is idle, the
// browser's search module answers public searches with no request.
// Without this script every link and form still works as a full page load.

// Head tags that belong to one page (leptos_meta's), swapped with the page.
const PAGE_HEAD = 'title, meta[name=description], meta[name=robots], meta[property^="og:"], link[rel=canonical]';

// The page now shown, to tell a Back or Forward between pages from one
// between fragments of the same page (which the browser scrolls itself).
let shown = location.pathname + location.search;
let inFlight = null;
history.scrollRestoration = 'manual';

/** Whether `url` is one of our pages (not a download, an API or a file). */
function isPage(url) {
  return (
    url.origin === location.origin &&
    !url.pathname.startsWith('/api/') &&
    !url.pathname.startsWith('/pkg/') &&
    !/\.[a-z0-9]+$/i.test(url.pathname)
  );
}

/** Remembers how far the current history entry was scrolled. */
function saveScroll() {
  clearTimeout(scrolling);
  history.replaceState({ ...history.state, scrollY: window.scrollY }, '');
}

// Scrolling is saved once it stops, so Back and Forward both find it.
let scrolling = 0;
window.addEventListener('scroll', () => {
  clearTimeout(scrolling);
  scrolling = setTimeout(saveScroll, 200);
}, { passive: true });

/** The bundle (the WASM's JS) a document's islands need: none without islands. */
const bundle = (doc) => doc.querySelector('link[rel=modulepreload]')?.getAttribute('href') ?? null;
// The bundle this document loaded (or is loading) for its islands, if any.
let running = bundle(document);

/**
 * Loads the WASM for the islands of a page swapped into one that had none
 * (once): the page's own island loader, run with this document's nonce,
 * hydrates every island then in the document.
 */
function loadIslands(page, bundle) {
  // Leptos's loader, which passes it the bundle's name.
  const name = `"${bundle.split('/').pop().replace(/\.js$/, '')}"`;
  const loader = [...page.head.querySelectorAll('script[type=module]')].find((script) =>
    script.textContent.includes(name),
  );
  if (!loader) return;
  const script = document.createElement('script');
  script.type = 'module';
  script.nonce = document.querySelector('script[nonce]')?.nonce ?? '';
  script.textContent = loader.textContent;
  document.head.append(script);
}

/** Hydrates the islands of a swapped-in page, once the WASM is running. */
function hydrateIslands(islands) {
  // Until then, Leptos hydrates whatever islands the page has when it starts.
  if (!document.documentElement.hasAttribute('data-hydrated') || !window.__hydrateIsland) return;
  for (const island of islands) {
    if (island.isConnected) window.__hydrateIsland(island, island.dataset.component);
  }
}

/** The ancestors of `node` up to its document's `body`, nearest first. */
function ancestors(node) {
  const chain = [];
  for (let at = node.parentElement; at; at = at.parentElement) {
    chain.push(at);
    if (at === at.ownerDocument.body) return chain;
  }
  return null;
}

/**
 * Swaps in everything around `kept` (the live element of the page shown) from
 * the new page, where `fresh` is its counterpart: at each level up to `body`,
 * the siblings and the parent's attributes (not those of an island's own
 * elements: they are the island's). `kept` itself is not touched, so focus
 * and what was typed stay. Returns false, having changed nothing, if the two
 * pages' shapes differ.
 */
function swapAround(kept, fresh) {
  const chain = ancestors(kept);
  const nextChain = ancestors(fresh);
  if (!chain || !nextChain || chain.length !== nextChain.length) return false;
  if (chain.some((parent, i) => parent.nodeName !== nextChain[i].nodeName)) return false;
  let node = kept;
  let next = fresh;
  while (node !== document.body) {
    const parent = node.parentNode;
    const nextParent = next.parentNode;
    const nextChildren = [...nextParent.childNodes];
    const at = nextChildren.indexOf(next);
    for (const child of [...parent.childNodes]) if (child !== node) child.remove();
    node.before(...nextChildren.slice(0, at));
    node.after(...nextChildren.slice(at + 1));
    if (!parent.closest('leptos-island')) {
      for (const { name } of [...parent.attributes]) if (!nextParent.hasAttribute(name)) parent.removeAttribute(name);
      for (const { name, value } of nextParent.attributes) parent.setAttribute(name, value);
    }
    node = parent;
    next = nextParent;
  }
  return true;
}

/** Reads out a live form's news: each status region in it takes the new page's text. */
function announce(kept, page) {
  for (const status of kept.querySelectorAll('[role=status][id]')) {
    const source = page.getElementById(status.id);
    if (source) status.textContent = source.dataset.announce ?? source.textContent;
  }
}

/** After a new page: focus its heading (announced by screen readers), then scroll. */
function arrive(url, scrollY) {
  const main = document.getElementById('maincontent');
  const heading = main && main.querySelector('h1');
  const target = heading || main;
  if (target) {
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  }
  const fragment = url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)));
  if (scrollY !== undefined) window.scrollTo(0, scrollY);
  else if (fragment) fragment.scrollIntoView();
  else window.scrollTo(0, 0);
}

/**
 * The services page for a search (`url`) made here from the page shown, its
 * listing from the browser's search module; null when the module is not
 * loaded, or cannot answer (a search the server must check), or `keep` is
 * not its search form.
 */
function pageFromFinder(url, keep) {
  const form = finder && keep && document.getElementById(keep);
  if (!form || !form.hasAttribute('data-finder')) return null;
  // Staff search on the server, which adds their staff-only details, unless
  // there is no signal.
  if (!form.hasAttribute('data-search-here') && navigator.onLine) return null;
  const field = (name) => url.searchParams.get(name) ?? undefined;
  const answer = finder.show(field('q'), field('group'), field('site'), field('age'), field('page'));
  if (!answer) return null;
  const page = document.cloneNode(true);
  page.title = answer.title;
  page.querySelector('meta[property="og:title"]')?.setAttribute('content', answer.title);
  const canonical = page.querySelector('link[rel=canonical]');
  if (canonical) {
    const address = new URL(answer.address, canonical.href).href;
    canonical.setAttribute('href', address);
    page.querySelector('meta[property="og:url"]')?.setAttribute('content', address);
  }
  page.querySelector('meta[name=robots]')?.remove();
  if (answer.noindex) {
    const robots = page.createElement('meta');
    robots.name = 'robots';
    robots.content = 'noindex';
    page.head.append(robots);
  }
  page.querySelector('.nhsuk-error-summary')?.remove();
  page.getElementById('search-status')?.setAttribute('data-announce', answer.announcement);
  const island = page.getElementById(keep).closest('leptos-island') ?? page.getElementById(keep);
  // The listing is everything after the form, up to the saved copy's control.
  const keepCopy = page.getElementById('keep-copy');
  while (island.nextSibling && !island.nextSibling.contains(keepCopy)) island.nextSibling.remove();
  const listing = page.createElement('template');
  listing.innerHTML = answer.listing;
  island.after(listing.content);
  return page;
}

/**
 * Shows the page at `url`. `keep`: the id of a live form to keep (the search
 * box being typed in). `push`: a new history entry (not for Back or Forward).
 * `scrollY`: where to scroll back to (Back or Forward). A search the
 * browser's search module can answer needs no request.
 */
async function go(url, { keep = null, push = true, scrollY = undefined } = {}) {
  if (inFlight) inFlight.abort();
  inFlight = null;
  const made = pageFromFinder(url, keep);
  if (made) {
    show(made, url, { keep, push, scrollY });
    return;
  }
  const request = new AbortController();
  inFlight = request;
  let html;
  let address = new URL(url);
  try {
    const response = await fetch(url, { headers: { Accept: 'text/html' }, signal: request.signal });
    if (!(response.headers.get('content-type') || '').startsWith('text/html')) throw new Error('not a page');
    html = await response.text();
    if (response.redirected) address = new URL(response.url + url.hash);
  } catch (error) {
    if (request.signal.aborted) return;
    // Offline, or not a page after all: let the browser go there itself.
    location.assign(url);
    return;
  }
  if (inFlight !== request) return;
  inFlight = null;
  show(new DOMParser().parseFromString(html, 'text/html'), address, { keep, push, scrollY });
}

/** Shows `page`, the page at `address` (see `go`). */
function show(page, address, { keep, push, scrollY }) {
  // A new release of the site since this page's WASM loaded: the new
  // page's islands need their own, which only a full load brings.
  const needed = bundle(page);
  if (needed && running && needed !== running) {
    location.assign(address);
    return;
  }
  if (push) {
    saveScroll();
    history.pushState({}, '', address);
  }
  shown = address.pathname + address.search;
  for (const tag of document.head.querySelectorAll(PAGE_HEAD)) tag.remove();
  document.head.append(...page.head.querySelectorAll(PAGE_HEAD));

  const kept = keep && document.getElementById(keep);
  const fresh = kept && page.getElementById(keep);
  const islands = [...page.querySelectorAll('leptos-island')].filter((island) => !fresh || !fresh.contains(island));
  if (kept && fresh && swapAround(kept, fresh)) {
    announce(kept, page);
    showKeepCopy();
  } else {
    document.body.replaceWith(page.body);
    // Before scrolling: the page takes its final height first.
    showKeepCopy();
    arrive(address, scrollY);
  }
  if (needed && !running) {
    running = needed;
    loadIslands(page, needed);
  } else {
    hydrateIslands(islands);
  }
  loadFinder();
}

// The browser's search module (the `finder` crate), once loaded with its
// copy of the directory: it answers the services page's public searches.
let finder = null;
let finderLoading = false;

/**
 * Loads the browser's search module and the directory's copy, once the page
 * is idle, if the page offers them (the services search form's
 * `data-finder`). Until then, and if they fail, the server answers.
 */
function loadFinder() {
  const form = document.querySelector('form[data-finder][data-finder-data]');
  if (!form || finder || finderLoading) return;
  finderLoading = true;
  const idle = window.requestIdleCallback ?? ((run) => setTimeout(run, 200));
  idle(async () => {
    try {
      const module = await import(form.dataset.finder);
      await module.default({ module_or_path: form.dataset.finder.replace(/\.js$/, '.wasm') });
      const response = await fetch(form.dataset.finderData);
      if (response.ok && module.load(await response.text())) {
        finder = module;
        document.documentElement.setAttribute('data-finder', '');
      }
    } catch {
      // Not loaded: the server answers every search.
    }
    finderLoading = false;
  }, { timeout: 3000 });
}

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest && event.target.closest('a[href]');
  if (!link || link.hasAttribute('download') || (link.getAttribute('target') || '') !== '') return;
  const url = new URL(link.getAttribute('href'), location.href);
  if (!isPage(url)) return;
  // A fragment of this page (the skip link, an error summary): the browser's.
  if (url.hash && url.pathname + url.search === location.pathname + location.search) return;
  event.preventDefault();
  go(url);
});

/** The live form `field` belongs to, if any. */
function liveForm(field) {
  const form = field && field.form;
  return form && form.hasAttribute('data-lth-live') && form.id ? form : null;
}

// A ticked box, a chosen radio or a chosen item of a list sends it at once.
document.addEventListener('change', (event) => {
  const form = liveForm(event.target);
  const field = event.target;
  if (!form || !(field.tagName === 'SELECT' || ['checkbox', 'radio'].includes(field.type))) return;
  form.requestSubmit();
});

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (event.defaultPrevented || (form.getAttribute('method') || 'get').toLowerCase() !== 'get') return;
  const url = new URL(form.getAttribute('action') || location.href, location.href);
  if (!isPage(url)) return;
  // Only the fields that say something: `?q=heart`, not `?q=heart&group=&site=`.
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form, event.submitter)) {
    if (typeof value === 'string' && value.trim() !== '') query.append(name, value);
  }
  url.search = query.toString();
  event.preventDefault();
  const live = form.hasAttribute('data-lth-live') && form.id;
  if (live && url.href === location.href) {
    // Back to what is shown (typing undone): an older search must not land.
    if (inFlight) inFlight.abort();
    inFlight = null;
    return;
  }
  go(url, { keep: live || null });
});

window.addEventListener('popstate', () => {
  // A pending save belongs to the entry just left.
  clearTimeout(scrolling);
  const savedY = history.state ? history.state.scrollY : undefined;
  // Back or Forward within the page shown (between its fragments).
  if (location.pathname + location.search === shown) {
    const fragment = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (savedY !== undefined) window.scrollTo(0, savedY);
    else if (fragment) fragment.scrollIntoView();
    return;
  }
  go(new URL(location.href), { push: false, scrollY: savedY });
});

// A reload (or Back from another site) lands where this entry was scrolled.
window.addEventListener('pagehide', saveScroll);
if (history.state && history.state.scrollY !== undefined) window.scrollTo(0, history.state.scrollY);

if (document.readyState === 'complete') loadFinder();
else window.addEventListener('load', loadFinder, { once: true });

// The copy of the directory kept on this device, when asked for ("Keep the
// directory on this device", `#keep-copy` on the services page): the
// services pages, the files they need, the search module and the
// directory's copy, in a cache the service worker (/sw.js) answers from when
// there is no signal. Nothing is saved, and no worker registered, unless
// asked. Signing out clears it all (the server's Clear-Site-Data).

// Remembers on this device that the copy was asked for.
const COPY_WANTED = 'lth-keep-copy';
// Where the copy keeps when it was made (the worker reads it too).
const COPY_SAVED_AT = '/saved-at';

/** The cache of this release's copy, named after the search module's file as the worker names it. */
const copyName = (control) => `lth-directory-${control.dataset.copyOf.split('/').pop().replace(/\.js$/, '')}`;

/** Whether this browser can keep a copy. */
const canKeepCopy = () => 'serviceWorker' in navigator && 'caches' in window && window.isSecureContext;

/** Shows the control of the page's copy, if any, with what is saved; saves this release's copy again if it was asked for. */
async function showKeepCopy() {
  const control = document.getElementById('keep-copy');
  if (!control || !canKeepCopy()) return;
  control.hidden = false;
  if (localStorage.getItem(COPY_WANTED) !== 'yes') return;
  const copy = await caches.open(copyName(control));
  const savedAt = await copy.match(COPY_SAVED_AT);
  if (!savedAt && navigator.onLine) {
    await saveCopy(control);
    return;
  }
  sayCopy(control, savedAt ? new Date(await savedAt.text()) : null);
}

/** Says when the copy was saved (or that there is none), and offers the buttons that fit. */
function sayCopy(control, savedAt) {
  const status = control.querySelector('[role=status]');
  const save = control.querySelector('[data-keep-copy=save]');
  const remove = control.querySelector('[data-keep-copy=remove]');
  if (savedAt) {
    const when = savedAt.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });
    status.textContent = `Saved on this device, last updated ${when}.`;
    save.textContent = 'Update the saved copy';
  } else {
    save.textContent = 'Keep the directory on this device';
  }
  remove.hidden = !savedAt;
}

/** Saves the copy: registers the worker, then stores every services page and what they need. */
async function saveCopy(control) {
  const status = control.querySelector('[role=status]');
  const form = document.querySelector('form[data-finder][data-finder-data]');
  status.textContent = 'Saving the directory on this device.';
  try {
    await navigator.serviceWorker.register('/sw.js');
    const data = await (await fetch(form.dataset.finderData)).text();
    const slugs = data
      .split('\u001e')
      .map((record) => record.split('\u001f'))
      .filter((fields) => fields[0] === 'service')
      .map((fields) => `/services/${encodeURIComponent(fields[1])}`);
    const files = [...document.querySelectorAll('link[href]')]
      .filter((link) => ['stylesheet', 'modulepreload', 'preload', 'icon'].includes(link.rel))
      .map((link) => link.getAttribute('href'));
    const module = form.dataset.finder;
    const copy = await caches.open(copyName(control));
    await copy.addAll([...new Set(['/services', form.dataset.finderData, module, module.replace(/\.js$/, '.wasm'), ...files, ...slugs])]);
    const savedAt = new Date();
    await copy.put(COPY_SAVED_AT, new Response(savedAt.toISOString()));
    localStorage.setItem(COPY_WANTED, 'yes');
    sayCopy(control, savedAt);
  } catch {
    status.textContent = 'The directory could not be saved on this device. Try again when you have a signal.';
  }
}

/** Removes the copy and the worker from this device. */
async function removeCopy(control) {
  localStorage.removeItem(COPY_WANTED);
  for (const name of await caches.keys()) if (name.startsWith('lth-directory-')) await caches.delete(name);
  for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
  sayCopy(control, null);
  control.querySelector('[role=status]').textContent = 'The directory is no longer saved on this device.';
}

document.addEventListener('click', (event) => {
  const button = event.target.closest && event.target.closest('[data-keep-copy]');
  const control = button && button.closest('#keep-copy');
  if (!control) return;
  if (button.dataset.keepCopy === 'save') saveCopy(control);
  else removeCopy(control);
});

showKeepCopy();

// Tells tests the script runs (pages without islands load no WASM to say so).
document.documentElement.setAttribute('data-navigation', '');
