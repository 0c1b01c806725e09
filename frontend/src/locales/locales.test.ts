import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-cn';

type Tree = { [k: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'generated' ? [] : sources(p);
    return /\.tsx?$/.test(name) && !name.includes('.test.') ? [p] : [];
  });
}

const srcDir = join(__dirname, '..');

describe('translations', () => {
  it('English has exactly the Chinese keys (taxonomy aside)', () => {
    const strip = (ks: string[]) => ks.filter((k) => !k.startsWith('taxonomy.')).sort();
    expect(strip(keys(en as Tree))).toEqual(strip(keys(zhCN as Tree)));
  });

  it('every literal key used in the code exists', () => {
    const known = new Set(keys(zhCN as Tree));
    const used = new Set<string>();
    for (const file of sources(srcDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z_]+\.[a-zA-Z_.]+)'/g)) used.add(m[1] as string);
      for (const m of text.matchAll(/key: '([a-zA-Z]+\.[a-zA-Z_]+)'/g)) used.add(m[1] as string);
    }
    const missing = [...used].filter((k) => !known.has(k));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(300);
  });

  it('has no empty strings', () => {
    const empty = (t: Tree) =>
      keys(t).filter((k) => k.split('.').reduce<Tree | string>((n, p) => (n as Tree)[p] as Tree | string, t) === '');
    expect(empty(zhCN as Tree)).toEqual([]);
    expect(empty(en as Tree)).toEqual([]);
  });
});
