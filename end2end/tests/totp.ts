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

/**
 * A code for `email` that no other test of this run has used: this step's
 * or the next (the server accepts one step either side), else the next
 * step's once it comes. Steps are claimed with files made exclusively, so
 * tests in other workers never take the same one.
 */
export async function freshCode(email: string, secret: string): Promise<string> {
  fs.mkdirSync(STEPS_DIR, { recursive: true });
  for (;;) {
    const now = Math.floor(Date.now() / 1000 / 30);
    for (const step of [now, now + 1]) {
      try {
        fs.writeFileSync(path.join(STEPS_DIR, `${email}-${step}`), '', { flag: 'wx' });
        return totp(secret, step);
      } catch {
        // Taken: try the next.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The secret `accounts.setup.ts` set up for `email`. */
export function secretOf(email: string): string {
  const secrets = JSON.parse(fs.readFileSync(SECRETS_FILE, 'utf8')) as Record<string, string>;
  const secret = secrets[email];
  if (!secret) throw new Error(`no authenticator app set up for ${email}`);
  return secret;
}
