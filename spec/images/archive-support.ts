/** Small image archives made in memory with tar-stream, for the archive specs. */
import tar from 'tar-stream';

/** A file of an archive: its path and its body (a string, bytes, or a link's target). */
export type TarFile =
  | readonly [name: string, body: string | Uint8Array]
  | readonly [name: string, link: { readonly symlink: string }]
  | readonly [name: string, directory: { readonly directory: true }];

/** The bytes of a tar of `files`, in order. */
export async function tarOf(files: readonly TarFile[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, body] of files) {
    if (typeof body === 'object' && 'symlink' in body) pack.entry({ name, type: 'symlink', linkname: body.symlink });
    else if (typeof body === 'object' && 'directory' in body) pack.entry({ name, type: 'directory' });
    else pack.entry({ name }, typeof body === 'string' ? body : Buffer.from(body));
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `bytes` as a stream of `size`-byte chunks. */
export async function* chunked(bytes: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** JSON's UTF-8 bytes. */
export const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
