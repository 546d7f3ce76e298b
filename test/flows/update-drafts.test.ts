import { beforeEach, describe, expect, it } from 'vitest';
import { runOrders, worldConfig } from './world/run-orders.js';
import { useFlowWorld, type FlowWorld } from './world/world.js';
import { eligibleOrders, expectTransferredOnce } from './helpers/order-checks.js';

/** `orders.updateDrafts`: a changed Rackbeat order updates its e-conomic draft, never a second one. */
describe('orders.updateDrafts', () => {
  const startWorld = useFlowWorld();
  let systems: FlowWorld;

  beforeEach(async () => {
    systems = await startWorld({ seededOrders: 8 });
  });

  const run = async (updateDrafts: boolean) => {
    const config = await worldConfig(systems, { updateDrafts });
    return runOrders({ config, command: 'orders' });
  };

  /** A person edits a booked Rackbeat order in the UI: one more unit on its first line. */
  const editInRackbeat = (rackbeatNumber: number): void => {
    const order = systems.rackbeat.state.requireOrder(rackbeatNumber);
    order.lines[0]!.quantity += 1;
    systems.rackbeat.state.touchOrder(rackbeatNumber);
  };

  it.each([
    [true, 'updates the draft in place'],
    [false, 'leaves the draft as it was'],
  ])('updateDrafts %s %s', async (updateDrafts) => {
    expect((await run(updateDrafts)).exitCode).toBe(0);
    const [first] = eligibleOrders(systems);
    const before = expectTransferredOnce(systems, first!.number);
    const draftsBefore = systems.economic.state.orderDrafts.size;
    const netBefore = before.document.netAmount as number;

    editInRackbeat(before.rackbeat.number);
    const edited = await run(updateDrafts);
    // Not carried over, so a person must look at it: flagged (exit 1) instead of passed over in silence.
    expect(edited.exitCode).toBe(updateDrafts ? 0 : 1);
    if (!updateDrafts) {
      expect(edited.newProblems).toEqual([
        expect.objectContaining({
          status: 'needs-attention',
          sourceId: String(before.rackbeat.number),
          message: expect.stringMatching(/^changed in rackbeat after it was transferred \(lines\), but it was already transferred \(e-conomic document \d+\)/),
        }),
      ]);
    }

    const after = expectTransferredOnce(systems, first!.number);
    expect(systems.economic.state.orderDrafts.size).toBe(draftsBefore);
    const unit = before.rackbeat.lines[0]!.unitPrice / 100;
    if (updateDrafts) expect(after.document.netAmount).toBeCloseTo(netBefore + unit, 2);
    else expect(after.document.netAmount).toBe(netBefore);
  });
});
