// The key pair the stand-in signs id_tokens with (RS256, as Epic and Oracle Health do); its public half is
// published at the profile's jwks endpoint so an app can verify the id_token.
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

export interface SigningKeys {
  readonly jwks: { readonly keys: readonly JWK[] };
  /** A compact RS256 JWT with the stand-in's `kid` in its header. */
  readonly signIdToken: (claims: JWTPayload) => Promise<string>;
}

export async function createSigningKeys(): Promise<SigningKeys> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = crypto.randomUUID();
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    jwks: { keys: [publicJwk] },
    signIdToken: (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey),
  };
}
