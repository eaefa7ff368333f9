// The test OpenID Connect provider that the test command starts on loopback.
//
// A real provider (panva's oidc-provider) with one confidential client, the
// built-in development login page (any login, any password), no consent
// prompt, and a few "mischief" accounts whose ID tokens are spoiled on
// purpose so that negative tests can check the app rejects them.
//
// Usage: node oidc-provider.mjs [--port N]      (0, the default, = any free port)
// Env:   OIDC_TEST_REDIRECT_URIS=uri1,uri2      (redirect URIs allowed for the client)
// Once listening it prints one line to stdout, `issuer=http://127.0.0.1:PORT`.
// It exits when stdin ends (so it dies with its parent) and on SIGTERM/SIGINT.
// NOT for production: fixed secrets, throwaway keys, in-memory storage.

import http from 'node:http';
import { Provider } from 'oidc-provider';
import {
  CompactSign, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair,
} from 'jose';

const HOST = '127.0.0.1';
const CLIENT_ID = 'lth-directory';
const CLIENT_SECRET = 'test-client-secret-not-for-production';
const COOKIE_KEYS = ['test-cookie-key-not-for-production-1', 'test-cookie-key-not-for-production-2'];
const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:3000/staff/sign-in/nhs/callback';

const portArg = process.argv.indexOf('--port');
const port = portArg === -1 ? 0 : Number(process.argv[portArg + 1]);
const redirectUris = (process.env.OIDC_TEST_REDIRECT_URIS || DEFAULT_REDIRECT_URI)
  .split(',').map((s) => s.trim()).filter(Boolean);

// stdout carries only the `issuer=` line; oidc-provider's development
// notices (console.info, i.e. stdout) and warnings are noise here.
console.info = () => {};
console.warn = () => {};

// Signing key, made fresh at every start. `otherKey` has the same kid but is a
// different key: tokens it signs must fail signature checks.
const KID = 'test-signing-key';
const makeKey = async () => (await generateKeyPair('RS256', { extractable: true })).privateKey;
const realKey = await makeKey();
const otherKey = await makeKey();
const privateJwk = { ...await exportJWK(realKey), kid: KID, use: 'sig', alg: 'RS256' };

// Claims by login. Whatever is typed as "login" on the sign-in page is the id.
function claimsFor(id) {
  const claims = { sub: id, email: id, email_verified: true, org_code: 'RR8' };
  if (id === 'unverified@nhs.net') claims.email_verified = false;
  // Entra ID's way: no email_verified, its optional claim xms_edov instead.
  if (id.startsWith('entra')) {
    delete claims.email_verified;
    claims.xms_edov = id === 'entra@nhs.net';
  }
  if (id === 'no-org@nhs.net') delete claims.org_code;
  return claims;
}

// Start listening first, so the issuer can name the port actually bound.
let handler = (req, res) => { res.statusCode = 503; res.end(); };
const server = http.createServer((req, res) => handler(req, res));
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, HOST, resolve);
});
const issuer = `http://${HOST}:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    application_type: 'web', // http redirect URIs are allowed for the code flow
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [privateJwk] },
  cookies: { keys: COOKIE_KEYS },
  scopes: ['openid', 'email', 'profile'],
  claims: {
    openid: ['sub', 'org_code'],
    email: ['email', 'email_verified', 'xms_edov'],
    profile: ['org_code'],
  },
  // Put the scope's claims in the ID token itself, not only in userinfo.
  conformIdTokenClaims: false,
  pkce: { required: () => true }, // S256 is the only method offered
  features: { devInteractions: { enabled: true } },
  findAccount: async (ctx, id) => ({ accountId: id, claims: async () => claimsFor(id) }),
  // First-party client: grant everything at once, so there is no consent page.
  async loadExistingGrant(ctx) {
    const { client, session, result } = ctx.oidc;
    const grantId = result?.consent?.grantId || session.grantIdFor(client.clientId);
    const existing = grantId && await ctx.oidc.provider.Grant.find(grantId);
    if (existing && existing.accountId === session.accountId) return existing;
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['email', 'email_verified', 'xms_edov', 'org_code']);
    await grant.save();
    return grant;
  },
});

provider.on('server_error', (ctx, err) => console.error('oidc-provider server_error:', err));

// Mischief: after the token endpoint has run, spoil the ID tokens of special logins.
provider.use(async (ctx, next) => {
  await next();
  const idToken = ctx.method === 'POST' && ctx.path === '/token' && ctx.body?.id_token;
  if (!idToken) return;
  const header = decodeProtectedHeader(idToken); // { alg: 'RS256', kid, typ? }
  const payload = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  let key = realKey;
  switch (payload.sub) {
    case 'expired@nhs.net': payload.iat = now - 7200; payload.exp = now - 3600; break;
    case 'other-audience@nhs.net': payload.aud = 'some-other-client'; break;
    case 'other-key@nhs.net': key = otherKey; break;
    default: return;
  }
  ctx.body.id_token = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(header).sign(key);
});

handler = provider.callback();
process.stdout.write(`issuer=${issuer}\n`);

// Die with the parent: on end of stdin, or on a signal.
const shutdown = () => { server.close(); process.exit(0); };
process.stdin.on('end', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
