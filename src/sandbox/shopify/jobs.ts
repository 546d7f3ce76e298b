/**
 * Asynchronous jobs, as `orderCancel` answers with one (Shopify Admin GraphQL, `Job`: "some long
 * running task that the client should poll for status"). How long a job takes is not documented;
 * here, deterministically for tests, a job queued by one request has run when the next request
 * begins (graphql-endpoint.ts runs them first), so a read in the same request never sees its
 * effect and any later read does.
 */
export interface SimJob {
  id: number;
  /** The order the job works on. */
  orderId: number;
  done: boolean;
}

export class SimJobs {
  private readonly jobs = new Map<number, SimJob & { run: () => void }>();
  private nextId = 8_300_000_001;

  queue(orderId: number, run: () => void): SimJob {
    const job = { id: this.nextId++, orderId, done: false, run };
    this.jobs.set(job.id, job);
    return job;
  }

  /** Runs every job not yet done, oldest first. */
  runQueued(): void {
    for (const job of this.jobs.values()) {
      if (job.done) continue;
      job.done = true;
      job.run();
    }
  }

  byId(id: number): SimJob | undefined {
    return this.jobs.get(id);
  }

  /** A job not yet done for this order. */
  pendingFor(orderId: number): SimJob | undefined {
    return [...this.jobs.values()].find((job) => job.orderId === orderId && !job.done);
  }
}
