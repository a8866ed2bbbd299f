import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; tests pass level 'silent'. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'transferlab-api' } });
}
