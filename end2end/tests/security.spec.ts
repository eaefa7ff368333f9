import { test, expect, jsEnabled, waitForHydration, PAGES } from './fixtures';

// The content security policy, the reflected-injection case that once ran a
// script, and the cache headers of the hashed assets. Every other test also
// fails on any CSP violation (see fixtures.ts).

const INJECTION = '</title><script>alert(document.domain)</script>';

test('the CSP watch catches a violation (so its silence elsewhere means something)', async ({ page, watch }) => {
  await page.route('**/csp-probe', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      headers: { 'content-security-policy': "default-src 'self'" },
      body: '<!DOCTYPE html><html lang="en"><title>probe</title><p style="color: red">x</p><script>1</script></html>',
    }),
  );
  await page.goto('/csp-probe');
  await expect.poll(() => watch.cspViolations.length).toBeGreaterThan(0);
  watch.cspViolations.length = 0;
});

test('a search for markup shows the words as text and runs nothing', async ({ page, watch }, testInfo) => {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const response = await page.goto(`/services?q=${encodeURIComponent(INJECTION)}`);
  expect(response!.status()).toBe(200);
  if (jsEnabled(testInfo)) await waitForHydration(page);
  await expect(page.locator('h1')).toHaveText('Services directory');
  await expect(page.getByRole('searchbox', { name: /search/i }).or(page.locator('input[name=q]')).first()).toHaveValue(INJECTION);
  // Every script is ours: it carries the response's nonce (or is structured data).
  expect(await page.locator('script:not([type="application/ld+json"]):not([nonce])').count()).toBe(0);
  // The server wrote the title as text; the browser reads it back as typed.
  expect(await response!.text()).toContain('Search results for &lt;/title&gt;&lt;script&gt;alert(document.domain)');
  if (jsEnabled(testInfo)) expect(await page.evaluate(() => document.title)).toContain(INJECTION);
  expect(dialogs).toEqual([]);
});

test('every page is served with a nonce-based CSP and loads without violations', async ({ page, watch }, testInfo) => {
  for (const { path } of PAGES) {
    const response = await page.goto(path);
    const policy = response!.headers()['content-security-policy'];
    expect(policy, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}' 'wasm-unsafe-eval'/);
    expect(policy, path).not.toContain('unsafe-inline');
    if (jsEnabled(testInfo)) await waitForHydration(page);
  }
});

test('hashed assets are cached for a year and sent precompressed; pages briefly', async ({ page, request }) => {
  // A page with an island: its WASM and JS too.
  const response = await page.goto('/partnerships');
  expect(response!.headers()['cache-control']).toBe('public, max-age=60');
  const html = await response!.text();
  const assets = [...new Set(Array.from(html.matchAll(/href="(\/pkg\/[^"]+)"/g), (m) => m[1]))];
  expect(assets.length).toBeGreaterThanOrEqual(3);
  for (const asset of assets) {
    expect(asset, 'a hash in the file name').toMatch(/\/pkg\/lth\.[A-Za-z0-9_-]{8,}\.(css|js|wasm)$/);
    const answer = await request.get(asset);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['cache-control'], asset).toBe('public, max-age=31536000, immutable');
    // Compressed once by the build (a known length), not as it is sent.
    expect(answer.headers()['content-encoding'], asset).toBe('br');
    expect(answer.headers()['content-length'], asset).toMatch(/^\d+$/);
    expect(answer.headers()['vary'], asset).toContain('accept-encoding');
  }
});
