import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, ValidationRule } from 'graphql';
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
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables,
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > maxComplexity) {
            throw new GraphQLError(
              `Query complexity ${complexity} exceeds the limit of ${maxComplexity}; ask for fewer items or fields`,
              { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
            );
          }
        },
      };
    },
  };
}

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
