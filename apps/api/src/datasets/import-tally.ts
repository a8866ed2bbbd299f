/** One file that was not added, and why, in words short enough for a list beside the file name. */
export interface ImageRejection {
  file: string;
  reason: string;
}

/** The JSON answer of uploads and imports (the contract's `{ accepted, rejected: [{ file, reason }] }`). */
export interface ImportResult {
  accepted: number;
  rejected: ImageRejection[];
}

export class ImportTally {
  private accepted = 0;
  private readonly rejected: ImageRejection[] = [];

  accept(): void {
    this.accepted += 1;
  }

  reject(file: string, reason: string): void {
    this.rejected.push({ file, reason });
  }

  get total(): number {
    return this.accepted + this.rejected.length;
  }

  result(): ImportResult {
    return { accepted: this.accepted, rejected: [...this.rejected] };
  }
}
