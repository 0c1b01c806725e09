import { expect, test } from '@playwright/test';

// The home page's scripts reach the browser pre-compressed (the build writes .br and .gz copies),
// with hashed files cached for a year and index.html revalidated on every visit.
test('the home page is served compressed with long-lived caching for hashed assets', async ({ page }) => {
  const scripts: { url: string; encoding: string; sent: number; decoded: number; cache: string }[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    if (!/\/assets\/.+\.js$/.test(new URL(response.url()).pathname)) return;
    pending.push(
      (async () => {
        const headers = await response.allHeaders();
        scripts.push({
          url: response.url(),
          encoding: headers['content-encoding'] ?? 'identity',
          sent: Number(headers['content-length'] ?? 0),
          decoded: (await response.body()).length,
          cache: headers['cache-control'] ?? '',
        });
      })(),
    );
  });
  const index = await page.goto('/');
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);

  const indexHeaders = await index!.allHeaders();
  expect(indexHeaders['cache-control']).toBe('no-cache');
  expect(['br', 'gzip']).toContain(indexHeaders['content-encoding']);

  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    // A script of a few hundred bytes may compress to no less than itself; it is then sent as is.
    if (script.decoded > 1024) expect(['br', 'gzip'], script.url).toContain(script.encoding);
    expect(script.cache, script.url).toContain('immutable');
    expect(script.sent, script.url).toBeGreaterThan(0);
  }
  const sent = scripts.reduce((sum, s) => sum + s.sent, 0);
  const decoded = scripts.reduce((sum, s) => sum + s.decoded, 0);
  test.info().annotations.push({ type: 'home JS', description: `${sent} bytes sent for ${decoded} bytes of script` });
  expect(sent).toBeLessThan(decoded * 0.4);
});

test('a client asking for brotli gets the brotli copy of a hashed script', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  const src = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
  expect(src).toBeTruthy();
  const br = await request.get(src!, { headers: { 'Accept-Encoding': 'br' } });
  expect(br.headers()['content-encoding']).toBe('br');
  expect(br.headers()['vary']).toBe('Accept-Encoding');
  const plain = await request.get(src!, { headers: { 'Accept-Encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect(Number(br.headers()['content-length'])).toBeLessThan(Number(plain.headers()['content-length']) * 0.4);
  await page.close();
});
