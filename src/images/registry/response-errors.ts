/**
 * A failed registry request as the typed error it means: a connection that failed is a
 * RegistryUnavailableError naming the host; an answer is read for the registry's error body (`{ "errors": [{
 * "code", "message" }] }`, the distribution spec's) and mapped by status and code.
 * @module
 */
import {
  CanceledError,
  RegistryAuthError,
  RegistryNotFoundError,
  RegistryRequestError,
  RegistryUnavailableError,
  type RxContainerdError,
} from '../../client/errors.js';
import { status as GrpcStatus } from '@grpc/grpc-js';

/** The distribution spec's codes for something that does not exist. */
const NOT_FOUND_CODES = new Set(['NAME_UNKNOWN', 'MANIFEST_UNKNOWN', 'BLOB_UNKNOWN', 'BLOB_UPLOAD_UNKNOWN']);

/** fetch's rejection for `target` at `host`: canceled when `signal` aborted it, else the registry is unreachable. */
export function connectionError(error: unknown, host: string, target: string, call: string, signal: AbortSignal): RxContainerdError {
  if (signal.aborted) return new CanceledError({ code: GrpcStatus.CANCELLED, daemonMessage: `${target}: aborted`, call, cause: signal.reason });
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new RegistryUnavailableError({ host, target, detail: why, cause: error }, call);
}

/** The typed error of a registry's answer `res` that was not what `target` expected; consumes its body. */
export async function responseError(res: Response, host: string, target: string, call: string): Promise<RxContainerdError> {
  const text = await res.text().catch(() => '');
  let registryCode: string | undefined;
  let message = '';
  try {
    const first = (JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] }).errors?.[0];
    registryCode = typeof first?.code === 'string' ? first.code : undefined;
    message = typeof first?.message === 'string' ? first.message : '';
  } catch {
    message = text.slice(0, 200).trim();
  }
  const details = { host, target, status: res.status, registryCode, detail: message || res.statusText || 'no reason given' };
  if (res.status === 404 || (registryCode !== undefined && NOT_FOUND_CODES.has(registryCode))) return new RegistryNotFoundError(details, call);
  if (res.status === 401 || res.status === 403) return new RegistryAuthError(details, call);
  return new RegistryRequestError(details, call);
}
