import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApiConfig } from '@codev/config';
import { formatGraphqlError } from './format-error';
import { GraphqlContext } from './graphql-context';
import { LoaderFactory, LoadersModule } from './loaders';
import { complexityLimitPlugin, depthLimitRule } from './query-limits.plugin';

const logger = new Logger('GraphQL');

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
        introspection: true,
        csrfPrevention: true,
        includeStacktraceInErrorResponses: false,
        validationRules: [depthLimitRule(config.GRAPHQL_MAX_DEPTH)],
        plugins: [complexityLimitPlugin(config.GRAPHQL_MAX_COMPLEXITY)],
        formatError: (formatted, error) =>
          formatGraphqlError(formatted, error, (e) =>
            logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e)),
          ),
        context: ({ req }: { req: unknown }): GraphqlContext => ({
          req,
          loaders: loaders.create(),
        }),
      }),
    }),
  ],
})
export class ApiGraphqlModule {}
