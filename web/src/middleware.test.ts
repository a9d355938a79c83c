import { expect, it } from 'vitest';
import { uploadOrigins } from './middleware';

it("lets pages post uploads where the files subgraph's upload form points, and nowhere else", () => {
  expect(uploadOrigins({})).toEqual(['http://127.0.0.1:4001']);
  expect(uploadOrigins({ HOST_PORT: '4711' })).toEqual(['http://127.0.0.1:4711']);
  expect(uploadOrigins({ FILES_PUBLIC_URL: 'https://files.example/files' })).toEqual(['https://files.example']);
  expect(uploadOrigins({ FILES_STORAGE_URL: 's3://cvs', S3_ENDPOINT_URL: 'http://minio:9000', S3_PUBLIC_ENDPOINT_URL: 'http://localhost:9000' })).toEqual([
    'http://localhost:9000',
  ]);
  expect(uploadOrigins({ FILES_STORAGE_URL: 's3://cvs' })).toEqual(['https://*.amazonaws.com']);
  expect(uploadOrigins({ FILES_PUBLIC_URL: 'not a url' })).toEqual([]);
});
