/**
 * Documents a leg made or found in this run, as the target answered: the legs fed by it (the
 * engine's hand-over) take each one from here instead of reading it again. Taken once by each of
 * `readers`; a later look at the same document (a retry, the next run) reads the system.
 */
export class MadeThisRun<T> {
  private readonly documents = new Map<string, { document: T; left: number }>();

  constructor(
    private readonly keyOf: (document: T) => string,
    private readonly readers = 1,
  ) {}

  add(document: T): void {
    this.documents.set(this.keyOf(document), { document, left: this.readers });
  }

  take(key: string): T | undefined {
    const entry = this.documents.get(key);
    if (entry && --entry.left === 0) this.documents.delete(key);
    return entry?.document;
  }
}
