// Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every text file of dist/,
// once at build time, so that the gateway (services/gateway/gateway/spa.py) and the edge (nginx
// gzip_static) send them as they are instead of compressing on each request. Node's own zlib, no
// dependency. A copy not smaller than its original is not written (the original is served then).
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const TEXT = /\.(js|mjs|css|html|svg|json|txt|xml|map|webmanifest)$/;
const MIN_BYTES = 512;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let raw = 0;
let br = 0;
let gz = 0;
let count = 0;
for (const path of [...files(dist)]) {
  if (!TEXT.test(path)) continue;
  const body = readFileSync(path);
  for (const suffix of ['.br', '.gz']) {
    try {
      unlinkSync(path + suffix); // a stale copy from an earlier build must not outlive its original
    } catch {
      /* none */
    }
  }
  if (body.length < MIN_BYTES) continue;
  const brotli = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
  const gzip = gzipSync(body, { level: 9 });
  if (brotli.length < body.length) writeFileSync(path + '.br', brotli);
  if (gzip.length < body.length) writeFileSync(path + '.gz', gzip);
  raw += body.length;
  br += Math.min(brotli.length, body.length);
  gz += Math.min(gzip.length, body.length);
  count += 1;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`compressed ${count} files under ${relative(process.cwd(), dist) || 'dist'}: ${kb(raw)} → gzip ${kb(gz)}, brotli ${kb(br)}`);
