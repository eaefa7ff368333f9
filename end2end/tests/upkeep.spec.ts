import { test, expect, accountsOf, signIn, jsEnabled, waitForHydration, axeViolations, screenshots } from './fixtures';
import { staffPassword } from '../playwright.config';

// Keeping entries right: an editor makes a member of staff the owner of two
// services; a visitor reports a wrong number on one; the owner sees that
// report and the overdue service first, marks it still correct and closes
// the report. Each project has its own services, both seeded: the overdue
// one was last reviewed in early June 2026, over 6 months before any run.
const perProject = {
  'js-on': {
    overdue: { slug: 'childrens-emergency-department', name: "Children's emergency department" },
    upToDate: { slug: 'radiology', name: 'Radiology' },
  },
  'js-off': {
    overdue: { slug: 'clinical-immunology-and-allergy', name: 'Clinical immunology and allergy' },
    upToDate: { slug: 'cardiac-surgery', name: 'Cardiac surgery' },
  },
} as const;

test('a visitor reports a wrong number; the owner sees it and the overdue service first, marks it still correct and closes the report', async ({ page, browser, baseURL, watch }, testInfo) => {
  const project = testInfo.project.name as keyof typeof perProject;
  const js = jsEnabled(testInfo);
  const { overdue, upToDate } = perProject[project];
  const { editor, owner } = accountsOf(project);

  // An editor names the owner on each service's form.
  await signIn(page, editor, js);
  for (const service of [upToDate, overdue]) {
    await page.goto(`/staff/services/${service.slug}/edit`);
    if (js) await waitForHydration(page);
    await page.getByLabel('Who keeps this entry right').fill(owner);
    await page.getByRole('button', { name: 'Save owners' }).click();
    await expect(page).toHaveURL(new RegExp(`/staff/services/${service.slug}/edit$`));
    await expect(page.getByLabel('Who keeps this entry right')).toHaveValue(owner);
  }

  // A visitor, in a browser of their own, reports a wrong number.
  const visitorContext = await browser.newContext({ javaScriptEnabled: js, baseURL });
  const visitor = await visitorContext.newPage();
  await visitor.goto(`/services/${overdue.slug}`);
  if (js) await waitForHydration(visitor);
  await visitor.getByRole('link', { name: 'Report a problem with this entry' }).click();
  await expect(visitor).toHaveURL(new RegExp(`/services/${overdue.slug}/report$`));
  await expect(visitor.getByRole('heading', { level: 1 })).toContainText('Report a problem with this entry');
  expect(await axeViolations(visitor, testInfo), 'the report form').toEqual([]);
  await screenshots(visitor, 'report-form', project);
  // Sent empty: the message, linked to its field.
  await visitor.getByRole('button', { name: 'Send report' }).click();
  await expect(visitor.getByRole('alert')).toContainText('Enter what is wrong with this entry');
  expect(await axeViolations(visitor, testInfo), 'the report form with an error').toEqual([]);
  await visitor.getByRole('link', { name: 'Enter what is wrong with this entry' }).click();
  await expect(visitor.getByLabel('What is wrong?')).toBeFocused();
  const report = `The phone number rings a fax machine (${project} ${Date.now()})`;
  await visitor.getByLabel('What is wrong?').fill(report);
  await visitor.getByRole('button', { name: 'Send report' }).click();
  await expect(visitor).toHaveURL(new RegExp(`/services/${overdue.slug}/report/sent$`));
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Report sent');
  expect(await axeViolations(visitor, testInfo), 'report sent').toEqual([]);
  await screenshots(visitor, 'report-sent', project);
  // Never on the public page.
  await visitor.goto(`/services/${overdue.slug}`);
  await expect(visitor.getByText(report)).toHaveCount(0);
  await visitorContext.close();

  // The owner signs in: the report, then their services, overdue first.
  const ownerContext = await browser.newContext({ javaScriptEnabled: js, baseURL });
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner, js, staffPassword, 'The services directory for staff');
  const card = ownerPage.locator('.lth-report').filter({ hasText: report });
  await expect(card).toBeVisible();
  await expect(card.getByRole('link', { name: overdue.name })).toBeVisible();
  const rows = ownerPage.getByRole('table', { name: /your services/ }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(overdue.name);
  await expect(rows.first()).toContainText('Overdue');
  await expect(rows.last()).toContainText(upToDate.name);
  expect(await axeViolations(ownerPage, testInfo), 'the owner’s staff home page').toEqual([]);
  await screenshots(ownerPage, 'staff-owner-home', project);

  // Still correct: reviewed today, so now up to date and last.
  await rows.filter({ hasText: overdue.name }).getByRole('button', { name: /Still correct/ }).click();
  await expect(ownerPage).toHaveURL(/\/staff$/);
  await expect(rows.first()).toContainText(upToDate.name);
  await expect(rows.last()).toContainText(overdue.name);
  await expect(rows.last()).toContainText('Up to date');

  // Closing the report takes a note.
  const note = card.getByLabel(/What you did about report/);
  await card.getByRole('button', { name: /Close report/ }).click();
  await expect(ownerPage.getByRole('alert')).toContainText('Enter what you did about this report');
  expect(await axeViolations(ownerPage, testInfo), 'closing refused').toEqual([]);
  await note.fill('Checked with the department: the number is right; the fax was a wrong dial.');
  await card.getByRole('button', { name: /Close report/ }).click();
  await expect(ownerPage).toHaveURL(/\/staff$/);
  await expect(ownerPage.locator('.lth-report').filter({ hasText: report })).toHaveCount(0);

  // The editor, still signed in, sees both steps in the change history.
  await page.goto(`/services/${overdue.slug}`);
  const history = page.locator('.lth-history__entry');
  await expect(history.first()).toContainText(`by ${owner}`);
  await expect(page.locator('.lth-history')).toContainText('Problem report closed');
  await expect(page.locator('.lth-history')).toContainText('Problem reported');
  await ownerContext.close();
});
