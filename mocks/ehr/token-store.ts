// In-memory authorization codes, access tokens and refresh tokens of one stand-in instance.
import type { EhrProfileId } from './profiles.ts';

/** What a clinician granted: the launch context and scopes an access token carries. */
export interface Grant {
  readonly profile: EhrProfileId;
  readonly clientId: string;
  readonly redirectUri: string;
  /** Granted scopes, already reduced to what the profile supports. */
  readonly scopes: readonly string[];
  readonly patient: string;
  readonly encounter: string | undefined;
  /** `Practitioner/<id>` of the signed-in clinician. */
  readonly practitioner: string;
  /** Whether the grant came from an EHR launch (true) or a standalone launch. */
  readonly ehrLaunch: boolean;
}

interface PendingCode {
  readonly grant: Grant;
  readonly codeChallenge: string | undefined;
  readonly expiresAtMs: number;
}

export interface IssuedAccess {
  readonly grant: Grant;
  readonly expiresAtMs: number;
}

export interface TokenStore {
  issueCode: (grant: Grant, codeChallenge: string | undefined, nowMs: number) => string;
  /** Codes are single use (RFC 6749 §4.1.2): a second redemption fails. */
  redeemCode: (code: string, nowMs: number) => PendingCode | undefined;
  issueAccessToken: (grant: Grant, lifetimeSeconds: number, nowMs: number) => string;
  lookupAccessToken: (token: string, nowMs: number) => IssuedAccess | undefined;
  issueRefreshToken: (grant: Grant) => string;
  lookupRefreshToken: (token: string) => Grant | undefined;
}

const CODE_LIFETIME_MS = 60_000;

export function createTokenStore(): TokenStore {
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, IssuedAccess>();
  const refreshTokens = new Map<string, Grant>();
  return {
    issueCode: (grant, codeChallenge, nowMs) => {
      const code = crypto.randomUUID();
      codes.set(code, { grant, codeChallenge, expiresAtMs: nowMs + CODE_LIFETIME_MS });
      return code;
    },
    redeemCode: (code, nowMs) => {
      const pending = codes.get(code);
      codes.delete(code);
      return pending && pending.expiresAtMs > nowMs ? pending : undefined;
    },
    issueAccessToken: (grant, lifetimeSeconds, nowMs) => {
      const token = crypto.randomUUID();
      accessTokens.set(token, { grant, expiresAtMs: nowMs + lifetimeSeconds * 1000 });
      return token;
    },
    lookupAccessToken: (token, nowMs) => {
      const issued = accessTokens.get(token);
      return issued && issued.expiresAtMs > nowMs ? issued : undefined;
    },
    issueRefreshToken: (grant) => {
      const token = crypto.randomUUID();
      refreshTokens.set(token, grant);
      return token;
    },
    lookupRefreshToken: (token) => refreshTokens.get(token),
  };
}
