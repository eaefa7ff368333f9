import { test, expect, jsEnabled, waitForHydration, focusStyle, NHS_FOCUS_YELLOW } from './fixtures';
import type { Page } from '@playwright/test';

type Info = { project: { name: string } };

async function open(page: Page, path: string, testInfo: Info) {
  const response = await page.goto(path);
  if (jsEnabled(testInfo)) await waitForHydration(page);
  return response;
}

/** Types a search. With JavaScript the results follow the typing; without, the form is submitted. */
async function searchFor(page: Page, text: string, testInfo: Info) {
  const box = page.getByLabel('Search for a service');
  await box.fill(text);
  if (!jsEnabled(testInfo)) await page.getByRole('button', { name: 'Search', exact: true }).click();
}

/**
 * The address's search, ignoring empty fields: a browser submitting the form
 * without JavaScript sends every field (`?q=eye&group=&site=&age=`), the app
 * only the chosen ones.
 */
async function expectSearch(page: Page, expected: Record<string, string>) {
  await expect
    .poll(() => {
      const url = new URL(page.url());
      if (url.pathname !== '/services') return `path ${url.pathname}`;
      return Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
    })
    .toEqual(expected);
}

const heading = (page: Page) => page.locator('#results-heading');
const resultNames = (page: Page) => page.locator('.lth-result__name a');

test('search finds services from the first letters, marks matches and counts them', async ({ page, watch }, testInfo) => {
  await open(page, '/services', testInfo);
  await searchFor(page, 'derm', testInfo);
  await expectSearch(page, { q: 'derm' });
  await expect(heading(page)).toHaveText(/^\d+ services? found for 'derm'$/);
  await expect(resultNames(page).first()).toHaveText('Dermatology');
  await expect(resultNames(page).first().locator('mark')).toHaveText('Dermatology');
  if (jsEnabled(testInfo)) {
    // Typing keeps focus in the box, and the count is announced.
    await expect(page.getByLabel('Search for a service')).toBeFocused();
    await expect(page.locator('#search-status')).toHaveText(/services? found for 'derm'/);
  }
});

test('everyday words and typing mistakes find the right service', async ({ page, watch }, testInfo) => {
  await open(page, '/services', testInfo);
  await searchFor(page, 'kidney', testInfo);
  await expect(page.locator('.lth-results')).toContainText('Renal medicine');
  await searchFor(page, 'opthalmology', testInfo);
  await expect(resultNames(page).first()).toHaveText('Ophthalmology');
  await expect(page.getByText("We also searched for 'ophthalmology' for 'opthalmology'.")).toBeVisible();
  await searchFor(page, 'dermmatollogyy', testInfo);
  await expect(heading(page)).toHaveText("No services found for 'dermmatollogyy'");
  await page.getByRole('link', { name: 'dermatology', exact: true }).click();
  await expectSearch(page, { q: 'dermatology' });
  await expect(resultNames(page).first()).toHaveText('Dermatology');
});

test('filters combine with each other and with the search', async ({ page, watch }, testInfo) => {
  await open(page, '/services', testInfo);
  // The filters wait behind "Narrow the list" until one is chosen.
  await expect(page.getByLabel('Specialist group')).toBeHidden();
  await page.locator('summary', { hasText: 'Narrow the list' }).click();
  await page.getByLabel('Specialist group').selectOption('cardiac');
  await page.getByLabel('Age group').selectOption('adults');
  if (!jsEnabled(testInfo)) await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expectSearch(page, { group: 'cardiac', age: 'adults' });
  const metas = page.locator('.lth-result__meta');
  await expect(metas.first()).toBeVisible();
  for (const meta of await metas.all()) {
    await expect(meta).toContainText('Cardiac services');
    await expect(meta).not.toContainText('Children and young people');
  }
  await searchFor(page, 'valve', testInfo);
  await expectSearch(page, { q: 'valve', group: 'cardiac', age: 'adults' });
  await expect(resultNames(page)).toContainText(['Heart valve service']);
  await expect(page.getByLabel('Specialist group')).toHaveValue('cardiac');
  // A filtered list opens with its filters shown.
  await page.reload();
  await expect(page.getByLabel('Specialist group')).toBeVisible();
});

test('on a phone the first results show without scrolling past the filters', async ({ page, watch }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await open(page, '/services?q=heart', testInfo);
  const first = resultNames(page).first();
  await expect(first).toBeVisible();
  const box = await first.boundingBox();
  expect(box && box.y + box.height).toBeLessThanOrEqual(812);
});

test('Back after a search returns to the previous search', async ({ page, watch }, testInfo) => {
  await open(page, '/services', testInfo);
  await searchFor(page, 'heart', testInfo);
  await expect(heading(page)).toContainText("for 'heart'");
  await searchFor(page, 'skin', testInfo);
  await expect(heading(page)).toContainText("for 'skin'");
  await page.goBack();
  await expectSearch(page, { q: 'heart' });
  await expect(heading(page)).toContainText("for 'heart'");
  await expect(page.getByLabel('Search for a service')).toHaveValue('heart');
  await page.goBack();
  await expectSearch(page, {});
  await expect(page.locator('#services-a-to-z')).toBeVisible();
});

test('A to Z: letters with services are links, empty letters are not', async ({ page, watch }, testInfo) => {
  await open(page, '/services', testInfo);
  const index = page.getByRole('navigation', { name: /A to Z/ });
  await expect(index.getByRole('link')).not.toHaveCount(0);
  await expect(index.locator('.lth-a-to-z__letter--empty')).toContainText(['J']);
  await expect(index.locator('.lth-a-to-z__letter--empty a')).toHaveCount(0);
  await index.getByRole('link', { name: 'Services starting with D' }).click();
  await expect(page).toHaveURL(/#letter-d$/);
  await expect(page.locator('#letter-d')).toBeInViewport();
  await page.getByRole('link', { name: 'Dermatology', exact: true }).click();
  await expect(page).toHaveURL(/\/services\/dermatology$/);
  await expect(page.locator('h1')).toContainText('Dermatology');
});

test('a service page shows every field, its sites and centre, and prints cleanly', async ({ page, watch }, testInfo) => {
  await open(page, '/services/cardiology', testInfo);
  const list = page.locator('.nhsuk-summary-list');
  for (const key of ['Conditions and symptoms', 'Who it is for', 'Where', 'Opening hours', 'Phone', 'Part of']) {
    await expect(list.locator('dt', { hasText: key })).toBeVisible();
  }
  await expect(list).toContainText('Leeds General Infirmary');
  await expect(list).toContainText('LS1 3EX');
  await expect(page.getByText('Page last reviewed:')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'For health professionals' })).toBeVisible();
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(jsonLd['@type']).toBe('MedicalClinic');
  expect(jsonLd.location[0].availableService.name).toBe('Cardiology');

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('nav[aria-label=Menu]')).toBeHidden();
  await expect(page.locator('footer[role=contentinfo]')).toBeHidden();
  await expect(page.locator('h1')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('link', { name: 'Leeds Cardiac Services' }).click();
  await expect(page).toHaveURL(/\/centres\/cardiac-services$/);
  await expect(page.getByRole('heading', { name: 'Services in the directory' })).toBeVisible();
  await page.getByRole('link', { name: 'Cardiology', exact: true }).click();
  await expect(page).toHaveURL(/\/services\/cardiology$/);
});

test('a search we cannot run gets an error summary and status 400', async ({ page, watch }, testInfo) => {
  const response = await open(page, '/services?q=%22', testInfo);
  expect(response!.status()).toBe(400);
  const summary = page.locator('.nhsuk-error-summary');
  await expect(summary).toContainText('There is a problem');
  await summary.getByRole('link', { name: /Search must include a letter or a number/ }).click();
  await expect(page.getByLabel('Search for a service')).toBeFocused();
});

test('results and the whole directory download as CSV and JSON', async ({ page, request, watch }, testInfo) => {
  await open(page, '/services', testInfo);
  await searchFor(page, 'skin', testInfo);
  const csvLink = page.getByRole('link', { name: 'CSV (spreadsheet)' });
  await expect(csvLink).toHaveAttribute('href', '/services.csv?q=skin');
  const csv = await request.get('/services.csv?q=skin');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect((await csv.text()).split('\n')[0]).toContain('slug,name,group');
  const json = await request.get('/services.json');
  expect(json.status()).toBe(200);
  expect((await json.json()).length).toBeGreaterThanOrEqual(100);
});

test('keyboard: search box, button, the filters control and filters in order, with visible focus', async ({ page, watch }, testInfo) => {
  await open(page, '/services', testInfo);
  await page.getByLabel('Search for a service').focus();
  await page.keyboard.type('eye');
  if (!jsEnabled(testInfo)) await page.keyboard.press('Enter');
  await expectSearch(page, { q: 'eye' });
  await page.getByLabel('Search for a service').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Search', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  const filters = page.locator('summary', { hasText: 'Narrow the list' });
  await expect(filters).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const group = page.getByLabel('Specialist group');
  await expect(group).toBeFocused();
  // The NHS focus style: a yellow outline the unfocused field does not have.
  expect(await focusStyle(group)).toContain(`solid ${NHS_FOCUS_YELLOW}`);
  await page.getByLabel('Search for a service').focus();
  expect(await focusStyle(group)).not.toContain(NHS_FOCUS_YELLOW);
});
