// The copy of the directory kept on this device, for wards with no signal.
// Registered only when someone asks for it ("Keep the directory on this
// device" on the services page; the navigation script saves the copy into
// the cache named below). Every request goes to the network as usual; only
// when that fails does an answer come from the copy, and a page from it says
// when the copy was made. Signing out clears it (the server's
// Clear-Site-Data), staff-only numbers with it.

// The copy of this release (the server writes in the search module's name).
const COPY = 'lth-directory-__RELEASE__';
// When the copy was made, kept in it under this address.
const SAVED_AT = '/saved-at';
// Where the line saying so goes: at the start of the page's main content.
const MAIN = /<main\b[^>]*>/;

self.addEventListener('install', () => self.skipWaiting());

// A new release's worker clears the copies of earlier ones (their pages name
// files this release no longer has); the navigation script saves it again.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('lth-directory-') && name !== COPY) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // A page is asked of the server, not of the browser's cache: with no
  // signal it then comes from the copy, saying how old it is.
  const page = (request.headers.get('accept') ?? '').includes('text/html');
  event.respondWith(fetch(page ? new Request(request, { cache: 'no-cache' }) : request).catch(() => fromCopy(request)));
});

/** The answer to `request` from the copy, pages with the line saying when it was made. */
async function fromCopy(request) {
  const copy = await caches.open(COPY);
  const url = new URL(request.url);
  // A search's address shows the services page; the search module answers it.
  const saved =
    (await copy.match(request, { ignoreSearch: false, ignoreVary: true })) ??
    (url.pathname === '/services' ? await copy.match('/services', { ignoreVary: true }) : undefined);
  if (!saved) return Response.error();
  if (!(saved.headers.get('content-type') ?? '').startsWith('text/html')) return saved;
  const madeAt = await copy.match(SAVED_AT);
  const when = madeAt ? new Date(await madeAt.text()) : null;
  const said = when && !Number.isNaN(when.getTime())
    ? when.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' })
    : 'at an unknown time';
  const line =
    '<div class="nhsuk-inset-text lth-saved-copy" data-saved-copy="">' +
    `<p>Saved on this device, last updated ${said}. Phone numbers and opening times may have changed since.</p></div>`;
  const page = (await saved.text()).replace(MAIN, (main) => main + line);
  return new Response(page, { status: saved.status, headers: saved.headers });
}
