import type * as z from 'zod';
import { closestMatch } from './suggest.js';

/** The parts of a zod 4 schema we read to explain an issue: its metadata, wrapped type and shape. */
interface SchemaNode {
  meta(): { examples?: unknown[] } | undefined;
  _zod: { def: { innerType?: SchemaNode; in?: SchemaNode; shape?: Record<string, SchemaNode> } };
}

/** The schema a wrapper (optional, default, pipe) wraps. */
function wrapped(node: SchemaNode): SchemaNode | undefined {
  return node._zod.def.innerType ?? node._zod.def.in;
}

/** Each layer of a schema, outermost first: `x.default(…).meta(…)` keeps its metadata on the outer one. */
function* layers(node: SchemaNode | undefined): Generator<SchemaNode> {
  for (let current = node; current; current = wrapped(current)) yield current;
}

function shapeOf(node: SchemaNode | undefined): Record<string, SchemaNode> | undefined {
  for (const layer of layers(node)) if (layer._zod.def.shape) return layer._zod.def.shape;
  return undefined;
}

function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root as unknown as SchemaNode;
  for (const key of path) node = shapeOf(node)?.[String(key)];
  return node;
}

function exampleAt(root: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  for (const layer of layers(schemaAt(root, path))) {
    const example = layer.meta()?.examples?.[0];
    if (example !== undefined) return `e.g. ${String(path.at(-1))}: ${String(example)}`;
  }
  return undefined;
}

/**
 * Turns the schema's issues into sentences a person can act on, naming the full key, e.g.
 * `economic.appSecretToken is required: add it to sync.config.yaml, e.g. appSecretToken: ${…}`.
 */
export function describeIssues(schema: z.ZodType, issues: readonly z.core.$ZodIssue[], fileName: string): string[] {
  return issues.flatMap((issue) => {
    const key = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(shapeOf(schemaAt(schema, issue.path)) ?? {});
      return issue.keys.map((unknown) => {
        const guess = closestMatch(unknown, known);
        const hint = guess ? `did you mean ${guess}?` : `the keys here are ${known.join(', ')}`;
        return `${key ? `${key}.` : ''}${unknown} is not a known key in ${fileName}: ${hint}`;
      });
    }
    const example = exampleAt(schema, issue.path);
    // Our own refinements flag a conditionally required key with params.missing (see sections/webshop.ts).
    const conditional = issue.code === 'custom' && (issue.params as { missing?: boolean } | undefined)?.missing;
    if ((issue.code === 'invalid_type' && issue.input === undefined) || conditional) {
      const when = conditional ? ` ${issue.message}` : '';
      return [`${key} is required${when}: add it to ${fileName}${example ? `, ${example}` : ''}`];
    }
    return [`${key || fileName}: ${issue.message}${example ? ` (${example})` : ''}`];
  });
}
