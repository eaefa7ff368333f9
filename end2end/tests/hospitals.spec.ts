import {
  test,
  expect,
  jsEnabled,
  waitForHydration,
  axeViolations,
  codeSnifferErrors,
  focusStyle,
  NHS_FOCUS_YELLOW,
} from './fixtures';

test('from a service page to its hospital page and back', async ({ page, watch }, testInfo) => {
  const js = jsEnabled(testInfo);
  await page.goto('/services/cardiology');
  if (js) await waitForHydration(page);
  const where = page.locator('main').getByRole('link', { name: 'Leeds General Infirmary' });
  await where.click();
  await expect(page).toHaveURL(/\/hospitals\/leeds-general-infirmary$/);
  await expect(page.locator('h1')).toHaveText('Leeds General Infirmary');
  await expect(page).toHaveTitle('Leeds General Infirmary - Leeds Teaching Hospitals NHS Trust');
  // Getting there: sat-nav postcodes by entrance, buses, parking.
  const main = page.locator('main');
  await expect(main.getByRole('heading', { name: 'Postcodes for sat-nav' })).toBeVisible();
  await expect(main).toContainText('LS2 9DA');
  await expect(main.getByRole('heading', { name: 'Parking' })).toBeVisible();
  await expect(main.getByRole('link', { name: '0113 39 25057' })).toHaveAttribute('href', 'tel:01133925057');
  // The map says in words what it shows.
  const map = main.getByRole('img', { name: 'Map: where Leeds General Infirmary is' });
  await expect(map).toBeVisible();
  await expect(main.locator('svg desc')).toContainText("St James's University Hospital is about 2 km to the east");
  // The service is listed among the hospital's services: back to it.
  const services = main.getByRole('list', { name: 'Services at Leeds General Infirmary' });
  await expect(services.getByRole('link', { name: 'Cardiology', exact: true })).toBeVisible();
  expect(await axeViolations(page, testInfo)).toEqual([]);
  expect(await codeSnifferErrors(page, testInfo)).toEqual([]);
  await page.goBack();
  await expect(page).toHaveURL(/\/services\/cardiology$/);
  await expect(page.locator('h1')).toContainText('Cardiology');
  await page.goForward();
  await expect(page.locator('h1')).toHaveText('Leeds General Infirmary');
  await services.getByRole('link', { name: 'Cardiology', exact: true }).click();
  await expect(page).toHaveURL(/\/services\/cardiology$/);
  await expect(page.locator('h1')).toContainText('Cardiology');
});

test('keyboard: from the footer to the accessibility statement, focus visible', async ({ page, watch }, testInfo) => {
  await page.goto('/hospitals');
  if (jsEnabled(testInfo)) await waitForHydration(page);
  // Tab from the link before it, as a keyboard user would.
  await page.locator('footer').getByRole('link', { name: 'Staff sign in' }).focus();
  await page.keyboard.press('Tab');
  const link = page.locator('footer').getByRole('link', { name: 'Accessibility statement' });
  await expect(link).toBeFocused();
  expect(await focusStyle(link)).toContain(`${NHS_FOCUS_YELLOW} |`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/accessibility-statement$/);
  await expect(page.locator('h1')).toContainText('Accessibility statement');
  await expect(page.locator('main')).toContainText('This website was last tested on');
});
