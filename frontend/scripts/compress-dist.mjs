// After `vite build`: write a gzip (.gz) and a brotli (.br) copy beside every text asset of dist/,
// at the highest levels, once, so that neither the gateway nor the edge compresses on each request.
// A copy that would not be smaller than the file is not written (the server then sends the file).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(name)) yield path;
  }
}

let before = 0;
let afterBr = 0;
for (const path of files(dist)) {
  const raw = readFileSync(path);
  const gz = gzipSync(raw, { level: 9 });
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  if (gz.length < raw.length) writeFileSync(`${path}.gz`, gz);
  if (br.length < raw.length) writeFileSync(`${path}.br`, br);
  before += raw.length;
  afterBr += Math.min(br.length, raw.length);
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`compressed dist/: ${kb(before)} → ${kb(afterBr)} (brotli)`);
