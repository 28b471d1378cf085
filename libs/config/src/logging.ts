import type { AppConfig } from './app-config';

/** How the process writes its log: readable lines in development, JSON lines otherwise. */
export function logFormat(config: AppConfig): 'pretty' | 'json' {
  return config.LOG_FORMAT ?? (config.NODE_ENV === 'development' ? 'pretty' : 'json');
}

/** pino's transport for the format: pino-pretty on one line per entry, or none (JSON). */
export function logTransport(config: AppConfig) {
  return logFormat(config) === 'pretty'
    ? {
        target: 'pino-pretty',
        options: { singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
      }
    : undefined;
}
