// Copies the .proto files next to the compiled registry that loads them at run time.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [from, to] = process.argv.slice(2);
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) {
  if (name.endsWith('.proto')) cpSync(join(from, name), join(to, name));
}
