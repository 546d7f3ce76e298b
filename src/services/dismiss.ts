import { inTransaction, openStore, type Store } from '../store/database.js';
import { dismissProblems, type Link } from '../store/links.js';
import { appendTransfer, type TransferEntry } from '../store/transfers.js';

export interface DismissOptions {
  storePath: string;
  /** Source records by the number people know (webshop order 1042) or id; every open problem when undefined. */
  sources?: readonly string[] | undefined;
  flow?: string | undefined;
}

/**
 * `iex-sync dismiss`: a person has looked at these failures or changes and settled them by hand.
 * They stop counting in the exit code and are not retried until the record changes again; the
 * log keeps one `dismissed` row for each, saying what was dismissed.
 */
export function dismiss(options: DismissOptions): Link[] {
  const store = openStore(options.storePath);
  try {
    return inTransaction(store, () => dismissAndLog(store, options));
  } finally {
    store.close();
  }
}

function dismissAndLog(store: Store, options: DismissOptions): Link[] {
  const dismissed = dismissProblems(store, { flow: options.flow, sources: options.sources });
  for (const link of dismissed) {
    const what = link.status === 'ok' ? link.attention : `${link.status}: ${link.lastError ?? ''}`;
    const entry: TransferEntry = {
      runId: undefined,
      flow: link.flow,
      leg: link.leg,
      stage: 'dismissed',
      status: 'dismissed',
      sourceSystem: link.sourceSystem,
      sourceId: link.sourceId,
      sourceNumber: link.sourceNumber,
      targetSystem: link.targetSystem,
      targetId: link.targetId,
      targetNumber: link.targetNumber,
      linkId: link.id,
      message: `dismissed by a person (${link.step}): ${what ?? ''}`.trimEnd(),
    };
    appendTransfer(store, entry, (payload) => payload); // No payloads: nothing to redact.
  }
  return dismissed;
}
