// Prints, for each kind of public page, the script and WebAssembly files a
// first visit downloads (a fresh browser profile, JavaScript on), one line per
// page: "name<TAB>path<TAB>url url ...<TAB>url url ...": first what the page
// loads, then what it loads once idle (the browser's search module and the
// directory's copy, on the services pages). `scripts/sizes.sh` adds up their
// sizes.
// Usage: node page-downloads.mjs http://127.0.0.1:3500
import { chromium } from '@playwright/test';

const base = process.argv[2];
const pages = [
  ['home', '/'],
  ['centre', '/centres/childrens-hospital'],
  ['partnerships', '/partnerships'],
  ['partner', '/partnerships/wyaat'],
  ['services', '/services'],
  ['search', '/services?q=heart'],
  ['service', '/services/cardiology'],
  ['staff sign-in', '/staff/sign-in'],
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const [name, path] of pages) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const urls = new Set();
  const idle = new Set();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/pkg/finder-') || url.pathname === '/services/directory.txt') {
      idle.add(url.pathname);
    } else if (/\.(js|wasm)$/.test(url.pathname)) {
      urls.add(url.pathname);
    }
  });
  await page.goto(base + path, { waitUntil: 'networkidle' });
  if (await page.locator('form[data-finder]').count()) {
    await page.locator('html[data-finder]').waitFor({ state: 'attached' });
  }
  console.log(`${name}\t${path}\t${[...urls].join(' ')}\t${[...idle].join(' ')}`);
  await context.close();
}
await browser.close();
