import { test as setup, expect } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { staffPassword } from '../playwright.config';
import { SECRETS_FILE, forgetSteps, freshCode } from './totp';

/**
 * Accepts the invitations `start-server.sh` made, as each member of staff
 * would: chooses the password, sets up the authenticator app with the
 * secret shown as text, and keeps the secret and the recovery codes for
 * the tests' sign-ins.
 */
setup('accept the test accounts’ invitations', async ({ playwright, baseURL }) => {
  forgetSteps();
  const file = path.join(process.env.TMPDIR ?? os.tmpdir(), `lth-e2e-${process.env.E2E_PORT ?? 3100}-invitations.txt`);
  const secrets: Record<string, { secret: string; recovery: string[] }> = {};
  for (const line of fs.readFileSync(file, 'utf8').trim().split('\n')) {
    const [email, link] = line.split(' ');
    // A browser's form posts say where they come from.
    const browser = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
    const path = new URL(link).pathname;
    expect((await browser.get(path)).status()).toBe(200);
    const chosen = await browser.post(path, { form: { 'new-password': staffPassword } });
    expect(chosen.url()).toMatch(/\/staff\/authenticator-app$/);
    const page = await chosen.text();
    const secret = /id="secret-key">([A-Z2-7 ]+)</.exec(page)?.[1].replace(/ /g, '');
    expect(secret, `the secret as text for ${email}`).toBeTruthy();
    const code = await freshCode(email, secret!);
    const enrolled = await (await browser.post('/staff/authenticator-app', { form: { code } })).text();
    expect(enrolled).toContain('Save your recovery codes');
    const recovery = [...enrolled.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
    expect(recovery).toHaveLength(10);
    secrets[email] = { secret: secret!, recovery };
    await browser.dispose();
  }
  fs.writeFileSync(SECRETS_FILE, JSON.stringify(secrets));
});
