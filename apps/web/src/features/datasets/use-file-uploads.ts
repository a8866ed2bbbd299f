'use client';

import { useRef, useState } from 'react';
import { xhrUpload } from '@/lib/upload/xhr-upload';

export interface FileUpload {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: 'queued' | 'uploading' | 'accepted' | 'rejected';
  reason?: string;
}

const CONCURRENCY = 3;

/**
 * Uploads each file in its own request (a few at a time) so every file has its own progress and
 * its own verdict: accepted, or rejected with the API's reason.
 */
export function useFileUploads(datasetId: string, onSettled: () => void) {
  const [uploads, setUploads] = useState<FileUpload[]>([]);
  const [busy, setBusy] = useState(false);
  const counter = useRef(0);

  const patch = (key: string, change: Partial<FileUpload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));

  async function upload(files: File[], className: string, split: 'train' | 'val') {
    const batch = files.map((file) => ({ file, key: `${counter.current++}` }));
    setUploads((all) => [...batch.map(({ file, key }) => ({ key, name: file.name, size: file.size, progress: 0, state: 'queued' as const })), ...all]);
    setBusy(true);
    const queue = [...batch];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { file, key } = next;
        patch(key, { state: 'uploading' });
        const form = new FormData();
        form.append('class', className);
        form.append('split', split);
        form.append('files', file, file.name);
        try {
          const result = await xhrUpload(`/api/datasets/${datasetId}/images`, form, { onProgress: (progress) => patch(key, { progress }) });
          const rejected = result.rejected[0];
          patch(key, rejected ? { state: 'rejected', reason: rejected.reason, progress: 1 } : { state: 'accepted', progress: 1 });
        } catch (error) {
          patch(key, { state: 'rejected', reason: error instanceof Error ? error.message : String(error), progress: 1 });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
    setBusy(false);
    onSettled();
  }

  return { uploads, busy, upload, clear: () => setUploads([]) };
}
