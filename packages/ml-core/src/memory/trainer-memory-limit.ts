/** The most memory a trainer may declare (16 TB, far past any machine), so that a typo cannot pass every run. */
export const MAX_TRAINER_MEMORY_MB = 16 * 1024 * 1024;
