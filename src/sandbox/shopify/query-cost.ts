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
 * Shopify's calculated query cost, as documented (Shopify API docs, API limits, "GraphQL rate limit"):
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
  const root = operation.operation === 'mutation' ? context.schema.getMutationType() : context.schema.getQueryType();
  if (!root) return 0;
  if (operation.operation === 'mutation') {
    return collectFields(context, root, operation.selectionSet).length * MUTATION_FIELD_COST;
  }
  return selectionCost(context, root, operation.selectionSet, data);
}

function selectionCost(
  context: CostContext,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  data: unknown,
): number {
  let cost = 0;
  for (const { field, owner } of collectFields(context, parent, selectionSet)) {
    const definition = fieldDefinition(owner, field.name.value);
    if (!definition || !field.selectionSet) continue;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) continue;
    const value = data === undefined ? undefined : pick(data, (field.alias ?? field.name).value);
    // Nothing returned: a null, or a fragment on another member of a union (a customer, not a company).
    if (data !== undefined && (value === null || value === undefined)) continue;
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
  for (const { field, owner } of collectFields(context, connection, selectionSet)) {
    const responseKey = (field.alias ?? field.name).value;
    const definition = fieldDefinition(owner, field.name.value);
    if (!definition || !field.selectionSet) continue;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) continue;
    if (field.name.value === 'nodes') found.push({ nodeType: type, set: field.selectionSet, responseKey, viaEdges: false });
    if (field.name.value !== 'edges') continue;
    for (const { field: inner, owner: edge } of collectFields(context, type, field.selectionSet)) {
      const nodeDefinition = fieldDefinition(edge, inner.name.value);
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

/**
 * The fields of a selection set with fragments spread in (every type condition counted), each with
 * the type it is selected on: a fragment's type condition (`... on PurchasingCompany` inside a
 * union), else the enclosing type.
 */
function collectFields(context: CostContext, parent: GraphQLCompositeType, selectionSet: SelectionSetNode): Array<{ field: FieldNode; owner: GraphQLCompositeType }> {
  const fields: Array<{ field: FieldNode; owner: GraphQLCompositeType }> = [];
  const ownerOf = (condition: string | undefined): GraphQLCompositeType => {
    const type = condition === undefined ? undefined : context.schema.getType(condition);
    return type && isCompositeType(type) ? type : parent;
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push({ field: selection, owner: parent });
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fields.push(...collectFields(context, ownerOf(selection.typeCondition?.name.value), selection.selectionSet));
    } else {
      const fragment = context.fragments[selection.name.value];
      if (fragment) fields.push(...collectFields(context, ownerOf(fragment.typeCondition.name.value), fragment.selectionSet));
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
