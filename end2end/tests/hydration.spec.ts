import { test, expect, jsEnabled, waitForHydration } from './fixtures';

// With JavaScript on, the WASM hydrates the page and links navigate inside the
// page without a reload. A marker set on `window` survives client-side
// navigation and is lost on a full page load.
test.describe('hydration', () => {
  test.beforeEach(({}, testInfo) => test.skip(!jsEnabled(testInfo), 'needs JavaScript'));

  test('links navigate client-side once the WASM has hydrated the page', async ({ page, watch }) => {
    await page.goto('/');
    await waitForHydration(page);
    await page.evaluate(() => ((window as any).notReloaded = true));
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Centres of excellence' }).click();
    await expect(page.locator('h1')).toHaveText('Centres of excellence');
    expect(await page.evaluate(() => (window as any).notReloaded)).toBe(true);
  });

  test('with the WASM blocked the page still works, but every link reloads it', async ({ page }) => {
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto('/');
    await expect(page.locator('h1')).toHaveText('About us');
    await page.evaluate(() => ((window as any).notReloaded = true));
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Centres of excellence' }).click();
    await expect(page.locator('h1')).toHaveText('Centres of excellence');
    expect(await page.evaluate(() => (window as any).notReloaded)).toBeUndefined();
    await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
  });
});

test('with JavaScript off the pages are complete server-rendered HTML', async ({ page, watch }, testInfo) => {
  test.skip(jsEnabled(testInfo), 'JavaScript off only');
  await page.goto('/centres/transplantation');
  await expect(page.locator('h1')).toContainText('Specialised transplantation services');
  await expect(page.locator('main li')).not.toHaveCount(0);
  await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
});
