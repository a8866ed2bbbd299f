/** When the worker logged each step of one run (its log lines start with an ISO timestamp). */
export interface WorkerMarks {
  claimedAt: number | null;
  imagesAt: number | null;
  /** "N images (D downloaded, C from the cache)" */
  images: { total: number; downloaded: number; cached: number } | null;
  datasetAt: number | null;
  backboneAt: number | null;
  featuresAt: number | null;
  succeededAt: number | null;
  backend: string | null;
}

const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (.*)$/;

export function workerMarks(output: string, runId: string): WorkerMarks {
  const marks: WorkerMarks = { claimedAt: null, imagesAt: null, images: null, datasetAt: null, backboneAt: null, featuresAt: null, succeededAt: null, backend: null };
  const prefix = `run ${runId}: `;
  for (const line of output.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const at = Date.parse(match[1]!);
    const message = match[2]!;
    if (message.startsWith('worker on ')) marks.backend = message.slice('worker on '.length).split('; API ')[0]!;
    else if (message.startsWith(`claimed run ${runId} `)) marks.claimedAt ??= at;
    else if (message.startsWith(prefix)) {
      const what = message.slice(prefix.length);
      const images = /^(\d+) images \((\d+) downloaded, (\d+) from the cache\)/.exec(what);
      if (images) {
        marks.imagesAt ??= at;
        marks.images = { total: Number(images[1]), downloaded: Number(images[2]), cached: Number(images[3]) };
      } else if (what.startsWith('dataset: ')) marks.datasetAt ??= at;
      else if (what.startsWith('backbone ')) marks.backboneAt ??= at;
      else if (what.startsWith('feature cache: ')) marks.featuresAt ??= at;
      else if (what.startsWith('succeeded')) marks.succeededAt ??= at;
    }
  }
  return marks;
}
