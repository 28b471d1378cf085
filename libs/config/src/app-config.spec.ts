import {
  ApiConfig,
  AppConfig,
  ConfigValidationError,
  validateConfig,
  WORKER_DEFAULTS,
} from './app-config';

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

  it('accepts a JWKS URL instead of a shared secret, with the issuer and audience to expect', () => {
    const { JWT_SECRET: _unused, ...rest } = valid;
    const jwks = { ...rest, JWT_JWKS_URL: 'https://id.example.org/jwks' };
    expect(() =>
      validateConfig(ApiConfig, {
        ...jwks,
        JWT_ISSUER: 'https://id.example.org',
        JWT_AUDIENCE: 'codev',
      }),
    ).not.toThrow();
    expect(() => validateConfig(ApiConfig, jwks)).toThrow(
      /JWT_ISSUER must be set \(and not blank\) with JWT_JWKS_URL\n.*JWT_AUDIENCE must be set/,
    );
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

  describe("the worker's capacity", () => {
    const { JWT_SECRET: _unused, ...shared } = valid;

    it('defaults to the measured values', () => {
      const config = validateConfig(AppConfig, shared);
      expect(config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS).toBe(
        WORKER_DEFAULTS.maxConcurrentWorkflowTasks,
      );
      expect(config.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES).toBe(
        WORKER_DEFAULTS.maxConcurrentLocalActivities,
      );
      expect(config.WORKER_MAX_CACHED_WORKFLOWS).toBe(WORKER_DEFAULTS.maxCachedWorkflows);
      expect(WORKER_DEFAULTS.maxConcurrentWorkflowTasks).toBeLessThanOrEqual(
        WORKER_DEFAULTS.maxCachedWorkflows,
      );
    });

    it('takes numbers from the environment', () => {
      const config = validateConfig(AppConfig, {
        ...shared,
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8',
        WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '16',
        WORKER_MAX_CACHED_WORKFLOWS: '500',
      });
      expect(config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS).toBe(8);
      expect(config.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES).toBe(16);
      expect(config.WORKER_MAX_CACHED_WORKFLOWS).toBe(500);
    });

    it('names each wrong value', () => {
      expect(() =>
        validateConfig(AppConfig, { ...shared, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' }),
      ).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must not be less than 2/);
      expect(() =>
        validateConfig(AppConfig, { ...shared, WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: 'many' }),
      ).toThrow(/WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES/);
      expect(() =>
        validateConfig(AppConfig, { ...shared, WORKER_MAX_CACHED_WORKFLOWS: '1' }),
      ).toThrow(/WORKER_MAX_CACHED_WORKFLOWS must be 0 \(no cache\) or at least 2/);
    });

    it('refuses more workflow tasks at once than workflows cached, unless the cache is off', () => {
      expect(() =>
        validateConfig(AppConfig, {
          ...shared,
          WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '50',
          WORKER_MAX_CACHED_WORKFLOWS: '20',
        }),
      ).toThrow(/must not exceed WORKER_MAX_CACHED_WORKFLOWS/);
      expect(
        validateConfig(AppConfig, {
          ...shared,
          WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '50',
          WORKER_MAX_CACHED_WORKFLOWS: '0',
        }).WORKER_MAX_CACHED_WORKFLOWS,
      ).toBe(0);
    });
  });
});
