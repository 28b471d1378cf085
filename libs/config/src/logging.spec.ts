import { ApiConfig, validateConfig } from './app-config';
import { logFormat, logTransport } from './logging';

const base = {
  DATABASE_URL: 'postgres://x@localhost/db',
  TEMPORAL_ADDRESS: 'localhost:7233',
  JWT_SECRET: 'x'.repeat(32),
};

describe('the log format', () => {
  it('is readable lines in development and JSON elsewhere, unless LOG_FORMAT says', () => {
    const config = (env: Record<string, string>) => validateConfig(ApiConfig, { ...base, ...env });
    expect(logFormat(config({ NODE_ENV: 'development' }))).toBe('pretty');
    expect(logTransport(config({ NODE_ENV: 'development' }))?.target).toBe('pino-pretty');
    expect(logFormat(config({ NODE_ENV: 'production' }))).toBe('json');
    expect(logTransport(config({ NODE_ENV: 'production' }))).toBeUndefined();
    expect(logFormat(config({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }))).toBe('pretty');
    expect(() => config({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});
