export interface UploadResult {
  accepted: number;
  rejected: { file: string; reason: string }[];
}

/**
 * POSTs a body with XMLHttpRequest, the one browser API that reports upload progress, and
 * parses the API's `{ accepted, rejected }` answer (or its `{ error }` on a refused request).
 */
export async function xhrUpload(url: string, body: XMLHttpRequestBodyInit, options: XhrPostOptions = {}): Promise<UploadResult> {
  const response = await xhrPost<Partial<UploadResult>>(url, body, options);
  return { accepted: response.accepted ?? 0, rejected: response.rejected ?? [] };
}

export interface XhrPostOptions {
  contentType?: string;
  onProgress?: (fraction: number) => void;
}

/** POSTs with upload progress and resolves with the JSON answer, or rejects with the API's `{ error }`. */
export function xhrPost<T>(url: string, body: XMLHttpRequestBodyInit, { contentType, onProgress }: XhrPostOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (contentType) xhr.setRequestHeader('content-type', contentType);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      const response = xhr.response as (T & { error?: string }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && response) {
        onProgress?.(1);
        resolve(response);
      } else {
        reject(new Error(response?.error ?? `The upload failed (${xhr.status} ${xhr.statusText}).`));
      }
    };
    xhr.onerror = () => reject(new Error('The upload failed: the connection was lost.'));
    xhr.send(body);
  });
}
