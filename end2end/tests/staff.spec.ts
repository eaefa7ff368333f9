import { Page } from '@playwright/test';
import { test, expect, jsEnabled, waitForHydration, axeViolations, screenshots, focusStyle, NHS_FOCUS_YELLOW } from './fixtures';
import { staffPassword } from '../playwright.config';

const EDITOR = 'e2e-editor@nhs.net';
const ADMIN = 'e2e-admin@nhs.net';

/** Each project edits its own service, so the two can run side by side. */
function serviceFor(project: string) {
  return project === 'js-on'
    ? { slug: 'audiology', name: 'Audiology' }
    : { slug: 'dermatology', name: 'Dermatology' };
}

async function signIn(page: Page, email: string, js: boolean) {
  await page.goto('/staff/sign-in');
  if (js) await waitForHydration(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(staffPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit the services directory');
}

test('sign in, edit a service, see it published and audited, sign out', async ({ page, watch }, testInfo) => {
  const js = jsEnabled(testInfo);
  const service = serviceFor(testInfo.project.name);
  await signIn(page, EDITOR, js);
  await page.getByRole('link', { name: `${service.name} (edit)`, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Edit ${service.name}`);
  if (js) await waitForHydration(page);
  const hours = `Monday to Friday, 8am to 6pm (checked ${testInfo.project.name} ${Date.now()})`;
  await page.getByLabel('Opening hours').fill(hours);
  await page.getByRole('button', { name: 'Save and publish' }).click();
  // The public page shows the change at once.
  await expect(page).toHaveURL(new RegExp(`/services/${service.slug}$`));
  await expect(page.getByText(hours).first()).toBeVisible();
  // Staff see who changed what.
  await expect(page.getByRole('heading', { name: 'Change history' })).toBeVisible();
  const history = page.locator('.lth-history__entry').first();
  await expect(history).toContainText(`Edited by ${EDITOR}`);
  await expect(history.getByRole('definition').filter({ hasText: hours })).toBeVisible();
  // Sign out from the staff home page.
  await page.goto('/staff');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  await page.goto(`/services/${service.slug}`);
  await expect(page.getByText(hours).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Change history' })).toHaveCount(0);
  await page.goto('/staff');
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
});

test('sign out everywhere ends the sessions on every device', async ({ page, browser, watch }, testInfo) => {
  const js = jsEnabled(testInfo);
  // An account of this test's own (start-server.sh), so no other test's session ends.
  const person = `e2e-devices-${testInfo.project.name}@nhs.net`;
  // Another device: a browser of its own, signed in as the same person.
  const phone = await browser.newContext({ javaScriptEnabled: js });
  const phonePage = await phone.newPage();
  await signIn(phonePage, person, js);
  await signIn(page, person, js);
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  await phonePage.goto('/staff');
  await expect(phonePage).toHaveURL(/\/staff\/sign-in$/);
  await phone.close();
});

test('a refused edit keeps what was typed and links each message to its field', async ({ page, watch }, testInfo) => {
  const js = jsEnabled(testInfo);
  const service = serviceFor(testInfo.project.name);
  await signIn(page, EDITOR, js);
  await page.goto(`/staff/services/${service.slug}/edit`);
  await page.getByLabel('Service name').fill('');
  await page.getByLabel('Phone').fill('ring us');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.locator('.nhsuk-error-summary');
  await expect(summary).toContainText('Enter the service name');
  await expect(page.getByLabel('Phone')).toHaveValue('ring us');
  await expect(page.locator('#phone-error')).toContainText('Enter a phone number');
  await summary.getByRole('link', { name: /Enter the service name/ }).click();
  await expect(page.getByLabel('Service name')).toBeFocused();
  if (js) {
    expect(await axeViolations(page, testInfo)).toEqual([]);
  }
  await screenshots(page, 'staff-edit-errors', testInfo.project.name);
});

test("a hospital's location field shows when its box is ticked (all show without JavaScript)", async ({ page, watch }, testInfo) => {
  const js = jsEnabled(testInfo);
  await signIn(page, EDITOR, js);
  await page.goto('/staff/services/new');
  if (js) await waitForHydration(page);
  const hospital = page.getByRole('checkbox', { name: "St James's University Hospital" });
  const location = page.getByLabel("Where at St James's University Hospital");
  await expect(hospital).not.toBeChecked();
  if (!js) {
    await expect(location).toBeVisible();
    return;
  }
  await expect(location).toBeHidden();
  await expect(hospital).toHaveAttribute('aria-expanded', 'false');
  await hospital.focus();
  await page.keyboard.press('Space');
  await expect(location).toBeVisible();
  await expect(hospital).toHaveAttribute('aria-expanded', 'true');
  await location.fill('Bexley Wing, level 2');
  await hospital.uncheck();
  await expect(location).toBeHidden();
});

test('staff pages are accessible and screenshotted', async ({ page, watch }, testInfo) => {
  const js = jsEnabled(testInfo);
  const service = serviceFor(testInfo.project.name);
  await page.goto('/staff/sign-in');
  expect(await axeViolations(page, testInfo)).toEqual([]);
  await screenshots(page, 'staff-sign-in', testInfo.project.name);
  await signIn(page, ADMIN, js);
  for (const [name, path] of [
    ['staff-home', '/staff'],
    ['staff-edit', `/staff/services/${service.slug}/edit`],
    ['staff-new', '/staff/services/new'],
    ['staff-users', '/staff/users'],
  ]) {
    await page.goto(path);
    if (js) await waitForHydration(page);
    expect(await axeViolations(page, testInfo), path).toEqual([]);
    await screenshots(page, name, testInfo.project.name);
  }
});

test('keyboard only: sign in with Tab and Enter, focus visible', async ({ page, watch }, testInfo) => {
  await page.goto('/staff/sign-in');
  if (jsEnabled(testInfo)) await waitForHydration(page);
  await page.getByLabel('Email address').focus();
  await page.keyboard.type(EDITOR);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(staffPassword);
  await page.keyboard.press('Tab');
  const button = page.getByRole('button', { name: 'Sign in' });
  await expect(button).toBeFocused();
  // The NHS focus style: the button turns yellow, with a dark underline.
  const focused = await focusStyle(button);
  expect(focused).toContain(`${NHS_FOCUS_YELLOW} |`);
  expect(focused).toContain('rgb(33, 43, 50)');
  await page.getByLabel('Password').focus();
  expect(await focusStyle(button)).not.toContain(NHS_FOCUS_YELLOW);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/staff$/);
});

test('wrong password: one message for any reason, nothing else said', async ({ page, watch }, testInfo) => {
  await page.goto('/staff/sign-in');
  if (jsEnabled(testInfo)) await waitForHydration(page);
  await page.getByLabel('Email address').fill('nobody-here@nhs.net');
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.nhsuk-error-summary')).toContainText('Enter a correct email address and password');
  await expect(page.getByLabel('Email address')).toHaveValue('nobody-here@nhs.net');
  await expect(page.getByLabel('Password')).toHaveValue('');
});
