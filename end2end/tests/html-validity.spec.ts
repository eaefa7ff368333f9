import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test, expect, jsEnabled, waitForHydration, PAGES, signIn, accountsOf } from './fixtures';

/** The Nu Html Checker (npm `vnu-jar`), run with Debian's Java. */
const VNU = path.join(__dirname, '..', 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

/** Staff pages, as an admin sees them. */
const STAFF_PAGES = [
  { name: 'staff-home', path: '/staff' },
  { name: 'staff-new-service', path: '/staff/services/new' },
  { name: 'staff-edit-service', path: '/staff/services/cardiology/edit' },
  { name: 'staff-users', path: '/staff/users' },
  { name: 'staff-account', path: '/staff/account' },
];

/**
 * Every kind of page, public and staff, as the browser holds it: with
 * JavaScript off the HTML the server sent, with it on the document once its
 * scripts have run (islands hydrated). The checker reads them all at once
 * and must find no error.
 */
test('every page is valid HTML to the Nu Html Checker', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const js = jsEnabled(testInfo);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lth-vnu-'));
  const files: string[] = [];
  const keep = async (name: string, address: string) => {
    let html: string;
    if (js) {
      await page.goto(address);
      await waitForHydration(page);
      html = await page.content();
    } else {
      html = await (await page.request.get(address)).text();
    }
    const file = path.join(dir, `${name}.html`);
    fs.writeFileSync(file, html);
    files.push(file);
  };
  for (const { name, path: address } of PAGES) await keep(name, address);
  await keep('staff-sign-in', '/staff/sign-in');
  await signIn(page, accountsOf(testInfo.project.name).admin, js);
  for (const { name, path: address } of STAFF_PAGES) await keep(name, address);

  const report = execFileSync(
    'java',
    ['-jar', VNU, '--errors-only', '--format', 'json', '--stdout', '--exit-zero-always', ...files],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const errors = (JSON.parse(report).messages as { type: string; url: string; lastLine?: number; message: string }[])
    .filter((message) => message.type === 'error' || message.type === 'non-document-error')
    .map((message) => `${path.basename(message.url)}:${message.lastLine ?? '?'}: ${message.message}`);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(files.length).toBe(PAGES.length + 1 + STAFF_PAGES.length);
  expect(errors).toEqual([]);
});
