import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// docker-compose.yml as Compose reads it, for tests on a machine without a Docker engine.

export const composeFile = path.resolve(__dirname, '..', '..', 'docker-compose.yml');

/** Compose's own interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error}, and $$ for a literal $. */
export function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g,
    (match, name?: string, op?: string, arg?: string) => {
      if (match === '$$') return '$';
      const value = env[name!];
      if (value !== undefined && value !== '') return value;
      if (op === ':-') return arg!;
      if (op === ':?') throw new Error(`${name}: ${arg}`);
      return '';
    },
  );
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string; required?: boolean }>;
  entrypoint?: string[];
  command?: string | string[];
  profiles?: string[];
}

/** What an operator's .env holds for staging. */
export const stagingEnv = {
  CCHC_DB_PASSWORD: 'db-secret-1',
  CCHC_TEMPORAL_DB_PASSWORD: 'temporal-secret-2',
  SMTP_HOST: 'mailpit',
  SMTP_PORT: '1025',
};

export function loadCompose(env: Record<string, string> = stagingEnv): {
  raw: string;
  services: Record<string, ComposeService>;
} {
  const raw = fs.readFileSync(composeFile, 'utf8');
  const parsed = parse(interpolate(raw, env), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  return { raw, services: parsed.services };
}
