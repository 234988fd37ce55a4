/**
 * This host's processes and mounts as /proc shows them, and ending them: what cleaning up after a private
 * containerd needs when the daemon cannot be asked.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** A process and its command line. */
export interface ProcInfo {
  readonly pid: number;
  readonly args: readonly string[];
}

/** Every pid on the host now. */
export function allPids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

/** A process's command line, or undefined if it exited meanwhile. */
export function cmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
}

/** The processes whose command line has `flag value`. */
export function processesWithArg(flag: string, value: string): ProcInfo[] {
  return allPids().flatMap((pid) => {
    const args = cmdline(pid);
    return args !== undefined && argAfter(args, flag) === value ? [{ pid, args }] : [];
  });
}

/** The argument after `flag` in a command line, if any. */
export function argAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Every descendant of `root`, deepest first. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      walk(child);
      out.push(child);
    }
  };
  walk(root);
  return out;
}

/** SIGKILLs each pid; one already gone is skipped. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Lazily unmounts every mount point under `dir`, deepest first. */
export function unmountUnder(dir: string): void {
  let points: string[];
  try {
    points = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .map((p) => p.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))))
      .filter((p) => p === dir || p.startsWith(`${dir}/`));
  } catch {
    return;
  }
  for (const point of points.sort((a, b) => b.length - a.length)) {
    spawnSync('umount', ['-l', point], { stdio: 'ignore' });
  }
}
