import { describe, expect, it } from 'vitest';
import { UploadError, contentTypeOf, postForm, refuseFile } from './upload';

class FakeXhr {
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  opened: [string, string] | null = null;
  sent: FormData | null = null;
  open(method: string, url: string) {
    this.opened = [method, url];
  }
  send(body: FormData) {
    this.sent = body;
  }
}

const fields = [
  { name: 'key', value: 'u1/f1' },
  { name: 'signature', value: 'abc' },
];

describe('postForm', () => {
  it('posts the fields, then the file last, and reports the progress of the body', async () => {
    const xhr = new FakeXhr();
    const seen: number[] = [];
    const done = postForm('http://files/objects', fields, new Blob(['%PDF-']), (s) => seen.push(s), xhr as unknown as XMLHttpRequest);
    expect(xhr.opened).toEqual(['POST', 'http://files/objects']);
    expect([...xhr.sent!.keys()]).toEqual(['key', 'signature', 'file']);
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 50, total: 200 });
    xhr.upload.onprogress!({ lengthComputable: false, loaded: 0, total: 0 });
    xhr.status = 204;
    xhr.onload!();
    await done;
    expect(seen).toEqual([0.25, 1]);
  });

  it('says why the server refused, in words', async () => {
    for (const [status, words] of [
      [403, /expired/],
      [413, /larger/],
      [500, /HTTP 500/],
    ] as const) {
      const xhr = new FakeXhr();
      const done = postForm('u', fields, new Blob(['x']), () => {}, xhr as unknown as XMLHttpRequest);
      xhr.status = status;
      xhr.onload!();
      await expect(done).rejects.toThrow(words);
    }
    const xhr = new FakeXhr();
    const done = postForm('u', fields, new Blob(['x']), () => {}, xhr as unknown as XMLHttpRequest);
    xhr.onerror!();
    await expect(done).rejects.toBeInstanceOf(UploadError);
  });
});

it('takes PDF and DOCX files up to 10 MB, by extension', () => {
  expect(contentTypeOf('CV.PDF')).toBe('application/pdf');
  expect(contentTypeOf('cv.docx')).toMatch(/wordprocessingml/);
  expect(refuseFile({ name: 'cv.pages', size: 10 })).toMatch(/PDF or a Word/);
  expect(refuseFile({ name: 'cv.pdf', size: 0 })).toMatch(/empty/);
  expect(refuseFile({ name: 'cv.pdf', size: 11 * 1024 * 1024 })).toMatch(/11 MB: at most 10 MB/);
  expect(refuseFile({ name: 'cv.pdf', size: 2000 })).toBeNull();
});
