import { defineConfig } from '@playwright/test';

// The release server binary is started from this folder, which also shows it
// works from any working directory. Its own port keeps it clear of `make run`.
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
/** The password of the two staff accounts `start-server.sh` makes. */
export const staffPassword = 'browser tests password';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      // Debian's Chromium: Playwright must never download a browser of its own.
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'js-on', use: { javaScriptEnabled: true } },
    { name: 'js-off', use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: 'bash start-server.sh',
    url: `${baseURL}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      SITE_URL: baseURL,
      RUST_LOG: 'warn',
      // start-server.sh: a fresh database file for every run, seeded at
      // start-up, with an admin and an editor.
      E2E_PORT: String(port),
      E2E_STAFF_PASSWORD: staffPassword,
    },
  },
});
