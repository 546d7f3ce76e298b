import type { Store } from '../store/database.js';
import { linkedTargetsByReference } from '../store/links.js';
import type { CreateStep, SourceRecord, TargetDoc } from './leg.js';

/**
 * The documents that keyed create steps share between records (a customer found by e-mail), by
 * reference, for one leg's run: found or created once, used by every later record of the run, and
 * by later runs through the links, without asking the target again. Only doubt asks again (a
 * document gone since, see `CreateStep.goneDocument`). References match as a look-up matches
 * them: case and surrounding spaces aside.
 */
export class SharedDocuments {
  private readonly known = new Map<string, Map<string, TargetDoc>>();

  constructor(
    private readonly store: Store,
    private readonly leg: { name: string; sourceInstance: string },
  ) {}

  find(step: CreateStep<SourceRecord>, reference: string): TargetDoc | undefined {
    return this.of(step).get(normalise(reference));
  }

  remember(step: CreateStep<SourceRecord>, reference: string, doc: TargetDoc): void {
    this.of(step).set(normalise(reference), doc);
  }

  forget(step: CreateStep<SourceRecord>, reference: string): void {
    this.of(step).delete(normalise(reference));
  }

  /** The step's documents, read from its links the first time they are needed in this run. */
  private of(step: CreateStep<SourceRecord>): Map<string, TargetDoc> {
    let documents = this.known.get(step.name);
    if (!documents) {
      documents = new Map();
      const linked = linkedTargetsByReference(this.store, { leg: this.leg.name, step: step.name, sourceInstance: this.leg.sourceInstance });
      for (const { reference, targetId, targetNumber } of linked) documents.set(normalise(reference), { id: targetId, number: targetNumber });
      this.known.set(step.name, documents);
    }
    return documents;
  }
}

function normalise(reference: string): string {
  return reference.trim().toLowerCase();
}
