/**
 * Reading an index, a manifest or an image config from a blob's bytes, checked field by field: a blob that is
 * not JSON, or lacks a field the OCI image spec requires, or has one of the wrong type, is an ImageFormatError
 * naming the blob's digest and the field. Unknown fields are kept (the spec says to ignore them).
 * @module
 */
import { ImageFormatError } from '../client/image-error-classes.js';
import { isDigest } from './digest.js';
import { MediaTypes } from './media-types.js';
import type { Descriptor, ImageConfig, Index, Manifest } from './oci-types.js';
import type { Platform } from './platform.js';

type Json = Record<string, unknown>;

/** Where a blob's bytes came from, for the error: its digest (or the archive entry's name). */
type Source = { readonly digest: string; readonly mediaType: string };

/** A problem with one field, turned into an ImageFormatError by the parser that hit it. */
class FieldProblem {
  constructor(readonly problem: string) {}
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function field(o: Json, path: string, key: string, check: (v: unknown) => boolean, what: string, required: boolean): unknown {
  const v = o[key];
  if (v === undefined || (v === null && !required)) {
    if (required) throw new FieldProblem(`field "${path}${key}" is missing`);
    return undefined;
  }
  if (!check(v)) throw new FieldProblem(`field "${path}${key}" is not ${what}`);
  return v;
}

const isString = (v: unknown): boolean => typeof v === 'string';
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every(isString);
const isStringMap = (v: unknown): boolean => isObject(v) && Object.values(v).every(isString);
const isObjectMap = (v: unknown): boolean => isObject(v) && Object.values(v).every((x) => isObject(x) || x === null);
const isSize = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseJson(bytes: Uint8Array | string, source: Source): Json {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ImageFormatError({ ...source, problem: `not JSON: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
  if (!isObject(value)) throw new ImageFormatError({ ...source, problem: 'not a JSON object' });
  return value;
}

/** Runs `read`, turning a field problem into an ImageFormatError naming the blob. */
function checked<T>(source: Source, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof FieldProblem) throw new ImageFormatError({ ...source, problem: error.problem });
    throw error;
  }
}

function readPlatform(o: Json, path: string): Platform {
  const os = field(o, path, 'os', isString, 'a string', true) as string;
  const architecture = field(o, path, 'architecture', isString, 'a string', true) as string;
  const variant = field(o, path, 'variant', isString, 'a string', false) as string | undefined;
  const osVersion = field(o, path, 'os.version', isString, 'a string', false) as string | undefined;
  const osFeatures = field(o, path, 'os.features', isStrings, 'an array of strings', false) as string[] | undefined;
  return { os, architecture, ...(variant ? { variant } : {}), ...(osVersion ? { osVersion } : {}), ...(osFeatures ? { osFeatures } : {}) };
}

/** A descriptor checked: media type, a valid digest, a size; annotations, platform and urls when present. */
function readDescriptor(value: unknown, path: string): Descriptor {
  if (!isObject(value)) throw new FieldProblem(`field "${path.slice(0, -1)}" is not an object`);
  const mediaType = field(value, path, 'mediaType', isString, 'a string', true) as string;
  const digest = field(value, path, 'digest', isDigest, 'a digest (sha256: and 64 lowercase hex)', true) as string;
  const size = field(value, path, 'size', isSize, 'a size in bytes', true) as number;
  const annotations = field(value, path, 'annotations', isStringMap, 'a map of strings', false) as Record<string, string> | undefined;
  const platform = field(value, path, 'platform', isObject, 'an object', false) as Json | undefined;
  const urls = field(value, path, 'urls', isStrings, 'an array of strings', false) as string[] | undefined;
  return {
    mediaType, digest, size,
    ...(annotations ? { annotations } : {}),
    ...(platform ? { platform: readPlatform(platform, `${path}platform.`) } : {}),
    ...(urls ? { urls } : {}),
  };
}

function schemaVersion(o: Json): 2 {
  if (o['schemaVersion'] !== 2) throw new FieldProblem(`field "schemaVersion" is ${JSON.stringify(o['schemaVersion'])}, not 2`);
  return 2;
}

function list(o: Json, key: string): unknown[] {
  return field(o, '', key, Array.isArray, 'an array', true) as unknown[];
}

/**
 * An image index (or Docker manifest list) from its bytes.
 * @param digest - the blob's digest (or archive entry name), named by the error.
 * @throws ImageFormatError when the bytes are not JSON, `schemaVersion` is not 2, or `manifests` is missing or
 * holds an entry without a valid mediaType, digest and size.
 */
export function parseIndex(bytes: Uint8Array | string, digest: string, mediaType: string = MediaTypes.ociIndex): Index {
  const source = { digest, mediaType };
  const o = parseJson(bytes, source);
  return checked(source, () => ({
    ...o,
    schemaVersion: schemaVersion(o),
    manifests: list(o, 'manifests').map((m, i) => readDescriptor(m, `manifests[${i}].`)),
  }) as Index);
}

/**
 * An image manifest (OCI, or Docker schema 2) from its bytes.
 * @param digest - the blob's digest (or archive entry name), named by the error.
 * @throws ImageFormatError when the bytes are not JSON, `schemaVersion` is not 2, or `config` or `layers` is
 * missing or holds an ill-formed descriptor.
 */
export function parseManifest(bytes: Uint8Array | string, digest: string, mediaType: string = MediaTypes.ociManifest): Manifest {
  const source = { digest, mediaType };
  const o = parseJson(bytes, source);
  return checked(source, () => ({
    ...o,
    schemaVersion: schemaVersion(o),
    config: readDescriptor(o['config'], 'config.'),
    layers: list(o, 'layers').map((l, i) => readDescriptor(l, `layers[${i}].`)),
  }) as Manifest);
}

const RUN_FIELDS: ReadonlyArray<readonly [string, (v: unknown) => boolean, string]> = [
  ['User', isString, 'a string'],
  ['ExposedPorts', isObjectMap, 'a map of objects'],
  ['Env', isStrings, 'an array of strings'],
  ['Entrypoint', isStrings, 'an array of strings'],
  ['Cmd', isStrings, 'an array of strings'],
  ['Volumes', isObjectMap, 'a map of objects'],
  ['WorkingDir', isString, 'a string'],
  ['Labels', isStringMap, 'a map of strings'],
  ['StopSignal', isString, 'a string'],
];

/**
 * An image config from its bytes. Go writes absent lists as `null`: those read as absent.
 * @param digest - the blob's digest (or archive entry name), named by the error.
 * @throws ImageFormatError when the bytes are not JSON, `architecture`, `os` or `rootfs.diff_ids` is missing, a
 * diff id is not a digest, or a field of `config` has the wrong type (`field "config.Env" is not …`).
 */
export function parseImageConfig(bytes: Uint8Array | string, digest: string, mediaType: string = MediaTypes.ociConfig): ImageConfig {
  const source = { digest, mediaType };
  const o = parseJson(bytes, source);
  return checked(source, () => {
    field(o, '', 'architecture', isString, 'a string', true);
    field(o, '', 'os', isString, 'a string', true);
    field(o, '', 'variant', isString, 'a string', false);
    const rootfs = field(o, '', 'rootfs', isObject, 'an object', true) as Json;
    if (rootfs['type'] !== 'layers') throw new FieldProblem(`field "rootfs.type" is ${JSON.stringify(rootfs['type'])}, not "layers"`);
    const diffIds = field(rootfs, 'rootfs.', 'diff_ids', (v) => Array.isArray(v) && v.every(isDigest), 'an array of digests', false) as string[] | undefined;
    const run = field(o, '', 'config', isObject, 'an object', false) as Json | undefined;
    const config = run === undefined ? undefined : withoutNulls(run);
    if (config) for (const [key, check, what] of RUN_FIELDS) field(config, 'config.', key, check, what, false);
    const history = field(o, '', 'history', (v) => Array.isArray(v) && v.every(isObject), 'an array of objects', false);
    return {
      ...o,
      rootfs: { ...rootfs, type: 'layers', diff_ids: diffIds ?? [] },
      ...(config ? { config } : {}),
      ...(history ? { history } : {}),
    } as unknown as ImageConfig;
  });
}

/** Go's `null` for an empty list or map, dropped. */
function withoutNulls(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}
