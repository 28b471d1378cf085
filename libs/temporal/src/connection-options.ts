import { AppConfig } from '@codev/config';

/** Connection options for the client and the worker alike: local dev server, TLS, or Cloud API key. */
export function temporalConnectionOptions(config: AppConfig): {
  address: string;
  tls?: boolean;
  apiKey?: string;
} {
  return {
    address: config.TEMPORAL_ADDRESS,
    ...(config.TEMPORAL_TLS || config.TEMPORAL_API_KEY ? { tls: true } : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}
