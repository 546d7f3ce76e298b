import {
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Shopify's calculated query cost, as documented (webshops.md §2, "GraphQL rate limit"):
 * scalar and enum 0, object 1, a connection 2 plus its page size (`first`/`last`) times the cost
 * of one node, a mutation field 10. The requested cost is this worst case; the actual cost
 * counts the nodes really returned (Shopify refunds the difference and charges the actual cost).
 * [S] Shopify's live numbers are often lower than this documented model; erring high is the
 * safe side for the client, which must stay under the same 1,000-point maximum.
 */
export const MUTATION_FIELD_COST = 10;
const CONNECTION_BASE_COST = 2;

export interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/** The requested cost, or, with `data`, the actual cost of what was returned. */
export function operationCost(context: CostContext, operation: OperationDefinitionNode, data?: unknown): number {
  if (operation.operation === 'mutation') {
    return collectFields(context, operation.selectionSet).length * MUTATION_FIELD_COST;
  }
  const root = context.schema.getQueryType();
  if (!root) return 0;
  return selectionCost(context, root, operation.selectionSet, data);
}

function selectionCost(
  context: CostContext,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  data: unknown,
): number {
  let cost = 0;
  for (const field of collectFields(context, selectionSet)) {
    const definition = fieldDefinition(parent, field.name.value);
    if (!definition || !field.selectionSet) continue;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) continue;
    const value = data === undefined ? undefined : pick(data, (field.alias ?? field.name).value);
    if (data !== undefined && value === null) continue;
    cost += type.name.endsWith('Connection')
      ? connectionCost(context, type, field, value)
      : objectCost(context, type, field.selectionSet, value);
  }
  return cost;
}

/** An object (or a list of objects, costed once like Shopify's docs) costs 1 plus its selection. */
function objectCost(context: CostContext, type: GraphQLCompositeType, selectionSet: SelectionSetNode, value: unknown): number {
  const sample = Array.isArray(value) ? value[0] : value;
  return 1 + selectionCost(context, type, selectionSet, sample);
}

function connectionCost(context: CostContext, type: GraphQLCompositeType, field: FieldNode, value: unknown): number {
  const selectionSet = field.selectionSet;
  if (!selectionSet) return CONNECTION_BASE_COST;
  const nodeSelections = nodeSelectionSets(context, type, selectionSet);
  if (value === undefined) {
    const size = pageSize(context, field);
    const perNode = nodeSelections.reduce((sum, { nodeType, set }) => sum + 1 + selectionCost(context, nodeType, set, undefined), 0);
    return CONNECTION_BASE_COST + size * perNode;
  }
  let cost = CONNECTION_BASE_COST;
  for (const { nodeType, set, responseKey, viaEdges } of nodeSelections) {
    const items = pick(value, responseKey);
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const node = viaEdges ? pick(item, 'node') : item;
      cost += 1 + selectionCost(context, nodeType, set, node);
    }
  }
  return cost;
}

interface NodeSelection {
  nodeType: GraphQLCompositeType;
  set: SelectionSetNode;
  responseKey: string;
  /** `edges { node { … } }` rather than `nodes { … }`. */
  viaEdges: boolean;
}

/** The selections made on the connection's nodes, through `nodes` and through `edges.node`. */
function nodeSelectionSets(context: CostContext, connection: GraphQLCompositeType, selectionSet: SelectionSetNode): NodeSelection[] {
  const found: NodeSelection[] = [];
  for (const field of collectFields(context, selectionSet)) {
    const responseKey = (field.alias ?? field.name).value;
    const definition = fieldDefinition(connection, field.name.value);
    if (!definition || !field.selectionSet) continue;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) continue;
    if (field.name.value === 'nodes') found.push({ nodeType: type, set: field.selectionSet, responseKey, viaEdges: false });
    if (field.name.value !== 'edges') continue;
    for (const inner of collectFields(context, field.selectionSet)) {
      const nodeDefinition = fieldDefinition(type, inner.name.value);
      if (inner.name.value !== 'node' || !inner.selectionSet || !nodeDefinition) continue;
      const nodeType = getNamedType(nodeDefinition.type);
      if (isCompositeType(nodeType)) found.push({ nodeType, set: inner.selectionSet, responseKey, viaEdges: true });
    }
  }
  return found;
}

function pageSize(context: CostContext, field: FieldNode): number {
  for (const argument of field.arguments ?? []) {
    if (argument.name.value !== 'first' && argument.name.value !== 'last') continue;
    const value = valueFromASTUntyped(argument.value, context.variables);
    if (typeof value === 'number') return value;
  }
  return 0;
}

/** The fields of a selection set with fragments spread in (every type condition counted). */
function collectFields(context: CostContext, selectionSet: SelectionSetNode): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...collectFields(context, selection.selectionSet));
    else {
      const fragment = context.fragments[selection.name.value];
      if (fragment) fields.push(...collectFields(context, fragment.selectionSet));
    }
  }
  return fields;
}

function fieldDefinition(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}

function pick(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}
