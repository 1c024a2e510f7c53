// fhirclient imports isomorphic-webcrypto for PKCE hashing; the platform's WebCrypto is enough.
module.exports = { default: globalThis.crypto };
