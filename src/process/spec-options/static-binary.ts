/**
 * Whether a host file is a statically linked ELF executable: what a binary bound into a container whose own
 * files are unknown (an init) must be, since the container may have no dynamic loader or libc.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** What {@link elfLinking} found: a static ELF, a dynamic ELF (it names an interpreter), or not ELF at all. */
export type ElfLinking = 'static' | 'dynamic' | 'not-elf';

const PT_INTERP = 3;

/**
 * How the ELF file at `path` is linked: `'dynamic'` when a program header is PT_INTERP (it needs the loader it
 * names, e.g. /lib64/ld-linux-x86-64.so.2, inside the container), `'static'` otherwise (static and static-pie
 * binaries have none), `'not-elf'` for anything else (a script, a truncated file). Reads the ELF header and the
 * program headers only. Throws the file system's error when the file cannot be read.
 */
export function elfLinking(path: string): ElfLinking {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(64);
    if (readSync(fd, header, 0, 64, 0) < 52 || header.readUInt32BE(0) !== 0x7f454c46) return 'not-elf';
    const wide = header[4] === 2; // ELFCLASS64
    const little = header[5] === 1; // ELFDATA2LSB
    const u16 = (b: Buffer, at: number): number => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));
    const u32 = (b: Buffer, at: number): number => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
    const u64 = (b: Buffer, at: number): number => Number(little ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at));
    const phoff = wide ? u64(header, 0x20) : u32(header, 0x1c);
    const phentsize = u16(header, wide ? 0x36 : 0x2a);
    const phnum = u16(header, wide ? 0x38 : 0x2c);
    if (phentsize < 4 || phnum === 0) return 'not-elf'; // an object file or a core: nothing to run
    const table = Buffer.alloc(phentsize * phnum);
    if (readSync(fd, table, 0, table.length, phoff) < table.length) return 'not-elf';
    for (let i = 0; i < phnum; i++) if (u32(table, i * phentsize) === PT_INTERP) return 'dynamic';
    return 'static';
  } finally {
    closeSync(fd);
  }
}
