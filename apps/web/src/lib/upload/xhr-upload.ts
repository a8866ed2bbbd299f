export interface UploadResult {
  accepted: number;
  rejected: { file: string; reason: string }[];
}

/**
 * POSTs a body with XMLHttpRequest, the one browser API that reports upload progress, and
 * parses the API's `{ accepted, rejected }` answer (or its `{ error }` on a refused request).
 */
export function xhrUpload(url: string, body: XMLHttpRequestBodyInit, { contentType, onProgress }: { contentType?: string; onProgress?: (fraction: number) => void } = {}): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (contentType) xhr.setRequestHeader('content-type', contentType);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      const response = xhr.response as (UploadResult & { error?: string }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && response) {
        onProgress?.(1);
        resolve({ accepted: response.accepted ?? 0, rejected: response.rejected ?? [] });
      } else {
        reject(new Error(response?.error ?? `The upload failed (${xhr.status} ${xhr.statusText}).`));
      }
    };
    xhr.onerror = () => reject(new Error('The upload failed: the connection was lost.'));
    xhr.send(body);
  });
}
