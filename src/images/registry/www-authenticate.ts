/**
 * The `WWW-Authenticate` header (RFC 9110 section 11.6.1): one or more challenges, each a scheme and its
 * parameters (`Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull"`),
 * values a token or a quoted string with backslash escapes. A registry answers 401 with one.
 * @module
 */

/** One challenge: the scheme in lowercase (`basic`, `bearer`) and its parameters, names in lowercase. */
export interface AuthChallenge {
  /** The auth scheme, lowercase. */
  readonly scheme: string;
  /** The parameters by lowercase name: `realm`, `service`, `scope`, `error`… */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

/**
 * The challenges of a `WWW-Authenticate` header, in order; what cannot be read is skipped (a registry's
 * malformed header gives fewer challenges, never an exception).
 *
 * @example
 * ```ts
 * parseChallenges('Bearer realm="https://a/token",service="reg",scope="repository:x:pull"')
 * // [{ scheme: 'bearer', params: { realm: 'https://a/token', service: 'reg', scope: 'repository:x:pull' } }]
 * ```
 */
export function parseChallenges(header: string): AuthChallenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let rest = header;
  const skip = (re: RegExp): void => {
    rest = rest.replace(re, '');
  };
  for (;;) {
    skip(/^[\s,]+/);
    const scheme = TOKEN.exec(rest)?.[0];
    if (scheme === undefined) break;
    rest = rest.slice(scheme.length);
    const current = { scheme: scheme.toLowerCase(), params: {} as Record<string, string> };
    challenges.push(current);
    // parameters: name = value, separated by commas, until a token followed by something else than "="
    for (;;) {
      skip(/^[\s,]+/);
      const name = TOKEN.exec(rest)?.[0];
      if (name === undefined) break;
      const after = rest.slice(name.length).replace(/^\s*/, '');
      if (!after.startsWith('=')) break; // the next challenge's scheme (or a token68, which registries never send)
      rest = after.slice(1).replace(/^\s*/, '');
      const value = readValue();
      if (value === undefined) return challenges;
      current.params[name.toLowerCase()] = value;
    }
  }
  return challenges;

  function readValue(): string | undefined {
    if (!rest.startsWith('"')) {
      const token = TOKEN.exec(rest)?.[0] ?? '';
      rest = rest.slice(token.length);
      return token;
    }
    let value = '';
    for (let i = 1; i < rest.length; i++) {
      const c = rest[i]!;
      if (c === '\\' && i + 1 < rest.length) value += rest[++i];
      else if (c === '"') {
        rest = rest.slice(i + 1);
        return value;
      } else value += c;
    }
    return undefined; // an unterminated quoted string
  }
}
