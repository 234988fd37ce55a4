/**
 * `rx-containerd import`: an image archive (OCI image layout or `docker save` tar) into the namespace.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { fromEvent, lastValueFrom, takeUntil, tap } from 'rxjs';
import type { ImportProgress } from '../images/import-progress.js';
import type { Command } from './command.js';
import { withClient } from './existing.js';
import { bytes, shortDigest } from './format.js';
import { UsageError } from './args.js';

export const importCommand: Command = {
  name: 'import',
  synopsis: '[options] FILE',
  summary: 'import an image archive (OCI layout or docker save tar), unpacked, as ctr images import',
  description: `Imports every blob of the archive into the content store, names its images (from the archive's annotations or
RepoTags, or --name), unpacks them for this platform and prints their names. An OCI image layout tar and a
docker save tar are both read, plain or gzip-compressed. Progress goes to stderr: one line per blob written or
found, per layer unpacked. Ctrl-C stops the import and removes what it brought (its lease, with the collector
run) before exiting 130.`,
  options: {
    name: { type: 'string', arg: 'NAME', help: "the name of the archive's one image, instead of the names it carries" },
    unpack: { type: 'boolean', help: 'unpack the images (default true; --unpack=false imports the content only)' },
    snapshotter: { type: 'string', arg: 'NAME', suggest: ['overlayfs', 'native'], help: 'the snapshotter to unpack into (default overlayfs, else native)' },
    platform: { type: 'string', arg: 'OS/ARCH', help: "the platform to unpack (default this machine's)" },
    json: { type: 'boolean', help: 'one JSON line per progress value on stdout, the last one holding the images' },
  },
  run: (args) => {
    const [file, ...extra] = args.positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('import takes one FILE: the archive to import');
    const json = args.flag('json') === true;
    return withClient(args.global, async (client) => {
      const options = {
        ...(args.string('name') === undefined ? {} : { name: args.string('name')! }),
        ...(args.flag('unpack') === false ? { unpack: false } : {}),
        ...(args.string('snapshotter') === undefined ? {} : { snapshotter: args.string('snapshotter')! }),
        ...(args.string('platform') === undefined ? {} : { platform: args.string('platform')! }),
      };
      // Ctrl-C: the import is unsubscribed, then its lease deleted here (with the collector run), before exiting
      const leaseId = `rxc-import-${randomBytes(6).toString('hex')}`;
      const interrupted = new AbortController();
      const stop = (): void => interrupted.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const last = await lastValueFrom(client.importImage$(file, { ...options, leaseId }).pipe(
          tap((p) => (json ? console.log(progressJson(p)) : report(p))),
          takeUntil(fromEvent(interrupted.signal, 'abort')),
        ), { defaultValue: undefined });
        if (interrupted.signal.aborted) {
          await client.leases.delete(leaseId, { sync: true }).catch(async () => {
            // the import's own teardown deleted the lease first, without waiting for the collector: run it now
            // (a sync deletion of a lease of our own runs it), so that nothing of the import is left on exit
            const probe = `${leaseId}-collect`;
            await client.leases.create({ id: probe });
            await client.leases.delete(probe, { sync: true });
          }).catch(() => undefined);
          process.stderr.write('import interrupted: nothing of it was kept\n');
          return 130;
        }
        if (!json && last?.phase === 'done') for (const image of last.images) console.log(image.name);
        return 0;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
  },
};

/** One line on stderr for each step worth a line: a blob settled, a layer unpacked. */
function report(p: ImportProgress): void {
  if (p.phase === 'blob' && p.state !== 'writing') process.stderr.write(`${p.state.padEnd(9)} ${shortDigest(p.digest)}  ${bytes(p.total)}  ${p.entry}\n`);
  if (p.phase === 'unpacking') process.stderr.write(`${p.skipped ? 'unpacked ' : 'unpacking'} layer ${p.layer + 1}/${p.of} ${shortDigest(p.digest)}  ${p.image}\n`);
}

/** A progress value as JSON: the images of the last one by name and target. */
function progressJson(p: ImportProgress): string {
  if (p.phase !== 'done') return JSON.stringify(p);
  return JSON.stringify({ phase: 'done', images: p.images.map((i) => ({ name: i.name, target: i.target })) });
}
