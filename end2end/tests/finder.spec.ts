import { test, expect, jsEnabled, waitForHydration, axeViolations, signIn, accountsOf } from './fixtures';
import type { Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The browser's search module (the `finder` crate): once the services page
// is idle, the navigation script loads it with the directory's compact copy,
// and it answers public searches in the page, with no request.

/**
 * The shared search table, as query strings: server/tests/search-table.txt,
 * then each lay search of server/tests/lay-queries.txt as `q=`. The server's
 * tests run the same table natively (`routes::the_browser_search_shows_what_the_server_shows`).
 */
function searchTable(): string[] {
  const folder = path.join(__dirname, '../../server/tests');
  const lines = (file: string) =>
    fs
      .readFileSync(path.join(folder, file), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  const listed = lines('search-table.txt').map((line) => (line === '-' ? '' : line));
  const lay = lines('lay-queries.txt')
    .filter((line) => line.includes('|'))
    .map((line) => new URLSearchParams({ q: line.split('|')[0].trim() }).toString());
  return [...listed, ...lay];
}

/** Waits until the search module has loaded the directory. */
const waitForFinder = (page: Page) => page.locator('html[data-finder]').waitFor({ state: 'attached' });

test.describe('search in the browser', () => {
  test.beforeEach(({}, testInfo) => test.skip(!jsEnabled(testInfo), 'needs JavaScript'));

  // Without the console watch: the table's refused searches are 400s, which
  // the console reports.
  test('the module shows what the server shows for every search of the shared table', async ({ page }) => {
    await page.goto('/services');
    await waitForFinder(page);
    const table = searchTable();
    expect(table.length).toBeGreaterThan(150);
    const differences = await page.evaluate(async (table) => {
      const form = document.querySelector<HTMLFormElement>('form[data-finder]')!;
      // The module the navigation script loaded (the same instance).
      const finder = await import(form.dataset.finder!);
      /** What a listing says and links to, leaving out "open now" (the server's alone). */
      const read = (root: ParentNode) => {
        const copy = document.createElement('div');
        copy.append(...[...root.childNodes].map((node) => node.cloneNode(true)));
        copy.querySelectorAll('.lth-result__open').forEach((open) => open.remove());
        const text = (copy.textContent ?? '').split(/\s+/).filter(Boolean).join(' ');
        const links = [...copy.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'));
        return JSON.stringify({ text, links });
      };
      const found: string[] = [];
      for (const query of table) {
        const fields = new URLSearchParams(query);
        const field = (name: string) => fields.get(name) ?? undefined;
        const answer = finder.show(field('q'), field('group'), field('site'), field('age'), field('page'));
        const response = await fetch(query ? `/services?${query}` : '/services', { headers: { Accept: 'text/html' } });
        if (response.status === 400) {
          if (answer) found.push(`${query}: the server refuses it, the browser answered`);
          continue;
        }
        if (!answer) {
          found.push(`${query}: the browser refused it (${response.status} from the server)`);
          continue;
        }
        const served = new DOMParser().parseFromString(await response.text(), 'text/html');
        const island = served.getElementById('services-search')!.closest('leptos-island')!;
        const listing = served.createElement('div');
        while (island.nextSibling) listing.append(island.nextSibling);
        // The saved copy's control follows the listing.
        listing.querySelector('#keep-copy')?.remove();
        const made = document.createElement('template');
        made.innerHTML = answer.listing;
        const [server, browser] = [read(listing), read(made.content)];
        if (server !== browser) found.push(`${query}:\n  server  ${server}\n  browser ${browser}`);
        if (served.title !== answer.title) found.push(`${query}: title '${served.title}', browser '${answer.title}'`);
      }
      return found;
    }, table);
    expect(differences).toEqual([]);
  });

  test('once idle, typing searches in the page with no request, offline too', async ({ page, context, watch }, testInfo) => {
    await page.goto('/services');
    await waitForHydration(page);
    await waitForFinder(page);
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/services')) asked.push(url.pathname + url.search);
    });
    await context.setOffline(true);
    const box = page.getByLabel('Search for a service');
    const heading = page.locator('#results-heading');
    await box.fill('heart');
    await expect(heading).toHaveText(/services? found for 'heart'/);
    await expect(page).toHaveURL(/\/services\?q=heart$/);
    await expect(page).toHaveTitle(/^Search results for heart - Services directory/);
    await expect(page.locator('#search-status')).toHaveText(/services? found for 'heart'/);
    await expect(box).toBeFocused();
    await page.locator('summary', { hasText: 'Narrow the list' }).click();
    await page.getByLabel('Age group').selectOption('children');
    await expect(page).toHaveURL(/\/services\?q=heart&age=children$/);
    await expect(page.locator('.lth-result').first()).toBeVisible();
    await box.fill('eczema cream');
    await expect(heading).toHaveText("No services match every word of 'eczema cream'");
    await expect(page.locator('#partial-heading')).toBeVisible();
    expect(await axeViolations(page, testInfo)).toEqual([]);
    await context.setOffline(false);
    expect(asked).toEqual([]);
    // Back returns to an earlier search, from the server.
    await page.goBack();
    await expect(page).toHaveURL(/\/services\?q=heart&age=children$/);
    await expect(heading).toContainText("for 'heart'");
  });

  test('signed-in staff search on the server, which adds their staff-only details', async ({ page, watch }) => {
    await signIn(page, accountsOf('js-on').owner, true, undefined, 'The services directory for staff');
    await page.goto('/services');
    await waitForHydration(page);
    const form = page.locator('form#services-search');
    await expect(form).not.toHaveAttribute('data-search-here');
    // The module is there for when there is no signal.
    await expect(form).toHaveAttribute('data-finder', /^\/pkg\/finder-/);
  });
});
