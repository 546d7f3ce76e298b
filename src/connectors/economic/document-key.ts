import type { DocumentPlace, DocumentState } from './types.js';

/**
 * Where a sales document is, as one text (a link's target id): a draft's bare number, as links have
 * always held it, else `<state>:<number>` (`sent:7`, `booked:20261001`), so a draft number and a
 * booked invoice number are never taken for one another.
 */
export function documentKey(place: Pick<DocumentPlace, 'state' | 'number'>): string {
  return place.state === 'draft' ? String(place.number) : `${place.state}:${place.number}`;
}

export function parseDocumentKey(key: string): { state: DocumentState; number: number } {
  const match = /^(?:(sent|archived|booked):)?(\d+)$/.exec(key);
  if (!match) throw new TypeError(`not an e-conomic document key: ${key}`);
  return { state: (match[1] as DocumentState | undefined) ?? 'draft', number: Number(match[2]) };
}
