import { test as base, expect, Locator, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { staffPassword } from '../playwright.config';
import { signInCode } from './totp';

/** Every page the site has today, with a name for its screenshots. */
export const PAGES = [
  { name: 'home', path: '/', h1: 'About us' },
  { name: 'centres', path: '/centres', h1: 'Centres of excellence' },
  { name: 'centre-childrens-hospital', path: '/centres/childrens-hospital', h1: "Leeds Children's Hospital" },
  { name: 'centre-cancer-centre', path: '/centres/cancer-centre', h1: 'Leeds Cancer Centre' },
  { name: 'centre-major-trauma-centre', path: '/centres/major-trauma-centre', h1: 'Leeds Major Trauma Centre' },
  { name: 'centre-cardiac-services', path: '/centres/cardiac-services', h1: 'Leeds Cardiac Services' },
  { name: 'centre-transplantation', path: '/centres/transplantation', h1: 'Specialised transplantation services' },
  { name: 'partnerships', path: '/partnerships', h1: 'Partnerships and collaboration' },
  { name: 'partner-wyaat', path: '/partnerships/wyaat', h1: 'West Yorkshire Association of Acute Trusts' },
  { name: 'partner-king-hussein-cancer-center', path: '/partnerships/king-hussein-cancer-center', h1: 'King Hussein Cancer Center' },
  { name: 'services', path: '/services', h1: 'Services directory', structured: false },
  { name: 'services-search', path: '/services?q=heart&age=adults', h1: 'Services directory', structured: false },
  { name: 'services-no-results', path: '/services?q=dermmatollogyy', h1: 'Services directory', structured: false },
  { name: 'services-partial', path: '/services?q=eczema+cream', h1: 'Services directory', structured: false },
  { name: 'services-invalid', path: '/services?q=%22', h1: 'Services directory', structured: false, status: 400 },
  { name: 'service-cardiology', path: '/services/cardiology', h1: 'Cardiology' },
  { name: 'service-paediatric-dermatology', path: '/services/paediatric-dermatology', h1: 'Paediatric dermatology' },
  { name: 'hospitals', path: '/hospitals', h1: 'Our hospitals' },
  { name: 'hospital-leeds-general-infirmary', path: '/hospitals/leeds-general-infirmary', h1: 'Leeds General Infirmary' },
  { name: 'hospital-st-jamess', path: '/hospitals/st-jamess', h1: "St James's University Hospital" },
  { name: 'hospital-seacroft', path: '/hospitals/seacroft', h1: 'Seacroft Hospital' },
  { name: 'accessibility-statement', path: '/accessibility-statement', h1: 'Accessibility statement', structured: false },
  { name: 'privacy', path: '/privacy', h1: 'Privacy notice for this website', structured: false },
  { name: 'cookies', path: '/cookies', h1: 'Cookies on this website', structured: false },
  { name: 'contact', path: '/contact', h1: 'Contact us', structured: false },
  { name: 'service-report', path: '/services/cardiology/report', h1: 'Report a problem with this entry', structured: false },
  { name: 'service-report-sent', path: '/services/cardiology/report/sent', h1: 'Report sent', structured: false },
  { name: 'not-found', path: '/no-such-page', h1: 'Page not found', structured: false, status: 404 },
] as { name: string; path: string; h1: string; structured?: boolean; status?: number }[];

type Watch = {
  /** Requests to any origin but ours. */
  foreignRequests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** What the Content-Security-Policy blocked (Chromium reports each in the console). */
  cspViolations: string[];
};

/** Whether a console message is Chromium reporting a Content-Security-Policy violation. */
export function isCspViolation(text: string): boolean {
  return /Content Security Policy/i.test(text);
}

/**
 * Each test watches its page: every request must stay on our origin and the
 * console must stay free of errors. Both are checked after the test.
 */
export const test = base.extend<{ watch: Watch }>({
  watch: async ({ page, baseURL }, use) => {
    const origin = new URL(baseURL!).origin;
    const watch: Watch = { foreignRequests: [], errors: [], cspViolations: [] };
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
        watch.foreignRequests.push(url);
      }
    });
    page.on('console', (message) => {
      // A page served with a deliberate error status (404, 400) logs that status
      // as a failed load of the page itself: that one is expected.
      const ownStatus =
        message.text().includes('the server responded with a status of 4') && message.location().url === page.url();
      if (isCspViolation(message.text())) {
        watch.cspViolations.push(message.text());
      } else if (message.type() === 'error' && !ownStatus) {
        watch.errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => watch.errors.push(String(error)));
    await use(watch);
    expect(watch.foreignRequests, 'requests that left our origin').toEqual([]);
    expect(watch.errors, 'console errors').toEqual([]);
    expect(watch.cspViolations, 'Content-Security-Policy violations').toEqual([]);
  },
});

export { expect };

/** Whether this test run has JavaScript on. */
export function jsEnabled(testInfo: { project: { name: string } }): boolean {
  return testInfo.project.name === 'js-on';
}

/**
 * Waits until the page's scripts run (JavaScript on only): the navigation
 * script, and, on a page with islands, the WASM, once it has hydrated every
 * island (each marks its root `data-ready`). A page without islands loads
 * no WASM.
 */
export async function waitForHydration(page: Page) {
  await page.locator('html[data-navigation]').waitFor({ state: 'attached' });
  if ((await page.locator('leptos-island').count()) === 0) return;
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  await expect(page.locator('leptos-island:not(:has(> [data-ready]))')).toHaveCount(0);
}

/**
 * Runs `check` in a page holding what `page` holds, with script allowed:
 * `page` itself with JavaScript on; with JavaScript off, the same HTML (as
 * the page holds it: a form's answer too) at the same address in a second
 * page whose own scripts (the app's JS and WASM) are blocked.
 */
async function inCheckablePage<T>(
  page: Page,
  testInfo: { project: { name: string } },
  check: (target: Page) => Promise<T>,
): Promise<T> {
  if (jsEnabled(testInfo)) return check(page);
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
  // Signed-in pages stay signed in.
  await context.addCookies(await page.context().cookies());
  const target = await context.newPage();
  await target.route('**/pkg/*.{js,wasm}', (route) => route.abort());
  const html = await page.content();
  const address = page.url();
  await target.route(address, (route) =>
    route.request().url() === address
      ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' })
      : route.fallback(),
  );
  await target.goto(address);
  try {
    return await check(target);
  } finally {
    await context.close();
  }
}

/** Runs axe-core against WCAG 2.2 A and AA and returns the violations. */
export async function axeViolations(page: Page, testInfo: { project: { name: string } }) {
  const results = await inCheckablePage(page, testInfo, (target) =>
    new AxeBuilder({ page: target })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
      .analyze(),
  );
  return results.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** HTML_CodeSniffer, the engine pa11y runs, as a script to evaluate in a page. */
const CODE_SNIFFER = fs.readFileSync(require.resolve('html_codesniffer/build/HTMLCS.js'), 'utf8');

/**
 * Runs HTML_CodeSniffer's WCAG 2 AA checks (a second engine beside axe) and
 * returns its errors. It is evaluated through the DevTools protocol, so the
 * page's Content-Security-Policy does not block it.
 */
export async function codeSnifferErrors(page: Page, testInfo: { project: { name: string } }) {
  return inCheckablePage(page, testInfo, async (target) => {
    await target.evaluate(`${CODE_SNIFFER}\nwindow.HTMLCS = HTMLCS;`);
    return target.evaluate(
      () =>
        new Promise<{ code: string; message: string; element: string }[]>((resolve) => {
          const sniffer = (window as any).HTMLCS;
          sniffer.process('WCAG2AA', document, () => {
            const ERROR = 1;
            resolve(
              sniffer
                .getMessages()
                .filter((m: any) => m.type === ERROR)
                .map((m: any) => ({
                  code: m.code,
                  message: m.msg,
                  element: (m.element?.outerHTML ?? '').slice(0, 160),
                })),
            );
          });
        }),
    );
  });
}

/**
 * Saves full-page screenshots at 375 px and 1280 px wide under
 * screenshots/<project>/, and checks reflow at 320 px (400% zoom of 1280).
 */
export async function screenshots(page: Page, name: string, project: string) {
  const dir = path.join(__dirname, '..', 'screenshots', project);
  fs.mkdirSync(dir, { recursive: true });
  for (const width of [320, 375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    if (width !== 320) await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
    // WCAG 1.4.10 (reflow): nothing makes the page scroll sideways.
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth, `${name} at ${width} px is ${pageWidth} px wide`).toBeLessThanOrEqual(width);
  }
}

/** The NHS.UK focus colour, as the browser computes it. */
export const NHS_FOCUS_YELLOW = 'rgb(255, 235, 59)';

/**
 * The parts of an element's computed style that show focus (background,
 * outline and box shadow), as one string.
 */
export async function focusStyle(locator: Locator): Promise<string> {
  return locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return `${s.backgroundColor} | ${s.outlineStyle} ${s.outlineColor} ${s.outlineWidth} | ${s.boxShadow}`;
  });
}

/** The test accounts of a project (`start-server.sh`, `accounts.setup.ts`). */
export function accountsOf(project: string) {
  return {
    admin: `e2e-admin-${project}@nhs.net`,
    editor: `e2e-editor-${project}@nhs.net`,
    /** For "sign out everywhere", which ends its other sessions. */
    devices: `e2e-devices-${project}@nhs.net`,
    /** The editor of the single sign-on test, signing in beside the others. */
    detailsEditor: `e2e-details-${project}@nhs.net`,
    /** A member of staff (not an editor) who owns services' entries. */
    owner: `e2e-owner-${project}@nhs.net`,
  };
}

/**
 * Signs in as a member of staff would: password, then a code from their app.
 * `home` is the staff home page's heading for their role.
 */
export async function signIn(
  page: Page,
  email: string,
  js: boolean,
  password = staffPassword,
  home = 'Edit the services directory',
) {
  await page.goto('/staff/sign-in');
  if (js) await waitForHydration(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in\/code$/);
  // Another worker signing in to the same account may claim this step
  // first and send the next one sooner; the server then refuses this older
  // step, as it should. That is a race between tests, not a fault: take a
  // fresh code, as a person would.
  for (let attempt = 1; ; attempt++) {
    await page.getByLabel('Code', { exact: true }).fill(await signInCode(email));
    await page.getByRole('button', { name: 'Continue' }).click();
    try {
      await expect(page).toHaveURL(/\/staff$/, { timeout: attempt < 3 ? 5_000 : 10_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(home);
}
