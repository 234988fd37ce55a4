/**
 * OCI platforms: what an image index lists per manifest, this machine's own, and the matching containerd's
 * default platform matcher does (os and architecture equal, variants compared after normalising the
 * architecture's default variant).
 * @module
 */

/** An OCI platform (image-spec `platform` object); `variant` as in `arm/v7`, `arm64/v8`. */
export interface Platform {
  /** Operating system, GOOS spelling: `linux`, `windows`. */
  readonly os: string;
  /** CPU architecture, GOARCH spelling: `amd64`, `arm64`, `arm`, `386`, `ppc64le`, `s390x`, `riscv64`. */
  readonly architecture: string;
  /** CPU variant: `v7` for arm, `v8` for arm64; absent when the architecture has none. */
  readonly variant?: string;
  /** OS version (Windows images). */
  readonly osVersion?: string;
  /** OS features (Windows images). */
  readonly osFeatures?: readonly string[];
}

/** Node's `process.arch` names in GOARCH spelling, as OCI images name architectures. */
const GOARCH: Readonly<Record<string, string>> = {
  x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64',
  loong64: 'loong64', mips: 'mips', mipsel: 'mipsle',
};

/**
 * The platform of the daemon's processes on this machine: `linux` and this CPU's architecture (Node's
 * `process.arch` in GOARCH spelling), with `v8` for arm64 and `v7` for arm as containerd assumes.
 */
export function hostPlatform(): Platform {
  const architecture = GOARCH[process.arch] ?? process.arch;
  const variant = defaultVariant(architecture);
  return variant === undefined ? { os: 'linux', architecture } : { os: 'linux', architecture, variant };
}

function defaultVariant(architecture: string): string | undefined {
  if (architecture === 'arm64') return 'v8';
  if (architecture === 'arm') return 'v7';
  return undefined;
}

/** A platform with its architecture's default variant filled in, so `arm64` and `arm64/v8` compare equal. */
export function normalizePlatform(p: Platform): Platform {
  const variant = p.variant !== undefined && p.variant !== '' ? p.variant : defaultVariant(p.architecture);
  const { variant: _drop, ...rest } = p;
  return variant === undefined ? rest : { ...rest, variant };
}

/** Whether an image's `candidate` platform runs where `wanted` is asked for: same os, architecture and variant. */
export function platformMatches(wanted: Platform, candidate: Platform): boolean {
  const w = normalizePlatform(wanted);
  const c = normalizePlatform(candidate);
  return w.os === c.os && w.architecture === c.architecture && (w.variant ?? '') === (c.variant ?? '');
}

/** `os/architecture[/variant]`, as containerd and Docker print a platform. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}

/**
 * Reads `os/architecture[/variant]` (or `architecture` alone, meaning linux), as `ctr --platform` takes it.
 * @throws TypeError when the text has an empty part or more than three parts.
 */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length === 1 && parts[0] !== '') return normalizePlatform({ os: 'linux', architecture: parts[0]! });
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new TypeError(`rx-containerd: platform ${JSON.stringify(text)} is not os/architecture[/variant]`);
  }
  const [os, architecture, variant] = parts as [string, string, string?];
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}
