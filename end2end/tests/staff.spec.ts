import {
  test,
  expect,
  jsEnabled,
  waitForHydration,
  axeViolations,
  screenshots,
  focusStyle,
  signIn,
  accountsOf,
  NHS_FOCUS_YELLOW,
} from './fixtures';
import { staffPassword } from '../playwright.config';
import { freshCode, signInCode } from './totp';

/** Each project edits its own service, so the two can run side by side. */
function serviceFor(project: string) {
  return project === 'js-on'
    ? { slug: 'audiology', name: 'Audiology' }
    : { slug: 'dermatology', name: 'Dermatology' };
}

test('sign in, edit a service, see it published and audited, sign out', async ({ page, watch }, testInfo) => {
  const js = jsEnabled(testInfo);
  const service = serviceFor(testInfo.project.name);
  const EDITOR = accountsOf(testInfo.project.name).editor;
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
  const person = accountsOf(testInfo.project.name).devices;
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
  await signIn(page, accountsOf(testInfo.project.name).editor, js);
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
  await signIn(page, accountsOf(testInfo.project.name).editor, js);
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
  await signIn(page, accountsOf(testInfo.project.name).admin, js);
  for (const [name, path] of [
    ['staff-home', '/staff'],
    ['staff-edit', `/staff/services/${service.slug}/edit`],
    ['staff-new', '/staff/services/new'],
    ['staff-users', '/staff/users'],
    ['staff-users-filtered', '/staff/users?event=signed-in&who=e2e'],
    ['staff-account', '/staff/account'],
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
  const EDITOR = accountsOf(testInfo.project.name).editor;
  await page.getByLabel('Email address').focus();
  await page.keyboard.type(EDITOR);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(staffPassword);
  await page.keyboard.press('Tab');
  const button = page.getByRole('button', { name: 'Sign in', exact: true });
  await expect(button).toBeFocused();
  // The NHS focus style: the button turns yellow, with a dark underline.
  const focused = await focusStyle(button);
  expect(focused).toContain(`${NHS_FOCUS_YELLOW} |`);
  expect(focused).toContain('rgb(33, 43, 50)');
  await page.getByLabel('Password').focus();
  expect(await focusStyle(button)).not.toContain(NHS_FOCUS_YELLOW);
  await page.keyboard.press('Enter');
  // The code, by keyboard too.
  await expect(page).toHaveURL(/\/staff\/sign-in\/code$/);
  await page.getByLabel('Code', { exact: true }).focus();
  await page.keyboard.type(await signInCode(EDITOR));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/staff$/);
});

test('wrong password: one message for any reason, nothing else said', async ({ page, watch }, testInfo) => {
  await page.goto('/staff/sign-in');
  if (jsEnabled(testInfo)) await waitForHydration(page);
  await page.getByLabel('Email address').fill('nobody-here@nhs.net');
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('.nhsuk-error-summary')).toContainText('Enter a correct email address and password');
  await expect(page.getByLabel('Email address')).toHaveValue('nobody-here@nhs.net');
  await expect(page.getByLabel('Password')).toHaveValue('');
});

test('a new member of staff: invitation, password, authenticator app, sign in with a code, change password, sign out everywhere', async ({ page, browser, watch }, testInfo) => {
  const js = jsEnabled(testInfo);
  const project = testInfo.project.name;
  const newcomer = `e2e-new-${project}-${Date.now()}@nhs.net`;
  // An admin invites them, and reads the link to send.
  await signIn(page, accountsOf(project).admin, js);
  await page.goto('/staff/users');
  if (js) await waitForHydration(page);
  await page.getByLabel('Email address').fill(newcomer);
  await page.getByLabel('Editor', { exact: true }).check();
  await page.getByRole('button', { name: 'Invite' }).click();
  const link = (await page.locator('#invitation-link').textContent())!.trim();
  expect(link).toMatch(/\/staff\/invitation\/[0-9a-f]{64}$/);
  expect(await axeViolations(page, testInfo), 'invitation made').toEqual([]);
  await screenshots(page, 'staff-invitation-made', project);
  // They open it in a browser of their own.
  const theirs = await browser.newContext({ javaScriptEnabled: js });
  const them = await theirs.newPage();
  await them.goto(new URL(link).pathname);
  await expect(them.getByRole('heading', { level: 1 })).toHaveText('Create a password');
  expect(await axeViolations(them, testInfo), 'create a password').toEqual([]);
  await them.getByLabel('Password').fill('password1234');
  await them.getByRole('button', { name: 'Create password' }).click();
  await expect(them.locator('.nhsuk-error-summary')).toContainText('too easy to guess');
  expect(await axeViolations(them, testInfo), 'weak password').toEqual([]);
  const password = 'kettle wardround pylon harbour';
  await them.getByLabel('Password').fill(password);
  await them.getByRole('button', { name: 'Create password' }).click();
  // The authenticator app: a QR code drawn by our server, and the secret as text.
  await expect(them).toHaveURL(/\/staff\/authenticator-app$/);
  await expect(them.getByRole('img', { name: /QR code/ })).toBeVisible();
  expect(await axeViolations(them, testInfo), 'set up the app').toEqual([]);
  await screenshots(them, 'staff-authenticator', project);
  const secret = (await them.locator('#secret-key').textContent())!.replace(/\s/g, '');
  await them.getByLabel('Code', { exact: true }).fill('000000');
  await them.getByRole('button', { name: 'Continue' }).click();
  await expect(them.locator('.nhsuk-error-summary')).toContainText('Enter a correct code');
  await them.getByLabel('Code', { exact: true }).fill(await freshCode(newcomer, secret));
  await them.getByRole('button', { name: 'Continue' }).click();
  await expect(them.getByRole('heading', { level: 1 })).toHaveText('Save your recovery codes');
  const recovery = await them.locator('.lth-recovery-codes code').allTextContents();
  expect(recovery).toHaveLength(10);
  expect(await axeViolations(them, testInfo), 'recovery codes').toEqual([]);
  await them.getByRole('link', { name: 'I have saved my codes, continue' }).click();
  await expect(them).toHaveURL(/\/staff$/);
  // Signing in again: password, then a code from the app.
  await them.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(them).toHaveURL(/\/staff\/sign-in$/);
  await them.getByLabel('Email address').fill(newcomer);
  await them.getByLabel('Password').fill(password);
  await them.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(them).toHaveURL(/\/staff\/sign-in\/code$/);
  expect(await axeViolations(them, testInfo), 'enter a code').toEqual([]);
  await screenshots(them, 'staff-sign-in-code', project);
  await them.getByLabel('Code', { exact: true }).fill(await freshCode(newcomer, secret));
  await them.getByRole('button', { name: 'Continue' }).click();
  await expect(them).toHaveURL(/\/staff$/);
  // Their own account: change the password with the current one and a
  // recovery code.
  await them.getByRole('link', { name: /Your account/ }).click();
  await expect(them.getByRole('heading', { level: 1 })).toHaveText('Your account');
  await expect(them.getByText('This device')).toBeVisible();
  expect(await axeViolations(them, testInfo), 'your account').toEqual([]);
  await them.getByLabel('Current password').fill(password);
  await them.getByLabel('New password').fill('harbour pylon kettle wardround');
  await them.getByLabel('Code', { exact: true }).fill(recovery[0]);
  await them.getByRole('button', { name: 'Change password' }).click();
  await expect(them.locator('.nhsuk-inset-text')).toContainText('Your password has been changed');
  await expect(them.getByText('You have 9 recovery codes left.')).toBeVisible();
  expect(await axeViolations(them, testInfo), 'password changed').toEqual([]);
  // Sign out everywhere: this device too.
  await them.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(them).toHaveURL(/\/staff\/sign-in$/);
  await them.goto('/staff');
  await expect(them).toHaveURL(/\/staff\/sign-in$/);
  await theirs.close();
});
