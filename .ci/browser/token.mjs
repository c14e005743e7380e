// The Swagger UI check's own identity provider (no network): `node token.mjs keys DIR` makes an RSA key pair and writes
// DIR/private.pem and DIR/jwks.json (the public key, for Auth:Jwt:SigningKeysFile); mint() signs an RS256 access token
// with the claims a client-credentials token of a reader would carry.
import { generateKeyPairSync, createPrivateKey, createSign } from 'node:crypto';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

const b64url = (data) => Buffer.from(data).toString('base64url');

export function mint({ keyFile, issuer, audience, orgUnit = 'TQ', role = 'reader', client = 'swagger-ui-check' }) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: 'swagger-ui-check' };
  const payload = { iss: issuer, aud: audience, client_id: client, sub: client, org_unit: orgUnit, role, iat: now, nbf: now - 60, exp: now + 600 };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(createPrivateKey(readFileSync(keyFile)));
  return `${input}.${b64url(signature)}`;
}

if (process.argv[2] === 'keys') {
  const dir = process.argv[3];
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(path.join(dir, 'private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const jwk = publicKey.export({ format: 'jwk' });
  writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...jwk, kid: 'swagger-ui-check', use: 'sig', alg: 'RS256' }] }));
}
