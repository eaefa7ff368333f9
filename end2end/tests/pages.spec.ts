import {
  test,
  expect,
  PAGES,
  jsEnabled,
  waitForHydration,
  axeViolations,
  codeSnifferErrors,
  screenshots,
} from './fixtures';

for (const p of PAGES) {
  test(`${p.name}: complete, accessible and screenshotted`, async ({ page, watch }, testInfo) => {
    const response = await page.goto(p.path);
    expect(response!.status()).toBe(p.status ?? 200);
    if (jsEnabled(testInfo)) await waitForHydration(page);

    await expect(page.locator('h1')).toContainText(p.h1);
    await expect(page).toHaveTitle(/ - Leeds Teaching Hospitals NHS Trust$/);
    await expect(page.locator('header[role=banner]')).toContainText('Leeds Teaching Hospitals');
    await expect(page.locator('header[role=banner]')).toContainText('NHS Trust');
    await expect(page.locator('nav[aria-label=Menu] a')).toHaveText([
      'About us',
      'Centres of excellence',
      'Partnerships',
      'Services directory',
    ]);
    await expect(page.locator('footer[role=contentinfo]')).toBeVisible();
    for (const [name, href] of [
      ['Accessibility statement', '/accessibility-statement'],
      ['Contact us', '/contact'],
      ['Cookies', '/cookies'],
      ['Privacy', '/privacy'],
    ]) {
      await expect(page.locator('footer').getByRole('link', { name, exact: true })).toHaveAttribute('href', href);
    }
    // Arial, and no web font: the NHS.UK Frutiger @font-face is left out.
    expect(await page.locator('h1').evaluate((el) => getComputedStyle(el).fontFamily)).toBe('arial, sans-serif');
    await expect(page.locator('link[rel=canonical]')).toHaveAttribute('href', /^http:\/\/127\.0\.0\.1:\d+\//);
    await expect(page.locator('meta[name=description]')).toHaveAttribute('content', /\w/);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', /\w/);
    if (p.structured !== false) {
      const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
      expect(jsonLd['@context']).toBe('https://schema.org');
      expect(jsonLd['@type']).toMatch(/^(MedicalOrganization|MedicalClinic|GovernmentOrganization|CollegeOrUniversity|NGO|Organization|Hospital)$/);
    }

    expect(await axeViolations(page, testInfo)).toEqual([]);
    expect(await codeSnifferErrors(page, testInfo)).toEqual([]);
    await screenshots(page, p.name, testInfo.project.name);
  });
}

test('the home page shows the trust profile', async ({ page, watch }) => {
  await page.goto('/');
  const main = page.locator('main');
  for (const fact of ['100+', 'About £1 billion', 'About half', '1.7 million', '2.6 million', '1 of 14']) {
    await expect(main.getByText(fact, { exact: true })).toBeVisible();
  }
  for (const group of [
    "Specialist children's services",
    'Cancer, blood and genetics',
    'Major trauma and neurosciences',
    'Cardiac services',
    'Specialised transplantation and other specialised surgery',
  ]) {
    await expect(main.getByRole('link', { name: group })).toBeVisible();
  }
  await expect(main.getByRole('heading', { name: 'St James\'s University Hospital' })).toBeVisible();
  await expect(main.getByText('Beckett Street, Leeds, LS9 7TF')).toBeVisible();
  await expect(main.getByText('Trust headquarters', { exact: true })).toBeVisible();
});

test('a centre page shows highlights, offers, place and related centres', async ({ page, watch }) => {
  await page.goto('/centres/cardiac-services');
  const main = page.locator('main');
  await expect(main.getByText('1,000+', { exact: true })).toBeVisible();
  await expect(main.getByRole('heading', { name: 'What we offer' })).toBeVisible();
  await expect(main.getByRole('heading', { name: 'Leeds General Infirmary' })).toBeVisible();
  await expect(main.getByRole('link', { name: "Leeds Children's Hospital" })).toHaveAttribute(
    'href',
    '/centres/childrens-hospital',
  );
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Centres of excellence' }).first()).toBeVisible();
});

test('links navigate between the pages', async ({ page, watch }, testInfo) => {
  await page.goto('/');
  if (jsEnabled(testInfo)) await waitForHydration(page);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Centres of excellence' }).click();
  await expect(page).toHaveURL(/\/centres$/);
  await expect(page.locator('h1')).toHaveText('Centres of excellence');
  await expect(page).toHaveTitle('Centres of excellence - Leeds Teaching Hospitals NHS Trust');
  await expect(
    page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Centres of excellence' }),
  ).toHaveAttribute('aria-current', 'page');

  await page.locator('main').getByRole('link', { name: 'Leeds Major Trauma Centre' }).click();
  await expect(page).toHaveURL(/\/centres\/major-trauma-centre$/);
  await expect(page.locator('h1')).toContainText('Leeds Major Trauma Centre');
  await expect(page.locator('link[rel=canonical]')).toHaveAttribute('href', /\/centres\/major-trauma-centre$/);

  await page.goBack();
  await expect(page.locator('h1')).toHaveText('Centres of excellence');
});

test('keyboard: skip link first, then visible focus on the menu', async ({ page, watch }, testInfo) => {
  await page.goto('/centres');
  if (jsEnabled(testInfo)) await waitForHydration(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  await page.goto('/centres');
  if (jsEnabled(testInfo)) await waitForHydration(page);
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab'); // logo
  await page.keyboard.press('Tab'); // first menu item
  const focused = page.locator(':focus');
  await expect(focused).toHaveText('About us');
  // NHS.UK focus style: yellow background and a thick underline shadow.
  const style = await focused.evaluate((el) => {
    const s = getComputedStyle(el);
    return { background: s.backgroundColor, shadow: s.boxShadow };
  });
  expect(style.background).toBe('rgb(255, 235, 59)');
  expect(style.shadow).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('h1')).toHaveText('About us');
});
