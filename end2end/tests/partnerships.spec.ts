import { test, expect, jsEnabled, waitForHydration, axeViolations, screenshots } from './fixtures';
import type { Page } from '@playwright/test';

// Partners with a place on a map, by kind (from server/content/partners.toml).
const MAPPED: Record<string, string[]> = {
  'nhs-collaboration': ['airedale', 'bradford', 'calderdale-huddersfield', 'harrogate', 'mid-yorkshire'],
  academic: ['university-of-leeds'],
  'local-government': ['leeds-city-council'],
  charity: ['leeds-hospitals-charity', 'maggies-yorkshire'],
  international: ['king-hussein-cancer-center', 'malta-ministry-for-health'],
};
const ALL_MAPPED = Object.values(MAPPED).flat();

async function markerSlugs(page: Page): Promise<string[]> {
  const hrefs = await page.locator('svg.lth-map a.lth-map__marker').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href')!),
  );
  return hrefs.map((h) => h.replace('/partnerships/', '')).sort();
}

async function open(page: Page, path: string, testInfo: { project: { name: string } }) {
  await page.goto(path);
  if (jsEnabled(testInfo)) await waitForHydration(page);
}

test('both maps show every mapped partner, with a title, description and text list', async ({ page, watch }, testInfo) => {
  await open(page, '/partnerships', testInfo);
  await expect.poll(() => markerSlugs(page)).toEqual([...ALL_MAPPED].sort());
  const region = page.getByRole('group', { name: 'Partners in West Yorkshire and Harrogate' });
  const world = page.getByRole('group', { name: 'Partners in Europe and the Middle East' });
  await expect(region).toBeVisible();
  await expect(world).toBeVisible();
  await expect(world.locator('desc')).toContainText('King Hussein Cancer Center');
  await expect(region.locator('desc')).toContainText('University of Leeds');
  // The text list holds every partner, mapped or not.
  await expect(page.locator('.lth-partner-list__item')).toHaveCount(15);
  // Every marker is a named link with a target of at least 24 by 24 px.
  for (const marker of await page.locator('a.lth-map__marker').all()) {
    await expect(marker).toHaveAttribute('aria-label', /^\d+\. /);
    const box = (await marker.locator('.lth-map__target').boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(24);
    expect(box.height).toBeGreaterThanOrEqual(24);
  }
});

test('filtering by kind updates map, list and address', async ({ page, watch }, testInfo) => {
  await open(page, '/partnerships', testInfo);
  await page.getByLabel('International partners', { exact: true }).check();
  await page.getByLabel('Universities', { exact: true }).check();
  if (!jsEnabled(testInfo)) await page.getByRole('button', { name: 'Show partners' }).click();
  await expect(page).toHaveURL(/\/partnerships\?kind=academic&kind=international$/);
  await expect(page.getByRole('status')).toHaveText('Showing 3 of 15 partners');
  await expect.poll(() => markerSlugs(page)).toEqual([...MAPPED.academic, ...MAPPED.international].sort());
  await expect(page.locator('.lth-partner-list__item')).toHaveCount(3);
  await expect(page.getByLabel('International partners', { exact: true })).toBeChecked();

  if (jsEnabled(testInfo)) {
    // Back restores the previous choice, map and list included.
    await page.goBack();
    await expect(page).toHaveURL(/\/partnerships\?kind=international$/);
    await expect.poll(() => markerSlugs(page)).toEqual([...MAPPED.international].sort());
    await expect(page.getByLabel('Universities', { exact: true })).not.toBeChecked();
    await page.goBack();
    await expect(page).toHaveURL(/\/partnerships$/);
    await expect.poll(() => markerSlugs(page)).toEqual([...ALL_MAPPED].sort());
  }
});

test('a shared filtered address shows the same result', async ({ page, watch }, testInfo) => {
  await open(page, '/partnerships?kind=charity', testInfo);
  await expect.poll(() => markerSlugs(page)).toEqual([...MAPPED.charity].sort());
  await expect(page.getByLabel('Charities', { exact: true })).toBeChecked();
  await expect(page.getByLabel('Universities', { exact: true })).not.toBeChecked();
});

test('an unknown kind gets a clear message and status 400', async ({ page, watch }) => {
  const response = await page.goto('/partnerships?kind=nonsense');
  expect(response!.status()).toBe(400);
  await expect(page.locator('.nhsuk-error-summary')).toContainText("We do not recognise the partner type 'nonsense'");
});

test('a marker leads to its partner, by mouse or keyboard', async ({ page, watch }, testInfo) => {
  await open(page, '/partnerships?kind=international', testInfo);
  const malta = page.getByRole('link', { name: /^\d+\. Ministry for Health, Malta/ });
  if (jsEnabled(testInfo)) {
    // With JavaScript, choosing a marker shows the partner's details beside the map.
    await malta.click();
    const details = page.locator('.lth-map-details');
    await expect(details).toContainText('Ministry for Health, Malta');
    await expect(details.getByRole('link', { name: 'Read more about Malta' })).toHaveAttribute(
      'href',
      '/partnerships/malta-ministry-for-health',
    );
    await malta.focus();
    await page.keyboard.press('Enter');
    await expect(details).toContainText('Ministry for Health, Malta');
    // Focus is visible: the NHS.UK yellow behind the marker.
    const fill = await malta.locator('.lth-map__target').evaluate((el) => getComputedStyle(el).fill);
    expect(fill).toBe('rgb(255, 235, 59)');
    await details.getByRole('link', { name: 'Read more about Malta' }).click();
  } else {
    await malta.focus();
    await page.keyboard.press('Enter');
  }
  await expect(page).toHaveURL(/\/partnerships\/malta-ministry-for-health$/);
  await expect(page.locator('h1')).toContainText('Ministry for Health, Malta');
});

test('markers are reachable with the Tab key', async ({ page, watch }, testInfo) => {
  await open(page, '/partnerships?kind=local-government', testInfo);
  const council = page.getByRole('link', { name: /^\d+\. Leeds City Council/ });
  for (let i = 0; i < 40 && !(await council.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(council).toBeFocused();
});

test('the map page filtered by kind is accessible and screenshotted', async ({ page, watch }, testInfo) => {
  await open(page, '/partnerships?kind=nhs-collaboration&kind=charity', testInfo);
  expect(await axeViolations(page, testInfo)).toEqual([]);
  await screenshots(page, 'partnerships-filtered', testInfo.project.name);
});

test('at 375 px the maps fit the width and the list follows them', async ({ page, watch }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await open(page, '/partnerships', testInfo);
  const maps = page.locator('svg.lth-map');
  await expect(maps).toHaveCount(2);
  for (const map of await maps.all()) {
    const box = (await map.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(box.width).toBeGreaterThanOrEqual(340);
  }
  const lastMap = (await maps.nth(1).boundingBox())!;
  const list = (await page.locator('.lth-partner-list').first().boundingBox())!;
  expect(list.y).toBeGreaterThan(lastMap.y + lastMap.height);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
