// Gzipped size of the JavaScript the browser loads for "/": the entry chunk and its static
// imports (what index.html loads before anything renders), then plus the lazily loaded home
// route with its own static imports (what it takes to show the home page).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

function closure(keys, seen = new Set()) {
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    closure(manifest[key]?.imports ?? [], seen);
  }
  return seen;
}

const size = (keys) =>
  [...keys]
    .map((k) => manifest[k].file)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const initial = closure([entry]);
const home = closure(['src/app/routes/home.tsx'], new Set(initial));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const initialSize = size(initial);
const homeSize = size(home);
console.log(`entry + static imports (${initial.size} chunks): ${kb(initialSize)} gzipped`);
console.log(`… plus the lazy home route (${home.size} chunks): ${kb(homeSize)} gzipped`);
const budget = 350 * 1024;
if (homeSize > budget) {
  console.error(`over the 350 KB budget`);
  process.exit(1);
}
