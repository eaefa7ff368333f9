import { test, expect, jsEnabled, waitForHydration, axeViolations, signIn, accountsOf } from './fixtures';
import type { Page } from '@playwright/test';

// "Keep the directory on this device": a copy of the services pages, the
// search module and the directory's copy, answered by a service worker
// (/sw.js) when there is no signal. Nothing is saved, and no worker
// registered, unless someone asks.

const workers = (page: Page) => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
const savedCopies = (page: Page) => page.evaluate(() => caches.keys());
const SAVED = /^Saved on this device, last updated \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d\.$/;

test.describe('the directory kept on this device', () => {
  test.beforeEach(({}, testInfo) => test.skip(!jsEnabled(testInfo), 'needs JavaScript'));

  test('unless asked, no service worker is registered and nothing is saved', async ({ page, watch }) => {
    for (const path of ['/', '/services', '/services?q=heart', '/services/cardiology', '/cookies']) {
      await page.goto(path);
      await waitForHydration(page);
    }
    await page.goto('/services');
    await waitForHydration(page);
    await page.locator('html[data-finder]').waitFor({ state: 'attached' });
    await expect(page.getByRole('button', { name: 'Keep the directory on this device' })).toBeVisible();
    expect(await workers(page)).toBe(0);
    expect(await savedCopies(page)).toEqual([]);
  });

  test('kept, it searches and opens services with no signal, saying when it was saved; removed, it is gone', async ({
    page,
    context,
    watch,
  }, testInfo) => {
    await page.goto('/services');
    await waitForHydration(page);
    const status = page.locator('#keep-copy-status');
    await page.getByRole('button', { name: 'Keep the directory on this device' }).click();
    await expect(status).toHaveText(SAVED, { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Update the saved copy' })).toBeVisible();
    expect(await workers(page)).toBe(1);
    expect(await axeViolations(page, testInfo)).toEqual([]);
    await page.locator('html[data-finder]').waitFor({ state: 'attached' });

    await context.setOffline(true);
    await page.getByLabel('Search for a service').fill('heart');
    await expect(page.locator('#results-heading')).toHaveText(/services? found for 'heart'/);
    await page.locator('a[href="/services/cardiology"]').first().click();
    await expect(page).toHaveURL(/\/services\/cardiology$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Cardiology$/);
    const line = page.locator('[data-saved-copy]');
    await expect(line).toContainText(/^Saved on this device, last updated \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d\./);
    expect(await axeViolations(page, testInfo)).toEqual([]);
    // Whole pages too, with no signal: a service and the directory.
    await page.goto('/services/paediatric-dermatology');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Paediatric dermatology$/);
    await expect(line).toBeVisible();
    await page.goto('/services');
    await waitForHydration(page);
    await expect(line).toBeVisible();
    await page.locator('html[data-finder]').waitFor({ state: 'attached' });
    await page.getByLabel('Search for a service').fill('eczema');
    await expect(page.locator('#results-heading')).toHaveText(/services? found for 'eczema'/);
    await context.setOffline(false);

    await page.goto('/services');
    await waitForHydration(page);
    await expect(status).toHaveText(SAVED);
    await page.getByRole('button', { name: 'Remove it from this device' }).click();
    await expect(status).toHaveText('The directory is no longer saved on this device.');
    expect(await workers(page)).toBe(0);
    expect(await savedCopies(page)).toEqual([]);
  });

  test('staff keep their staff-only numbers on the device until they sign out', async ({ page, context, watch }) => {
    const slug = 'primary-ciliary-dyskinesia';
    const bleep = '4409';
    await signIn(page, accountsOf('js-on').editor, true);
    await page.goto(`/staff/services/${slug}/edit`);
    await waitForHydration(page);
    await page.getByLabel('Bleeps').fill(`Registrar with no signal: ${bleep}`);
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await expect(page).toHaveURL(new RegExp(`/services/${slug}$`));

    await page.goto('/services');
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Keep the directory on this device' }).click();
    await expect(page.locator('#keep-copy-status')).toHaveText(SAVED, { timeout: 30_000 });
    await context.setOffline(true);
    await page.goto(`/services/${slug}`);
    await expect(page.locator('[data-saved-copy]')).toBeVisible();
    await expect(page.locator('[data-staff-only]')).toContainText(bleep);
    await context.setOffline(false);

    await page.goto('/staff');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/staff\/sign-in$/);
    await expect.poll(() => workers(page)).toBe(0);
    await expect.poll(() => savedCopies(page)).toEqual([]);
    await context.setOffline(true);
    // Nothing is left to answer: the browser's own page says it is offline.
    await page.goto(`/services/${slug}`).catch(() => null);
    await page.waitForLoadState();
    await expect(page.locator('body')).not.toContainText(bleep);
    await expect(page.locator('[data-staff-only]')).toHaveCount(0);
    await context.setOffline(false);
  });
});
