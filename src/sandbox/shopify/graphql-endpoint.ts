import {
  buildSchema,
  executeSync,
  GraphQLError,
  Kind,
  parse,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from 'graphql';
import type { SimRequest, SimResponse } from '../harness/types.js';
import { SimTokenBucket } from '../harness/token-bucket.js';
import { operationCost, type CostContext } from './query-cost.js';
import type { ResolverContext } from './resolver-context.js';
import { rootValue } from './resolvers.js';
import { SHOPIFY_SDL } from './schema.js';
import type { ShopifySimState } from './state.js';

/** [C] A single query may not exceed 1,000 points (Shopify API docs, API limits). */
export const MAX_QUERY_COST = 1000;
/** [C] "Input arguments that accept an array have a maximum size of 250" (Shopify API limits). */
export const MAX_INPUT_ARRAY = 250;
const RATE_LIMIT_DOCS = 'https://shopify.dev/api/usage/rate-limits';

export interface GraphqlEndpointOptions {
  /** [U] bucket size; Shopify documents only restore rates. Measured: bucket = 20 × restore rate. */
  maximumAvailable: number;
  /** [C] Standard plan 100 points/s. */
  restoreRate: number;
  /** [U] status of a THROTTLED answer; measured 200 (a third-party capture), 429 possible. */
  throttledStatus: number;
  now: () => number;
}

/**
 * The GraphQL endpoint: parse, validate against our SDL, price the query, refuse it over 1,000
 * points, throttle when the bucket cannot hold the requested cost, execute, charge the actual cost
 * and answer with `extensions.cost` as Shopify does.
 */
export function createGraphqlEndpoint(state: ShopifySimState, options: GraphqlEndpointOptions) {
  const schema = buildSchema(SHOPIFY_SDL);
  const root = rootValue(state);
  const bucket = new SimTokenBucket({ capacity: options.maximumAvailable, refillPerSecond: options.restoreRate, now: options.now });
  const throttleStatus = () => ({
    maximumAvailable: options.maximumAvailable,
    currentlyAvailable: bucket.remaining(),
    restoreRate: options.restoreRate,
  });

  return function handle(request: SimRequest, apiVersion: string): SimResponse {
    // A job an earlier request queued (orderCancel) has run by the time the next one is answered (jobs.ts).
    state.jobs.runQueued();
    const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    if (typeof body?.query !== 'string') {
      return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
    }
    const variables = isRecord(body.variables) ? body.variables : {};
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      return graphqlErrors([toFormatted(error)]);
    }
    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) return graphqlErrors(validationErrors.map(shopifyWording));

    const oversized = largestInputArray(document, variables);
    if (oversized > MAX_INPUT_ARRAY) {
      // [U] the wording and code; the limit and that the request is refused are documented.
      return graphqlErrors([
        { message: `The input array size of ${oversized} is greater than the maximum allowed of ${MAX_INPUT_ARRAY}.`, extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' } },
      ]);
    }
    const operation = pickOperation(document, typeof body.operationName === 'string' ? body.operationName : undefined);
    if (!operation) return graphqlErrors([{ message: 'An operation name is required when the document holds several operations' }]);
    const costContext: CostContext = { schema, fragments: fragmentsOf(document), variables };
    const requested = operationCost(costContext, operation);
    if (requested > MAX_QUERY_COST) {
      // Measured shape (webshops research, 2026-08): no top-level `extensions`, the cost inside the error.
      return graphqlErrors([
        {
          message:
            `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
            `See ${RATE_LIMIT_DOCS} for more information on how the\ncost of a query is calculated.\n\n` +
            'To query larger amounts of data with fewer limits, bulk operations should be used instead.\n' +
            'See https://shopify.dev/docs/api/usage/bulk-operations/queries for usage details.\n',
          extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: MAX_QUERY_COST, documentation: RATE_LIMIT_DOCS },
        },
      ]);
    }
    if (bucket.secondsUntil(requested) > 0) {
      return {
        status: options.throttledStatus,
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMIT_DOCS } }],
          extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus() } },
        },
      };
    }
    const context: ResolverContext = { state, searchWarnings: [], apiVersion };
    // Synchronous execution: nothing else runs between the bucket check above and the charge below.
    const result = executeSync({ schema, document, rootValue: root, contextValue: context, variableValues: variables, operationName: operation.name?.value });
    const actual = Math.min(requested, operationCost(costContext, operation, result.data ?? {}));
    bucket.take(actual);
    state.pointsCharged += actual;
    return {
      status: 200,
      body: {
        ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {}),
        data: result.data ?? null,
        extensions: {
          cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus() },
          ...(context.searchWarnings.length > 0 ? { search: context.searchWarnings } : {}),
        },
      },
    };
  };
}

function graphqlErrors(errors: GraphQLFormattedError[]): SimResponse {
  return { status: 200, body: { errors } };
}

function toFormatted(error: unknown): GraphQLFormattedError {
  return error instanceof GraphQLError ? error.toJSON() : { message: String(error) };
}

const UNKNOWN_FIELD = /^Cannot query field "([^"]+)" on type "([^"]+)"\./;

/** Shopify (graphql-ruby) words an unknown field `Field 'x' doesn't exist on type 'Y'` with code undefinedField. */
function shopifyWording(error: GraphQLError): GraphQLFormattedError {
  const match = UNKNOWN_FIELD.exec(error.message);
  if (!match) return error.toJSON();
  const [, fieldName = '', typeName = ''] = match;
  return {
    message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
    ...(error.locations ? { locations: error.locations } : {}),
    extensions: { code: 'undefinedField', typeName, fieldName },
  };
}

/** The longest list among the variables and the document's literal arguments. */
function largestInputArray(document: DocumentNode, variables: Record<string, unknown>): number {
  let largest = 0;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      largest = Math.max(largest, value.length);
      value.forEach(walk);
    } else if (isRecord(value)) Object.values(value).forEach(walk);
  };
  walk(variables);
  visit(document, {
    ListValue(node) {
      largest = Math.max(largest, node.values.length);
    },
  });
  return largest;
}

function pickOperation(document: DocumentNode, name: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (name !== undefined) return operations.find((operation) => operation.name?.value === name);
  return operations.length === 1 ? operations[0] : undefined;
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
