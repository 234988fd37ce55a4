import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { surfaceProblems } from './support/api-surface.js';

// build/spec/api-surface.spec.js -> the repository's root
const root = fileURLToPath(new URL('../../', import.meta.url));

function buildOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(`${root}tsconfig.build.json`, (p) => ts.sys.readFile(p));
  return { ...ts.parseJsonConfigFileContent(config.config, ts.sys, root).options, noEmit: true };
}

/** The problems of a surface made of in-memory files (`/src/x.ts`: text), the first one its entry. */
function problemsOf(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true, types: [] };
  const host = ts.createCompilerHost(options);
  const read = (p: string): string | undefined => files[p] ?? files[p.replace(/\.js$/, '.ts')];
  const base = { ...host };
  host.fileExists = (p) => read(p) !== undefined || base.fileExists(p);
  host.directoryExists = (d) => d === "/src" || d === "/" || (base.directoryExists?.(d) ?? false);
  host.readFile = (p) => read(p) ?? base.readFile(p);
  host.getSourceFile = (p, v) => {
    const text = read(p);
    return text === undefined ? base.getSourceFile(p, v) : ts.createSourceFile(p, text, v, true);
  };
  return surfaceProblems([Object.keys(files)[0]!], options, host);
}

describe('the API surface', function () {
  this.timeout(120_000);

  it('every export and public member of rx-containerd and rx-containerd/testing has a doc comment, and no signature uses an unexported type', () => {
    const problems = surfaceProblems([`${root}src/index.ts`, `${root}src/testing/index.ts`], buildOptions());
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  describe('the checker', () => {
    it('fails on an export without a doc comment, a public member without one, a leaked type and a renamed export', () => {
      expect(problemsOf({
        '/src/index.ts': [
          "export { Hidden as Shown, documented, Widget } from './impl.js';",
          '/** Fine. */',
          'export function bare(): void {}',
          'export const undocumented = 1;',
        ].join('\n'),
        '/src/impl.ts': [
          '/** Internal. */',
          'export interface Secret { readonly x: number }',
          '/** A thing. */',
          'export interface Hidden {',
          '  /** Why. */',
          '  readonly y: number;',
          '}',
          '/** Uses a type users cannot import. */',
          'export function documented(s: Secret): Secret { return s; }',
          '/** A widget. */',
          'export class Widget {',
          '  /** Documented. */',
          '  size = 1;',
          '  name = "w";',
          '  private hidden = 2;',
          '  /** @internal */',
          '  wire(): Secret { return { x: this.hidden }; }',
          '  /** Leaks in a member. */',
          '  secret(): Promise<Secret> { return Promise.resolve({ x: 1 }); }',
          '}',
        ].join('\n'),
      })).to.deep.equal([
        'index.ts: Shown: exported under another name than its declaration\'s (Hidden)',
        'index.ts: Widget.name: no doc comment (src/impl.ts:14)',
        'index.ts: Widget.secret: uses Secret (src/impl.ts), which no entry point exports',
        'index.ts: documented: uses Secret (src/impl.ts), which no entry point exports',
        'index.ts: undocumented: no doc comment (src/index.ts:4)',
      ]);
    });

    it('passes a documented surface whose signatures use only exported types, and what is @internal', () => {
      expect(problemsOf({
        '/src/index.ts': [
          "export { make, type Thing } from './impl.js';",
          '/** @internal */',
          'export function plumbing(): void {}',
        ].join('\n'),
        '/src/impl.ts': [
          '/** A thing. */',
          'export interface Thing {',
          '  /** Its size, in bytes. */',
          '  readonly size: number;',
          '}',
          '/** Makes a thing. */',
          'export function make(size: number): Thing { const local: Local = { size }; return local; }',
          'interface Local { readonly size: number }',
        ].join('\n'),
      })).to.deep.equal([]);
    });
  });
});
