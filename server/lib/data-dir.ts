import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Only Confab's own user may read what it keeps: DATA_DIR, when Confab creates it, is 0700. */
export const PRIVATE_DIR_MODE = 0o700;
/** The database and the secret files in DATA_DIR. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the directory (and missing parents) as private; an existing one keeps its mode. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * A secret from the environment, else one generated once and kept in DATA_DIR (mode 600),
 * so restarts keep visitors' tokens and the demo token valid.
 */
export function persistentSecret(
  dataDir: string,
  fileName: string,
  fromEnv: string | undefined,
  generate: () => string = () => randomBytes(24).toString('base64url'),
): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, fileName);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept) return kept;
  } catch {
    // not generated yet
  }
  ensurePrivateDir(dataDir);
  const secret = generate();
  writeFileSync(file, `${secret}\n`, { mode: PRIVATE_FILE_MODE });
  return secret;
}
