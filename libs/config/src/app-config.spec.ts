import { ApiConfig, AppConfig, ConfigValidationError, validateConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/codev',
  TEMPORAL_ADDRESS: 'localhost:7233',
  JWT_SECRET: 'x'.repeat(32),
};

describe('validateConfig', () => {
  it('applies defaults and converts numbers', () => {
    const config = validateConfig(ApiConfig, { ...valid, PORT: '4000' });
    expect(config.PORT).toBe(4000);
    expect(config.TEMPORAL_NAMESPACE).toBe('default');
    expect(config.TEMPORAL_TASK_QUEUE).toBe('codev');
  });

  it('names every missing or wrong variable', () => {
    try {
      validateConfig(ApiConfig, { PORT: 'eighty', TEMPORAL_ADDRESS: 'nope' });
      throw new Error('expected a ConfigValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigValidationError);
      const message = (e as Error).message;
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('TEMPORAL_ADDRESS must be host:port');
      expect(message).toContain('PORT');
      expect(message).toContain('JWT_SECRET or JWT_JWKS_URL must be set');
    }
  });

  it('accepts a JWKS URL instead of a shared secret', () => {
    const { JWT_SECRET: _unused, ...rest } = valid;
    expect(() =>
      validateConfig(ApiConfig, { ...rest, JWT_JWKS_URL: 'https://id.example.org/jwks' }),
    ).not.toThrow();
  });

  it('lets the worker start without API-only settings', () => {
    const { JWT_SECRET: _unused, ...shared } = valid;
    expect(validateConfig(AppConfig, shared).TEMPORAL_ADDRESS).toBe('localhost:7233');
  });

  it('refuses a short secret', () => {
    expect(() => validateConfig(ApiConfig, { ...valid, JWT_SECRET: 'short' })).toThrow(
      /JWT_SECRET must be at least 32/,
    );
  });
});
