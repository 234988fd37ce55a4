#!/usr/bin/env node
/**
 * Puts each example into the docs: in README.md and docs/*.md, the ```ts block after a line
 * `<!-- example: examples/NAME.ts -->` becomes that file's content, with its imports from the source tree
 * rewritten to the package's ('../src/index.js' → 'rx-containerd', '../src/testing/index.js' →
 * 'rx-containerd/testing'). A marker without a block gets one.
 *
 *   node scripts/docs-examples.mjs           update the docs in place
 *   node scripts/docs-examples.mjs --check   exit 1 if a doc differs from its examples (spec/docs checks it too)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const publicImports = [
  ["'../src/index.js'", "'rx-containerd'"],
  ["'../src/testing/index.js'", "'rx-containerd/testing'"],
];

function shown(example) {
  const path = join(root, example);
  if (!existsSync(path)) throw new Error(`${example} does not exist`);
  let source = readFileSync(path, 'utf8');
  for (const [from, to] of publicImports) source = source.replaceAll(from, to);
  return source.trimEnd();
}

let stale = 0;
for (const doc of docs) {
  const lines = readFileSync(join(root, doc), 'utf8').split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const marker = /^<!-- example: (\S+) -->$/.exec(lines[i].trim());
    if (!marker) continue;
    const block = ['```ts', shown(marker[1]), '```'];
    let next = i + 1;
    while (next < lines.length && lines[next].trim() === '') next++;
    if (/^```ts\s*$/.test(lines[next] ?? '')) {
      const end = lines.findIndex((l, j) => j > next && /^```\s*$/.test(l));
      if (end < 0) throw new Error(`${doc}:${next + 1}: unclosed code block`);
      i = end;
    }
    out.push(...block);
  }
  const before = readFileSync(join(root, doc), 'utf8');
  const after = out.join('\n');
  if (before !== after) {
    stale++;
    if (check) console.error(`${doc}: differs from its examples`);
    else writeFileSync(join(root, doc), after);
  }
}
if (check && stale > 0) {
  console.error('run: node scripts/docs-examples.mjs');
  process.exit(1);
}
if (!check) console.log(stale === 0 ? 'docs up to date' : `${stale} doc(s) updated`);
