// Copies the .proto files next to the compiled registry that loads them at run time, and the declarations
// generated from them (generated/*.d.ts), which the compiled declarations of the wire checks import.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [from, to] = process.argv.slice(2);
mkdirSync(join(to, 'generated'), { recursive: true });
for (const name of readdirSync(from)) {
  if (name.endsWith('.proto')) cpSync(join(from, name), join(to, name));
}
for (const name of readdirSync(join(from, 'generated'))) {
  if (name.endsWith('.d.ts')) cpSync(join(from, 'generated', name), join(to, 'generated', name));
}
