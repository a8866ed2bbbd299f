import { describe, expect, it } from 'vitest';
import { EARLY_STOPPING_START, earlyStoppingStep, type EarlyStoppingState } from './early-stopping';

/** Feeds a scripted validation-loss sequence; returns the epochs each phase ran and where it stopped. */
function replay(losses: number[], patience: number | null, state: EarlyStoppingState = EARLY_STOPPING_START) {
  const improved: number[] = [];
  for (const [i, loss] of losses.entries()) {
    const step = earlyStoppingStep(state, loss, { patience, epoch: i + 1, epochs: losses.length });
    state = step.state;
    if (step.improved) improved.push(i + 1);
    if (step.stop) return { ran: i + 1, stopped: true, improved, state };
  }
  return { ran: losses.length, stopped: false, improved, state };
}

describe('earlyStoppingStep', () => {
  it('stops after `patience` epochs without a new best, counting from the last best', () => {
    expect(replay([1.0, 0.8, 0.9, 0.7, 0.75, 0.72, 0.9], 2)).toMatchObject({ ran: 6, stopped: true, improved: [1, 2, 4] });
  });

  it('does not call the last epoch an early stop, and never stops without patience', () => {
    expect(replay([1.0, 1.1, 1.2], 2)).toMatchObject({ ran: 3, stopped: false });
    expect(replay([1.0, 1.1, 1.2, 1.3, 1.4], null)).toMatchObject({ ran: 5, stopped: false });
  });

  it("gives each phase its own best: fine-tuning that starts above the head's best still runs until its own patience", () => {
    const head = replay([1.0, 0.6, 0.5, 0.55], 2);
    expect(head).toMatchObject({ ran: 4, stopped: false, state: { phaseBest: 0.5 } });
    // Fine-tuning starts worse than 0.5 (fresh optimizer) and improves on its own first epochs.
    const fineTune = replay([0.9, 0.8, 0.7, 0.6, 0.45, 0.5, 0.52, 0.4], 2);
    expect(fineTune).toMatchObject({ ran: 7, stopped: true, improved: [1, 2, 3, 4, 5] });
    // Measured against the head's best (the old shared best score), it would have stopped after epoch 2.
    expect(replay([0.9, 0.8, 0.7, 0.6, 0.45], 2, { phaseBest: head.state.phaseBest, sinceBest: 0 })).toMatchObject({ ran: 2, stopped: true });
  });
});
