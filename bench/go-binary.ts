/**
 * The Go anchors of the benches (bench/go-*): programs on containerd's own Go client, built here with Debian's
 * golang-go and golang-github-containerd-containerd-dev in GOPATH mode, into build/bench/<name>-bin, again
 * whenever their main.go is newer than the binary. Bench only, never part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Whether this machine has Go and containerd's Go client. */
export const hasGo = (): boolean =>
  existsSync('/usr/bin/go') && existsSync('/usr/share/gocode/src/github.com/containerd/containerd/client.go');

/** The path of bench/<name> built (built now if missing or older than its source); exits 2 without Go. */
export function goBinary(name: string): string {
  if (!hasGo()) {
    console.error('needs Go and containerd\'s Go client: apt-get install -y golang-go golang-github-containerd-containerd-dev');
    process.exit(2);
  }
  const source = join(process.cwd(), 'bench', name);
  const binary = join(process.cwd(), 'build', 'bench', `${name}-bin`);
  if (!existsSync(binary) || statSync(join(source, 'main.go')).mtimeMs > statSync(binary).mtimeMs) {
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: source, stdio: 'inherit', env: { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off' } });
  }
  return binary;
}
