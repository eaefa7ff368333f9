import { defineConfig } from '@playwright/test';

// The release server binary is started from this folder, which also shows it
// works from any working directory. Its own port keeps it clear of `make run`.
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
/** The password each test account chooses (`tests/accounts.setup.ts`). */
export const staffPassword = 'browser tests password';

export default defineConfig({
  testDir: './tests',
  // A sign-in may wait for the next 30-second code (`tests/totp.ts`).
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['./accessibility-reporter.ts']],
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
    // Accepts the invitations start-server.sh made: the test accounts.
    { name: 'accounts', testMatch: /accounts\.setup\.ts/ },
    { name: 'js-on', use: { javaScriptEnabled: true }, dependencies: ['accounts'] },
    { name: 'js-off', use: { javaScriptEnabled: false }, dependencies: ['accounts'] },
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
      // start-up, with invitations for each project's accounts.
      E2E_PORT: String(port),
    },
  },
});
