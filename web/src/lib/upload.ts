// The browser's side of a presigned upload (docs/architecture/files.md): POST the form's fields, then the
// file (the last part, named `file`), as multipart/form-data to the URL createUpload answered,
// with XMLHttpRequest so the progress of the body going up can be shown (fetch cannot).

export const MAX_BYTES = 10 * 1024 * 1024; // FILES_MAX_BYTES' default; the server has the last word

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The content type the API expects for a file, by its extension (browsers may give none). */
export function contentTypeOf(fileName: string): string | null {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  return TYPES[extension] ?? null;
}

/** Why a file cannot be a resume, before anything is sent; null when it may be. */
export function refuseFile(file: { name: string; size: number }): string | null {
  if (!contentTypeOf(file.name)) return 'Choose a PDF or a Word (.docx) file.';
  if (file.size === 0) return 'That file is empty.';
  if (file.size > MAX_BYTES) return `That file is ${formatBytes(file.size)}: at most ${formatBytes(MAX_BYTES)}.`;
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}

const REFUSED: Record<number, string> = {
  400: 'The file did not arrive as it was announced. Try again.',
  403: 'The upload link has expired. Try again.',
  409: 'This upload link has already been used. Try again.',
  411: 'The browser sent the file without its length. Try another browser.',
  413: 'The file is larger than the server accepts.',
};

export class UploadError extends Error {}

/** POSTs the form; `onProgress` gets the share sent, 0 to 1. Resolves once the server took it. */
export function postForm(
  url: string,
  fields: readonly { name: string; value: string }[],
  file: Blob,
  onProgress: (sent: number) => void,
  xhr: XMLHttpRequest = new XMLHttpRequest(),
): Promise<void> {
  const form = new FormData();
  for (const { name, value } of fields) form.append(name, value);
  form.append('file', file);
  return new Promise((resolve, reject) => {
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new UploadError(REFUSED[xhr.status] ?? `The upload was refused (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new UploadError('The file could not be sent. Check your connection and try again.'));
    xhr.onabort = () => reject(new UploadError('The upload was stopped.'));
    xhr.open('POST', url);
    xhr.send(form);
  });
}
