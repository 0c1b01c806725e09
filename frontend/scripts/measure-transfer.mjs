// Bytes of JavaScript the home page transfers over HTTP, as Chromium counts them (the encoded body
// of every script response), against a running platform:
//   node scripts/measure-transfer.mjs http://127.0.0.1:8000/            what a browser gets (br)
//   node scripts/measure-transfer.mjs http://127.0.0.1:8000/ identity   asking for no compression
import { chromium } from '@playwright/test';

const [url = 'http://127.0.0.1:8000/', encoding] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const context = await browser.newContext(encoding ? { extraHTTPHeaders: { 'Accept-Encoding': encoding } } : {});
const page = await context.newPage();
const scripts = [];
page.on('requestfinished', (request) => {
  if (request.resourceType() === 'script') scripts.push(request);
});
await page.goto(url, { waitUntil: 'networkidle' });
let body = 0;
const codings = new Set();
for (const request of scripts) {
  const response = await request.response();
  body += (await request.sizes()).responseBodySize;
  codings.add((await response?.headerValue('content-encoding')) ?? 'none');
}
await browser.close();
console.log(`${url} (Accept-Encoding: ${encoding ?? 'browser default'}): ${scripts.length} scripts, ${(body / 1024).toFixed(1)} KB transferred, Content-Encoding ${[...codings].join(', ')}`);
