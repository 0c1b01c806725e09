import { readFileSync } from 'node:fs';
import { SourceMapConsumer } from 'source-map-js';
const dir = '/tmp/distmap/assets/';
const html = readFileSync('/tmp/distmap/index.html','utf8');
const files = [...html.matchAll(/assets\/([^"]+\.js)/g)].map(m=>m[1]);
const totals = {};
const pat = process.argv[2] || 'antd/';
for (const f of files) {
  const code = readFileSync(dir+f,'utf8'); let map;
  try { map = JSON.parse(readFileSync(dir+f+'.map','utf8')); } catch { continue; }
  const c = new SourceMapConsumer(map); const lines = code.split('\n'); let last=null;
  c.eachMapping(m=>{ if(last){ const line=lines[last.generatedLine-1]; const len=(m.generatedLine===last.generatedLine? m.generatedColumn: line.length)-last.generatedColumn; const src=last.source||'?'; if(src.includes(pat)){ const k=src.split(pat).pop().split('/').slice(0,2).join('/'); totals[k]=(totals[k]||0)+Math.max(0,len);} } last=m; });
}
for (const [k,v] of Object.entries(totals).sort((a,b)=>b[1]-a[1]).slice(0,40)) console.log((v/1024).toFixed(1).padStart(8), k);
