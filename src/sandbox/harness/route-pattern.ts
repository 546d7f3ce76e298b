/**
 * Route patterns shared by simulator routes and fault rules: `/orders/:number/book`, where a
 * `:name` segment captures one percent-decoded segment and a final `*` captures the rest.
 */
export type RoutePattern = (path: string) => Record<string, string> | undefined;

export function compilePattern(pattern: string): RoutePattern {
  const expected = splitPath(pattern);
  return (path) => {
    const actual = splitPath(path);
    const params: Record<string, string> = {};
    for (const [index, segment] of expected.entries()) {
      if (segment === '*') {
        params['*'] = safeDecode(actual.slice(index).join('/'));
        return params;
      }
      const value = actual[index];
      if (value === undefined) return undefined;
      if (segment.startsWith(':')) params[segment.slice(1)] = safeDecode(value);
      else if (segment !== value) return undefined;
    }
    return actual.length === expected.length ? params : undefined;
  };
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
