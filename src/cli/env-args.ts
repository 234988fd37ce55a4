/**
 * The environment of `run` and `exec` from `--env-file` and `-e`, as docker reads them.
 * @module
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './args.js';

/**
 * `K=V` entries from the files (in order), then from `-e`: a line or value `K` alone takes K from our own
 * environment (left out when we have none); blank lines and lines starting with '#' are skipped. With a
 * terminal, TERM is ours (xterm when we have none) unless given.
 */
export function environment(files: readonly string[], pairs: readonly string[], tty: boolean): string[] {
  const env: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--env-file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    text.split('\n').forEach((line, i) => {
      const entry = line.replace(/\r$/, '').trimStart();
      if (entry === '' || entry.startsWith('#')) return;
      env.push(...entryOf(entry, `${file}:${i + 1}`));
    });
  }
  for (const pair of pairs) env.push(...entryOf(pair, '-e'));
  if (tty && !env.some((e) => e.startsWith('TERM='))) env.push(`TERM=${process.env['TERM'] || 'xterm'}`);
  return env;
}

function entryOf(entry: string, where: string): string[] {
  const at = entry.indexOf('=');
  const key = at < 0 ? entry : entry.slice(0, at);
  if (key === '' || /\s/.test(key)) throw new UsageError(`${where}: ${JSON.stringify(entry)} is not KEY=VALUE`);
  if (at >= 0) return [entry];
  const ours = process.env[key];
  return ours === undefined ? [] : [`${key}=${ours}`];
}
