// Page timings in Debian's Chromium: for the home page and a challenge page, the time from navigation to the
// first list (or the challenge's title) rendered, the long tasks (> 50 ms) on the main thread until then, and
// the JavaScript transferred (compressed, as served) until the page is idle. Each named platform (label=URL) is measured in interleaved rounds with a cold
// cache, so that two builds served side by side are compared under the same machine load.
//
//   node scripts/measure-pages.mjs [--rounds 7] [--cpu 4] before=http://127.0.0.1:18900 after=http://127.0.0.1:18800
import { chromium } from '@playwright/test';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : fallback;
};
const rounds = option('rounds', 7);
const cpu = option('cpu', 4); // CPU slowdown (Chrome DevTools' throttling), roughly a mid-range phone
const targets = args.map((a) => {
  const [label, url] = a.split('=');
  if (!url) throw new Error(`expected label=URL, got ${a}`);
  return { label, url: url.replace(/\/$/, '') };
});
if (targets.length === 0) throw new Error('name at least one platform: label=URL');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function firstChallengeId(base) {
  const res = await fetch(`${base}/api/workflow/challenges?limit=1`);
  const body = await res.json();
  const items = Array.isArray(body) ? body : body.items;
  if (!items?.length) throw new Error(`${base}: no public challenge to measure`);
  return items[0].id;
}

async function measure(browser, url, selector) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  let js = 0;
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') js += Number(r.headers()['content-length'] ?? 0);
  });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 });
  const rendered = Date.now() - started;
  const tasks = await page.evaluate(() => window.__longTasks);
  // The script bytes are counted once the page is idle: the lazily loaded parts of the page included.
  await page.waitForLoadState('networkidle');
  await context.close();
  return { rendered, longTasks: tasks.length, longMs: tasks.reduce((a, b) => a + b, 0), js };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const pages = [];
for (const t of targets) {
  const id = await firstChallengeId(t.url);
  pages.push({ t, name: 'home', url: `${t.url}/`, selector: '[data-testid="demand-list"] li' });
  pages.push({ t, name: 'challenge', url: `${t.url}/challenges/${id}`, selector: 'h2, h3' });
}
const results = new Map();
for (let r = 0; r < rounds; r++) {
  for (const p of pages) {
    const key = `${p.t.label} ${p.name}`;
    const m = await measure(browser, p.url, p.selector);
    results.set(key, [...(results.get(key) ?? []), m]);
  }
}
await browser.close();

console.log(`| page | first content (ms, median of ${rounds}) | long tasks | long-task ms | JS transferred |`);
console.log('|---|---:|---:|---:|---:|');
for (const [key, ms] of results) {
  const row = [
    median(ms.map((m) => m.rendered)).toFixed(0),
    median(ms.map((m) => m.longTasks)).toFixed(0),
    median(ms.map((m) => m.longMs)).toFixed(0),
    `${(median(ms.map((m) => m.js)) / 1024).toFixed(1)} KB`,
  ];
  console.log(`| ${key} | ${row.join(' | ')} |`);
}
