import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, ValidationRule } from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * Refuses operations whose estimated cost exceeds `maxComplexity` before any resolver runs.
 * List fields declare their cost through `complexity` in their field options (page size ×
 * child cost); every other field costs 1.
 */
export function complexityLimitPlugin(maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables,
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (e) {
            // The estimate coerces the variables first: one that does not fit its type is the
            // client's mistake, and must not reach the client as an internal error.
            throw clientError((e as Error).message, 'BAD_USER_INPUT');
          }
          if (complexity > maxComplexity) {
            throw clientError(
              `Query complexity ${complexity} exceeds the limit of ${maxComplexity}; ask for fewer items or fields`,
              'GRAPHQL_VALIDATION_FAILED',
            );
          }
        },
      };
    },
  };
}

/** A refusal Apollo answers with HTTP 400, as it does its own validation errors (not 500). */
const clientError = (message: string, code: string) =>
  new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/**
 * Refuses operations nested deeper than `maxDepth`. The rule is told to report, not throw:
 * a throw inside validation reaches the client as an opaque internal error.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return maxDepthRule({
    n: maxDepth,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context, error) =>
        context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
    ],
  });
}

/**
 * Refuses operations with more than `maxAliases` aliases: each alias is another lookup, and
 * a few requests of a thousand aliased lookups each could starve the database for everyone.
 */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return maxAliasesRule({
    n: maxAliases,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context, error) =>
        context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
    ],
  });
}
