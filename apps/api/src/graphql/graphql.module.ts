import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { type DocumentNode, type GraphQLSchema, specifiedRules, validate } from 'graphql';
import { ApiConfig } from '@codev/config';
import { MUTATION_PERMISSIONS } from '../auth/mutation-permissions';
import { formatGraphqlError } from './format-error';
import { describeMutationRoles } from './mutation-roles';
import { GraphqlContext } from './graphql-context';
import { LoaderFactory, LoadersModule } from './loaders';
import { aliasLimitRule, complexityLimitPlugin, depthLimitRule } from './query-limits.plugin';

const logger = new Logger('GraphQL');
const introspection = (config: ApiConfig) =>
  config.GRAPHQL_INTROSPECTION ?? config.NODE_ENV !== 'production';
/** The IDE explores the schema by introspection: without it, no IDE. */
const ide = (config: ApiConfig) =>
  (config.GRAPHQL_IDE ?? config.NODE_ENV !== 'production') && introspection(config);

/** Code-first Apollo at /graphql; the schema is generated in memory and committed as schema.graphql. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [LoadersModule],
      inject: [ApiConfig, LoaderFactory],
      useFactory: (config: ApiConfig, loaders: LoaderFactory) => ({
        path: '/graphql',
        autoSchemaFile: true,
        sortSchema: true,
        playground: false,
        // GraphiQL for a browser asking GET /graphql: it posts JSON with its own headers
        // (Authorization: Bearer …), which CSRF prevention lets through.
        graphiql: ide(config) ? { url: '/graphql' } : false,
        // The schema is public (committed as schema.graphql); production may still turn it off.
        introspection: introspection(config),
        csrfPrevention: true,
        includeStacktraceInErrorResponses: false,
        validationRules: [
          depthLimitRule(config.GRAPHQL_MAX_DEPTH),
          aliasLimitRule(config.GRAPHQL_MAX_ALIASES),
        ],
        plugins: [complexityLimitPlugin(config.GRAPHQL_MAX_COMPLEXITY)],
        // Subscriptions over graphql-ws at the same path, held to the same depth limit.
        subscriptions: {
          'graphql-ws': {
            path: '/graphql',
            validate: (schema: GraphQLSchema, document: DocumentNode) =>
              validate(schema, document, [
                ...specifiedRules,
                depthLimitRule(config.GRAPHQL_MAX_DEPTH),
                aliasLimitRule(config.GRAPHQL_MAX_ALIASES),
              ]),
          },
        },
        transformSchema: (schema: GraphQLSchema) =>
          describeMutationRoles(schema, MUTATION_PERMISSIONS),
        formatError: (formatted, error) =>
          formatGraphqlError(formatted, error, (e) =>
            logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e)),
          ),
        // HTTP requests bring `req`; a subscription, the upgrade request of its socket.
        context: (ctx: { req?: unknown; extra?: { request?: unknown } }): GraphqlContext => ({
          req: ctx.req ?? ctx.extra?.request,
          loaders: loaders.create(),
        }),
      }),
    }),
  ],
})
export class ApiGraphqlModule {}
