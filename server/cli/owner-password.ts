import { configFromEnv } from '../lib/config.js';
import { generatedOwnerPassword, OWNER_PASSWORD_MAX, OWNER_PASSWORD_MIN, setOwnerPassword } from '../identity/owner-accounts.js';
import { createStore } from '../store/index.js';
import { CliError } from './config-client.js';

export interface PasswordReset {
  email: string;
  /** The new password: the one given, or the generated one to hand over once. */
  password: string;
  generated: boolean;
  sessionsEnded: number;
}

/**
 * `confab owner reset-password`: for whoever runs the server, not over HTTP (an owner who
 * forgot the password has no session to ask with). It opens the server's own store, from
 * the server's environment (DATA_DIR, DATABASE_URL, CONFAB_ENCRYPTION_KEY), sets the new
 * password and signs every session of the owner out.
 */
export async function resetOwnerPassword(email: string, given: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<PasswordReset> {
  if (given !== undefined && (given.length < OWNER_PASSWORD_MIN || given.length > OWNER_PASSWORD_MAX)) {
    throw new CliError(`the new password needs ${OWNER_PASSWORD_MIN} to ${OWNER_PASSWORD_MAX} characters`);
  }
  const config = configFromEnv(env);
  const store = await createStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, encryptionKey: config.encryptionKey });
  try {
    const owner = await store.owners.findByEmail(email.trim());
    if (!owner) throw new CliError(`no owner account has the email ${email} (in ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir})`);
    const password = given ?? generatedOwnerPassword();
    const sessionsEnded = await setOwnerPassword(store, owner, password);
    return { email: owner.email, password, generated: given === undefined, sessionsEnded };
  } finally {
    await store.close();
  }
}

/** The new password as the first line of standard input (a pipe, or typed and ended with Enter or Ctrl-D). */
export async function passwordFromStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0]!;
}
