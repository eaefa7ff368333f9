import { test, expect, accountsOf, signIn, jsEnabled, waitForHydration, axeViolations, screenshots } from './fixtures';

// Signing in with an NHS account at the test OpenID provider's own login page
// (start-server.sh starts it), seeing the staff-only details an editor keeps
// on a service, finding the service by its ward, and seeing none of it once
// signed out. Each project has its own service, ward and bleep.
const perProject = {
  'js-on': { slug: 'rheumatology', ward: 'Ward J42', search: 'j42', bleep: '4401' },
  'js-off': { slug: 'urology', ward: 'Ward K42', search: 'k42', bleep: '4402' },
} as const;

test('an editor keeps staff-only details; staff signed in with their NHS account see and search them; signed out, no one does', async ({ page, browser, baseURL }, testInfo) => {
  const project = testInfo.project.name as keyof typeof perProject;
  const js = jsEnabled(testInfo);
  const { slug, ward, search, bleep } = perProject[project];

  // The editor adds the details on the service form.
  await signIn(page, accountsOf(project).detailsEditor, js);
  await page.goto(`/staff/services/${slug}/edit`);
  if (js) await waitForHydration(page);
  await page.getByLabel('Where in the hospital').fill(`${ward}, level 2`);
  await page.getByLabel('Bleeps').fill(`On-call registrar: ${bleep}`);
  await page.getByLabel('Extensions and direct lines').fill("Nurses' station: 23456");
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect(page).toHaveURL(new RegExp(`/services/${slug}$`));

  // A member of staff, in a browser of their own, signs in at the provider.
  const context = await browser.newContext({ javaScriptEnabled: js, baseURL });
  const staff = await context.newPage();
  const origin = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  staff.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin && !url.href.startsWith('data:')) elsewhere.push(url.origin);
  });
  // The provider's own login page asks for a web font: not ours to fetch.
  await staff.route('https://fonts.googleapis.com/**', (route) => route.abort());
  // From the home page by the footer's link: with JavaScript on, a page the
  // browser did not load itself, which keeps the home page's policy.
  await staff.goto('/');
  if (js) await waitForHydration(staff);
  await staff.getByRole('link', { name: 'Staff sign in' }).click();
  await expect(staff).toHaveURL(/\/staff\/sign-in$/);
  await staff.getByRole('button', { name: 'Sign in with your NHS account' }).click();
  await staff.waitForURL(/\/interaction\//);
  const provider = new URL(staff.url()).origin;
  expect(provider).not.toBe(origin);
  await staff.locator('input[name="login"]').fill(`e2e-sso-${project}@nhs.net`);
  await staff.locator('input[name="password"]').fill('any password');
  await staff.getByRole('button', { name: 'Sign-in' }).click();
  await expect(staff).toHaveURL(/\/staff$/);
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText('The services directory for staff');
  // The only other origin the browser went to is the provider (whose page
  // asked for its font, refused above).
  expect([...new Set(elsewhere)].filter((o) => o !== 'https://fonts.googleapis.com')).toEqual([provider]);

  // The service page shows the details, the extension dialable.
  await staff.goto(`/services/${slug}`);
  const details = staff.locator('[data-staff-only]');
  await expect(details.getByRole('heading', { name: 'For staff' })).toBeVisible();
  await expect(details).toContainText(`On-call registrar: ${bleep}`);
  await expect(details.getByRole('link', { name: '23456' })).toHaveAttribute('href', 'tel:23456');
  expect(await axeViolations(staff, testInfo)).toEqual([]);
  await screenshots(staff, 'service-for-staff', project);

  // The ward finds the service.
  await staff.goto('/services');
  if (js) await waitForHydration(staff);
  await staff.getByLabel('Search for a service').fill(search);
  await staff.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(staff.getByRole('heading', { name: /Found in staff-only details/ })).toBeVisible();
  await expect(staff.locator(`a[href="/services/${slug}"]`).first()).toBeVisible();
  expect(await axeViolations(staff, testInfo)).toEqual([]);

  // Signed out, the page and the search show none of it.
  await staff.goto('/staff');
  await staff.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(staff).toHaveURL(/\/staff\/sign-in$/);
  await staff.goto(`/services/${slug}`);
  await expect(staff.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(staff.locator('[data-staff-only]')).toHaveCount(0);
  expect(await staff.content()).not.toContain(bleep);
  await staff.goto(`/services?q=${search}`);
  await expect(staff.getByRole('heading', { name: /Found in staff-only details/ })).toHaveCount(0);
  await context.close();
});
