import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { importSpecifiers, readImportGraph, upwardImports, type ImportGraph } from './support/layers.js';

// build/spec/layers.spec.js -> the sources at the repository's root
const srcDir = fileURLToPath(new URL('../../src', import.meta.url));

describe('layers', () => {
  it('no import in src/ points up the layers cli > supervise > process > streams > client > proto', () => {
    const graph = readImportGraph(srcDir);
    expect(graph.size, 'source files read').to.be.greaterThan(50);
    expect(upwardImports(graph).map((v) => `${v.from} -> ${v.to}: ${v.why}`)).to.deep.equal([]);
  });

  describe('the checker', () => {
    it('reads static, re-exported, type-only, dynamic and type-query imports, and no comment or string', () => {
      const text = [
        "import { a } from './a.js';",
        "import type { B } from '../b.js';",
        "export { c } from './c.js';",
        "export * from './d.js';",
        "const e = await import('./e.js');",
        "type F = import('./f.js').F;",
        "// import { g } from './g.js';",
        "const h = \"import { h } from './h.js'\";",
        "import fs from 'node:fs';",
      ].join('\n');
      expect(importSpecifiers('x.ts', text)).to.deep.equal(['./a.js', '../b.js', './c.js', './d.js', './e.js', './f.js', 'node:fs']);
    });

    it('fails on an import that points up, into an entry point, or out of src/', () => {
      const graph: ImportGraph = new Map([
        ['client/validate.ts', ['process/types.ts', 'proto/base.ts', 'client/errors.ts']],
        ['streams/exits.ts', ['testing/index.ts']],
        ['supervise/run.ts', ['index.ts']],
        ['cli/main.ts', ['index.ts']],
        ['proto/any.ts', ['../scripts/x.ts']],
      ]);
      expect(upwardImports(graph)).to.deep.equal([
        { from: 'client/validate.ts', to: 'process/types.ts', why: 'client imports process, a layer above it' },
        { from: 'streams/exits.ts', to: 'testing/index.ts', why: 'streams imports the entry point testing/index.ts' },
        { from: 'supervise/run.ts', to: 'index.ts', why: 'supervise imports the entry point index.ts' },
        { from: 'cli/main.ts', to: 'index.ts', why: 'cli imports the entry point index.ts' },
        { from: 'proto/any.ts', to: '../scripts/x.ts', why: 'imports a file outside src/' },
      ]);
    });

    it('lets a layer import itself and those below, the entry points anything, and the command line the harness', () => {
      const graph: ImportGraph = new Map([
        ['cli/main.ts', ['supervise/run.ts', 'process/client.ts', 'proto/any.ts', 'testing/daemon.ts']],
        ['streams/event-hub.ts', ['streams/fence.ts', 'client/errors.ts', 'proto/events.ts']],
        ['index.ts', ['cli/main.ts', 'testing/index.ts']],
        ['testing/fake-process.ts', ['supervise/run.ts']],
      ]);
      expect(upwardImports(graph)).to.deep.equal([]);
    });

    it('refuses a folder that is in no layer rather than letting it import anything', () => {
      expect(() => upwardImports(new Map([['attic/old.ts', ['cli/main.ts']]]))).to.throw(/in no layer/);
    });
  });
});
