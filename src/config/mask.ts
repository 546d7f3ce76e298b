/** Keys whose values are secrets: *Key, *Secret, *Token (consumerKey, apiKey, appSecretToken, …), Authorization. */
export function isSecretKey(key: string): boolean {
  return /(key|secret|token|password|authorization)$/i.test(key);
}

/** `****` plus at most the last 4 characters, and only when that leaves most of the secret hidden. */
export function maskSecret(value: string): string {
  return value.length >= 16 ? `****${value.slice(-4)}` : '****';
}

/** URLs that are their own credential, by config path: a Slack incoming-webhook URL (Slack docs, "Sending messages using incoming webhooks": keep it secret). */
const SECRET_URL_PATHS = ['notify.webhook.url'];

/** `https://hooks.slack.com/****`: the host stays, so people see where it points. */
function maskUrl(value: string): string {
  return URL.canParse(value) ? `${new URL(value).origin}/****` : maskSecret(value);
}

/** A copy of a JSON-like value with every secret-named key's value masked (and a webhook URL's path), at any depth. */
export function maskSecrets<T>(value: T, path = ''): T {
  if (Array.isArray(value)) return value.map((item: unknown) => maskSecrets(item, path)) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, item]: [string, unknown]) => {
    const at = path ? `${path}.${key}` : key;
    if (SECRET_URL_PATHS.includes(at) && typeof item === 'string') return [key, maskUrl(item)];
    if (isSecretKey(key) && item !== null && item !== undefined && typeof item !== 'object') {
      return [key, maskSecret(String(item))];
    }
    return [key, maskSecrets(item, at)];
  });
  return Object.fromEntries(entries) as T;
}

/** The values of every secret-named key, at any depth: what must be redacted wherever it might show. */
export function secretValues(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]: [string, unknown]) =>
    isSecretKey(key) && typeof item === 'string' && item.length > 0 ? [item] : secretValues(item),
  );
}
