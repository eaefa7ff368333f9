import { test, expect, jsEnabled, waitForHydration, axeViolations, signIn, accountsOf } from './fixtures';
import type { Page } from '@playwright/test';

// With JavaScript on, links and GET forms swap in the next page without a
// reload (app/src/components/navigation.js), doing what a page load would: a
// marker set on `window` survives client-side navigation and is lost on a
// full page load.
const markWindow = (page: Page) => page.evaluate(() => ((window as any).notReloaded = true));
const notReloaded = (page: Page) => page.evaluate(() => (window as any).notReloaded === true);
const scrollY = (page: Page) => page.evaluate(() => window.scrollY);
/** Pauses the page's clock (installed before it loaded): from now on its timers fire only when the test runs the clock. */
const stopClock = (page: Page) => page.clock.pauseAt(Date.now() + 5_000);
/**
 * Keeps searches on the server: the browser's search module gets a copy of
 * the directory it cannot read, so it never answers (tests of the requests
 * the navigation script makes).
 */
const searchOnServer = (page: Page) =>
  page.route('**/services/directory.txt', (route) => route.fulfill({ contentType: 'text/plain', body: '' }));
const menuLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true });

test.describe('client-side navigation', () => {
  test.beforeEach(({}, testInfo) => test.skip(!jsEnabled(testInfo), 'needs JavaScript'));

  test('a link shows the new page at the top, its heading focused, title and menu updated', async ({ page, watch }, testInfo) => {
    await page.goto('/centres');
    await waitForHydration(page);
    await markWindow(page);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await scrollY(page)).toBeGreaterThan(0);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Partnerships' }).click();
    await expect(page.locator('h1')).toHaveText('Partnerships and collaboration');
    expect(await notReloaded(page)).toBe(true);
    await expect(page).toHaveTitle('Partnerships and collaboration - Leeds Teaching Hospitals NHS Trust');
    // Focus moves to the new page's heading, where a screen reader starts reading.
    await expect(page.locator('h1')).toBeFocused();
    expect(await scrollY(page)).toBe(0);
    // The menu marks the new section, and no longer the old one.
    await expect(menuLink(page, 'Partnerships')).toHaveAttribute('aria-current', 'page');
    await expect(menuLink(page, 'Centres of excellence')).not.toHaveAttribute('aria-current', /.*/);
    await expect(page.locator('.nhsuk-header__navigation-item--current')).toHaveCount(1);

    // Inside a section, its menu item says so.
    await page.locator('main').getByRole('link', { name: 'King Hussein Cancer Center', exact: true }).click();
    await expect(page.locator('h1')).toContainText('King Hussein Cancer Center');
    await expect(menuLink(page, 'Partnerships')).toHaveAttribute('aria-current', 'true');
    await expect(page.locator('meta[name=description]')).toHaveCount(1);
    await expect(page.locator('link[rel=canonical]')).toHaveAttribute('href', /\/partnerships\/king-hussein-cancer-center$/);
    expect(await notReloaded(page)).toBe(true);
    expect(await axeViolations(page, testInfo)).toEqual([]);
  });

  test('a link to a fragment of another page scrolls to it', async ({ page, watch }) => {
    await page.goto('/');
    await waitForHydration(page);
    await markWindow(page);
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.href = '/services#services-a-to-z';
      link.textContent = 'The A to Z';
      document.querySelector('main h1')!.after(link);
    });
    await page.getByRole('link', { name: 'The A to Z' }).click();
    await expect(page).toHaveURL(/\/services#services-a-to-z$/);
    await expect(page.locator('#services-a-to-z')).toBeInViewport();
    expect(await scrollY(page)).toBeGreaterThan(0);
    expect(await notReloaded(page)).toBe(true);
  });

  test('Back and Forward restore the page and where it was scrolled to', async ({ page, watch }) => {
    // The page's own clock: the script saves the scroll once it has stopped for 200 ms.
    await page.clock.install();
    await page.goto('/services');
    await stopClock(page);
    await markWindow(page);
    const link = page.locator('main').getByRole('link', { name: 'Ophthalmology', exact: true });
    await link.scrollIntoViewIfNeeded();
    const before = await scrollY(page);
    expect(before).toBeGreaterThan(0);
    await link.click();
    await expect(page.locator('h1')).toContainText('Ophthalmology');
    expect(await scrollY(page)).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 200));
    const there = await scrollY(page);
    await page.clock.runFor(250);
    await page.goBack();
    await expect(page.locator('h1')).toHaveText('Services directory');
    await expect.poll(() => scrollY(page)).toBe(before);
    await page.goForward();
    await expect(page.locator('h1')).toContainText('Ophthalmology');
    await expect.poll(() => scrollY(page)).toBe(there);
    expect(await notReloaded(page)).toBe(true);
  });

  test('Back and Forward restore a search, in the box and the results', async ({ page, watch }) => {
    await page.goto('/services');
    await waitForHydration(page);
    await markWindow(page);
    const box = page.getByLabel('Search for a service');
    const heading = page.locator('#results-heading');
    await box.fill('heart');
    await expect(heading).toContainText("for 'heart'");
    await box.fill('skin');
    await expect(heading).toContainText("for 'skin'");
    await page.goBack();
    await expect(page).toHaveURL(/\/services\?q=heart$/);
    await expect(heading).toContainText("for 'heart'");
    await expect(box).toHaveValue('heart');
    await page.goForward();
    await expect(page).toHaveURL(/\/services\?q=skin$/);
    await expect(heading).toContainText("for 'skin'");
    await expect(box).toHaveValue('skin');
    // The island of the restored page runs: typing searches again.
    await box.fill('eye');
    await expect(heading).toContainText("for 'eye'");
    expect(await notReloaded(page)).toBe(true);
  });

  // The page's clock is Playwright's, paused (`stopClock`): time passes for
  // the page (the island's typing pause, the navigation script) only when the
  // test says so, so a pause is exactly as long as the test makes it.
  test('a slow answer to a search already undone does not land', async ({ page, watch }) => {
    await searchOnServer(page);
    await page.clock.install();
    await page.goto('/services');
    await stopClock(page);
    await waitForHydration(page);
    let answered = () => {};
    const slowAnswer = new Promise<void>((done) => (answered = done));
    await page.route('**/services?q=a', async (route) => {
      await new Promise((done) => setTimeout(done, 1000));
      await route.continue().catch(() => {});
      answered();
    });
    const box = page.getByLabel('Search for a service');
    await box.fill('a');
    await page.clock.runFor(300); // the search for 'a' goes, and is held
    await box.fill('');
    await page.clock.runFor(300); // typing undone: back to what is shown
    await slowAnswer;
    // Time for the held answer to land, were it still wanted.
    await page.waitForTimeout(500);
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.locator('#services-a-to-z')).toBeVisible();
    await expect(box).toHaveValue('');
  });

  test('typing makes one request per pause', async ({ page, watch }) => {
    await searchOnServer(page);
    await page.clock.install();
    await page.goto('/services');
    await stopClock(page);
    await waitForHydration(page);
    const searches: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/services') searches.push(url.search);
    });
    const box = page.getByLabel('Search for a service');
    const heading = page.locator('#results-heading');
    await box.pressSequentially('card'); // no time passes between the keys
    await page.clock.runFor(299);
    await box.pressSequentially('i'); // a key within the pause starts it again
    await page.clock.runFor(299);
    await page.clock.runFor(1);
    await expect(heading).toContainText("for 'cardi'");
    await box.pressSequentially('o');
    await page.clock.runFor(300);
    await expect(heading).toContainText("for 'cardio'");
    // A chosen filter sends the form at once, with no pause.
    await page.locator('summary', { hasText: 'Narrow the list' }).click();
    await page.getByLabel('Age group').selectOption('adults');
    await expect(page).toHaveURL(/\/services\?q=cardio&age=adults$/);
    expect(searches).toEqual(['?q=cardi', '?q=cardio', '?q=cardio&age=adults']);
  });
});

/** Each island, what it does once hydrated, and what the page does without it. */
const ISLANDS: {
  name: string;
  path: string;
  staff?: boolean;
  hydrated: (page: Page) => Promise<void>;
  inert: (page: Page) => Promise<void>;
}[] = [
  {
    name: 'MarkerChooser',
    path: '/partnerships',
    hydrated: async (page) => {
      await page.getByRole('link', { name: /^\d+\. Leeds City Council/ }).click();
      await expect(page.locator('.lth-map-details')).toContainText('Leeds City Council');
      await expect(page).toHaveURL(/\/partnerships$/);
    },
    inert: async (page) => {
      await page.getByRole('link', { name: /^\d+\. Leeds City Council/ }).click();
      await expect(page).toHaveURL(/\/partnerships\/leeds-city-council$/);
    },
  },
  {
    name: 'SearchAsYouType',
    path: '/services',
    hydrated: async (page) => {
      await page.getByLabel('Search for a service').fill('heart');
      await expect(page.locator('#results-heading')).toContainText("for 'heart'");
      await expect(page).toHaveURL(/\/services\?q=heart$/);
    },
    inert: async (page) => {
      const box = page.getByLabel('Search for a service');
      await box.fill('heart');
      await page.waitForTimeout(600);
      await expect(page).toHaveURL(/\/services$/);
      await box.press('Enter');
      await expect(page).toHaveURL(/\/services\?q=heart$/);
    },
  },
  {
    name: 'ConditionalReveal',
    path: '/staff/services/new',
    staff: true,
    hydrated: async (page) => {
      await expect(page.getByLabel("Where at St James's University Hospital")).toBeHidden();
    },
    inert: async (page) => {
      await expect(page.getByLabel("Where at St James's University Hospital")).toBeVisible();
    },
  },
];

test.describe('live forms without the WASM', () => {
  test.beforeEach(({}, testInfo) => test.skip(!jsEnabled(testInfo), 'needs JavaScript'));

  // The navigation script runs them: blocking the WASM changes nothing but
  // the search as you type (the island's): Enter sends the search.
  test('the services search and the partner filter follow the form', async ({ page }) => {
    await page.route('**/pkg/*.wasm', (route) => route.abort());
    await page.goto('/services');
    await page.getByLabel('Search for a service').fill('heart');
    await page.getByLabel('Search for a service').press('Enter');
    await expect(page).toHaveURL(/\/services\?q=heart$/);
    await expect(page.getByLabel('Search for a service')).toBeFocused();
    await page.goto('/partnerships');
    await page.getByLabel('Charities', { exact: true }).check();
    await expect(page).toHaveURL(/\/partnerships\?kind=charity$/);
    await expect(page.getByLabel('Charities', { exact: true })).toBeFocused();
  });
});

test.describe('islands', () => {
  test.beforeEach(({}, testInfo) => test.skip(!jsEnabled(testInfo), 'needs JavaScript'));

  test('each island hydrates, and the state it leaves is accessible', async ({ page, watch }, testInfo) => {
    for (const island of ISLANDS) {
      await openIsland(page, island);
      await waitForHydration(page);
      await island.hydrated(page);
      expect(await axeViolations(page, testInfo), island.name).toEqual([]);
    }
  });

  // The same pages with the WASM blocked (its failed load is an expected
  // console error, so no `watch`): no island runs, and the HTML still works.
  test('with the WASM blocked every island stays server HTML', async ({ page }) => {
    await page.route('**/pkg/*.wasm', (route) => route.abort());
    for (const island of ISLANDS) {
      await openIsland(page, island);
      await page.waitForLoadState('networkidle');
      await expect(page.locator('[data-ready]')).toHaveCount(0);
      await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
      await island.inert(page);
    }
  });
});

test.describe('WASM only where an island is', () => {
  test.beforeEach(({}, testInfo) => test.skip(!jsEnabled(testInfo), 'needs JavaScript'));

  test('a page without islands fetches no WASM; moving to one with islands loads and hydrates it once', async ({
    page,
    watch,
  }) => {
    const bundle: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/pkg/') && /\.(js|wasm)$/.test(request.url())) {
        bundle.push(new URL(request.url()).pathname);
      }
    });
    for (const path of ['/', '/services/cardiology', '/centres/transplantation', '/partnerships/wyaat', '/hospitals']) {
      await page.goto(path);
      await waitForHydration(page);
      await page.waitForLoadState('networkidle');
    }
    expect(bundle, 'no page without an island fetched the WASM or its JS').toEqual([]);
    await expect(page.locator('html[data-hydrated]')).toHaveCount(0);

    // To the services page by a link: its search island hydrates and works.
    await page.goto('/');
    await waitForHydration(page);
    await menuLink(page, 'Services directory').click();
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
    await waitForHydration(page);
    const searchIsland = ISLANDS.find((island) => island.name === 'SearchAsYouType')!;
    await searchIsland.hydrated(page);
    // Back (past the search) to a page without islands and forward again:
    // the island works, and the WASM was fetched once.
    await page.goBack();
    await page.goBack();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator('leptos-island')).toHaveCount(0);
    await page.goForward();
    await expect(page).toHaveURL(/\/services$/);
    await waitForHydration(page);
    await searchIsland.hydrated(page);
    const wasm = bundle.filter((path) => path.endsWith('.wasm'));
    expect(wasm.filter((path) => path.startsWith('/pkg/lth.'))).toHaveLength(1);
    // The browser's search module, loaded once the services page was idle.
    expect(wasm.filter((path) => path.startsWith('/pkg/finder-')).length).toBeLessThanOrEqual(1);
  });
});

async function openIsland(page: Page, island: (typeof ISLANDS)[number]) {
  if (island.staff) {
    // The islands run with JavaScript on only; signing in does not wait
    // for hydration, which a blocked WASM never brings.
    await signIn(page, accountsOf('js-on').editor, false);
  }
  await page.goto(island.path);
}

test('with JavaScript off the pages are complete server-rendered HTML', async ({ page, watch }, testInfo) => {
  test.skip(jsEnabled(testInfo), 'JavaScript off only');
  await page.goto('/centres/transplantation');
  await expect(page.locator('h1')).toContainText('Specialised transplantation services');
  await expect(page.locator('main li')).not.toHaveCount(0);
  await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
});
