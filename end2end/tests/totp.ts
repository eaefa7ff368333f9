import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where each account's authenticator app secret is kept once set up. */
export const SECRETS_FILE = path.join(os.tmpdir(), `lth-e2e-${process.env.E2E_PORT ?? 3100}-secrets.json`);
/** One file per (account, time step) used: the server accepts a code once. */
const STEPS_DIR = path.join(os.tmpdir(), `lth-e2e-${process.env.E2E_PORT ?? 3100}-steps`);

/** Bytes of an RFC 4648 base32 text (spaces ignored). */
function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The RFC 6238 code (SHA-1, 6 digits, 30-second steps) of `secret` for `step`. */
export function totp(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

/** Starts the run's record of used steps afresh. */
export function forgetSteps() {
  fs.rmSync(STEPS_DIR, { recursive: true, force: true });
  fs.mkdirSync(STEPS_DIR, { recursive: true });
}

/** Claims a name for this run, once across every worker: whether it was free. */
function claim(name: string): boolean {
  fs.mkdirSync(STEPS_DIR, { recursive: true });
  try {
    fs.writeFileSync(path.join(STEPS_DIR, name), '', { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A code for `email` that no other test of this run has used: this step's
 * or the next (the server accepts one step either side), else the next
 * step's once it comes. Steps are claimed with files made exclusively, so
 * tests in other workers never take the same one.
 */
export async function freshCode(email: string, secret: string): Promise<string> {
  for (;;) {
    const code = codeNow(email, secret);
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * The app's code for a step no test has used, if this step or the next is
 * free. Never a step before one already claimed: the server accepts only
 * steps after the last it accepted.
 */
function codeNow(email: string, secret: string): string | undefined {
  const now = Math.floor(Date.now() / 1000 / 30);
  const later = fs.existsSync(path.join(STEPS_DIR, `${email}-${now + 1}`));
  for (const step of later ? [now + 1] : [now, now + 1]) {
    if (claim(`${email}-${step}`)) return totp(secret, step);
  }
  return undefined;
}

/** What `accounts.setup.ts` kept of each account's second factor. */
type SecondFactor = { secret: string; recovery: string[] };

function secondFactorOf(email: string): SecondFactor {
  const all = JSON.parse(fs.readFileSync(SECRETS_FILE, 'utf8')) as Record<string, SecondFactor>;
  const theirs = all[email];
  if (!theirs) throw new Error(`no authenticator app set up for ${email}`);
  return theirs;
}

/**
 * A code to sign `email` in with now: the app's, or, when other tests have
 * taken this step and the next, one of the account's unused recovery codes
 * (as a member of staff whose phone is elsewhere would), so that no test
 * waits for the clock.
 */
export async function signInCode(email: string): Promise<string> {
  const { secret, recovery } = secondFactorOf(email);
  const code = codeNow(email, secret);
  if (code) return code;
  const unused = recovery.find((_, i) => claim(`${email}-recovery-${i}`));
  return unused ?? freshCode(email, secret);
}
