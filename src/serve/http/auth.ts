import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { UserError } from '../../errors.js';

/** How callers of `POST /v1/trigger` prove who they are; at least one must be set. */
export interface AuthConfig {
  /** Accepted as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Signs the raw body: `X-Chaosflow-Signature: sha256=<hex HMAC-SHA256 of the body>`, as GitHub webhooks do. */
  readonly hmacSecret?: string;
}

/** The header carrying the body's HMAC signature. */
export const SIGNATURE_HEADER = 'x-chaosflow-signature';

/** The outcome of checking a request's credentials; `reason` is safe to show the caller. */
export type AuthResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The credential headers of a request, as received. */
export interface Credentials {
  readonly authorization?: string | undefined;
  readonly signature?: string | undefined;
}

const OK: AuthResult = { ok: true };
const BEARER = /^Bearer +(\S+) *$/i;
const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks credentials in constant time. A bearer token is decided from the headers alone, before any body is
 * read; a signature needs the raw body, so {@link checkHeaders} defers it to {@link checkSignature}.
 */
export class Authenticator {
  readonly #tokenDigest: Buffer | undefined;
  readonly #hmacSecret: string | undefined;

  constructor(config: AuthConfig) {
    for (const [field, value] of Object.entries(config)) {
      if (value === '')
        throw new UserError(`trigger auth: ${field} is empty; give a non-empty value or leave it out`);
    }
    if (config.token === undefined && config.hmacSecret === undefined) {
      throw new UserError(
        'trigger auth: no credentials configured; set a bearer token, an HMAC secret, or both, ' +
          'so that POST /v1/trigger is not open to anyone',
      );
    }
    this.#tokenDigest = config.token === undefined ? undefined : sha256(config.token);
    this.#hmacSecret = config.hmacSecret;
  }

  /**
   * Decides what the headers alone can decide: a bearer token, or the lack of any credential.
   * `undefined` means the request is signed and {@link checkSignature} must decide once the body is read.
   */
  checkHeaders(credentials: Credentials): AuthResult | undefined {
    if (credentials.authorization !== undefined && this.#tokenDigest !== undefined) {
      return this.#checkBearer(credentials.authorization, this.#tokenDigest);
    }
    if (credentials.signature !== undefined && this.#hmacSecret !== undefined) return undefined;
    return { ok: false, reason: `no credentials: send ${this.#accepted()}` };
  }

  /** Checks a `sha256=<hex>` signature header against the HMAC-SHA256 of the raw body. */
  checkSignature(signature: string, body: Buffer): AuthResult {
    if (this.#hmacSecret === undefined) return { ok: false, reason: 'signed requests are not accepted here' };
    const given = SIGNATURE.exec(signature)?.[1];
    if (given === undefined) {
      return { ok: false, reason: `malformed ${SIGNATURE_HEADER} header: expected sha256=<64 hex digits>` };
    }
    const expected = createHmac('sha256', this.#hmacSecret).update(body).digest();
    return timingSafeEqual(Buffer.from(given, 'hex'), expected)
      ? OK
      : { ok: false, reason: `${SIGNATURE_HEADER} does not match the body` };
  }

  #checkBearer(authorization: string, tokenDigest: Buffer): AuthResult {
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined)
      return { ok: false, reason: 'malformed Authorization header: expected Bearer <token>' };
    return timingSafeEqual(sha256(token), tokenDigest) ? OK : { ok: false, reason: 'wrong bearer token' };
  }

  #accepted(): string {
    const ways = [];
    if (this.#tokenDigest !== undefined) ways.push('Authorization: Bearer <token>');
    if (this.#hmacSecret !== undefined) ways.push(`${SIGNATURE_HEADER}: sha256=<HMAC-SHA256 of the body>`);
    return ways.join(' or ');
  }
}

/** Equal-length digests, so comparing them with `timingSafeEqual` reveals nothing about the token's length. */
function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
