/**
 * The docs' code runs: every ```ts block of README.md and docs/*.md is the whole of a file in examples/, named
 * by a marker line right before it, and every example runs to exit 0 against its own private daemon (or in
 * virtual time). Local links and anchors in the docs resolve.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reapDaemonsUnder } from '../../src/testing/daemon-cleanup.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];
const examples = readdirSync(join(root, 'examples')).filter(f => f.endsWith('.ts')).sort();

/** What a reader of the docs sees for an example: its imports from the package, not from the source tree. */
const publicImports: ReadonlyArray<readonly [string, string]> = [
  ["'../src/index.js'", "'rx-containerd'"],
  ["'../src/testing/index.js'", "'rx-containerd/testing'"],
];

interface Block { readonly lang: string; readonly line: number; readonly text: string; readonly marker: string | undefined }

/** The fenced code blocks of a markdown text, each with the example marker on the line before it, if any. */
function blocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`unclosed code block at line ${i + 1}`);
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const marker = /^<!-- example: (\S+) -->$/.exec(lines[before]?.trim() ?? '')?.[1];
    found.push({ lang: open[1]!, line: i + 1, text: lines.slice(i + 1, end).join('\n'), marker });
    i = end;
  }
  return found;
}

/** GitHub's anchor of a heading. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/<[^>]*>/g, '').replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchors(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map(m => slug(m[1]!)));
}

/**
 * Runs an example with a temp folder of its own (TMPDIR), so that whatever it leaves there when it is killed
 * (its private containerd, shims, mounts, rootfs) is found and ended afterwards.
 */
function run(file: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const temp = mkdtempSync(join(tmpdir(), 'rxc-example-'));
  return new Promise<{ code: number | null; output: string }>((done, fail) => {
    const child = spawn(process.execPath, [file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: temp } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', fail);
    child.on('close', code => {
      clearTimeout(timer);
      done({ code, output });
    });
  }).finally(() => {
    reapDaemonsUnder(temp);
    rmSync(temp, { recursive: true, force: true });
  });
}

describe('docs: examples', () => {
  for (const doc of docs) {
    const markdown = readFileSync(join(root, doc), 'utf8');

    it(`${doc}: every TypeScript block is an example file, shown whole with the package's imports`, () => {
      const code = blocks(markdown).filter(b => /^(ts|typescript|tsx|js|javascript)$/.test(b.lang));
      for (const block of code) {
        const where = `${doc}:${block.line}`;
        expect(block.marker, `${where}: a \`\`\`${block.lang} block needs <!-- example: examples/NAME.ts --> before it`).to.be.a('string');
        expect(block.marker, where).to.match(/^examples\/[\w-]+\.ts$/);
        expect(existsSync(join(root, block.marker!)), `${where}: ${block.marker} does not exist`).to.equal(true);
        let source = readFileSync(join(root, block.marker!), 'utf8');
        for (const [from, to] of publicImports) source = source.replaceAll(from, to);
        expect(source, `${block.marker} imports from the source tree beyond the public entry points`).not.to.match(/from '\.\.\//);
        expect(block.text, `${where} differs from ${block.marker} (the block must show the file whole)`).to.equal(source.trimEnd());
      }
    });

    it(`${doc}: every example marker is followed by its TypeScript block`, () => {
      const markers = [...markdown.matchAll(/<!-- example: (\S+) -->/g)].map(m => m[1]);
      const shown = blocks(markdown).filter(b => b.lang === 'ts' && b.marker !== undefined).map(b => b.marker);
      expect(markers).to.deep.equal(shown);
    });

    it(`${doc}: local links and anchors resolve`, () => {
      const text = markdown.replace(/^```[\s\S]*?^```/gm, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue;                    // https:, mailto:
        const [path, anchor] = target!.split('#');
        const file = path === '' ? join(root, doc) : resolve(dirname(join(root, doc)), path!);
        if (file.startsWith(join(root, 'docs', 'api'))) continue;    // the generated API reference (npm run docs)
        expect(existsSync(file), `${doc}: link to ${target} (${relative(root, file)})`).to.equal(true);
        if (anchor !== undefined && file.endsWith('.md')) {
          expect([...anchors(readFileSync(file, 'utf8'))], `${doc}: anchor of ${target}`).to.include(anchor);
        }
      }
    });
  }

  for (const example of examples) {
    it(`examples/${example} runs and exits 0`, async function () {
      this.timeout(60_000);
      const compiled = join(root, 'build', 'examples', example.replace(/\.ts$/, '.js'));
      expect(existsSync(compiled), `${compiled} (built by tsc -p tsconfig.json)`).to.equal(true);
      const { code, output } = await run(compiled, 50_000);
      expect(code, `examples/${example} exited with ${code}:\n${output}`).to.equal(0);
    });
  }
});
