import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === true || value === 'true' || value === '1';

/** The worker's defaults, measured with bench/worker-settings.bench.mjs (docs/performance.md). */
export const WORKER_DEFAULTS = {
  maxConcurrentWorkflowTasks: 40,
  maxConcurrentLocalActivities: 100,
  maxCachedWorkflows: 500,
} as const;

/** Temporal's workflow cache holds none (0) or at least two workflows. */
@ValidatorConstraint({ name: 'cacheSize' })
class CacheSize implements ValidatorConstraintInterface {
  validate(value: number): boolean {
    return value !== 1;
  }

  defaultMessage(): string {
    return 'WORKER_MAX_CACHED_WORKFLOWS must be 0 (no cache) or at least 2';
  }
}

/** A worker with a workflow cache runs no more workflow tasks at once than it caches workflows. */
@ValidatorConstraint({ name: 'withinWorkflowCache' })
class WithinWorkflowCache implements ValidatorConstraintInterface {
  validate(value: number, args: ValidationArguments): boolean {
    const cache = (args.object as AppConfig).WORKER_MAX_CACHED_WORKFLOWS;
    return !Number.isInteger(cache) || cache === 0 || value <= cache;
  }

  defaultMessage(): string {
    return 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must not exceed WORKER_MAX_CACHED_WORKFLOWS (unless the cache is off: 0)';
  }
}

/**
 * Environment variables every process reads (API, worker, CLI), validated once at boot. A
 * missing or wrong value stops the process with a message naming the variable.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** postgres://user:password@host:port/database */
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE: number = 10;

  /** host:port of the Temporal frontend. */
  @Matches(/^[^:\s]+:\d+$/, { message: 'TEMPORAL_ADDRESS must be host:port' })
  TEMPORAL_ADDRESS!: string;

  @IsString()
  @MinLength(1)
  TEMPORAL_NAMESPACE: string = 'default';

  @IsString()
  @MinLength(1)
  TEMPORAL_TASK_QUEUE: string = 'codev';

  /** Temporal Cloud: API key authentication (implies TLS). */
  @IsOptional()
  @IsString()
  TEMPORAL_API_KEY?: string;

  @Transform(toBool)
  @IsOptional()
  TEMPORAL_TLS?: boolean;

  /** Pre-built workflow bundle (production); when unset the worker bundles at start. */
  @IsOptional()
  @IsString()
  WORKFLOW_BUNDLE_PATH?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** `pretty`: one readable line per entry (pino-pretty); `json`: one JSON object per line, for collectors. By default pretty in development, JSON otherwise. */
  @IsOptional()
  @IsIn(['pretty', 'json'])
  LOG_FORMAT?: 'pretty' | 'json';

  /**
   * The IATI org-id the platform publishes activity files under; every activity's identifier
   * starts with it. XX-CODEV is a placeholder: a publisher registers its own at IATI.
   */
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$/, {
    message: 'IATI_REPORTING_ORG_REF must be an IATI organisation identifier, e.g. XM-DAC-41114',
  })
  IATI_REPORTING_ORG_REF: string = 'XX-CODEV';

  @IsString()
  @MinLength(1)
  IATI_REPORTING_ORG_NAME: string = 'codev — co-development programmes';

  // Notifications, delivered by the worker.

  /** Where e-mail notifications go out, e.g. smtp://user:pass@mail.example.org:587; unset: none is sent. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be smtp://… or smtps://…' })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  NOTIFY_FROM: string = 'codev <notifications@codev.invalid>';

  /** The first retry's pause; each next one doubles, up to an hour. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  NOTIFY_RETRY_BASE_MS: number = 5_000;

  /**
   * May webhooks reach internal addresses (loopback, private networks, link-local)? Off in
   * production, so an organisation cannot point the worker at the platform's own services.
   */
  @Transform(toBool)
  @IsOptional()
  NOTIFY_INTERNAL_TARGETS?: boolean;

  /** Attempts before a notification becomes a dead letter. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  NOTIFY_MAX_ATTEMPTS: number = 10;

  // The worker's capacity (Temporal worker options); defaults chosen by bench/ (docs/performance.md).

  /** Workflow tasks the worker runs at once (maxConcurrentWorkflowTaskExecutions). */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(1000)
  @Validate(WithinWorkflowCache)
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: number = WORKER_DEFAULTS.maxConcurrentWorkflowTasks;

  /** Local activities (transitions written to PostgreSQL) at once (maxConcurrentLocalActivityExecutions). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: number = WORKER_DEFAULTS.maxConcurrentLocalActivities;

  /** Workflows kept in the worker's sticky cache (maxCachedWorkflows); 0 turns the cache off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  @Validate(CacheSize)
  WORKER_MAX_CACHED_WORKFLOWS: number = WORKER_DEFAULTS.maxCachedWorkflows;
}

/** What only the API reads on top of the shared settings. */
export class ApiConfig extends AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  /** HS256 secret for locally minted tokens. One of JWT_SECRET or JWT_JWKS_URL is required. */
  @ValidateIf((c: ApiConfig) => !c.JWT_JWKS_URL)
  @IsString({ message: 'JWT_SECRET or JWT_JWKS_URL must be set' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** JWKS endpoint of an OIDC provider (RS256/ES256 tokens). */
  @IsOptional()
  @IsUrl({ require_tld: false }, { message: 'JWT_JWKS_URL must be a URL' })
  JWT_JWKS_URL?: string;

  /**
   * The `iss` and `aud` every token must carry. Locally minted tokens (`npm run token`, the
   * tests) use `codev-local` and `codev-api`, the defaults with JWT_SECRET; with an identity
   * provider (JWT_JWKS_URL) both must be named, since its tokens are meant for many audiences.
   */
  @ValidateIf((c: ApiConfig) => !!c.JWT_JWKS_URL || c.JWT_ISSUER !== undefined)
  @Matches(/\S/, { message: 'JWT_ISSUER must be set (and not blank) with JWT_JWKS_URL' })
  JWT_ISSUER?: string;

  @ValidateIf((c: ApiConfig) => !!c.JWT_JWKS_URL || c.JWT_AUDIENCE !== undefined)
  @Matches(/\S/, { message: 'JWT_AUDIENCE must be set (and not blank) with JWT_JWKS_URL' })
  JWT_AUDIENCE?: string;

  /** The longest a token may live (`exp` − `iat`); a token without `exp` is refused. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  JWT_MAX_LIFETIME_HOURS: number = 24;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(50)
  GRAPHQL_MAX_DEPTH: number = 10;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COMPLEXITY: number = 2000;

  /** Aliases in one operation: each is another lookup. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  GRAPHQL_MAX_ALIASES: number = 30;

  /** Schema introspection; on unless NODE_ENV=production. */
  @Transform(toBool)
  @IsOptional()
  GRAPHQL_INTROSPECTION?: boolean;

  /** GraphiQL at GET /graphql for a browser; on unless NODE_ENV=production (it needs introspection). */
  @Transform(toBool)
  @IsOptional()
  GRAPHQL_IDE?: boolean;

  /**
   * Requests a minute one client may make — a bearer token, or an address sending none —
   * before it is answered 429; an address as a whole may make five times as many. 0: no
   * limit. /health is never limited.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE: number = 1200;

  /** The interface the API listens on: this machine only, unless told (0.0.0.0 in a container). */
  @IsString()
  @MinLength(1)
  HOST: string = '127.0.0.1';
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Validates raw environment variables into a config class, or throws naming every bad variable. */
export function validateConfig<T extends AppConfig>(
  cls: new () => T,
  env: Record<string, unknown>,
): T {
  const config = plainToInstance(cls, env, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.flatMap((e) =>
        Object.values(e.constraints ?? {}).map((m) =>
          m.startsWith(e.property) ? m : `${e.property}: ${m}`,
        ),
      ),
    );
  }
  return config;
}
