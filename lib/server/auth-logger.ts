import 'server-only';
import type { LoggerInstance } from 'next-auth';
import { logger } from '../runtime/logger';

// next-auth's own messages (a session cookie it cannot read, a refused callback…) as JSON lines
// through the portal's logger, like every other, instead of its plain console lines.
const log = logger.child({ component: 'next-auth' });

export const nextAuthLogger: Partial<LoggerInstance> = {
  error: (code, metadata) => log.error({ code, err: metadata instanceof Error ? metadata : metadata.error }, 'next-auth error'),
  warn: (code) => log.warn({ code }, 'next-auth warning'),
  debug: (code) => log.debug({ code }, 'next-auth debug'),
};
